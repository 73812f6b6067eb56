/* The tokenizer's common case, inlined where tokens are read in bulk: a
 * token of ASCII letters and digits with only ASCII around it. See
 * tokenize.c for the tokens themselves; attune__next_token is
 * attune__next_token_ascii, then attune__next_token_mixed when the former
 * declines. */
#ifndef ATTUNE_TOKENIZE_ASCII_H
#define ATTUNE_TOKENIZE_ASCII_H

#include "model/model_internal.h"

/* Character classes of the tokenizer. */
enum {
    ATTUNE__C_SEP,
    ATTUNE__C_WORD,
    ATTUNE__C_APOS,
    ATTUNE__C_SKIP,
    ATTUNE__C_STOP,
    ATTUNE__C_NL,
    ATTUNE__C_MB /* a byte of a multibyte character (or not UTF-8) */
};

/* The class of every byte below 0x80; ATTUNE__C_MB for the others. */
extern const unsigned char attune__byte_class[256];

/* The tokenizer with the ASCII characters classified through
 * attune__byte_class and every other character through utf8proc (gives the
 * tokens of attune__next_token_general). */
bool attune__next_token_mixed(const char *s, size_t len, size_t *pos, attune__token *t,
                              char *fold, size_t fold_cap);

/* Eight bytes at a time (little-endian machines with GCC or clang): the
 * high bit of each byte of attune__word_bytes() says whether that byte is an
 * ASCII letter or digit. x is w without the high bits, lower is x | 0x20 in
 * every byte (which lowercases a letter and leaves a digit alone); every
 * byte of x and lower is below 0x80, so the additions never carry into the
 * next byte: a byte b is in [lo, hi] when b + (0x80 - lo) has its high bit
 * set and b + (0x7f - hi) has not. */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ATTUNE__SWAR 1
#define ATTUNE__ONES 0x0101010101010101ull
#define ATTUNE__HIGH 0x8080808080808080ull

static inline uint64_t attune__word_bytes(uint64_t w, uint64_t x, uint64_t lower) {
    uint64_t letter = (lower + 0x1f * ATTUNE__ONES) & ~(lower + 0x05 * ATTUNE__ONES);
    uint64_t digit = (x + 0x50 * ATTUNE__ONES) & ~(x + 0x46 * ATTUNE__ONES);
    return (letter | digit) & ~w & ATTUNE__HIGH;
}
#else
#define ATTUNE__SWAR 0
#endif

/* Sixteen bytes at a time where SSE2 is there (every x86-64): the bit of
 * each byte of attune__word_mask16() says whether it is an ASCII letter or
 * digit. Byte b + (0x80 - lo), read as a signed byte, is below
 * (0x80 - lo) + (hi - lo) + 1 - 0x100 exactly when lo <= b <= hi; bytes at
 * 0x80 and above land outside both ranges (lower = b | 0x20 keeps them
 * there). */
#if ATTUNE__SWAR && defined(__SSE2__)
#include <emmintrin.h>
#define ATTUNE__SSE2 1
static inline unsigned attune__word_mask16(__m128i v, __m128i *lower) {
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(l, _mm_set1_epi8((char)(0x80 - 'a'))),
                                    _mm_set1_epi8((char)(0x80 + 26 - 0x100)));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8((char)(0x80 + 10 - 0x100)));
    *lower = l;
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}
#else
#define ATTUNE__SSE2 0
#endif

/* The common case: reads the next token of s[*pos..len) when it is made of
 * ASCII letters and digits, fits fold (fold_cap bytes), has only ASCII
 * before it since *pos and no apostrophe or multibyte character right after
 * it. Returns 1 with the token (folded into fold), 0 at the end of the text,
 * -1 when the token is not such a one (then nothing was changed but fold's
 * bytes: attune__next_token_mixed reads it from *pos). Separators cost one
 * table lookup per byte and the word is folded eight bytes at a time. */
static inline int attune__next_token_ascii(const char *s, size_t len, size_t *pos,
                                           attune__token *t, char *fold, size_t fold_cap) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *pos;
    bool stop = false;
    unsigned newlines = 0;
    for (;; p++) {
        if (p >= len) {
            *pos = p;
            return 0;
        }
        unsigned c = attune__byte_class[u[p]];
        if (c == ATTUNE__C_SEP || c == ATTUNE__C_APOS)
            continue;
        if (c == ATTUNE__C_WORD)
            break;
        if (c == ATTUNE__C_STOP)
            stop = true;
        else if (c == ATTUNE__C_NL)
            newlines++;
        else
            return -1;
    }
    size_t q = p;
#if ATTUNE__SSE2
    while (q + 16 <= len && q - p + 16 <= fold_cap) {
        __m128i lower;
        unsigned word = attune__word_mask16(_mm_loadu_si128((const __m128i *)(s + q)), &lower);
        _mm_storeu_si128((__m128i *)(fold + (q - p)), lower);
        if (word == 0xffff) {
            q += 16;
            continue;
        }
        q += (size_t)__builtin_ctz(~word);
        goto run_done;
    }
#endif
#if ATTUNE__SWAR
    while (q + 8 <= len && q - p + 8 <= fold_cap) {
        uint64_t w = attune__load64(s + q);
        uint64_t x = w & ~ATTUNE__HIGH;
        uint64_t lower = x | (0x20 * ATTUNE__ONES);
        memcpy(fold + (q - p), &lower, 8);
        uint64_t other = ~attune__word_bytes(w, x, lower) & ATTUNE__HIGH;
        if (!other) {
            q += 8;
            continue;
        }
        q += (size_t)__builtin_ctzll(other) >> 3;
        goto run_done;
    }
#endif
    while (q < len && attune__byte_class[u[q]] == ATTUNE__C_WORD) {
        if (q - p >= fold_cap)
            return -1;
        fold[q - p] = (char)(u[q] | 0x20);
        q++;
    }
#if ATTUNE__SWAR
run_done:
#endif
    if (q < len) {
        unsigned c = attune__byte_class[u[q]];
        if (c == ATTUNE__C_MB || c == ATTUNE__C_APOS)
            return -1;
    }
    t->start = p;
    t->end = q;
    t->boundary = stop || newlines >= 2;
    t->folded_len = q - p;
    *pos = q;
    return 1;
}

#endif
