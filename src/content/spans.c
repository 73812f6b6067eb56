/* Spans inside a block: promotional sentences injected into a genuine
 * paragraph (link-bait and sales sentences, found by their vocabulary and
 * links, grown over the weakly promotional sentences next to them), and
 * personal data (emails, phone numbers, street addresses, URLs and handles,
 * birth dates). All scans are linear in the block. */
#include "content/content_internal.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int32_t attune__spans_push(attune__spans *sp, size_t start, size_t end, int32_t type) {
    if (sp->n == sp->cap) {
        attune__span *q = attune__grow(sp->v, &sp->cap, sizeof *q, 16);
        if (!q)
            return ATTUNE_ENOMEM;
        sp->v = q;
    }
    sp->v[sp->n].start = start;
    sp->v[sp->n].end = end;
    sp->v[sp->n].type = type;
    sp->n++;
    return ATTUNE_OK;
}

static int is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alnum(unsigned char c) { return is_alpha(c) || is_digit(c); }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/* ---- promotional sentences ---- */

typedef struct sentence {
    size_t start, end;
    int strong, weak;
} sentence;

static int has_url(const char *s, size_t a, size_t b) {
    /* "://" or "www." */
    for (const char *p = s + a, *e = s + b; p < e;) {
        const char *c = memchr(p, ':', (size_t)(e - p));
        if (!c)
            break;
        if (e - c >= 3 && c[1] == '/' && c[2] == '/')
            return 1;
        p = c + 1;
    }
    for (const char *p = s + a, *e = s + b; p + 4 <= e;) {
        const char *c = memchr(p, '.', (size_t)(e - p));
        if (!c)
            break;
        if (c - (s + a) >= 3 && (c[-1] | 32) == 'w' && (c[-2] | 32) == 'w' && (c[-3] | 32) == 'w')
            return 1;
        p = c + 1;
    }
    return 0;
}

static void score(const attune__lex *lx, const char *s, size_t lim, sentence *se) {
    attune__word w[64];
    size_t n = attune__tokenize_in(lx, s + se->start, se->end - se->start, lim - se->start,
                                   se->start, w, 64);
    int promo = 0, marker = 0, self = 0;
    for (size_t i = 0; i < n; i++) {
        if (!w[i].lex)
            continue;
        if (w[i].flags & ATTUNE__W_PROMO) {
            promo += w[i].lex->promo;
            if (w[i].lex->promo >= 3)
                marker = 1;
        }
        if (w[i].flags & ATTUNE__W_SELF)
            self++;
    }
    int url = has_url(s, se->start, se->end);
    se->strong = url || (marker && promo >= 4);
    se->weak = promo >= 1 && promo + (self > 2 ? 2 : self) >= 2;
}

/* The first '.', '!' or '?' in s[i..end), end when there is none: 16
 * bytes at a time, then a byte at a time. */
static size_t next_mark(const char *s, size_t i, size_t end) {
#if defined(__SSE2__)
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), qm = _mm_set1_epi8('?');
    for (; i + 16 <= end; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_cmpeq_epi8(v, dot), _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, qm))));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < end && s[i] != '.' && s[i] != '!' && s[i] != '?')
        i++;
    return i;
}

/* Next sentence end at or after i: after . ! ? (and closing quotes) that
 * are followed by a space and a capital, digit, quote or non-ASCII byte.
 * With `fast` the bytes up to the next mark are passed over by next_mark
 * (the reference looks at each). */
static size_t sentence_end(const char *s, size_t i, size_t end, int fast) {
    for (; i < end; i++) {
        if (fast && (i = next_mark(s, i, end)) >= end)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c != '.' && c != '!' && c != '?')
            continue;
        size_t j = i + 1;
        while (j < end && (s[j] == '"' || s[j] == ')' || s[j] == '\''))
            j++;
        while (j + 2 < end && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
               ((unsigned char)s[j + 2] == 0x9D || (unsigned char)s[j + 2] == 0x99))
            j += 3;
        if (j >= end)
            return end;
        if (s[j] != ' ' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t')
            continue;
        size_t k = j;
        while (k < end && (s[k] == ' ' || s[k] == '\n' || s[k] == '\r' || s[k] == '\t'))
            k++;
        if (k >= end)
            return j;
        unsigned char d = (unsigned char)s[k];
        if (is_upper(d) || is_digit(d) || d >= 0x80 || d == '"' || d == '(')
            return j;
    }
    return end;
}

static size_t skip_space(const char *s, size_t i, size_t end) {
    while (i < end && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    return i;
}

static int32_t flush(attune__spans *out, size_t *covered, size_t a, size_t b) {
    *covered += b - a;
    return out ? attune__spans_push(out, a, b, 0) : ATTUNE_OK;
}

/* Whether [a, b) has a strongly promotional word, a byte at a time (the
 * reference for attune__has_marker_word). */
int attune__has_marker_word_ref(const attune__lex *lx, const char *s, size_t a, size_t b) {
    size_t i = a;
    while (i < b) {
        if (!is_alpha((unsigned char)s[i])) {
            i++;
            continue;
        }
        size_t w = i;
        while (i < b && is_alpha((unsigned char)s[i]))
            i++;
        size_t n = i - w;
        unsigned char f = (unsigned char)(s[w] | 32);
        if (n < 32 && (lx->marker_len[f - 'a'] >> n) & 1u) {
            const attune__lex_slot *sl = attune__lex_find(lx, s + w, n);
            if (sl && (sl->flags & ATTUNE__W_PROMO) && sl->promo >= 3)
                return 1;
        }
    }
    return 0;
}

static int short_question(const char *s, const sentence *se) {
    return se->end - se->start <= 48 && s[se->end - 1] == '?';
}

int32_t attune__find_spam(const attune__lex *lx, const char *s, size_t start, size_t end,
                          size_t lim, int url, size_t known, attune__spans *out, size_t *covered) {
    *covered = 0;
    /* a link or a strongly promotional word at all: most paragraphs have
     * neither and need no sentence scoring */
    if (url < 0) {
        if (!has_url(s, start, end) && !attune__has_marker_word_ref(lx, s, start, end))
            return ATTUNE_OK;
    } else if (!url && !attune__has_marker_word(lx, s, start + known, end, lim)) {
        return ATTUNE_OK;
    }
    /* a run: a strong sentence, the weakly promotional sentence just before
     * it and the weakly promotional ones after it */
    size_t pos = skip_space(s, start, end);
    size_t run_start = ATTUNE__NIL, run_end = 0;
    sentence prev = {0, 0, 0, 0}, prev2 = {0, 0, 0, 0};
    int have_prev = 0, have_prev2 = 0;
    int32_t rc;
    *covered = 0;
    while (pos < end) {
        sentence cur;
        cur.start = pos;
        cur.end = sentence_end(s, pos, end, url >= 0);
        score(lx, s, lim, &cur);
        pos = skip_space(s, cur.end, end);
        if (cur.strong) {
            if (run_start == ATTUNE__NIL) {
                /* a short rhetorical question leads into the pitch too,
                 * directly or before a weakly promotional lead */
                int lead = have_prev && (prev.weak || short_question(s, &prev));
                run_start = lead ? prev.start : cur.start;
                if (lead && prev.weak && have_prev2 && short_question(s, &prev2))
                    run_start = prev2.start;
            }
            run_end = cur.end;
        } else if (cur.weak && run_start != ATTUNE__NIL) {
            run_end = cur.end;
        } else if (run_start != ATTUNE__NIL) {
            if ((rc = flush(out, covered, run_start, run_end)))
                return rc;
            run_start = ATTUNE__NIL;
        }
        prev2 = prev;
        have_prev2 = have_prev;
        prev = cur;
        have_prev = 1;
    }
    if (run_start != ATTUNE__NIL)
        return flush(out, covered, run_start, run_end);
    return ATTUNE_OK;
}

/* ---- personal data ---- */

static int url_char(unsigned char c) {
    return c > ' ' && c != '"' && c != '<' && c != '>' && c != '\'' && c < 0x80;
}

static size_t trim_punct(const char *s, size_t a, size_t b) {
    while (b > a && strchr(".,;:!?)]", s[b - 1]))
        b--;
    return b;
}

static int is_street(const char *w, size_t n) {
    static const char *const suffixes[] = {
        "street",  "st",      "road", "rd",     "avenue",  "ave",       "lane",
        "ln",      "court",   "ct",   "drive",  "dr",      "boulevard", "blvd",
        "way",     "place",   "pl",   "row",    "terrace", "suite",     "circle",
        "parkway", "highway", "hwy",  "square", "sq",      "crescent",  "close",
    };
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
        size_t m = strlen(suffixes[k]);
        if (m != n)
            continue;
        size_t j = 0;
        while (j < n && (w[j] | 32) == suffixes[k][j])
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/* "7022 Lucinda Court Suite 731 Lake Granville, NJ 57415": a house number,
 * capitalised words with a street word among the first four, then the
 * capitalised words, numbers and commas of the town, state and ZIP. */
static size_t address_at(const char *s, size_t i, size_t end) {
    size_t j = i;
    while (j < end && is_digit((unsigned char)s[j]))
        j++;
    if (j - i > 6 || j >= end || s[j] != ' ')
        return 0;
    size_t last = 0;
    int words = 0, street = 0;
    size_t k = j;
    for (;;) {
        while (k < end && (s[k] == ' ' || s[k] == ','))
            k++;
        if (k >= end)
            break;
        size_t b = k;
        if (is_upper((unsigned char)s[k])) {
            while (k < end && (is_alpha((unsigned char)s[k]) || s[k] == '.'))
                k++;
        } else if (is_digit((unsigned char)s[k]) && street) {
            while (k < end && (is_digit((unsigned char)s[k]) || s[k] == '-'))
                k++;
        } else {
            break;
        }
        if (k < end && s[k] != ' ' && s[k] != ',')
            break;
        words++;
        size_t wl = k - b;
        if (s[k - 1] == '.')
            wl--;
        if (!street && words <= 4 && is_street(s + b, wl))
            street = 1;
        if (!street && words > 4)
            return 0;
        last = k;
        if (words > 14)
            break;
    }
    return street ? last : 0;
}

static int date_shape(const char *s, size_t a, size_t b) {
    /* 1999-12-27, 27/12/1999, 12.27.1999 */
    size_t g[4], ng = 0, cur = 0;
    char sep = 0;
    for (size_t i = a; i < b; i++) {
        if (is_digit((unsigned char)s[i])) {
            cur++;
        } else {
            if (ng == 3 || (sep && s[i] != sep) || cur == 0)
                return 0;
            sep = s[i];
            g[ng++] = cur;
            cur = 0;
        }
    }
    if (ng == 3 || cur == 0)
        return 0;
    g[ng++] = cur;
    if (ng != 3 || (sep != '-' && sep != '/' && sep != '.'))
        return 0;
    return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) ||
           (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2));
}

/* Phone numbers: 7 to 15 digits in groups with + ( ) . - or spaces. */
static size_t phone_at(const char *s, size_t i, size_t end, int *is_date) {
    size_t j = i, digits = 0, groups = 0, run = 0, maxrun = 0;
    int plus = s[i] == '+';
    if (plus)
        j++;
    size_t last = 0;
    while (j < end) {
        unsigned char c = (unsigned char)s[j];
        if (is_digit(c)) {
            if (!run)
                groups++;
            run++;
            digits++;
            if (run > maxrun)
                maxrun = run;
            last = j + 1;
            j++;
            continue;
        }
        run = 0;
        if ((c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') && j + 1 < end &&
            (is_digit((unsigned char)s[j + 1]) || s[j + 1] == '(' ||
             (c == ')' && s[j + 1] == ' '))) {
            j++;
            continue;
        }
        break;
    }
    *is_date = 0;
    if (!last || (last < end && is_alnum((unsigned char)s[last])))
        return 0;
    if (date_shape(s, i, last)) {
        *is_date = 1;
        return last;
    }
    if (digits < 7 || digits > 15)
        return 0;
    if (!plus && groups < 2 && digits < 10)
        return 0;
    if (groups > 5 || (maxrun > 4 && groups > 1 && maxrun != digits && maxrun > 8))
        return 0;
    return last;
}

/* The bytes that can start personal data, by the class (ATTUNE__PII_*) of
 * the pattern: '@' (e-mail), h and w (URLs), digits, '+' and '(' (numbers). */
#define PA ATTUNE__PII_AT
#define PU ATTUNE__PII_URL
#define PN ATTUNE__PII_NUM
static const unsigned char pii_start[256] = {
    ['@'] = PA, ['h'] = PU, ['H'] = PU, ['w'] = PU, ['W'] = PU, ['+'] = PN,
    ['('] = PN, ['0'] = PN, ['1'] = PN, ['2'] = PN, ['3'] = PN, ['4'] = PN,
    ['5'] = PN, ['6'] = PN, ['7'] = PN, ['8'] = PN, ['9'] = PN,
};
#undef PA
#undef PU
#undef PN

/* The first byte of s[i..b) where a pattern of the classes may start (b
 * when none), 16 bytes at a time, then a byte at a time. */
static size_t next_pii(const char *s, size_t i, size_t b, int classes) {
#if defined(__SSE2__)
    const __m128i at = _mm_set1_epi8('@'), plus = _mm_set1_epi8('+'), par = _mm_set1_epi8('('),
                  d0 = _mm_set1_epi8((char)(0x80 - '0')), d10 = _mm_set1_epi8((char)(-128 + 10)),
                  x20 = _mm_set1_epi8(0x20), h = _mm_set1_epi8('h'), w = _mm_set1_epi8('w');
    for (; i + 16 <= b; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
                m = _mm_setzero_si128();
        if (classes & ATTUNE__PII_AT)
            m = _mm_cmpeq_epi8(v, at);
        if (classes & ATTUNE__PII_NUM)
            m = _mm_or_si128(
                m, _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(v, d0), d10),
                                _mm_or_si128(_mm_cmpeq_epi8(v, plus), _mm_cmpeq_epi8(v, par))));
        if (classes & ATTUNE__PII_URL) {
            __m128i l = _mm_or_si128(v, x20);
            m = _mm_or_si128(m, _mm_or_si128(_mm_cmpeq_epi8(l, h), _mm_cmpeq_epi8(l, w)));
        }
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    while (i < b && !(pii_start[(unsigned char)s[i]] & classes))
        i++;
    return i;
}

int attune__has_contact(const char *s, size_t start, size_t end) {
    for (const char *p = s + start, *e = s + end; p < e;) {
        const char *at = memchr(p, '@', (size_t)(e - p));
        if (!at)
            break;
        size_t i = (size_t)(at - s);
        if (i > start && is_alnum((unsigned char)s[i - 1])) {
            size_t r = i + 1;
            int dot = 0;
            while (r < end && (is_alnum((unsigned char)s[r]) || s[r] == '.' || s[r] == '-')) {
                if (s[r] == '.' && r + 2 < end && is_alpha((unsigned char)s[r + 1]))
                    dot = 1;
                r++;
            }
            if (dot)
                return 1;
        }
        p = at + 1;
    }
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!pii_start[c] || c == '@' || (c | 32) == 'h' || (c | 32) == 'w')
            continue;
        if (i == start || !is_alnum((unsigned char)s[i - 1])) {
            int is_date = 0;
            size_t r = phone_at(s, i, end, &is_date);
            if (r && !is_date)
                return 1;
            while (i + 1 < end && is_digit((unsigned char)s[i + 1]))
                i++;
        }
    }
    return 0;
}

/* Value of a "key : value" line whose key names personal data. */
static int32_t kv_value(const attune__lex *lx, const char *s, size_t a, size_t b, size_t lim,
                        size_t *vs) {
    size_t key_end = a + 40 < b ? a + 40 : b;
    const char *c = memchr(s + a, ':', key_end - a);
    if (!c)
        return 0;
    size_t colon = (size_t)(c - s);
    attune__word w[4];
    size_t n = attune__tokenize_in(lx, s + a, colon - a, lim - a, a, w, 4);
    if (n == 0 || n > 2 || !w[n - 1].lex || !(w[n - 1].flags & ATTUNE__W_KEY))
        return 0;
    size_t v = colon + 1;
    while (v < b && (s[v] == ' ' || s[v] == '\t'))
        v++;
    *vs = v;
    return w[n - 1].lex->key_pii;
}

/* The end of a numeric date at s[i] ("04/12/1985", "4.12.85",
 * "1985-12-04", as date_shape says), else 0. */
static size_t numeric_date_at(const char *s, size_t i, size_t end) {
    size_t j = i;
    while (j < end &&
           (is_digit((unsigned char)s[j]) || ((s[j] == '/' || s[j] == '.' || s[j] == '-') &&
                                              j + 1 < end && is_digit((unsigned char)s[j + 1]))))
        j++;
    if (j < end && is_alnum((unsigned char)s[j]))
        return 0;
    return date_shape(s, i, j) ? j : 0;
}

/* Whether the words just before s[i] (within [a, i)) say that a birth date
 * follows: "born", "born on", "birth", "date of birth:", "DOB", "d.o.b.". */
static int born_before(const char *s, size_t a, size_t i) {
    size_t e = i;
    while (e > a && (s[e - 1] == ' ' || s[e - 1] == ':' || s[e - 1] == ','))
        e--;
    size_t w = e;
    while (w > a && (is_alnum((unsigned char)s[w - 1]) || s[w - 1] == '.'))
        w--;
    size_t n = e - w;
    static const char *const cues[] = {"born", "birth", "dob", "d.o.b.", "d.o.b", "on"};
    for (size_t k = 0; k < sizeof cues / sizeof cues[0]; k++) {
        size_t cl = strlen(cues[k]);
        if (n != cl)
            continue;
        size_t j = 0;
        while (j < cl && (s[w + j] | 0x20) == cues[k][j])
            j++;
        if (j < cl)
            continue;
        if (k < 5)
            return 1;
        /* "on": only as "born on" */
        size_t e2 = w;
        while (e2 > a && s[e2 - 1] == ' ')
            e2--;
        return e2 >= a + 4 && (e2 == a + 4 || !is_alnum((unsigned char)s[e2 - 5])) &&
               (s[e2 - 4] | 0x20) == 'b' && (s[e2 - 3] | 0x20) == 'o' &&
               (s[e2 - 2] | 0x20) == 'r' && (s[e2 - 1] | 0x20) == 'n';
    }
    return 0;
}

static int32_t find_line_pii(const attune__lex *lx, const char *s, size_t a, size_t b, size_t lim,
                             int profile, int patterns, attune__spans *out) {
    size_t first = out->n;
    int32_t rc;
    int classes = patterns & ATTUNE__PII_ALL;
    for (size_t i = a; classes && i < b; i++) {
        if (!(patterns & ATTUNE__PII_BYTES) && (i = next_pii(s, i, b, classes)) >= b)
            break;
        unsigned char c = (unsigned char)s[i];
        if (!(pii_start[c] & classes))
            continue;
        if (c == '@') {
            /* email, or a handle when nothing word-like is before it */
            size_t l = i;
            while (l > a && (is_alnum((unsigned char)s[l - 1]) || strchr("._%+-", s[l - 1])))
                l--;
            size_t r = i + 1, dot = 0;
            while (r < b && (is_alnum((unsigned char)s[r]) || s[r] == '.' || s[r] == '-')) {
                if (s[r] == '.')
                    dot = r;
                r++;
            }
            r = trim_punct(s, i + 1, r);
            if (l < i && dot > i + 1 && dot + 2 < r + 1 && r - dot >= 3) {
                if ((rc = attune__spans_push(out, l, r, ATTUNE_PII_EMAIL)))
                    return rc;
                i = r - 1;
            } else if (l == i && r > i + 2 && (i == a || s[i - 1] == ' ' || s[i - 1] == '(')) {
                if ((rc = attune__spans_push(out, i, r, ATTUNE_PII_URL)))
                    return rc;
                i = r - 1;
            }
        } else if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') &&
                   (i == a || !is_alnum((unsigned char)s[i - 1])) &&
                   (((b - i > 8) &&
                     (strncmp(s + i, "http://", 7) == 0 || strncmp(s + i, "https://", 8) == 0)) ||
                    (b - i > 5 && (s[i] | 32) == 'w' && (s[i + 1] | 32) == 'w' &&
                     (s[i + 2] | 32) == 'w' && s[i + 3] == '.'))) {
            size_t r = i;
            while (r < b && url_char((unsigned char)s[r]))
                r++;
            r = trim_punct(s, i, r);
            if ((rc = attune__spans_push(out, i, r, ATTUNE_PII_URL)))
                return rc;
            i = r - 1;
        } else if ((is_digit(c) || c == '+' || c == '(') &&
                   (i == a || !is_alnum((unsigned char)s[i - 1]))) {
            size_t r = address_at(s, i, b);
            if (r) {
                if ((rc = attune__spans_push(out, i, r, ATTUNE_PII_ADDRESS)))
                    return rc;
                i = r - 1;
                continue;
            }
            int is_date = 0;
            size_t start = c == '(' ? i : i;
            r = phone_at(s, start, b, &is_date);
            if (r && !is_date) {
                if ((rc = attune__spans_push(out, i, r, ATTUNE_PII_PHONE)))
                    return rc;
                i = r - 1;
            } else if (born_before(s, a, i) &&
                       ((r && is_date) || (r = numeric_date_at(s, i, b)) != 0)) {
                /* "born 04/12/1985", "date of birth: 1985-12-04", "DOB 4.12.85" */
                if ((rc = attune__spans_push(out, i, r, ATTUNE_PII_BIRTHDATE)))
                    return rc;
                i = r - 1;
            } else if (r && is_date && profile) {
                i = r - 1; /* dates count as birth dates only in a profile field */
            } else {
                while (i + 1 < b && is_digit((unsigned char)s[i + 1]))
                    i++;
            }
        }
    }
    /* "key : value" with a personal-data key: the value, unless a pattern above
     * already found something in it */
    size_t vs = 0;
    int32_t type = (profile || b - a <= 200) ? kv_value(lx, s, a, b, lim, &vs) : 0;
    if (type && vs < b) {
        int inside = 0;
        for (size_t k = first; k < out->n; k++)
            if (out->v[k].start >= vs)
                inside = 1;
        if (!inside)
            return attune__spans_push(out, vs, b, type);
    }
    return ATTUNE_OK;
}

int32_t attune__find_pii(const attune__lex *lx, const char *s, size_t start, size_t end, size_t lim,
                         int profile, int patterns, attune__spans *out) {
    /* line by line, so that "key : value" shapes are seen */
    size_t a = start;
    while (a < end) {
        const char *nl = memchr(s + a, '\n', end - a);
        size_t b = nl ? (size_t)(nl - s) : end;
        size_t bb = b;
        while (bb > a && (s[bb - 1] == '\r' || s[bb - 1] == ' '))
            bb--;
        size_t aa = a;
        while (aa < bb && (s[aa] == ' ' || s[aa] == '\t'))
            aa++;
        int numbered;
        aa += attune__bullet_len(s + aa, bb - aa, &numbered);
        while (aa < bb && (s[aa] == ' ' || s[aa] == '\t'))
            aa++;
        int32_t rc = find_line_pii(lx, s, aa, bb, lim, profile, patterns, out);
        if (rc)
            return rc;
        a = b + 1;
    }
    return ATTUNE_OK;
}
