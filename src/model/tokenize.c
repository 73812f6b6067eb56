/* Word tokens, folding, Snowball stemming, and the prefix filter that lets
 * classification skip stemming words that cannot reach the model's stems.
 *
 * Folding: ASCII letters are lowercased directly; other characters are
 * case-folded, compatibility-decomposed and stripped of marks with utf8proc
 * (so "Café", "CAFÉ" and "cafe" fold alike, and "ﬁ" becomes "fi").
 * Typographic apostrophes (U+2019, U+2018, U+02BC, U+FF07) become "'", and an
 * apostrophe belongs to a word only between two word characters. Format
 * characters (soft hyphens, zero-width joiners) are skipped inside words.
 * Hyphens, dashes, slashes and all other punctuation separate words, so
 * "non-judgmental" is the two tokens "non" "judgmental".
 *
 * Prefix filter: Snowball's English stemmer only removes or rewrites the end
 * of a word (suffixes, a final y -> i, a final e) and never lengthens it,
 * apart from a final e it may add ("hoping" -> "hope") and a handful of
 * irregular forms (dying, lying, tying). So a token can only stem to a stem s
 * when its first min(|s|, 4) bytes equal those of s (or of s without that
 * final e) after mapping 'y' to 'i' past the first byte. The model keeps the set of
 * such keys; a token that matches none is not stemmed at all.
 */
#include "model/tokenize_ascii.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

enum {
    C_SEP = ATTUNE__C_SEP,
    C_WORD = ATTUNE__C_WORD,
    C_APOS = ATTUNE__C_APOS,
    C_SKIP = ATTUNE__C_SKIP,
    C_STOP = ATTUNE__C_STOP,
    C_NL = ATTUNE__C_NL,
    C_MB = ATTUNE__C_MB
};

/* ascii_class() of every byte below 0x80; C_MB for the bytes that start or
 * continue a multibyte character (classified by char_class()). */
#define S_ C_SEP
#define W_ C_WORD
#define A_ C_APOS
#define T_ C_STOP
#define N_ C_NL
#define M_ C_MB
const unsigned char attune__byte_class[256] = {
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, N_, S_, S_, S_, S_, S_, /* 0x00 */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, /* 0x10 */
    S_, T_, S_, S_, S_, S_, S_, A_, S_, S_, S_, S_, S_, S_, T_, S_, /* 0x20 */
    W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, T_, T_, S_, S_, S_, T_, /* 0x30 */
    S_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, /* 0x40 */
    W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, S_, S_, S_, S_, S_, /* 0x50 */
    S_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, /* 0x60 */
    W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, W_, S_, S_, S_, S_, S_, /* 0x70 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0x80 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0x90 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xa0 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xb0 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xc0 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xd0 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xe0 */
    M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, /* 0xf0 */
};
#undef S_
#undef W_
#undef A_
#undef T_
#undef N_
#undef M_

#if ATTUNE__SSE2
#define K16(b)                                                                                     \
    { (long long)(0x0101010101010101ull * (b)), (long long)(0x0101010101010101ull * (b)) }
const __m128i attune__tok_k[ATTUNE__K_COUNT] = {K16(0x20),       K16(0x80 - 'a'), K16(0x80 + 25),
                                                K16(0x80 - '0'), K16(0x80 + 9),   K16(' ')};
#undef K16
#endif

static int ascii_class(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return C_WORD;
    if (c == '\'')
        return C_APOS;
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':')
        return C_STOP;
    if (c == '\n')
        return C_NL;
    return C_SEP;
}

/* Class of the character at s[pos]; its code point and length. */
static int char_class(const char *s, size_t len, size_t pos, int32_t *cp, size_t *clen) {
    unsigned char c = (unsigned char)s[pos];
    if (c < 0x80) {
        *cp = c;
        *clen = 1;
        return ascii_class(c);
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + pos, (utf8proc_ssize_t)(len - pos), &u);
    if (n <= 0) {
        *cp = -1;
        *clen = 1;
        return C_SEP;
    }
    *cp = u;
    *clen = (size_t)n;
    if (u == 0x2019 || u == 0x2018 || u == 0x02BC || u == 0xFF07)
        return C_APOS;
    if (u == 0x2026 || u == 0x3002 || u == 0xFF01 || u == 0xFF1F || u == 0xFF0E)
        return C_STOP;
    if (u == 0x2028 || u == 0x2029)
        return C_NL;
    switch (utf8proc_category(u)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return C_WORD;
    case UTF8PROC_CATEGORY_CF: return C_SKIP;
    default: return C_SEP;
    }
}

/* Appends the folded form of a word character; returns false on overflow. */
static bool fold_char(int32_t cp, char *fold, size_t cap, size_t *n) {
    if (cp < 0x80) {
        if (*n + 1 > cap)
            return false;
        fold[(*n)++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        return true;
    }
    utf8proc_int32_t out[16];
    int bound = 0;
    utf8proc_ssize_t k =
        utf8proc_decompose_char(cp, out, 16,
                                (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK),
                                &bound);
    if (k < 0 || k > 16)
        return true; /* not foldable: dropped */
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t el = utf8proc_encode_char(out[i], enc);
        if (el <= 0)
            continue;
        if (*n + (size_t)el > cap)
            return false;
        memcpy(fold + *n, enc, (size_t)el);
        *n += (size_t)el;
    }
    return true;
}

/* The class of the character at s[p], its code point and its length: ASCII
 * through the table, the rest through utf8proc. */
static inline int class_at(const char *s, size_t len, size_t p, int32_t *cp, size_t *cl) {
    unsigned char c = (unsigned char)s[p];
    if (c < 0x80) {
        *cp = c;
        *cl = 1;
        return ascii_class(c);
    }
    return char_class(s, len, p, cp, cl);
}

/* After a word character, at the character p of class cls: whether the
 * word goes on past it -- a format character (soft hyphen, zero-width
 * joiner) or an apostrophe with a word character after it. If so, p, cp
 * and cl move to that word character and an apostrophe is folded as "'". */
static inline bool word_goes_on(const char *s, size_t len, int cls, size_t *p, int32_t *cp,
                                size_t *cl, char *fold, size_t fold_cap, size_t *n, bool *fits) {
    if (cls != C_SKIP && cls != C_APOS)
        return false;
    size_t q = *p + *cl, ql;
    int32_t qc;
    if (cls == C_SKIP)
        while (q < len && char_class(s, len, q, &qc, &ql) == C_SKIP)
            q += ql;
    if (q >= len || char_class(s, len, q, &qc, &ql) != C_WORD)
        return false;
    if (cls == C_APOS && *fits) {
        if (*n + 1 <= fold_cap)
            fold[(*n)++] = '\'';
        else
            *fits = false;
    }
    *p = q;
    *cp = qc;
    *cl = ql;
    return true;
}

bool attune__next_token_general(const char *s, size_t len, size_t *pos, attune__token *t,
                                char *fold, size_t fold_cap) {
    size_t p = *pos;
    bool boundary = false;
    int newlines = 0;
    int32_t cp;
    size_t cl;
    /* skip to the first word character */
    for (;;) {
        if (p >= len) {
            *pos = p;
            return false;
        }
        int cls = class_at(s, len, p, &cp, &cl);
        if (cls == C_WORD)
            break;
        if (cls == C_STOP)
            boundary = true;
        else if (cls == C_NL && ++newlines >= 2)
            boundary = true; /* a blank line: a paragraph break */
        p += cl;
    }
    t->start = p;
    t->boundary = boundary;
    size_t n = 0;
    bool fits = true;
    for (;;) {
        if (fits)
            fits = fold_char(cp, fold, fold_cap, &n);
        p += cl;
        t->end = p;
        if (p >= len)
            break;
        int cls = class_at(s, len, p, &cp, &cl);
        if (cls == C_WORD || word_goes_on(s, len, cls, &p, &cp, &cl, fold, fold_cap, &n, &fits))
            continue;
        break;
    }
    t->folded_len = fits ? n : 0;
    *pos = p;
    return true;
}

/* attune__next_token_general with the ASCII characters classified through
 * byte_class and runs of ASCII letters and digits folded in a tight loop
 * (OR 0x20 lowercases a letter and leaves a digit alone); everything else
 * (multibyte characters, apostrophes, format characters) goes through the
 * same steps as the general tokenizer. */
bool attune__next_token_mixed(const char *s, size_t len, size_t *pos, attune__token *t, char *fold,
                              size_t fold_cap) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *pos;
    bool boundary = false;
    int newlines = 0;
    int32_t cp = 0;
    size_t cl = 1;
    int cls;
    /* skip to the first word character */
    for (;;) {
        if (p >= len) {
            *pos = p;
            return false;
        }
        cls = attune__byte_class[u[p]];
        if (cls == C_SEP) {
            p++;
            continue;
        }
        if (cls == C_MB) {
            cls = char_class(s, len, p, &cp, &cl);
        } else {
            cp = u[p];
            cl = 1;
        }
        if (cls == C_WORD)
            break;
        if (cls == C_STOP)
            boundary = true;
        else if (cls == C_NL && ++newlines >= 2)
            boundary = true; /* a blank line: a paragraph break */
        p += cl;
    }
    t->start = p;
    t->boundary = boundary;
    size_t n = 0;
    bool fits = true;
    for (;;) {
        /* s[p] starts a word character (cp, cl) */
        if (cp < 0x80) {
            /* a run of ASCII word characters */
            size_t room = fits ? fold_cap - n : 0, q = p;
            char *f = fold + n;
            while (q < len && attune__byte_class[u[q]] == C_WORD) {
                if (q - p < room)
                    f[q - p] = (char)(u[q] | 0x20);
                q++;
            }
            if (q - p <= room)
                n += q - p;
            else
                fits = false;
            p = q;
        } else {
            if (fits)
                fits = fold_char(cp, fold, fold_cap, &n);
            p += cl;
        }
        t->end = p;
        if (p >= len)
            break;
        cls = attune__byte_class[u[p]];
        if (cls == C_MB) {
            cls = char_class(s, len, p, &cp, &cl);
        } else {
            cp = u[p];
            cl = 1;
        }
        if (cls == C_WORD || word_goes_on(s, len, cls, &p, &cp, &cl, fold, fold_cap, &n, &fits))
            continue;
        break;
    }
    t->folded_len = fits ? n : 0;
    *pos = p;
    return true;
}

bool attune__next_token(const char *s, size_t len, size_t *pos, attune__token *t, char *fold,
                        size_t fold_cap) {
    int r = attune__next_token_ascii(s, len, pos, t, fold, fold_cap);
    if (r >= 0)
        return r == 1;
    return attune__next_token_mixed(s, len, pos, t, fold, fold_cap);
}

bool attune__next_token_wide_test(const char *s, size_t len, size_t *pos, attune__token *t,
                                  char *fold, size_t fold_cap) {
#if ATTUNE__SSE2
    char tail[ATTUNE__TAIL];
    attune__tail_init(tail, s, len);
    size_t start, n;
    uint64_t w[2];
    attune__wide_src at = attune__wide_init(s, len, tail);
    int r = attune__next_token_wide(len, tail, &at, pos, &start, &n, &w[0], &w[1]);
    if (r == 0)
        return false;
    if (r > 0) {
        t->start = start;
        t->end = *pos;
        t->boundary = false;
        t->folded_len = n <= fold_cap ? n : 0;
        memcpy(fold, w, t->folded_len);
        return true;
    }
#endif
    return attune__next_token(s, len, pos, t, fold, fold_cap);
}

struct sb_stemmer *attune__stemmer_new(void) {
    return sb_stemmer_new("english", "UTF_8");
}

void attune__stemmer_free(struct sb_stemmer *st) {
    if (st)
        sb_stemmer_delete(st);
}

const char *attune__stem(struct sb_stemmer *st, const char *s, size_t n, size_t *out_len) {
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)s, (int)n);
    if (!r)
        return NULL;
    *out_len = (size_t)sb_stemmer_length(st);
    return (const char *)r;
}

/* ---- prefix filter ---- */

static uint64_t prefix_key(const char *s, size_t k) {
    uint64_t key = (uint64_t)k << 32;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i > 0 && c == 'y')
            c = 'i';
        key |= (uint64_t)c << (8 * i);
    }
    return key;
}

static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
}

static void set_add(uint64_t *set, uint32_t cap, uint64_t key) {
    uint32_t mask = cap - 1;
    for (uint32_t i = (uint32_t)mix(key) & mask;; i = (i + 1) & mask) {
        if (set[i] == key)
            return;
        if (set[i] == 0) {
            set[i] = key;
            return;
        }
    }
}

static bool set_has(const uint64_t *set, uint32_t cap, uint64_t key) {
    uint32_t mask = cap - 1;
    for (uint32_t i = (uint32_t)mix(key) & mask;; i = (i + 1) & mask) {
        if (set[i] == key)
            return true;
        if (set[i] == 0)
            return false;
    }
}

int32_t attune__model_build_prefix_filter(attune_model *m);
int32_t attune__model_build_prefix_filter(attune_model *m) {
    uint32_t cap = 64;
    while (cap < (m->nstems + 8) * 2)
        cap *= 2;
    uint64_t *set = attune__calloc(cap, sizeof *set);
    if (!set)
        return ATTUNE_ENOMEM;
    for (uint32_t i = 0; i < m->nstems; i++) {
        const char *s = m->stems[i];
        size_t n = strlen(s);
        set_add(set, cap, prefix_key(s, n < 4 ? n : 4));
        /* a final e that Snowball adds ("hoping" -> "hope") */
        if (n >= 2 && n <= 4 && s[n - 1] == 'e')
            set_add(set, cap, prefix_key(s, n - 1));
    }
    /* Snowball's irregular forms whose stem does not start like the word. */
    static const char *const irregular[][2] = {{"die", "dyi"}, {"lie", "lyi"}, {"tie", "tyi"}};
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++)
        if (attune__model_stem_id(m, irregular[i][0], 3) >= 0)
            set_add(set, cap, prefix_key(irregular[i][1], 3));
    m->prefix_set = set;
    m->prefix_cap = cap;
    return ATTUNE_OK;
}

bool attune__model_may_match(const attune_model *m, const char *tok, size_t n) {
    size_t top = n < 4 ? n : 4;
    for (size_t k = top; k >= 1; k--)
        if (set_has(m->prefix_set, m->prefix_cap, prefix_key(tok, k)))
            return true;
    return false;
}
