/* Roles of the units: where the article is, which lines are its title,
 * summary, headings, paragraphs, list items and quotes, and which are
 * boilerplate of which kind. The cues are general ones of layout and
 * language (in the spirit of jusText and boilerpipe): running text with a
 * normal share of function words anchors the article; short lines take
 * their role from their neighbours; vocabulary of site furniture, forms,
 * related links and profile boxes names the kind of boilerplate; a box
 * opened by such a header keeps its kind over the lines that follow it. */
#include "content/parse.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <utf8proc.h>

#define K_PARA ATTUNE_BLOCK_PARAGRAPH
#define K_ITEM ATTUNE_BLOCK_LIST_ITEM
#define K_HEAD ATTUNE_BLOCK_HEADING
#define K_BOIL ATTUNE_BLOCK_BOILERPLATE

/* Per-unit scratch flags kept in `group` during classification. */
#define S_ZONE 0x1u
#define S_ANCHOR 0x2u
#define S_SPAM 0x4u
#define S_CONTACT 0x8u /* short text with an email address or phone number */
#define S_BIO 0x10u    /* starts with the byline's name: the author's bio */

static int cue_of(const attune__unit *u) { return u->cue > 0 ? u->cue : 0; }
static int any_cue(const attune__unit *u) { return u->cue < 0 ? -u->cue : u->cue; }

static int is_anchor(const attune__unit *u) {
    if (u->flags & (ATTUNE__U_LOREM | ATTUNE__U_COUNTER))
        return 0;
    if (cue_of(u) && !(u->flags & ATTUNE__U_PROSE && u->words > 25))
        return 0;
    if (u->group & (S_SPAM | S_CONTACT))
        return 0;
    /* the caption of a form, about the fields it asks for ("save my name,
     * email and website ...") */
    if (u->keys >= 2 && u->words <= 25 && u->sentences <= 1 && !(u->flags & ATTUNE__U_KV))
        return 0;
    if (u->flags & ATTUNE__U_BULLET)
        return !(u->flags & ATTUNE__U_KV) && u->pwords >= 3;
    if (u->flags & ATTUNE__U_ATX)
        return 0;
    if (u->flags & ATTUNE__U_QUOTE)
        return u->words >= 6;
    if ((u->flags & ATTUNE__U_HEADISH) && u->words <= 12 &&
        (u->sentences <= 1 || (u->flags & ATTUNE__U_QUESTION)))
        return 0; /* one short question or phrase: a heading's shape */
    return (u->flags & ATTUNE__U_PROSE) != 0;
}

/* A short sentence with no boilerplate cue at all. */
static int sentence_like(const attune__unit *u) {
    return (u->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) && u->cue == 0 &&
           !(u->flags & (ATTUNE__U_KV | ATTUNE__U_LOREM | ATTUNE__U_COUNTER | ATTUNE__U_BYLINE |
                         ATTUNE__U_DATE | ATTUNE__U_BULLET)) &&
           !(u->group & (S_ZONE | S_SPAM | S_CONTACT)) && u->pwords >= 2 &&
           (u->pwords <= 4 || u->stop * 100 >= u->pwords * 18);
}

static int same_text(const attune__unit *a, const attune__unit *b) {
    return a->hash && a->hash == b->hash && a->end - a->body == b->end - b->body;
}

/* A short line of a menu: no sentence, at most three words. */
static int menu_item(const attune__unit *v) {
    return v->pwords >= 1 && v->pwords <= 3 && v->words <= 3 &&
           !(v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION | ATTUNE__U_BULLET |
                         ATTUNE__U_KV | ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER));
}

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
                ((u[j + 1].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE)) ||
                 (!cue_of(&u[j + 1]) && !(u[j + 1].flags & ATTUNE__U_BULLET) && j + 2 < n &&
                  u[j + 1].words > v->words && (u[j + 2].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE)))))
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
                if ((u[k].flags & ATTUNE__U_HEADISH) &&
                    (!(u[k].flags & ATTUNE__U_BULLET) ||
                     ((u[k].flags & ATTUNE__U_NUMBERED) && k + 1 < n &&
                      (u[k + 1].flags & ATTUNE__U_PROSE))) &&
                    (attune__units_hash_all(s, &u[k], 1), u[k].hash == v->hash)) {
                    /* the heading it links to (numbered over running text) */
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
        while (k < nw && !(w[k].len == 2 && (s[w[k].off] | 32) == 'b' &&
                           (s[w[k].off + 1] | 32) == 'y'))
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

/* Separators between items of a short line (" | ", " • ", " · ", " › ",
 * " » "); *pipes counts the " | " alone. */
/* Counts a separator (" | ", " · ", " » ", " • ", " › ") whose mark starts at
 * p[i] (start < i, i + 1 < end). */
static void separator_at(const unsigned char *p, size_t i, size_t end, size_t *n,
                         size_t *pipes) {
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

/* The same a byte at a time (the reference parse). */
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

/* Boilerplate kind a line takes from its own cues, 0 when it has none. */
static int32_t own_kind(const attune__unit *u) {
    if (u->flags & ATTUNE__U_COUNTER)
        return ATTUNE_BOILER_ENGAGEMENT;
    if (u->flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE))
        return ATTUNE_BOILER_BYLINE;
    return any_cue(u);
}

static int title_candidate(const attune__unit *v) {
    return (v->flags & ATTUNE__U_HEADISH) && !cue_of(v) && !(v->group & S_ZONE) &&
           v->cue_cov * 3 < v->pwords &&
           !(v->flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER | ATTUNE__U_LABEL)) &&
           v->pwords >= 2;
}

/* The line under a title candidate t is its subtitle: a phrase in
 * sentence case (not a title's capitals), longer than the title, with no
 * cue and no closing punctuation, directly over a byline or a date. */
static int subtitle(const attune__unit *u, size_t n, size_t t) {
    const attune__unit *S = &u[t + 1];
    return t + 2 < n && !cue_of(S) && u[t].words >= 3 && S->words > u[t].words &&
           S->words >= 6 && S->end - S->body <= 360 && S->caps * 3 < S->pwords &&
           !(S->flags & (ATTUNE__U_BULLET | ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_KV |
                         ATTUNE__U_COUNTER | ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) &&
           (u[t + 2].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER));
}

/* What follows a title candidate before the next candidate or the article:
 * 2 for page metadata (byline, date, counters), 1 for a repetition of the
 * candidate (a title shown again as the first heading), else 0. */
static int has_metadata(const attune__unit *u, size_t n, size_t t, size_t first_anchor) {
    for (size_t i = t + 1; i < n && i < t + 8; i++) {
        const attune__unit *v = &u[i];
        if (same_text(v, &u[t]))
            return 1;
        if (v->flags & (ATTUNE__U_BYLINE | ATTUNE__U_COUNTER | ATTUNE__U_DATE))
            return 2;
        if (i == t + 1 && subtitle(u, n, t))
            continue;
        if (i > first_anchor || title_candidate(v))
            return 0;
        if (i == first_anchor &&
            !((v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) && v->sentences <= 3 &&
              v->end - v->body <= 360))
            return 0; /* running text, not a one-line description */
    }
    return 0;
}

static size_t pick_title(attune__unit *u, size_t n, size_t first_anchor) {
    size_t first = ATTUNE__NIL;
    for (size_t i = 0; i < first_anchor; i++)
        if ((u[i].flags & ATTUNE__U_ATX) && u[i].atx == 1 && !cue_of(&u[i]))
            return i; /* marked up as the page heading */
    /* the candidate over the page's metadata first (navigation lines above
     * it may repeat each other), then one repeated as the first heading */
    size_t repeated = ATTUNE__NIL;
    for (size_t i = 0; i < first_anchor; i++) {
        if (!title_candidate(&u[i]))
            continue;
        if (first == ATTUNE__NIL)
            first = i;
        int meta = has_metadata(u, n, i, first_anchor);
        if (meta == 2)
            return i;
        if (meta == 1 && repeated == ATTUNE__NIL)
            repeated = i;
    }
    if (repeated != ATTUNE__NIL)
        return repeated;
    if (first == ATTUNE__NIL)
        return first;
    const attune__unit *T = &u[first];
    if (T->words >= 8)
        return first;
    /* clearly longer than the headings of the page */
    size_t sum = 0, cnt = 0;
    for (size_t i = first_anchor; i < n && cnt < 64; i++)
        if ((u[i].flags & ATTUNE__U_HEADISH) && !u[i].cue && i + 1 < n &&
            is_anchor(&u[i + 1])) {
            sum += u[i].words;
            cnt++;
        }
    if (cnt == 0 || (T->words >= 5 && T->words * cnt >= sum + 2 * cnt))
        return first; /* the only heading-like line over the text, or a long one */
    return ATTUNE__NIL;
}

/* Kind of a line after the article: its own cue, else the box it is in,
 * else what a repeated card caption or link text is. */
static int32_t trailing_kind(const attune__unit *u, size_t i, size_t n, int32_t zone) {
    const attune__unit *v = &u[i];
    if (v->group & S_BIO)
        return ATTUNE_BOILER_AUTHOR;
    if ((v->flags & ATTUNE__U_KV) && zone)
        return zone; /* a field of the box it is in */
    if (v->group & S_CONTACT)
        return ATTUNE_BOILER_AUTHOR;
    if ((v->flags & ATTUNE__U_HEADISH) && i + 1 < n && (u[i + 1].group & S_CONTACT) &&
        !cue_of(v))
        return ATTUNE_BOILER_AUTHOR; /* "About Jane Doe" over her contact details */
    if (zone && v->cue <= 0 && !(v->flags & (ATTUNE__U_COUNTER | ATTUNE__U_BYLINE)))
        return zone;
    int32_t k = own_kind(v);
    if (k)
        return k;
    if (v->boiler)
        return v->boiler;
    if (zone)
        return zone;
    if ((i + 1 < n && same_text(&u[i + 1], v)) || (i > 0 && same_text(&u[i - 1], v)))
        return ATTUNE_BOILER_RELATED;
    if ((v->flags & ATTUNE__U_HEADISH) && v->pwords >= 3)
        return ATTUNE_BOILER_RELATED;
    return ATTUNE_BOILER_CHROME;
}

/* A short line without a letter of any script: a player's timer, a
 * divider, a middle dot between metadata, a lone number or count
 * ("1.2K", "18"). */
static int no_words(const char *s, const attune__unit *v) {
    if (v->end - v->start > 40)
        return 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = v->start, digits = 0;
    while (i < v->end) {
        utf8proc_int32_t cp = p[i];
        utf8proc_ssize_t k = 1;
        if (cp >= 0x80) {
            k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(v->end - i), &cp);
            if (k <= 0)
                return 0;
        }
        i += (size_t)k;
        if (cp >= '0' && cp <= '9') {
            digits++;
            continue;
        }
        /* the K or M of a count right after its digits */
        if (digits && (cp == 'K' || cp == 'k' || cp == 'M' || cp == 'm') &&
            (i == v->end || p[i] == ' ' || p[i] == '\r'))
            continue;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
            return 0;
        default:
            break;
        }
    }
    return 1;
}

/* A clinician's job title ("Licensed Professional Counselor", "Clinical
 * Psychologist"): a few words ending in the name of a profession. */
static int job_title(const char *s, const attune__unit *v) {
    static const char *const jobs[] = {"counselor", "counsellor", "therapist",
                                       "psychotherapist", "psychologist", "psychiatrist",
                                       "worker", "coach", "clinician", "analyst", "nurse"};
    if (v->words > 6 || (v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)))
        return 0;
    size_t e = v->end;
    while (e > v->body && !((s[e - 1] | 32) >= 'a' && (s[e - 1] | 32) <= 'z'))
        e--;
    size_t b = e;
    while (b > v->body && (s[b - 1] | 32) >= 'a' && (s[b - 1] | 32) <= 'z')
        b--;
    for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
        size_t n = strlen(jobs[k]), j = 0;
        while (j < n && b + j < e && (s[b + j] | 32) == jobs[k][j])
            j++;
        if (j == n && b + n == e)
            return 1;
    }
    return 0;
}

static void boil(attune__unit *v, int32_t kind) {
    v->kind = K_BOIL;
    v->boiler = kind ? kind : ATTUNE_BOILER_CHROME;
}

void attune__units_classify(const char *s, size_t len, const attune__lex *lx, attune__unit *u,
                            size_t n, int ref) {
    /* paragraphs made only of promotional sentences leave the article */
    for (size_t i = 0; i < n; i++) {
        u[i].group = 0;
        u[i].boiler = 0;
        u[i].kind = 0;
        u[i].level = 0;
        if (!(u[i].flags & (ATTUNE__U_PROSE | ATTUNE__U_COLON)) || u[i].words < 5)
            continue;
        size_t covered = 0;
        int url = ref ? -1 : (u[i].flags & (ATTUNE__U_H_URL | ATTUNE__U_H_MARKER)) != 0;
        if (attune__find_spam(lx, s, u[i].body, u[i].end, len, url, u[i].mscan, NULL,
                              &covered) == ATTUNE_OK &&
            covered) {
            u[i].group |= ATTUNE__G_SOMESPAM;
            if (covered * 10 >= (u[i].end - u[i].body) * 8)
                u[i].group |= S_SPAM;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (u[i].words <= 60 && (u[i].flags & (ATTUNE__U_H_AT | ATTUNE__U_H_NUM)) &&
            attune__has_contact(s, u[i].body, u[i].end))
            u[i].group |= S_CONTACT;
    /* a bare name over a date or a follow button ("Naomi Adler" / "Feb 18,
     * 2024"): the byline of a newsletter or blogging platform */
    for (size_t i = 0; i + 1 < n; i++)
        if (u[i].words == u[i].pwords && u[i].words >= 2 && u[i].words <= 3 &&
            u[i].caps == u[i].pwords && !u[i].cue &&
            ((u[i + 1].flags & ATTUNE__U_DATE) ||
             (u[i + 1].cue == ATTUNE_BOILER_SOCIAL && u[i + 1].words == 1)) &&
            !(u[i].flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION | ATTUNE__U_COLON |
                            ATTUNE__U_BULLET | ATTUNE__U_KV | ATTUNE__U_ATX)))
            u[i].flags |= ATTUNE__U_BYLINE;
    /* a letter's signature: a name under a closing ("Warmly," "Best
     * wishes,") */
    for (size_t i = 1; i < n; i++)
        if (u[i - 1].words <= 3 && u[i - 1].end > u[i - 1].body &&
            s[u[i - 1].end - 1] == ',' && u[i].words >= 2 && u[i].words <= 4 &&
            u[i].caps == u[i].pwords && u[i].pwords >= 2 && !u[i].cue &&
            !(u[i].flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION | ATTUNE__U_COLON |
                            ATTUNE__U_BULLET | ATTUNE__U_KV | ATTUNE__U_ATX)))
            u[i].flags |= ATTUNE__U_BYLINE;
    mark_rows(s, u, n, ref);
    mark_zones(s, u, n);
    mark_comments(u, n);
    mark_bio(s, lx, u, n);
    size_t fa = ATTUNE__NIL, la = ATTUNE__NIL;
    for (size_t i = 0; i < n; i++) {
        if (!(u[i].group & S_ZONE) && is_anchor(&u[i])) {
            u[i].group |= S_ANCHOR;
            if (fa == ATTUNE__NIL)
                fa = i;
            la = i;
        }
    }
    if (fa == ATTUNE__NIL) {
        /* no running text: keep what is not clearly boilerplate */
        for (size_t i = 0; i < n; i++) {
            int32_t k = own_kind(&u[i]);
            if ((u[i].group & S_ZONE) || cue_of(&u[i]) || (u[i].flags & ATTUNE__U_LOREM))
                boil(&u[i], u[i].boiler ? u[i].boiler : k);
            else
                u[i].kind = (u[i].flags & ATTUNE__U_BULLET) ? K_ITEM : K_PARA;
        }
        return;
    }
    size_t title = pick_title(u, n, fa);
    size_t rs = fa; /* region start: headings right above the first anchor */
    while (rs > 0 && rs - 1 != title && (u[rs - 1].flags & ATTUNE__U_HEADISH) &&
           !cue_of(&u[rs - 1]) && !(u[rs - 1].group & S_ZONE) &&
           !(u[rs - 1].flags & (ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER)))
        rs--;
    if (title != ATTUNE__NIL) {
        rs = title + 1;
    } else {
        /* short sentences right above the text (a lead, a greeting) */
        while (rs > 0 && sentence_like(&u[rs - 1]))
            rs--;
    }
    /* and right below it (a closing wish, a last short remark) */
    while (la + 1 < n && sentence_like(&u[la + 1]))
        la++;
    /* before the article */
    for (size_t i = 0; i < rs; i++) {
        if (i == title) {
            u[i].kind = ATTUNE_BLOCK_TITLE;
            u[i].level = 1;
        } else {
            boil(&u[i], u[i].boiler ? u[i].boiler : own_kind(&u[i]));
        }
    }
    /* the summary: a short description between the title and metadata */
    if (title != ATTUNE__NIL && title + 2 < n) {
        attune__unit *S = &u[title + 1], *A = &u[title + 2];
        if (((S->flags & ATTUNE__U_TERMINAL) && S->words >= 6 && S->sentences <= 3 &&
             S->end - S->body <= 360 && !cue_of(S) && !(S->flags & ATTUNE__U_BULLET) &&
             (same_text(A, &u[title]) ||
              (A->flags & (ATTUNE__U_BYLINE | ATTUNE__U_COUNTER | ATTUNE__U_DATE)))) ||
            subtitle(u, n, title))
            S->kind = ATTUNE_BLOCK_SUMMARY;
    }
    /* inside the article */
    for (size_t i = rs; i <= la; i++) {
        attune__unit *v = &u[i];
        if (v->kind)
            continue;
        if (v->group & S_ZONE) {
            int32_t k = own_kind(v);
            boil(v, (k && k != ATTUNE_BOILER_SOCIAL) ? k : v->boiler);
        } else if (title != ATTUNE__NIL && same_text(v, &u[title])) {
            boil(v, ATTUNE_BOILER_DUPLICATE);
        } else if (i > rs && same_text(v, &u[i - 1]) && u[i - 1].kind != K_BOIL &&
                   !(v->flags & ATTUNE__U_BULLET)) {
            boil(v, ATTUNE_BOILER_DUPLICATE);
        } else if (v->group & S_SPAM) {
            int32_t k = any_cue(v);
            boil(v, k ? k : ATTUNE_BOILER_RELATED);
        } else if ((v->flags & (ATTUNE__U_COUNTER | ATTUNE__U_DATE)) ||
                   ((v->flags & ATTUNE__U_BYLINE) && !(v->group & S_ANCHOR))) {
            boil(v, own_kind(v));
        } else if (i > 0 && (u[i - 1].flags & ATTUNE__U_CRED) && job_title(s, v)) {
            boil(v, ATTUNE_BOILER_BYLINE); /* the job title under a credited name */
        } else if (cue_of(v) && !(v->group & S_ANCHOR) &&
                   ((v->flags & ATTUNE__U_CUE_LABEL) ||
                    !((v->flags & ATTUNE__U_HEADISH) && i + 1 <= la &&
                      (u[i + 1].group & S_ANCHOR) && !(v->flags & ATTUNE__U_HEADER) &&
                      v->cue_cov * 2 < v->pwords))) {
            boil(v, cue_of(v));
        } else if (v->flags & ATTUNE__U_LOREM) {
            boil(v, ATTUNE_BOILER_CHROME);
        } else if ((v->flags & ATTUNE__U_KV) && v->keys) {
            boil(v, ATTUNE_BOILER_AUTHOR);
        } else if ((v->flags & ATTUNE__U_NUMBERED) && (v->flags & ATTUNE__U_HEADISH) &&
                   i + 1 <= la && (u[i + 1].flags & ATTUNE__U_PROSE) &&
                   !(i > 0 && (u[i - 1].flags & ATTUNE__U_BULLET)) &&
                   !(u[i + 1].flags & ATTUNE__U_BULLET)) {
            v->kind = K_PARA; /* a numbered heading over running text */
        } else if (v->flags & ATTUNE__U_BULLET) {
            v->kind = K_ITEM;
        } else if (v->flags & ATTUNE__U_QUOTE) {
            v->kind = ATTUNE_BLOCK_QUOTE;
        } else if (no_words(s, v)) {
            boil(v, ATTUNE_BOILER_CHROME); /* "0:00 / 6:42", "* * *" */
        } else {
            v->kind = K_PARA; /* headings are decided below */
        }
    }
    /* headings: short lines over content (a chain of them ends in content) */
    for (size_t i = la + 1; i-- > rs;) {
        attune__unit *v = &u[i];
        if (v->kind == K_PARA && (v->flags & ATTUNE__U_ATX)) {
            v->kind = K_HEAD; /* marked up as a heading */
            continue;
        }
        if (v->kind != K_PARA || !(v->flags & ATTUNE__U_HEADISH) || i == la)
            continue;
        const attune__unit *nx = &u[i + 1];
        if ((v->flags & ATTUNE__U_COLON) && (nx->flags & ATTUNE__U_BULLET))
            continue; /* a lead-in sentence of a list */
        if (same_text(v, nx))
            continue; /* a caption shown twice */
        if (nx->kind == K_PARA || nx->kind == K_ITEM || nx->kind == K_HEAD ||
            nx->kind == ATTUNE_BLOCK_QUOTE)
            v->kind = K_HEAD;
    }
    /* three or more short lines in a row over content are a list without
     * bullets (an episode's show notes, a row of topics) between two
     * headings, not a chain of headings each one level down: the first
     * heads the list, the last what follows it */
    for (size_t i = rs; i <= la; i++) {
        if (u[i].kind != K_HEAD || (u[i].flags & ATTUNE__U_ATX))
            continue;
        size_t j = i;
        while (j < la && u[j + 1].kind == K_HEAD && !(u[j + 1].flags & ATTUNE__U_ATX))
            j++;
        for (size_t k = i + 1; j - i >= 2 && k < j; k++)
            u[k].kind = K_ITEM;
        i = j;
    }
    /* after the article */
    int32_t zone = 0;
    for (size_t i = la + 1; i < n; i++) {
        attune__unit *v = &u[i];
        int32_t k = trailing_kind(u, i, n, zone);
        boil(v, k);
        if (v->group & S_BIO)
            continue; /* a bio line opens no box of its own */
        int32_t own = own_kind(v);
        if (own && own != ATTUNE_BOILER_BYLINE && own != ATTUNE_BOILER_ENGAGEMENT)
            zone = v->boiler;
        else if (v->boiler && (v->flags & ATTUNE__U_HEADER))
            zone = v->boiler;
    }
    (void)s;
}

/* ---- heading levels ---- */

static int directed_list(const attune__unit *u, size_t i, size_t n) {
    return i + 1 < n && u[i + 1].kind == K_ITEM;
}

static int closes_all(const char *s, const attune__unit *v) {
    /* closing sections ("Conclusion", "Summary", "Final thoughts") sit at the top */
    static const char *const words[] = {"conclusion", "summary", "final thoughts",
                                        "in conclusion", "takeaways", "key takeaways",
                                        "wrapping up", "references", "sources"};
    size_t len = v->end - v->body;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t wl = strlen(words[k]);
        if (len < wl)
            continue;
        size_t j = 0;
        while (j < wl && ((s[v->body + j] | 32) == words[k][j] || s[v->body + j] == words[k][j]))
            j++;
        if (j == wl && (len == wl || s[v->body + wl] == ':' || s[v->body + wl] == ' '))
            return 1;
    }
    return 0;
}

void attune__units_levels(const char *s, attune__unit *u, size_t n) {
    int32_t top = 2;           /* level of the last heading over running text */
    int have_top = 0;
    int32_t group_level = 0;   /* children level under a heading that opens only headings */
    int group_shape = -1;      /* 1: children directed at lists, 0: at text */
    for (size_t i = 0; i < n; i++) {
        attune__unit *v = &u[i];
        if (v->kind != K_HEAD)
            continue;
        int shape = directed_list(u, i, n);
        int32_t level;
        if (v->flags & ATTUNE__U_ATX) {
            level = v->atx < 2 ? 2 : (int32_t)v->atx; /* marked up: as written */
            group_level = 0;
            group_shape = -1;
        } else if (group_level && (group_shape < 0 || group_shape == shape) &&
            !closes_all(s, v)) {
            level = group_level;
            if (group_shape < 0)
                group_shape = shape;
        } else {
            group_level = 0;
            group_shape = -1;
            if (shape && have_top && !closes_all(s, v))
                level = top + 1;
            else
                level = 2;
        }
        if (level > 6)
            level = 6;
        v->level = level;
        if (!shape) {
            if (!group_level) {
                top = level;
                have_top = 1;
            }
        }
        if (i + 1 < n && u[i + 1].kind == K_HEAD) {
            /* opens only sub-headings */
            group_level = level + 1;
            group_shape = -1;
            top = level;
            have_top = 1;
        }
    }
}
