/* Roles of the units: where the article is, which lines are its title,
 * summary, headings, paragraphs, list items and quotes, and which are
 * boilerplate of which kind. The cues are general ones of layout and
 * language (in the spirit of jusText and boilerpipe): running text with a
 * normal share of function words anchors the article; short lines take
 * their role from their neighbours; vocabulary of site furniture, forms,
 * related links and profile boxes names the kind of boilerplate; a box
 * opened by such a header keeps its kind over the lines that follow it. */
#include "content/roles.h"

#include <string.h>
#include <utf8proc.h>

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
           !(v->flags &
             (ATTUNE__U_BYLINE | ATTUNE__U_DATE | ATTUNE__U_COUNTER | ATTUNE__U_LABEL)) &&
           v->pwords >= 2;
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
        if (i == first_anchor && !((v->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) &&
                                   v->sentences <= 3 && v->end - v->body <= 360))
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
        if ((u[i].flags & ATTUNE__U_HEADISH) && !u[i].cue && i + 1 < n && is_anchor(&u[i + 1])) {
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
    if ((v->flags & ATTUNE__U_HEADISH) && i + 1 < n && (u[i + 1].group & S_CONTACT) && !cue_of(v))
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
        case UTF8PROC_CATEGORY_LO: return 0;
        default: break;
        }
    }
    return 1;
}

/* A clinician's job title ("Licensed Professional Counselor", "Clinical
 * Psychologist"): a few words ending in the name of a profession. */
static int job_title(const char *s, const attune__unit *v) {
    static const char *const jobs[] = {
        "counselor", "counsellor", "therapist", "psychotherapist", "psychologist", "psychiatrist",
        "worker",    "coach",      "clinician", "analyst",         "nurse"};
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

int32_t attune__units_classify(const char *s, size_t len, const attune__lex *lx, attune__unit *u,
                               size_t n, int ref, attune__spans *spam) {
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
        int32_t rc =
            attune__find_spam(lx, s, u[i].body, u[i].end, len, url, u[i].mscan, spam, &covered);
        if (rc)
            return rc;
        if (covered) {
            u[i].group |= ATTUNE__G_SOMESPAM;
            if (covered * 10 >= (u[i].end - u[i].body) * 8)
                u[i].group |= S_SPAM;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (u[i].words <= 60 && (u[i].flags & (ATTUNE__U_H_AT | ATTUNE__U_H_NUM)) &&
            attune__has_contact(s, u[i].body, u[i].end))
            u[i].group |= S_CONTACT;
    /* bylines of a bare name: over a date or a follow button ("Naomi
     * Adler" / "Feb 18, 2024", as newsletter and blogging platforms show
     * it), or under a letter's closing ("Warmly," / "Dr. Sam Okafor") */
    for (size_t i = 0; i < n; i++)
        if (name_line(&u[i]) &&
            ((i + 1 < n && u[i].words <= 3 &&
              ((u[i + 1].flags & ATTUNE__U_DATE) ||
               (u[i + 1].cue == ATTUNE_BOILER_SOCIAL && u[i + 1].words == 1))) ||
             (i > 0 && u[i - 1].words <= 3 && u[i - 1].end > u[i - 1].body &&
              s[u[i - 1].end - 1] == ',')))
            u[i].flags |= ATTUNE__U_BYLINE;
    attune__mark_boxes(s, lx, u, n, ref);
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
        return ATTUNE_OK;
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
    /* three or more lines of one to three words in a row with boilerplate
     * after them (a post's topic tags over its share bar) and no lead-in
     * above them are chrome */
    for (size_t i = rs; i <= la; i++) {
        if ((u[i].kind != K_HEAD && u[i].kind != K_PARA) || !menu_item(&u[i]))
            continue;
        size_t j = i;
        while (j < la && (u[j + 1].kind == K_HEAD || u[j + 1].kind == K_PARA) &&
               menu_item(&u[j + 1]))
            j++;
        if (j - i >= 2 && (j == la || u[j + 1].kind == K_BOIL) &&
            !(i > 0 && (u[i - 1].flags & ATTUNE__U_COLON)))
            for (size_t k = i; k <= j; k++)
                boil(&u[k], ATTUNE_BOILER_CHROME);
        i = j;
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
    return ATTUNE_OK;
}

/* ---- heading levels ---- */

static int directed_list(const attune__unit *u, size_t i, size_t n) {
    return i + 1 < n && u[i + 1].kind == K_ITEM;
}

static int closes_all(const char *s, const attune__unit *v) {
    /* closing sections ("Conclusion", "Summary", "Final thoughts") sit at the top */
    static const char *const words[] = {"conclusion",    "summary",    "final thoughts",
                                        "in conclusion", "takeaways",  "key takeaways",
                                        "wrapping up",   "references", "sources"};
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
    int32_t top = 2; /* level of the last heading over running text */
    int have_top = 0;
    int32_t group_level = 0; /* children level under a heading that opens only headings */
    int group_shape = -1;    /* 1: children directed at lists, 0: at text */
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
        } else if (group_level && (group_shape < 0 || group_shape == shape) && !closes_all(s, v)) {
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
