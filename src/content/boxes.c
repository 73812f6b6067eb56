/* Boxes on a page: menus, rows of items between separators, boxes opened
 * by a header line (author, related links, forms, tables of contents),
 * readers' comment threads and author bios. Each marks the units it takes
 * (S_ZONE) and the kind of boilerplate they are, before the article is
 * looked for (classify.c). */
#include "content/roles.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Unit i is a menu item inside a run of at least four, with one of them
 * above it and one below. */
static int in_menu(const attune__unit *u, size_t n, size_t i) {
    if (i < 1 || i + 1 >= n || !menu_item(&u[i]))
        return 0;
    size_t a = i, b = i;
    while (a > 0 && i - a < 4 && menu_item(&u[a - 1]))
        a--;
    while (b + 1 < n && b - i < 4 && menu_item(&u[b + 1]))
        b++;
    return a < i && b > i && b - a + 1 >= 4;
}

/* Unit d defines the term of entry e: d starts with e's text and a colon
 * ("Alliance: the working relationship ..."). */
static int defines(const char *s, const attune__unit *d, const attune__unit *e) {
    size_t n = e->end - e->body;
    return (d->flags & ATTUNE__U_H_COLON) && d->end - d->body > n + 1 && s[d->body + n] == ':' &&
           memcmp(s + d->body, s + e->body, n) == 0;
}

/* Boxes opened by a header line: every following line that is not running
 * text (and not a heading over running text) belongs to the box. */
static void mark_zones(const char *s, attune__unit *u, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!(u[i].flags & ATTUNE__U_HEADER) || cue_of(&u[i]) == ATTUNE_BOILER_TOC ||
            (u[i].flags & ATTUNE__U_PROSE && u[i].words > 25))
            continue;
        /* a header of one or two words among the items of a menu ("About
         * us" between "Home" and "Services") opens no box of its own kind:
         * the menu is chrome */
        int32_t kind = u[i].words <= 2 && in_menu(u, n, i) ? ATTUNE_BOILER_CHROME : cue_of(&u[i]);
        size_t j = i + 1;
        for (; j < n; j++) {
            attune__unit *v = &u[j];
            if ((v->flags & ATTUNE__U_PROSE) && v->words >= 15 && !(v->flags & ATTUNE__U_KV) &&
                !(v->group & S_SPAM) &&
                !(kind == ATTUNE_BOILER_AUTHOR && j == i + 1 && v->words <= 80))
                break; /* (an author box's header may stand over the bio) */
            if ((v->flags & ATTUNE__U_HEADISH) && !cue_of(v) && j + 1 < n &&
                (u[j + 1].flags & ATTUNE__U_PROSE) && u[j + 1].words >= 15)
                break;
            if ((v->flags & ATTUNE__U_HEADISH) && !cue_of(v) && j + 1 < n &&
                ((u[j + 1].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE)) || subtitle(u, n, j)))
                break; /* a title over its byline or date (or over a
                          longer subtitle, then those): the article starts */
            if (cue_of(v) && cue_of(v) != kind && !(v->flags & ATTUNE__U_KV))
                break;
            v->group |= S_ZONE;
            if (!v->boiler)
                v->boiler = kind;
        }
        u[i].group |= S_ZONE;
        u[i].boiler = kind;
        i = j - 1;
    }
    /* table-of-contents widgets: the header and the entries that repeat a
     * later line (the headings they link to), searched in a bounded window */
    for (size_t i = 0; i < n; i++) {
        if (cue_of(&u[i]) != ATTUNE_BOILER_TOC || !(u[i].flags & ATTUNE__U_HEADER))
            continue;
        u[i].group |= S_ZONE;
        u[i].boiler = ATTUNE_BOILER_TOC;
        for (size_t j = i + 1; j < n && j < i + 200; j++) {
            attune__unit *v = &u[j];
            /* (entries match headings of any length: the hashes left out
             * are computed here, for the units compared) */
            attune__units_hash_all(s, v, 1);
            if (!v->hash || v->words > 14 || (v->flags & ATTUNE__U_TERMINAL))
                break;
            int found = 0;
            for (size_t k = j + 1; k < n && k < j + 5000; k++)
                if (((u[k].flags & ATTUNE__U_HEADISH) &&
                     (!(u[k].flags & ATTUNE__U_BULLET) ||
                      ((u[k].flags & ATTUNE__U_NUMBERED) && k + 1 < n &&
                       (u[k + 1].flags & ATTUNE__U_PROSE))) &&
                     (attune__units_hash_all(s, &u[k], 1), u[k].hash == v->hash)) ||
                    defines(s, &u[k], v)) {
                    /* the heading it links to (numbered over running text),
                     * or the term it links to ("Alliance: the ...") */
                    found = 1;
                    break;
                }
            if (!found)
                break;
            v->group |= S_ZONE;
            v->boiler = ATTUNE_BOILER_TOC;
        }
    }
}

/* Readers' comments: from the first "Name says:" line that heads a comment
 * (a date under it, or more such lines on the page), or from a thread's
 * head ("4 thoughts on ..."), to the end of the page, the lines are a
 * comment widget, running text included. */
static void mark_comments(attune__unit *u, size_t n) {
    size_t says = 0, first = ATTUNE__NIL;
    for (size_t i = 0; i < n; i++)
        if (u[i].flags & ATTUNE__U_SAYS) {
            says++;
            if (first == ATTUNE__NIL &&
                (i + 1 < n && (u[i + 1].flags & (ATTUNE__U_DATE | ATTUNE__U_BYLINE))))
                first = i;
        }
    if (first == ATTUNE__NIL && says >= 2)
        for (first = 0; !(u[first].flags & ATTUNE__U_SAYS); first++)
            ;
    for (size_t i = 0; i < n && i < first; i++)
        if (u[i].flags & ATTUNE__U_THREAD) {
            first = i; /* "4 thoughts on ...": the thread starts here */
            break;
        }
    if (first == ATTUNE__NIL)
        return;
    for (size_t i = first; i < n; i++) {
        u[i].group |= S_ZONE;
        if (!u[i].boiler)
            u[i].boiler = ATTUNE_BOILER_CHROME;
    }
}

/* An author's bio starts with the name of the byline ("By Lee Chen" ...
 * "Lee Chen is a health reporter."): such lines after the byline are an
 * author box, running text included. The name is two or three capitalised
 * words after "by". */
static void mark_bio(const char *s, const attune__lex *lx, attune__unit *u, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!(u[i].flags & ATTUNE__U_BYLINE))
            continue;
        attune__word w[12];
        size_t len = u[i].end - u[i].body < 160 ? u[i].end - u[i].body : 160;
        size_t nw = attune__tokenize(lx, s + u[i].body, len, u[i].body, w, 12);
        size_t k = 0;
        while (k < nw &&
               !(w[k].len == 2 && (s[w[k].off] | 32) == 'b' && (s[w[k].off + 1] | 32) == 'y'))
            k++;
        size_t m = k + 1;
        while (m < nw && m < k + 4 && (w[m].flags & ATTUNE__TOK_CAP) &&
               (m == k + 1 || w[m].off <= w[m - 1].off + w[m - 1].len + 1))
            m++;
        if (k >= nw || m - k - 1 < 2)
            return;
        size_t a = w[k + 1].off, b = w[m - 1].off + w[m - 1].len;
        for (size_t j = i + 1; j < n; j++) {
            const char *p = s + u[j].body;
            if (u[j].end - u[j].body > b - a && u[j].words <= 80 && memcmp(p, s + a, b - a) == 0 &&
                (p[b - a] == ' ' || p[b - a] == ',')) {
                u[j].group |= S_ZONE | S_BIO;
                u[j].boiler = ATTUNE_BOILER_AUTHOR;
            }
        }
        return;
    }
}

/* Counts a separator (" | ", " · ", " » ", " • ", " › ") whose mark starts at
 * p[i] (start < i, i + 1 < end). */
static void separator_at(const unsigned char *p, size_t i, size_t end, size_t *n, size_t *pipes) {
    size_t k = 0;
    if (p[i] == '|')
        k = 1;
    else if (p[i] == 0xC2 && (p[i + 1] == 0xB7 || p[i + 1] == 0xBB))
        k = 2;
    else if (p[i] == 0xE2 && i + 2 < end && p[i + 1] == 0x80 &&
             (p[i + 2] == 0xA2 || p[i + 2] == 0xBA))
        k = 3;
    if (k && p[i - 1] == ' ' && i + k < end && p[i + k] == ' ') {
        (*n)++;
        *pipes += k == 1;
    }
}

/* separators() below, a byte at a time (the reference parse). */
static size_t separators_ref(const char *s, const attune__unit *v, size_t *pipes) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    *pipes = 0;
    if (v->end - v->start > 240 || !(v->flags & ATTUNE__U_H_SEP))
        return 0;
    for (size_t i = v->start + 1; i + 1 < v->end; i++) {
        size_t k = 0;
        if (p[i] == '|')
            k = 1;
        else if (p[i] == 0xC2 && (p[i + 1] == 0xB7 || p[i + 1] == 0xBB))
            k = 2;
        else if (p[i] == 0xE2 && i + 2 < v->end && p[i + 1] == 0x80 &&
                 (p[i + 2] == 0xA2 || p[i + 2] == 0xBA))
            k = 3;
        if (k && p[i - 1] == ' ' && i + k < v->end && p[i + k] == ' ') {
            n++;
            *pipes += k == 1;
            i += k - 1;
        }
    }
    return n;
}

/* Separators between items of a short line (" | ", " • ", " · ", " › ",
 * " » "); *pipes counts the " | " alone. */
static size_t separators(const char *s, const attune__unit *v, size_t *pipes) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    *pipes = 0;
    if (v->end - v->start > 240 || !(v->flags & ATTUNE__U_H_SEP))
        return 0; /* (between bullet and text there are only spaces) */
    /* a separator starts with '|', 0xC2 or 0xE2, bytes that never occur
     * inside one: each such byte is tried in turn, 16 at a time found */
    size_t i = v->start + 1;
#if defined(__SSE2__)
    const __m128i bar = _mm_set1_epi8('|'), c2 = _mm_set1_epi8((char)0xC2),
                  e2 = _mm_set1_epi8((char)0xE2);
    for (; i + 16 < v->end; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(x, bar), _mm_or_si128(_mm_cmpeq_epi8(x, c2), _mm_cmpeq_epi8(x, e2))));
        while (m) {
            size_t j = i + (size_t)__builtin_ctz(m);
            m &= m - 1;
            separator_at(p, j, v->end, &n, pipes);
        }
    }
#endif
    for (; i + 1 < v->end; i++)
        if (p[i] == '|' || p[i] == 0xC2 || p[i] == 0xE2)
            separator_at(p, i, v->end, &n, pipes);
    return n;
}

/* Rows of a table ("Symptom | How common" over rows with as many cells)
 * are text, not headings; a line of short items between separators
 * ("Home • Conditions • About") is a navigation menu. */
static void mark_rows(const char *s, attune__unit *u, size_t n, int ref) {
    size_t (*seps_of)(const char *, const attune__unit *, size_t *) =
        ref ? separators_ref : separators;
    size_t prev_pipes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t pipes, next_pipes = 0;
        size_t seps = seps_of(s, &u[i], &pipes);
        if (pipes && i + 1 < n)
            seps_of(s, &u[i + 1], &next_pipes);
        if (pipes && (pipes == prev_pipes || pipes == next_pipes)) {
            u[i].flags &= ~ATTUNE__U_HEADISH;
        } else if (seps >= 2 && u[i].words <= 4 * (seps + 1) &&
                   !(u[i].flags & ATTUNE__U_TERMINAL)) {
            u[i].cue = ATTUNE_BOILER_CHROME;
            u[i].cue_cov = u[i].pwords;
            u[i].flags &= ~(ATTUNE__U_PROSE | ATTUNE__U_HEADISH);
        }
        prev_pipes = pipes;
    }
}

void attune__mark_boxes(const char *s, const attune__lex *lx, attune__unit *u, size_t n, int ref) {
    mark_rows(s, u, n, ref);
    mark_zones(s, u, n);
    mark_comments(u, n);
    mark_bio(s, lx, u, n);
}
