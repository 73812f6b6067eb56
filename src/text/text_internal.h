/* Private interface of the text module, for the other modules of attune:
 * fast validation, UTF-8 decoding, and normalization that appends to a
 * growable buffer while recording where every output byte came from. */
#ifndef ATTUNE_TEXT_INTERNAL_H
#define ATTUNE_TEXT_INTERNAL_H

#include "attune/text.h"
#include "core/internal.h"

#include <stddef.h>
#include <stdint.h>

/* Length of the longest prefix of s[0..len) that is pure ASCII. */
size_t attune__ascii_prefix(const unsigned char *s, size_t len);

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The same, answering short runs (under 16 bytes) without a call: text
 * with some non-ASCII characters has many of them. */
static inline size_t attune__ascii_run(const unsigned char *s, size_t len) {
#if defined(__SSE2__)
    if (len >= 16) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)s));
        if (m)
            return (size_t)__builtin_ctz((unsigned)m);
        return 16 + attune__ascii_prefix(s + 16, len - 16);
    }
#endif
    return attune__ascii_prefix(s, len);
}

/* Length of the longest well-formed UTF-8 prefix of s[0..len): len when the
 * whole string is valid, else the offset of the first ill-formed sequence. */
size_t attune__utf8_valid_prefix(const char *s, size_t len);

/* Decodes one sequence at p (n > 0 bytes available). Returns its length
 * (1..4) and stores the code point, or returns 0 when the bytes at p are
 * ill-formed and stores in *ill the length of the maximal ill-formed subpart
 * (1..3), the bytes that one U+FFFD replaces. */
size_t attune__utf8_decode(const unsigned char *p, size_t n, uint32_t *cp, size_t *ill);

/* Encodes cp (<= U+10FFFF, not a surrogate) into out; returns 1..4. */
size_t attune__utf8_encode(uint32_t cp, unsigned char out[4]);

/* One piece of an offset map: output bytes [out, out + out_len) came from
 * input bytes [src, src_end). A linear piece is a byte-for-byte copy
 * (out_len == src_end - src, byte k maps to src + k); any other piece maps
 * every byte to the whole source range. */
typedef struct attune__seg {
    size_t out;
    size_t src;
    size_t src_end;
    size_t linear; /* 1 for a byte-for-byte copy, 0 otherwise */
} attune__seg;

/* An offset map: pieces sorted by `out`, contiguous in the output (gaps are
 * never recorded; a piece ends where the next one starts, the last one at
 * the output's length). Zero-initialise. */
typedef struct attune__omap {
    attune__seg *seg;
    size_t n;
    size_t cap;
} attune__omap;

/* Records output [out, out + out_len) as coming from [src, src_end); merges
 * with the previous piece when it continues it. Pieces must be added in
 * output order. out_len == 0 records nothing. Returns ATTUNE_OK or
 * ATTUNE_ENOMEM. A NULL map records nothing and returns ATTUNE_OK. */
int32_t attune__omap_add(attune__omap *m, size_t out, size_t out_len, size_t src, size_t src_end,
                         int linear);
void attune__omap_free(attune__omap *m);
/* Input offset of output byte `off` (0..out_total), as
 * attune_text_source_offset defines it; `src_total` is what out_total maps
 * to. Returns ATTUNE_NO_OFFSET for off > out_total. */
size_t attune__omap_lookup(const attune__omap *m, size_t out_total, size_t src_total, size_t off);
/* Input range of output range [a, b) (a <= b <= out_total). */
void attune__omap_span(const attune__omap *m, size_t out_total, size_t src_total, size_t a,
                       size_t b, size_t *sa, size_t *sb);

/* Appends the normalized form (ATTUNE_NORM_* flags) of s[0..len) to `out`
 * and, when `map` is not NULL, records for every appended byte the range of
 * the input it came from, as offsets into s plus `src_base` (so that a
 * caller normalizing a span of a larger input gets offsets into the whole
 * input). Error offsets are reported the same way. On failure `out` and
 * `map` are restored to their previous lengths. The fast entry for modules
 * that build texts piece by piece. */
int32_t attune__normalize_append(attune__buf *out, attune__omap *map, const char *s, size_t len,
                                 size_t src_base, uint32_t flags, attune_error *err);

/* Stage 1 (repair, mojibake, invisible characters, typography), as
 * attune__normalize_append with only those flags. */
int32_t attune__prep_append(attune__buf *out, attune__omap *map, const char *s, size_t len,
                            size_t src_base, uint32_t flags, attune_error *err);

/* Stage 2 (NFC, NFKC, case folding through utf8proc), on input that may be
 * ill-formed: returns ATTUNE_EUTF8 with the offset (relative to s, plus
 * src_base) of the first ill-formed sequence, leaving out/map partly
 * appended (the caller restores them). */
int32_t attune__unorm_append(attune__buf *out, attune__omap *map, const char *s, size_t len,
                             size_t src_base, uint32_t flags, attune_error *err);

/* 0 when stage 2 under `flags` leaves the valid UTF-8 s[0..len) unchanged
 * (every code point inert, no case folding), 1 when it may change it. */
int attune__unorm_changes(const char *s, size_t len, uint32_t flags);

#endif
