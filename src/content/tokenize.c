/* The word tokenizer of the content module: ASCII-letter words (an
 * apostrophe inside a word kept), numbers, with their lexicon entries; a
 * fast version reading 64-byte blocks and the byte-at-a-time reference the
 * equivalence tests compare it with. */
#include "content/lexicon_key.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Length of the run of ASCII letters at s[0..n), 16 bytes at a time. */
static size_t alpha_run(const char *s, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')),
                  lim = _mm_set1_epi8((char)(-128 + 26));
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), shift), lim));
        if (m != 0xFFFFu)
            return i + (size_t)__builtin_ctz(~m);
        i += 16;
    }
#endif
    while (i < n && is_alpha((unsigned char)s[i]))
        i++;
    return i;
}

/* Letters (*A), digits (*D), apostrophes and 0xE2 bytes (*Q) among the
 * bytes s[i..min(n, i + 64)) (bit k: byte i + k); `room` >= n bytes are
 * readable at s. */
static ATTUNE__FORCE_INLINE void tok_masks(const char *s, size_t i, size_t n, size_t room,
                                           uint64_t *A, uint64_t *D, uint64_t *Q) {
    size_t left = n - i;
    const unsigned char *p = (const unsigned char *)s + i;
    unsigned char tmp[64];
    if (room - i < 64) {
        memset(tmp, 0, sizeof tmp);
        memcpy(tmp, p, left < 64 ? left : 64);
        p = tmp;
    }
    uint64_t a = 0, d = 0, q = 0;
#if defined(__SSE2__)
    const __m128i x20 = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')),
                  lim = _mm_set1_epi8((char)(-128 + 26)), d0 = _mm_set1_epi8((char)(0x80 - '0')),
                  d10 = _mm_set1_epi8((char)(-128 + 10)), ap = _mm_set1_epi8('\''),
                  e2 = _mm_set1_epi8((char)0xE2);
    int chunks = left >= 64 ? 4 : (int)((left + 15) / 16); /* (bytes past n: masked) */
    for (int k = 0; k < chunks; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i al = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), shift), lim);
        __m128i dg = _mm_cmplt_epi8(_mm_add_epi8(v, d0), d10);
        a |= (uint64_t)(uint32_t)_mm_movemask_epi8(al) << (16 * k);
        d |= (uint64_t)(uint32_t)_mm_movemask_epi8(dg) << (16 * k);
        q |= (uint64_t)(uint32_t)_mm_movemask_epi8(
                 _mm_or_si128(_mm_cmpeq_epi8(v, ap), _mm_cmpeq_epi8(v, e2)))
             << (16 * k);
    }
#else
    for (unsigned k = 0; k < 64; k++) {
        a |= (uint64_t)is_alpha(p[k]) << k;
        d |= (uint64_t)(p[k] >= '0' && p[k] <= '9') << k;
        q |= (uint64_t)(p[k] == '\'' || p[k] == 0xE2) << k;
    }
#endif
    if (left < 64) {
        uint64_t valid = (1ull << left) - 1;
        a &= valid;
        d &= valid;
        q &= valid;
    }
    *A = a;
    *D = d;
    *Q = q;
}

/* Masks keeping the first n bytes of a 16-byte key (n <= KEY_MAX). */
static const uint64_t KEEP_KEY[KEY_MAX + 1][2] = {
    {0x0000000000000000ULL, 0x0000000000000000ULL}, {0x00000000000000FFULL, 0x0000000000000000ULL},
    {0x000000000000FFFFULL, 0x0000000000000000ULL}, {0x0000000000FFFFFFULL, 0x0000000000000000ULL},
    {0x00000000FFFFFFFFULL, 0x0000000000000000ULL}, {0x000000FFFFFFFFFFULL, 0x0000000000000000ULL},
    {0x0000FFFFFFFFFFFFULL, 0x0000000000000000ULL}, {0x00FFFFFFFFFFFFFFULL, 0x0000000000000000ULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x0000000000000000ULL}, {0xFFFFFFFFFFFFFFFFULL, 0x00000000000000FFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x000000000000FFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x0000000000FFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x00000000FFFFFFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x000000FFFFFFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0x0000FFFFFFFFFFFFULL}, {0xFFFFFFFFFFFFFFFFULL, 0x00FFFFFFFFFFFFFFULL},
    {0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL},
};

/* find_plain for a word with 16 readable bytes at s. */
static ATTUNE__FORCE_INLINE const attune__lex_slot *find_plain16(const attune__lex *lx,
                                                                 const char *s, size_t n) {
    if (n > KEY_MAX)
        return NULL;
    uint64_t key[2];
    memcpy(&key[0], s, 8);
    memcpy(&key[1], s + 8, 8);
    key[0] = (key[0] | 0x2020202020202020ull) & KEEP_KEY[n][0];
    key[1] = (key[1] | 0x2020202020202020ull) & KEEP_KEY[n][1];
    return probe(lx, key, n);
}

_Static_assert(ATTUNE__TOK_CAP == 0x20u << 4, "TOK_CAP is the letter case bit moved up");

/* The letter word at s[b..) in full (it runs past the 64-byte block from
 * bb, or an apostrophe may join it to more letters, or fewer than 16
 * bytes are readable at b): stored in *wd; returns where it ends. Out of
 * the token loop so that its common path keeps its registers. */
static ATTUNE__NOINLINE size_t word_at(const attune__lex *lx, const char *s, size_t n, size_t room,
                                       size_t b, size_t bb, uint64_t A, uint64_t Q,
                                       attune__word *wd) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = b, o = b - bb;
    int curly = 0; /* U+2019 inside the word */
    uint32_t joined = 0;
    uint64_t run = ~(A >> o);
    i += run ? (size_t)__builtin_ctzll(run) : 64;
    if (i - bb >= 64)
        i += alpha_run(s + i, n - i); /* the word goes on past the block */
    size_t e = i - bb;
    int more = e < 64 ? (int)((Q >> e) & 1u) : i < n && (p[i] == '\'' || p[i] == 0xE2);
    while (more && i < n && (p[i] == '\'' || p[i] == 0xE2)) {
        /* apostrophe inside a word: ' or U+2019 followed by a letter */
        if (i + 1 < n && p[i] == '\'' && is_alpha(p[i + 1])) {
            i++;
        } else if (i + 3 < n && p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x99 &&
                   is_alpha(p[i + 3])) {
            curly = 1;
            i += 3;
        } else {
            break;
        }
        joined = ATTUNE__TOK_JOINED;
        i += alpha_run(s + i, n - i);
    }
    size_t len = i - b;
    const attune__lex_slot *sl = curly ? (len >= 24 ? NULL : attune__lex_find(lx, s + b, len))
                                 : room - b >= 16 ? find_plain16(lx, s + b, len)
                                                  : find_plain(lx, s + b, len, room - b);
    /* (p[b] is a letter: uppercase when bit 5 is clear) */
    uint32_t f = ((uint32_t)(~p[b] & 0x20u) << 4) | joined;
    wd->len = (uint32_t)len;
    wd->flags = sl ? f | sl->flags : f;
    wd->lex = sl;
    return i;
}

/* The number at s[b..) ("12", "1,200", "3.5", "1.2k"): stored in *wd;
 * returns where it ends. */
static ATTUNE__NOINLINE size_t number_at(const char *s, size_t n, size_t b, attune__word *wd) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = b;
    while (i < n && ((p[i] >= '0' && p[i] <= '9') || ((p[i] == '.' || p[i] == ',') && i + 1 < n &&
                                                      p[i + 1] >= '0' && p[i + 1] <= '9')))
        i++;
    /* "1.2k" counts as a number */
    if (i < n && (p[i] == 'k' || p[i] == 'K' || p[i] == 'm' || p[i] == 'M') &&
        (i + 1 == n || !is_alpha(p[i + 1])))
        i++;
    wd->len = (uint32_t)(i - b);
    wd->flags = ATTUNE__TOK_DIGITS;
    wd->lex = NULL;
    return i;
}

ATTUNE__SCAN_CLONES
size_t attune__tokenize_in(const attune__lex *lx, const char *s, size_t n, size_t room, size_t base,
                           attune__word *out, size_t max) {
    if (!n || !max)
        return 0;
    attune__word *wd = out, *wend = out + max;
    /* blocks of 64 bytes from bb (where the one before stopped: past its
     * last token, or at a word that runs across its end); o: the position
     * in the block */
    size_t bb = 0;
    while (bb < n) {
        uint64_t A, D, Q; /* Q: ' and 0xE2, where a word may go on */
        tok_masks(s, bb, n, room, &A, &D, &Q);
        uint64_t M = A | D;
        const unsigned char *q = (const unsigned char *)s + bb;
        size_t o = 0, room_b = room - bb, base_b = base + bb;
        while (o < 64) {
            /* the next letter or digit: the bytes before it are no token */
            uint64_t T = M >> o;
            if (!T) {
                o = 64;
                break;
            }
            o += (size_t)__builtin_ctzll(T);
            wd->off = base_b + o;
            uint64_t a = A >> o;
            uint64_t na = ~a;
            size_t len = na ? (size_t)__builtin_ctzll(na) : 64;
            size_t e = o + len;
            if ((a & 1u) && e < 64 && !((Q >> e) & 1u) && room_b - o >= 16) {
                /* the common word: it ends inside the block, no apostrophe
                 * may join it to more letters, and 16 bytes are readable
                 * for its key */
                const attune__lex_slot *sl = find_plain16(lx, (const char *)q + o, len);
                uint32_t f = (uint32_t)(~q[o] & 0x20u) << 4;
                wd->len = (uint32_t)len;
                wd->flags = sl ? f | sl->flags : f;
                wd->lex = sl;
                o = e;
            } else if ((a & 1u) && e >= 64 && o > 0) {
                break; /* a word across the block's end: the next block starts at it */
            } else {
                size_t i = (a & 1u) ? word_at(lx, s, n, room, bb + o, bb, A, Q, wd)
                                    : number_at(s, n, bb + o, wd);
                o = i - bb;
            }
            if (++wd == wend || bb + o >= n)
                return (size_t)(wd - out);
        }
        bb += o;
    }
    return (size_t)(wd - out);
}

size_t attune__tokenize(const attune__lex *lx, const char *s, size_t n, size_t base,
                        attune__word *out, size_t max) {
    return attune__tokenize_in(lx, s, n, n, base, out, max);
}

size_t attune__tokenize_ref(const attune__lex *lx, const char *s, size_t n, size_t base,
                            attune__word *out, size_t max) {
    size_t k = 0, i = 0;
    while (i < n && k < max) {
        unsigned char c = (unsigned char)s[i];
        if (is_alpha(c)) {
            size_t b = i;
            uint32_t joined = 0;
            for (;;) {
                while (i < n && is_alpha((unsigned char)s[i]))
                    i++;
                if (i + 1 < n && s[i] == '\'' && is_alpha((unsigned char)s[i + 1])) {
                    i++;
                    joined = ATTUNE__TOK_JOINED;
                    continue;
                }
                if (i + 3 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                    (unsigned char)s[i + 2] == 0x99 && is_alpha((unsigned char)s[i + 3])) {
                    i += 3;
                    joined = ATTUNE__TOK_JOINED;
                    continue;
                }
                break;
            }
            out[k].off = base + b;
            out[k].len = (uint32_t)(i - b);
            out[k].flags = ((c >= 'A' && c <= 'Z') ? ATTUNE__TOK_CAP : 0) | joined;
            out[k].lex = (i - b) >= 24 ? NULL : attune__lex_find(lx, s + b, i - b);
            if (out[k].lex)
                out[k].flags |= out[k].lex->flags;
            k++;
        } else if (c >= '0' && c <= '9') {
            size_t b = i;
            while (i < n &&
                   ((s[i] >= '0' && s[i] <= '9') || ((s[i] == '.' || s[i] == ',') && i + 1 < n &&
                                                     s[i + 1] >= '0' && s[i + 1] <= '9')))
                i++;
            if (i < n && (s[i] == 'k' || s[i] == 'K' || s[i] == 'm' || s[i] == 'M') &&
                (i + 1 == n || !is_alpha((unsigned char)s[i + 1])))
                i++;
            out[k].off = base + b;
            out[k].len = (uint32_t)(i - b);
            out[k].flags = ATTUNE__TOK_DIGITS;
            out[k].lex = NULL;
            k++;
        } else {
            i++;
        }
    }
    return k;
}
