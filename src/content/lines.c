/* Splitting a page into units: one per non-blank line (LF, CR or CRLF),
 * with hard-wrapped continuation lines joined, and the layout and language
 * features of each unit (length, words, stopword density as jusText measures
 * it, sentence ends, bullets, "key : value" shapes, boilerplate cue words).
 * Every pass is linear; the word-level features read a bounded prefix of
 * each line so that a 100 MB line costs one scan. */
#include "content/content_internal.h"

#include <string.h>

/* Bytes of a whitespace or invisible character at s[i] (< end), else 0. */
static size_t space_len(const char *s, size_t i, size_t end) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == ' ' || c == 0x7F)
        return 1;
    if (c < 0x80)
        return 0;
    unsigned char c1 = i + 1 < end ? (unsigned char)s[i + 1] : 0;
    if (c == 0xC2 && (c1 == 0xA0 || c1 == 0xAD))
        return 2;
    if (i + 2 >= end)
        return 0;
    unsigned char c2 = (unsigned char)s[i + 2];
    if (c == 0xE2 && c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8F) || c2 == 0xAF))
        return 3;
    if (c == 0xE2 && c1 == 0x81 && (c2 == 0x9F || c2 == 0xA0))
        return 3;
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
        return 3;
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
        return 3;
    return 0;
}

size_t attune__bullet_len_any(const char *s, size_t n, int *numbered) {
    size_t b = 0;
    *numbered = 0;
    if (n == 0)
        return 0;
    unsigned char c = (unsigned char)s[0];
    if (c == '-' || c == '*' || c == '+' || c == '>') {
        if (c == '>')
            return 0;
        b = 1;
    } else if (c == 0xC2 && n > 1 && (unsigned char)s[1] == 0xB7) {
        b = 2; /* · */
    } else if (c == 0xE2 && n > 2) {
        unsigned char c1 = (unsigned char)s[1], c2 = (unsigned char)s[2];
        if ((c1 == 0x80 && (c2 == 0xA2 || c2 == 0xA3 || c2 == 0x93 || c2 == 0x94)) || /* • ‣ – — */
            (c1 == 0x97 && (c2 == 0xA6 || c2 == 0x8F || c2 == 0x8B)) || /* ◦ ● ○ */
            (c1 == 0x96 && (c2 == 0xAA || c2 == 0xA0 || c2 == 0xA1 || c2 == 0xB8)) || /* ▪ ■ □ ▸ */
            (c1 == 0x9C && (c2 == 0x93 || c2 == 0x94)) ||                             /* ✓ ✔ */
            (c1 == 0x9E && c2 == 0xA4) ||                                             /* ➤ */
            (c1 == 0x81 && c2 == 0x83))                                               /* ⁃ */
            b = 3;
    } else if (c >= '0' && c <= '9') {
        size_t i = 0;
        while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i < n && (s[i] == '.' || s[i] == ')')) {
            b = i + 1;
            *numbered = 1;
        }
    }
    if (!b || b >= n)
        return 0;
    size_t k = space_len(s, b, n);
    if (!k)
        return 0;
    size_t i = b;
    while (i < n && (k = space_len(s, i, n)) != 0)
        i += k;
    return i < n ? i : 0;
}

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int32_t push_unit(attune__units *us, const attune__unit *u) {
    if (us->n == us->cap) {
        attune__unit *q = attune__grow(us->u, &us->cap, sizeof *q, 64);
        if (!q)
            return ATTUNE_ENOMEM;
        attune__hint_huge(q, us->cap * sizeof *q);
        us->u = q;
    }
    us->u[us->n++] = *u;
    return ATTUNE_OK;
}

/* The last visible byte before `end`, skipping closing quotes and brackets. */
static unsigned char last_mark(const char *s, size_t body, size_t end, int *ellipsis) {
    size_t i = end;
    *ellipsis = 0;
    while (i > body) {
        unsigned char c = (unsigned char)s[i - 1];
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') {
            i--;
            continue;
        }
        if (i - body >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80) {
            if (c == 0x9D || c == 0x99) { /* ” ’ */
                i -= 3;
                continue;
            }
            if (c == 0xA6) { /* … */
                *ellipsis = 1;
                return '.';
            }
        }
        return c;
    }
    return 0;
}

/* Byte classes of the reference scan: word separators, bytes after which a
 * sentence end counts, and sentence-end marks. */
#define SC_SEP 1u   /* space, tab, LF, CR */
#define SC_AFTER 2u /* space, LF, CR (a tab does not end a sentence) */
#define SC_END 4u   /* . ! ? */
static const uint8_t SC[256] = {
    ['\t'] = SC_SEP,
    ['\n'] = SC_SEP | SC_AFTER,
    ['\r'] = SC_SEP | SC_AFTER,
    [' '] = SC_SEP | SC_AFTER,
    ['.'] = SC_END,
    ['!'] = SC_END,
    ['?'] = SC_END,
};

/* Word count and sentence ends over the whole unit, a byte at a time (the
 * reference for attune__scan_unit). */
void attune__scan_unit_ref(const char *s, size_t a, size_t b, uint32_t *words,
                           uint32_t *sentences) {
    uint32_t nw = 0, ns = 0;
    int in_word = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = a; i < b; i++) {
        unsigned k = SC[p[i]];
        if (k & SC_SEP) {
            in_word = 0;
            continue;
        }
        nw += !in_word;
        in_word = 1;
        if ((k & SC_END) && (i + 1 == b || (SC[p[i + 1]] & SC_AFTER)))
            ns++;
    }
    *words = nw;
    *sentences = ns;
}

/* The bytes the hash reads, lowercased (0: not read): ASCII letters and
 * digits, and every byte >= 0x80. */
#define R2(x) [x] = (x), [(x) + 1] = (x) + 1
#define R6(x) R2(x), R2((x) + 2), R2((x) + 4)
#define R10(x) R6(x), R2((x) + 6), R2((x) + 8)
#define R16(x) R10(x), R6((x) + 10)
#define U2(x) [x] = (x) + 32, [(x) + 1] = (x) + 33
#define U6(x) U2(x), U2((x) + 2), U2((x) + 4)
#define U10(x) U6(x), U2((x) + 6), U2((x) + 8)
static const uint8_t HASHED[256] = {
    R10('0'),  U10('A'),  U10('K'),  U6('U'),   R10('a'),  R10('k'),  R6('u'),   R16(0x80),
    R16(0x90), R16(0xA0), R16(0xB0), R16(0xC0), R16(0xD0), R16(0xE0), R16(0xF0),
};
#undef R2
#undef R6
#undef R10
#undef R16
#undef U2
#undef U6
#undef U10

#define HASH_MAX 240
/* Hash of the lowercased letters, digits and non-ASCII bytes of a short
 * unit (titles, headings, captions), 0 for a longer one. */
static uint64_t short_hash(const char *s, size_t a, size_t b) {
    if (b - a > HASH_MAX)
        return 0;
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = a; i < b; i++) {
        uint64_t c = HASHED[p[i]], g = (h ^ c) * 1099511628211ull;
        h = c ? g : h;
    }
    return h | 1u;
}

void attune__units_hash_all(const char *s, attune__unit *u, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (u[i].flags & ATTUNE__U_NOHASH) {
            u[i].hash = short_hash(s, u[i].body, u[i].end);
            u[i].flags &= ~ATTUNE__U_NOHASH;
        }
}

/* Hashes of the short units: all of them for the reference; else only
 * those that another unit could have the same text as (same body length,
 * same first and last hashed byte: counted in buckets of those, where a
 * collision only costs a hash), the others marked ATTUNE__U_NOHASH. */
#define HASH_BUCKETS 4096u
static uint32_t text_bucket(const char *s, const attune__unit *u) {
    const unsigned char *p = (const unsigned char *)s;
    size_t a = u->body, b = u->end;
    while (a < b && !HASHED[p[a]])
        a++;
    while (b > a && !HASHED[p[b - 1]])
        b--;
    uint32_t key = (uint32_t)(u->end - u->body) << 16 |
                   (a < b ? (uint32_t)HASHED[p[a]] << 8 | HASHED[p[b - 1]] : 0u);
    return (key * 2654435761u) >> 20 & (HASH_BUCKETS - 1);
}

static void units_hash(const char *s, attune__unit *u, size_t n, int ref) {
    uint8_t seen[HASH_BUCKETS]; /* short units in each bucket, up to 2 */
    if (!ref) {
        memset(seen, 0, sizeof seen);
        for (size_t i = 0; i < n; i++)
            if (u[i].end - u[i].body <= HASH_MAX) {
                uint32_t k = text_bucket(s, &u[i]);
                seen[k] += seen[k] < 2;
                u[i].hash = k; /* (until the hash replaces it below) */
            }
    }
    for (size_t i = 0; i < n; i++) {
        if (!ref && u[i].end - u[i].body <= HASH_MAX && seen[u[i].hash] < 2) {
            u[i].hash = 0;
            u[i].flags |= ATTUNE__U_NOHASH;
        } else {
            u[i].hash = short_hash(s, u[i].body, u[i].end);
        }
    }
}

/* Counts and hints of a unit. */
static void scan_counts(const char *s, size_t len, attune__unit *u, int ref) {
    uint32_t hints;
    if (ref) {
        attune__scan_unit_ref(s, u->body, u->end, &u->words, &u->sentences);
        hints = ATTUNE__U_HINTS;
    } else {
        attune__scan_unit(s, u->body, u->end, len, &u->words, &u->sentences, &hints);
        if (hints & (ATTUNE__U_H_AT | ATTUNE__U_H_NUM | ATTUNE__U_H_COLON | ATTUNE__U_H_URL))
            hints |= ATTUNE__U_H_PII;
        for (size_t i = u->start; i < u->body && !(hints & ATTUNE__U_H_PII); i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == '@' || c == '+' || c == '(' || c == ':' || is_digit(c))
                hints |= ATTUNE__U_H_PII; /* an item number */
        }
    }
    u->flags |= hints;
}

#define PREFIX_WORDS 32
_Static_assert(PREFIX_WORDS < 256, "the prefix counts are byte lanes");
_Static_assert((ATTUNE__W_STOP | ATTUNE__W_LATIN | ATTUNE__TOK_CAP | ATTUNE__W_KEY |
                ATTUNE__W_MONTH | ATTUNE__TOK_DIGITS) < ATTUNE__LANE_FLAGS,
               "the counted flags index the lanes table");
#define PREFIX_BYTES 200
_Static_assert(PREFIX_BYTES < 256, "attune__unit.mscan is a byte");

static int is_key_value(const char *s, attune__unit *u, const attune__word *w, size_t nw) {
    /* key: 1-3 words then ':' (or " : "), then a value */
    size_t lim = u->body + 40 < u->end ? u->body + 40 : u->end;
    size_t colon = 0;
    for (size_t i = u->body; i < lim; i++)
        if (s[i] == ':') {
            colon = i;
            break;
        }
    if (!colon || colon + 1 >= u->end)
        return 0;
    if (colon + 1 < u->end && s[colon + 1] == '/')
        return 0; /* a URL scheme */
    size_t kw = 0;
    for (size_t i = 0; i < nw && w[i].off < colon; i++) {
        if (w[i].flags & ATTUNE__TOK_DIGITS)
            return 0;
        kw++;
    }
    if (kw == 0 || kw > 3)
        return 0;
    size_t v = colon + 1;
    while (v < u->end && (s[v] == ' ' || s[v] == '\t'))
        v++;
    if (v >= u->end)
        return 0;
    int spaced = s[colon - 1] == ' ' || s[colon - 1] == '\t';
    int known = w[0].lex && (w[0].lex->flags & ATTUNE__W_KEY) && kw <= 2;
    return spaced || known;
}

/* Whether word w is the lowercase ASCII word `lit`, in any case. */
static int word_is(const char *s, const attune__word *w, const char *lit) {
    size_t n = strlen(lit);
    if (w->len != n || (w->flags & ATTUNE__TOK_DIGITS))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((s[w->off + i] | 32) != lit[i])
            return 0;
    return 1;
}

/* "First Last, LMFT" or "First Last, Ph.D.": two or three capitalised words,
 * a comma, then only credentials (abbreviations of therapy degrees and
 * licences). */
static int credentialed(const char *s, const attune__word *w, size_t nw) {
    static const char *const creds[] = {"lpc",   "lmft", "lcsw", "lmhc", "lpcc", "msw", "ma",
                                        "ms",    "md",   "phd",  "psyd", "ph",   "psy", "d",
                                        "ncc",   "mft",  "lsw",  "lcpc", "edd",  "rn",  "np",
                                        "lpc-s", "cadc", "mhc",  "atr",  "bc"};
    /* the name: capitalised words up to the first comma between words (two
     * at least: lines that do not start with two are out at once) */
    if (!(w[0].flags & w[1].flags & ATTUNE__TOK_CAP))
        return 0;
    size_t k = 1;
    for (; k < nw; k++) {
        /* a comma between word k - 1 and word k (a short gap: no call) */
        size_t i = w[k - 1].off + w[k - 1].len;
        while (i < w[k].off && s[i] != ',')
            i++;
        if (i < w[k].off)
            break;
    }
    if (k < 2 || k > 3 || k >= nw)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (!(w[i].flags & ATTUNE__TOK_CAP))
            return 0;
    for (size_t i = k; i < nw; i++) {
        int known = 0;
        for (size_t j = 0; j < sizeof creds / sizeof creds[0] && !known; j++)
            known = word_is(s, &w[i], creds[j]);
        if (!known)
            return 0;
    }
    return 1;
}

/* A relative date: a number, a unit of time and "ago" ("3 days ago",
 * "5 hr. ago"). */
static int time_ago(const char *s, const attune__word *w, size_t nw) {
    static const char *const units[] = {"second", "seconds", "sec",  "secs",  "minute", "minutes",
                                        "min",    "mins",    "hour", "hours", "hr",     "hrs",
                                        "h",      "day",     "days", "d",     "week",   "weeks",
                                        "wk",     "wks",     "w",    "month", "months", "mo",
                                        "year",   "years",   "yr",   "yrs",   "y"};
    for (size_t i = 2; i < nw; i++) {
        if (!word_is(s, &w[i], "ago") || !(w[i - 2].flags & ATTUNE__TOK_DIGITS))
            continue;
        for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
            if (word_is(s, &w[i - 1], units[k]))
                return 1;
    }
    return 0;
}

/* A medical disclaimer: "for informational purposes only", "not a
 * substitute for professional advice / diagnosis / treatment". */
static int disclaimer(const char *s, const attune__word *w, size_t nw) {
    int info = 0, substitute = 0, advice = 0, professional = 0;
    for (size_t i = 0; i < nw; i++) {
        info |=
            i + 1 < nw && word_is(s, &w[i], "informational") && word_is(s, &w[i + 1], "purposes");
        substitute |= word_is(s, &w[i], "substitute") || word_is(s, &w[i], "replacement");
    }
    if (info || !substitute)
        return info; /* (most lines: the other words need not be looked for) */
    for (size_t i = 0; i < nw; i++) {
        professional |= word_is(s, &w[i], "professional") || word_is(s, &w[i], "medical");
        advice |= word_is(s, &w[i], "advice") || word_is(s, &w[i], "diagnosis") ||
                  word_is(s, &w[i], "treatment");
    }
    return advice && professional;
}

/* A consent notice: cookies, and the reader's acceptance or settings. */
static int consent_notice(const char *s, const attune__word *w, size_t nw) {
    static const char *const consent[] = {"accept",   "agree",       "consent", "continuing",
                                          "browsing", "preferences", "settings"};
    int cookie = 0, ok = 0;
    for (size_t i = 0; i < nw && !cookie; i++)
        cookie = (w[i].len == 6 || w[i].len == 7) &&
                 (word_is(s, &w[i], "cookie") || word_is(s, &w[i], "cookies"));
    if (!cookie)
        return 0; /* (most lines: the acceptance words need not be looked for) */
    for (size_t i = 0; i < nw; i++)
        for (size_t k = 0; k < sizeof consent / sizeof consent[0]; k++)
            ok |= word_is(s, &w[i], consent[k]);
    return ok;
}

/* A mailing's footer notice: "You are receiving this email because ...". */
static int mail_notice(const char *s, const attune__word *w, size_t nw) {
    int receiving = 0, mail = 0;
    for (size_t i = 0; i < nw; i++) {
        receiving |= word_is(s, &w[i], "receiving");
        mail |= word_is(s, &w[i], "email") || word_is(s, &w[i], "emails") ||
                word_is(s, &w[i], "newsletter") || word_is(s, &w[i], "message");
    }
    return receiving && mail;
}

static void features(const char *s, size_t len, const attune__lex *lx, attune__unit *u, int ref) {
    attune__word w[PREFIX_WORDS];
    /* "## Heading" (marked-up text): the hashes are layout, not text */
    if (!(u->flags & ATTUNE__U_BULLET) && s[u->body] == '#') {
        size_t k = u->body;
        while (k < u->end && s[k] == '#' && k - u->body < 7)
            k++;
        size_t h = k - u->body;
        if (h <= 6 && k < u->end && (s[k] == ' ' || s[k] == '\t')) {
            while (k < u->end && (s[k] == ' ' || s[k] == '\t'))
                k++;
            while (k < u->end && u->end - k >= 1 && s[u->end - 1] == '#')
                u->end--; /* closing hashes */
            while (u->end > k && s[u->end - 1] == ' ')
                u->end--;
            if (k < u->end) {
                u->body = k;
                u->atx = (uint32_t)h;
                u->flags |= ATTUNE__U_ATX;
            }
        }
    }
    scan_counts(s, len, u, ref);
    size_t plen = u->end - u->body < PREFIX_BYTES ? u->end - u->body : PREFIX_BYTES;
    size_t nw =
        ref ? attune__tokenize_ref(lx, s + u->body, plen, u->body, w, PREFIX_WORDS)
            : attune__tokenize_in(lx, s + u->body, plen, len - u->body, u->body, w, PREFIX_WORDS);
    /* the counts, one byte each of a sum of the lexicon's per-flag lanes */
    uint64_t lanes = 0;
    uint32_t counters = 0, any = 0, but_last = 0; /* flags of all tokens, of all but the last */
    for (size_t i = 0; i < nw; i++) {
        uint32_t f = w[i].flags;
        but_last = any;
        any |= f;
        lanes += lx->lanes[f & (ATTUNE__LANE_FLAGS - 1)];
    }
    /* numbers before counter nouns ("25 views"): only where there is one */
    for (size_t i = 1; (any & ATTUNE__W_COUNTER) && i < nw; i++)
        counters += (w[i - 1].flags & ATTUNE__TOK_DIGITS) && (w[i].flags & ATTUNE__W_COUNTER);
    uint32_t stop = (uint32_t)(lanes >> (8 * ATTUNE__LANE_STOP)) & 0xFF,
             latin = (uint32_t)(lanes >> (8 * ATTUNE__LANE_LATIN)) & 0xFF,
             caps = (uint32_t)(lanes >> (8 * ATTUNE__LANE_CAP)) & 0xFF,
             keys = (uint32_t)(lanes >> (8 * ATTUNE__LANE_KEY)) & 0xFF,
             months = (uint32_t)(lanes >> (8 * ATTUNE__LANE_MONTH)) & 0xFF,
             digits = (uint32_t)(lanes >> (8 * ATTUNE__LANE_DIGITS)) & 0xFF;
    uint32_t letters = (uint32_t)nw - digits;
    /* strongly promotional words among the prefix words: the bytes up to
     * mscan need no second look by the marker scan (which splits words with
     * apostrophes differently: then it looks at everything) */
    if (!ref && !(any & ATTUNE__TOK_JOINED)) {
        size_t whole = u->end - u->body, scan = plen;
        uint32_t seen = any;
        if (nw < PREFIX_WORDS && plen == whole) {
            scan = whole; /* every word seen whole */
        } else if (nw) {
            seen = but_last; /* the last word may be cut, more may follow */
            scan = w[nw - 1].off - u->body;
        }
        if (seen & ATTUNE__W_MARKER)
            u->flags |= ATTUNE__U_H_MARKER;
        u->mscan = (uint8_t)scan;
    }
    u->pwords = (uint16_t)letters;
    u->stop = (uint16_t)stop;
    u->latin = (uint16_t)latin;
    u->caps = (uint16_t)caps;
    u->keys = (uint16_t)keys;

    int ell;
    unsigned char last = last_mark(s, u->body, u->end, &ell);
    if (last == '.' || last == '!')
        u->flags |= ATTUNE__U_TERMINAL;
    else if (last == '?')
        u->flags |= ATTUNE__U_QUESTION;
    else if (last == ':')
        u->flags |= ATTUNE__U_COLON;

    if (nw && (u->flags & ATTUNE__U_H_COLON) && is_key_value(s, u, w, nw))
        u->flags |= ATTUNE__U_KV;
    if ((u->flags & ATTUNE__U_COLON) && u->words <= 3 && !(u->flags & ATTUNE__U_KV))
        u->flags |= ATTUNE__U_LABEL;
    /* lorem ipsum: mostly filler words, few English function words */
    if (letters >= 4 && latin * 10 >= letters * 4 && stop * 10 < letters * 3)
        u->flags |= ATTUNE__U_LOREM;
    if (counters && u->words <= 10 && (counters * 2 + 1) * 10 >= (letters + digits) * 7)
        u->flags |= ATTUNE__U_COUNTER;
    if ((months && digits && letters <= months + 3 && u->words <= 6) ||
        (digits >= 3 && letters == 0 && u->words <= 2 && u->end - u->body <= 12) ||
        (digits && u->words <= 6 && time_ago(s, w, nw)))
        u->flags |= ATTUNE__U_DATE;

    int prose_stop = letters && stop * 100 >= letters * 18;
    if (!(u->flags & (ATTUNE__U_LOREM | ATTUNE__U_KV)) && u->words >= 8 && prose_stop &&
        ((u->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) || u->words >= 20))
        u->flags |= ATTUNE__U_PROSE;
    /* running text in any language: several sentences of some length */
    if (!(u->flags & (ATTUNE__U_LOREM | ATTUNE__U_KV)) && u->words >= 25 && u->sentences >= 2 &&
        (u->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION)) && digits * 4 < letters)
        u->flags |= ATTUNE__U_PROSE;

    unsigned char first = (unsigned char)s[u->body];
    int starts_ok =
        is_upper(first) || is_digit(first) || first >= 0x80 || first == '"' || first == '\'';
    if (((u->flags & ATTUNE__U_NUMBERED) ||
         !(u->flags & (ATTUNE__U_BULLET | ATTUNE__U_KV | ATTUNE__U_LOREM | ATTUNE__U_TERMINAL))) &&
        !(u->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_LOREM)) && letters >= 1 && u->words <= 16 &&
        u->end - u->body <= 160 && starts_ok && last != ',' && last != ';' &&
        u->line_first == u->line_last)
        u->flags |= ATTUNE__U_HEADISH;
    if (u->flags & ATTUNE__U_ATX)
        u->flags = (u->flags | ATTUNE__U_HEADISH) & ~(ATTUNE__U_PROSE | ATTUNE__U_KV);

    if (first == '>' && u->body + 1 < u->end && s[u->body + 1] == ' ')
        u->flags |= ATTUNE__U_QUOTE;
    else if (((first == 0xE2 && u->end - u->body > 6 && (unsigned char)s[u->body + 1] == 0x80 &&
               (unsigned char)s[u->body + 2] == 0x9C) ||
              first == '"') &&
             u->words >= 6) {
        /* a line that is one quotation, possibly with an attribution */
        size_t q = 0;
        for (size_t i = u->body + 1; i < u->end; i++)
            if (s[i] == '"' || ((unsigned char)s[i] == 0xE2 && i + 2 < u->end &&
                                (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x9D))
                q = i;
        if (q && u->end - q <= 60 && q - u->body >= (u->end - u->body) * 2 / 3)
            u->flags |= ATTUNE__U_QUOTE;
    }

    /* byline shapes: "By Name ...", or a byline cue phrase */
    if (nw >= 2 && w[0].len == 2 && (s[w[0].off] == 'B') && (s[w[0].off + 1] == 'y') &&
        (w[1].flags & ATTUNE__TOK_CAP) && u->words <= 12 && u->sentences <= 1 &&
        !(u->flags & ATTUNE__U_PROSE && u->words > 8))
        u->flags |= ATTUNE__U_BYLINE;
    /* "March 3, 2024 by Jane Doe": a date with "by" before a name */
    if (!(u->flags & ATTUNE__U_BYLINE) && months && digits && u->words <= 14 && u->sentences <= 1) {
        for (size_t i = 0; i + 1 < nw; i++)
            if (w[i].len == 2 && (s[w[i].off] | 32) == 'b' && (s[w[i].off + 1] | 32) == 'y' &&
                (w[i + 1].flags & ATTUNE__TOK_CAP)) {
                u->flags |= ATTUNE__U_BYLINE;
                break;
            }
    }
    if (u->words <= 25 && u->end - u->body <= 250) {
        int header = 0;
        size_t covered = 0;
        /* (a cue starts at a word that starts a phrase: most lines have none) */
        int32_t cue =
            ref || (any & ATTUNE__W_PHRASE) ? attune__cue_kind(lx, s, w, nw, &header, &covered) : 0;
        u->cue_cov = (uint32_t)covered;
        if (cue) {
            /* a cue counts when it makes up much of the line, or opens a box */
            int strong = covered * 2 >= (size_t)(letters ? letters : 1) || (header && letters <= 3);
            /* "Tags: ...", "Filed under: ...", "Read more: ...": a cue of
             * one to three words, then a colon */
            if (nw && !(w[0].flags & ATTUNE__TOK_DIGITS) && w[0].lex &&
                (w[0].flags & ATTUNE__W_PHRASE))
                for (size_t k = 1; k <= 3 && k <= nw && !strong; k++) {
                    size_t e = w[k - 1].off + w[k - 1].len;
                    size_t kc = 0;
                    int kh = 0;
                    if (e < u->end && s[e] == ':' && attune__cue_kind(lx, s, w, k, &kh, &kc) &&
                        kc == k) {
                        strong = 1;
                        header = kh;
                        u->flags |= ATTUNE__U_CUE_LABEL;
                    }
                }
            if (strong || !(u->flags & ATTUNE__U_PROSE))
                u->cue = cue;
            if (strong)
                u->flags |= ATTUNE__U_HEADER * (uint32_t)(header != 0);
            if (!strong)
                u->cue = -cue; /* weak: only decides the kind of boilerplate */
        }
        /* "© 2025 ..." */
        if ((unsigned char)s[u->body] == 0xC2 && u->body + 1 < u->end &&
            (unsigned char)s[u->body + 1] == 0xA9) {
            u->cue = ATTUNE_BOILER_CHROME;
            u->cue_cov = u->pwords;
        }
        /* bylines; several credits in one line run longer ("Medically
         * reviewed by ... — Written by ... — Updated on ...") */
        if (cue == ATTUNE_BOILER_BYLINE &&
            (u->words <= 16 || (covered >= 4 && !(u->flags & ATTUNE__U_TERMINAL))))
            u->flags |= ATTUNE__U_BYLINE;
    }
    /* "Sarah Klein, LPC": a name with a clinician's credentials */
    if (!(u->flags & ATTUNE__U_BYLINE) && nw >= 3 && u->words <= 7 && credentialed(s, w, nw))
        u->flags |= ATTUNE__U_BYLINE | ATTUNE__U_CRED;
    /* "Jane R. says:", "Marcus wrote:": the head of a reader's comment; also
     * with its date: "Alex on September 17, 2018 at 6:34 am said:" */
    if ((u->flags & ATTUNE__U_COLON) && nw >= 2 &&
        (u->words <= 6 || (digits && u->words <= 14 && u->sentences <= 1)) &&
        s[w[nw - 1].off + w[nw - 1].len] == ':' &&
        (word_is(s, &w[nw - 1], "says") || word_is(s, &w[nw - 1], "said") ||
         word_is(s, &w[nw - 1], "wrote") || word_is(s, &w[nw - 1], "writes")))
        u->flags |= ATTUNE__U_SAYS;
    /* "4 thoughts on "Title"", "12 responses to ...": the head of the
     * readers' comments */
    if (nw >= 3 && u->words <= 25 && (w[0].flags & ATTUNE__TOK_DIGITS) &&
        (word_is(s, &w[1], "thoughts") || word_is(s, &w[1], "responses") ||
         word_is(s, &w[1], "comments") || word_is(s, &w[1], "replies") ||
         word_is(s, &w[1], "reactions")) &&
        (word_is(s, &w[2], "on") || word_is(s, &w[2], "to")))
        u->flags |= ATTUNE__U_THREAD;
    /* "Photo: ...", "Image credit: ...": a caption's label */
    if (nw >= 2 && !(w[0].flags & ATTUNE__TOK_DIGITS) && u->words <= 30 &&
        (word_is(s, &w[0], "photo") || word_is(s, &w[0], "image") || word_is(s, &w[0], "caption") ||
         word_is(s, &w[0], "illustration") || word_is(s, &w[0], "credit")) &&
        (s[w[0].off + w[0].len] == ':' ||
         (word_is(s, &w[1], "credit") && s[w[1].off + w[1].len] == ':'))) {
        u->cue = ATTUNE_BOILER_CHROME;
        u->cue_cov = u->pwords;
        u->flags &= ~ATTUNE__U_PROSE;
    }
    /* "We use cookies ... By continuing to browse, you agree ...",
     * "This article is not a substitute for professional advice ...", and
     * "You are receiving this email because you signed up ..." */
    if (u->words <= 60 && (ref || (any & ATTUNE__W_NOTICE)) &&
        (consent_notice(s, w, nw) || disclaimer(s, w, nw) || mail_notice(s, w, nw))) {
        u->cue = ATTUNE_BOILER_CHROME;
        u->cue_cov = u->pwords;
        u->flags &= ~ATTUNE__U_PROSE;
    }
}

/* Hard-wrapped text also breaks lines before capitalised words ("...she was
 * dreading" / "Monday mornings."). When the page shows hard wrapping (at
 * least two continuation lines joined already), a unit whose last line is
 * long and stops at a lowercase word or a comma takes in the next line. */
static void join_wrapped(const char *s, attune__units *us) {
    size_t joined = 0;
    for (size_t i = 0; i < us->n; i++)
        joined += us->u[i].line_last > us->u[i].line_first;
    if (joined < 2)
        return;
    size_t k = 0;
    for (size_t i = 0; i < us->n; i++) {
        attune__unit *v = &us->u[i];
        if (k > 0) {
            attune__unit *p = &us->u[k - 1];
            size_t ls = p->end;
            while (ls > p->start && s[ls - 1] != '\n' && s[ls - 1] != '\r')
                ls--;
            /* the last word, and whether it is lowercase */
            size_t wb = p->end;
            while (wb > ls && ((unsigned char)s[wb - 1] | 32) >= 'a' &&
                   ((unsigned char)s[wb - 1] | 32) <= 'z')
                wb--;
            int lower_word = wb < p->end && is_lower((unsigned char)s[wb]);
            if (p->line_last + 1 == v->line_first && !(v->flags & ATTUNE__U_BULLET) &&
                !(p->flags & ATTUNE__U_BULLET && p->line_first == p->line_last) &&
                p->end - ls >= 60 && (lower_word || s[p->end - 1] == ',')) {
                p->end = v->end;
                p->line_last = v->line_last;
                continue;
            }
        }
        us->u[k++] = *v;
    }
    us->n = k;
}

int32_t attune__units_split(const char *s, size_t len, const attune__lex *lx, attune__units *out,
                            int ref) {
    size_t pos = 0, line = 1;
    size_t next_lf = 0, next_cr = 0; /* cached positions (len when none) */
    int have_lf = 0, have_cr = 0;
    int blank_before = 1;
    /* room for a unit per 48 bytes up front (pages of text have far fewer
     * units; pages never touched cost nothing), doubled by push_unit past
     * that: no pass to count the lines first */
    if (!out->cap) {
        size_t cap = len / 48 + 16;
        out->u = attune__alloc_array(cap, sizeof *out->u);
        if (!out->u)
            return ATTUNE_ENOMEM;
        attune__hint_huge(out->u, cap * sizeof *out->u);
        out->cap = cap;
    }
    while (pos < len) {
        if (!have_lf || next_lf < pos) {
            const char *p = memchr(s + pos, '\n', len - pos);
            next_lf = p ? (size_t)(p - s) : len;
            have_lf = 1;
        }
        if (!have_cr || next_cr < pos) {
            const char *p = memchr(s + pos, '\r', len - pos);
            next_cr = p ? (size_t)(p - s) : len;
            have_cr = 1;
        }
        size_t eol = next_lf < next_cr ? next_lf : next_cr;
        size_t next = eol;
        if (eol < len) {
            next = eol + 1;
            if (s[eol] == '\r' && next < len && s[next] == '\n')
                next++;
        }
        /* trim */
        size_t b = pos, e = eol, k;
        while (b < e && (k = space_len(s, b, e)) != 0)
            b += k;
        while (e > b) {
            size_t j = e - 1;
            while (j > b && ((unsigned char)s[j] & 0xC0) == 0x80 && e - j < 4)
                j--;
            if (space_len(s, j, e) == e - j)
                e = j;
            else
                break;
        }
        if (b == e) {
            blank_before = 1;
        } else {
            int numbered = 0;
            size_t bl = attune__bullet_len(s + b, e - b, &numbered);
            attune__unit *prev = out->n ? &out->u[out->n - 1] : NULL;
            /* hard-wrapped continuation: no blank line, previous line running
             * text without an end, this one starting in lowercase */
            int ell = 0, cont = 0;
            if (prev && !blank_before && !bl && is_lower((unsigned char)s[b]) &&
                prev->line_last + 1 == line) {
                unsigned char pm = last_mark(s, prev->body, prev->end, &ell);
                cont = pm != '.' && pm != '!' && pm != '?' && pm != ':';
            }
            /* a list item's text wraps onto indented lines */
            int item_wrap = cont && (prev->flags & ATTUNE__U_BULLET) && b - pos >= 2;
            if (item_wrap || (cont && prev->end - prev->body >= 40 &&
                              !(prev->line_first == prev->line_last &&
                                memchr(s + prev->body, ':', 40) != NULL))) {
                prev->end = e;
                prev->line_last = line;
            } else {
                attune__unit u;
                memset(&u, 0, sizeof u);
                u.start = b;
                u.end = e;
                u.body = b + bl;
                u.line_first = u.line_last = line;
                if (bl)
                    u.flags |= ATTUNE__U_BULLET | (numbered ? ATTUNE__U_NUMBERED : 0);
                int32_t rc = push_unit(out, &u);
                if (rc)
                    return rc;
            }
            blank_before = 0;
        }
        pos = next;
        line++;
    }
    join_wrapped(s, out);
    for (size_t i = 0; i < out->n; i++)
        features(s, len, lx, &out->u[i], ref);
    units_hash(s, out->u, out->n, ref);
    return ATTUNE_OK;
}
