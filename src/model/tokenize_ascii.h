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
bool attune__next_token_mixed(const char *s, size_t len, size_t *pos, attune__token *t, char *fold,
                              size_t fold_cap);

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
 * digit. Byte b + (0x80 - lo), read as a signed byte, is above
 * (0x80 - lo) + (hi - lo) - 0x100 exactly when b is not in [lo, hi]; bytes
 * at 0x80 and above land outside both ranges (lower = b | 0x20 keeps them
 * there). The constants are read from attune__tok_k (defined in
 * tokenize.c, its values unseen here), an operand each, where the compiler
 * would otherwise build each one anew in a register at every use. */
#if ATTUNE__SWAR && defined(__SSE2__)
#include <emmintrin.h>
#define ATTUNE__SSE2 1
enum {
    ATTUNE__K_20,
    ATTUNE__K_LETTER,
    ATTUNE__K_NOT_LETTER,
    ATTUNE__K_DIGIT,
    ATTUNE__K_NOT_DIGIT,
    ATTUNE__K_SPACE,
    ATTUNE__K_COUNT
};
/* Every byte of row i: 0x20; 0x80 - 'a'; 0x80 + 25 - 0x100; 0x80 - '0';
 * 0x80 + 9 - 0x100; ' '. */
extern const __m128i attune__tok_k[ATTUNE__K_COUNT];

static inline unsigned attune__word_mask16(__m128i v, __m128i *lower) {
    __m128i l = _mm_or_si128(v, attune__tok_k[ATTUNE__K_20]);
    __m128i not_letter = _mm_cmpgt_epi8(_mm_add_epi8(l, attune__tok_k[ATTUNE__K_LETTER]),
                                        attune__tok_k[ATTUNE__K_NOT_LETTER]);
    __m128i not_digit = _mm_cmpgt_epi8(_mm_add_epi8(v, attune__tok_k[ATTUNE__K_DIGIT]),
                                       attune__tok_k[ATTUNE__K_NOT_DIGIT]);
    *lower = l;
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(not_letter, not_digit)) ^ 0xffffu;
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
static inline int attune__next_token_ascii(const char *s, size_t len, size_t *pos, attune__token *t,
                                           char *fold, size_t fold_cap) {
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


/* Wider still where SSE2 is there: a token that starts and ends within the
 * 16 bytes from *pos, after a gap of spaces only, is read from one load and
 * never copied: its key words come from the text (see
 * attune__next_token_wide). Loads near the end of the text come from a copy
 * of its last bytes (attune__tail_init), so that no load reads past it. */
#define ATTUNE__TAIL_TEXT 32 /* bytes of the text copied */
#define ATTUNE__TAIL 64      /* size of the copy: then pad bytes */

/* Fills tail (ATTUNE__TAIL bytes) for s[0..len): its last
 * min(len, ATTUNE__TAIL_TEXT) bytes end at tail + ATTUNE__TAIL_TEXT, and
 * zero bytes (separators, neither word bytes nor spaces) follow them. */
static inline void attune__tail_init(char *tail, const char *s, size_t len) {
    memset(tail + ATTUNE__TAIL_TEXT, 0, ATTUNE__TAIL - ATTUNE__TAIL_TEXT);
    if (len >= ATTUNE__TAIL_TEXT) {
        memcpy(tail, s + len - ATTUNE__TAIL_TEXT, ATTUNE__TAIL_TEXT);
    } else {
        memset(tail, 0, ATTUNE__TAIL_TEXT);
        if (len)
            memcpy(tail + ATTUNE__TAIL_TEXT - len, s, len);
    }
}

/* For tests: attune__next_token_wide, where it reads the token, else
 * attune__next_token (both give the tokens of attune__next_token_general). */
bool attune__next_token_wide_test(const char *s, size_t len, size_t *pos, attune__token *t,
                                  char *fold, size_t fold_cap);

/* Where attune__next_token_wide loads from: the bytes of position q are at
 * base + q as long as q <= lim; past lim, at the copy (tail). */
typedef struct attune__wide_src {
    uintptr_t base;
    size_t lim;
} attune__wide_src;

#if ATTUNE__SSE2

static inline uintptr_t attune__wide_tail(const char *tail, size_t len) {
    return (uintptr_t)tail + ATTUNE__TAIL_TEXT - len; /* (unsigned: may wrap) */
}

static inline attune__wide_src attune__wide_init(const char *s, size_t len, const char *tail) {
    if (len >= ATTUNE__TAIL_TEXT)
        return (attune__wide_src){(uintptr_t)s, len - ATTUNE__TAIL_TEXT};
    return (attune__wide_src){attune__wide_tail(tail, len), SIZE_MAX};
}

/* The common case of attune__next_token_ascii in one 16-byte load: reads
 * the next token of s[*pos..len) when the bytes before it since *pos are
 * spaces, it is made of ASCII letters and digits, ends within the 16 bytes
 * from *pos and is not followed by an apostrophe or a multibyte character.
 * Returns 1 with the token's start and length (1 to 15) and its folded
 * bytes as the words *w0 and *w1 (the first 8 and the rest, zero past its
 * end: a token's key, model_internal.h), 0 when the text has no word left
 * (only ASCII separators), -1 when the token is not such a one (then
 * nothing was changed but *at: attune__next_token_ascii reads it from
 * *pos). *at: from attune__wide_init for the same text and its tail
 * (attune__tail_init). Loads stay within s[0..len) or tail: a load at q
 * reads 16 bytes and the words of a token at most 16 bytes from q + 15, so
 * q + 32 <= len reads the text itself, and other positions read the copy
 * (whose zero bytes past the text end any word and say that no word is
 * left). The load's address is base + q, without a choice between the two
 * on the way from one token's end to the next token's load. */
static inline int attune__next_token_wide(size_t len, const char *tail, attune__wide_src *at,
                                          size_t *pos, size_t *start, size_t *n, uint64_t *w0,
                                          uint64_t *w1) {
    size_t q = *pos;
    if (q > at->lim) { /* once per text: from here on, the copy */
        at->base = attune__wide_tail(tail, len);
        at->lim = SIZE_MAX;
    }
    const char *p = (const char *)(at->base + q);
    __m128i v = _mm_loadu_si128((const __m128i *)p), lower;
    unsigned word = attune__word_mask16(v, &lower);
    unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, attune__tok_k[ATTUNE__K_SPACE]));
    if (!word) {
        /* no word left unless a multibyte character is a letter */
        if (q + 16 < len || _mm_movemask_epi8(v))
            return -1;
        *pos = len;
        return 0;
    }
    unsigned f = (unsigned)__builtin_ctz(word);
    if (~space & ((1u << f) - 1))
        return -1; /* a gap of other separators, sentence ends or lines */
    /* the word's end: the first byte past f that is not a word byte (-word
     * keeps the bits from f up; ~word has bits 16 and up, so 16 when the
     * word reaches the last byte), found from word directly rather than
     * from f, which would lengthen the chain from one token to the next */
    unsigned e = (unsigned)__builtin_ctz(~word & -word);
    if (e >= 16)
        return -1; /* the word may go on */
    unsigned k = e - f;
    unsigned c = attune__byte_class[(unsigned char)p[e]];
    if (c == ATTUNE__C_MB || c == ATTUNE__C_APOS)
        return -1;
    uint64_t a = attune__load64(p + f) | 0x20 * ATTUNE__ONES;
    if (k <= 8) {
        *w0 = a & (~0ull >> (64 - 8 * k));
        *w1 = 0;
    } else {
        *w0 = a;
        *w1 = (attune__load64(p + f + 8) | 0x20 * ATTUNE__ONES) & (~0ull >> (128 - 8 * k));
    }
    *start = q + f;
    *n = k;
    *pos = q + e;
    return 1;
}
#endif

#endif
