/*
 * attune/text.h - UTF-8 validation, repair, normalization and folding.
 *
 * Everything here works on byte strings given as (pointer, length); no
 * function needs a terminating NUL and embedded NULs are ordinary characters.
 * Unicode normalization and case folding are utf8proc's: with only the
 * ATTUNE_NORM_NFC / NFKC / CASEFOLD flags the result is byte-identical to
 * utf8proc_map() with the matching options, attune only skips the parts of
 * the text that cannot change.
 */
#ifndef ATTUNE_TEXT_H
#define ATTUNE_TEXT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Normalization flags (combinable with |). 0 = none: the text is validated
 * and copied unchanged. */
#define ATTUNE_NORM_NONE 0u
/* Unicode NFC (utf8proc_map with UTF8PROC_STABLE | UTF8PROC_COMPOSE). */
#define ATTUNE_NORM_NFC (1u << 0)
/* Unicode NFKC (adds UTF8PROC_COMPAT). Implies ATTUNE_NORM_NFC. */
#define ATTUNE_NORM_NFKC (1u << 1)
/* Unicode case folding with NFC composition (utf8proc_map with
 * UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD; with
 * ATTUNE_NORM_NFKC it adds UTF8PROC_COMPAT too). */
#define ATTUNE_NORM_CASEFOLD (1u << 2)
/* Typographic folding: curly and low-9 quotes to ' and ", hyphens, dashes and
 * minus signs to -, bullet and middle-dot characters to U+2022, no-break and
 * other Unicode spaces to U+0020, horizontal ellipsis to "...". With
 * NFC/NFKC/CASEFOLD, characters that normalization would turn into those
 * (U+0387 into U+00B7, with NFKC U+FE58 into U+2014, ...) are folded too, so
 * none of them is left in the output. */
#define ATTUNE_NORM_FOLD_TYPOGRAPHY (1u << 3)
/* Removes zero-width characters (U+200B, U+200C, U+2060, U+180E), soft
 * hyphens, byte-order marks and bidirectional controls. A ZERO WIDTH JOINER
 * is removed too, except inside an emoji sequence (between an emoji, with
 * its modifiers and variation selectors, and a following emoji). */
#define ATTUNE_NORM_STRIP_INVISIBLE (1u << 4)
/* Ill-formed UTF-8 becomes U+FFFD (one per maximal ill-formed subpart, as
 * the Unicode standard recommends) instead of an ATTUNE_EUTF8 error. With
 * this flag the output is always valid UTF-8. */
#define ATTUNE_NORM_REPAIR (1u << 5)
/* Repairs mojibake: runs of characters that are UTF-8 bytes decoded as
 * Windows-1252 or Latin-1 ("\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2" for U+2019).
 * A run (a maximal stretch of non-ASCII characters that have a byte value in
 * Windows-1252/Latin-1) is replaced only when its bytes form valid UTF-8 as
 * a whole; double encodings are undone too. Genuine Latin-1 text ("caf\xC3\xA9")
 * never round-trips and is left alone. */
#define ATTUNE_NORM_FIX_MOJIBAKE (1u << 6)
/* Every flag this version knows; others are rejected with ATTUNE_EINVAL. */
#define ATTUNE_NORM_ALL_FLAGS (0x7Fu)

/* Checks that s[0..len) is well-formed UTF-8 as Unicode's table of
 * well-formed byte sequences defines it (no overlongs, surrogates, code
 * points above U+10FFFF or truncated sequences). Returns ATTUNE_OK, or
 * ATTUNE_EUTF8 and stores in *error_offset (when not NULL) the byte offset of
 * the first byte of the first ill-formed sequence; ATTUNE_EINVAL when s is
 * NULL and len > 0. Allocates nothing. Thread-safe. */
ATTUNE_API int32_t attune_utf8_validate(const char *s, size_t len, size_t *error_offset);

/* Normalizes s[0..len) under `flags` (ATTUNE_NORM_*). The stages run in
 * this order: repair, mojibake repair, invisible-character removal and
 * typographic folding, then NFC/NFKC/case folding, so the result is always
 * in the requested normalization form. On success *out receives a new
 * NUL-terminated buffer (release it with attune_free) and *out_len its length
 * without the NUL. Returns ATTUNE_OK; ATTUNE_EUTF8 (offset in err) for
 * ill-formed input without ATTUNE_NORM_REPAIR; ATTUNE_EINVAL for NULL
 * arguments or unknown flags; ATTUNE_ENOMEM. On failure *out is set to NULL
 * and nothing is allocated. Thread-safe. */
ATTUNE_API int32_t attune_normalize(const char *s, size_t len, uint32_t flags, char **out,
                                    size_t *out_len, attune_error *err);

/* A normalized text together with the map from every byte of it back to the
 * input bytes it came from. Immutable once made; may be read from several
 * threads at once. */
typedef struct attune_text attune_text;

/* Normalizes s[0..len) as attune_normalize does and keeps the offset map.
 * The input is not retained. On success *out receives the handle (release it
 * with attune_text_free). Returns the same codes as attune_normalize; on
 * failure *out is NULL. Thread-safe. */
ATTUNE_API int32_t attune_text_new(const char *s, size_t len, uint32_t flags, attune_text **out,
                                   attune_error *err);

/* Releases a text made by attune_text_new. Accepts NULL. Not to be called
 * while another thread still reads the text. */
ATTUNE_API void attune_text_free(attune_text *t);

/* The normalized bytes, borrowed (valid while t lives) and NUL-terminated.
 * Returns ATTUNE_OK, or ATTUNE_EINVAL when an argument is NULL. Allocates
 * nothing. Thread-safe (the text is only read). */
ATTUNE_API int32_t attune_text_get(const attune_text *t, const char **ptr, size_t *len);

/* Length in bytes of the input the text was made from. Returns 0 for NULL.
 * Thread-safe. */
ATTUNE_API size_t attune_text_source_length(const attune_text *t);

/* Maps a byte offset into the normalized text (0..len) to a byte offset into
 * the input: a byte copied unchanged maps to its own input byte; a byte of a
 * replaced or recomposed piece maps to the first input byte of that piece;
 * `len` maps to the input's end. Returns ATTUNE_NO_OFFSET when t is NULL or
 * the offset is beyond len. O(log n) in the number of changed pieces.
 * Thread-safe. */
ATTUNE_API size_t attune_text_source_offset(const attune_text *t, size_t out_offset);

/* Maps the normalized range [out_start, out_end) to the smallest input range
 * [*src_start, *src_end) that produced it (whole replaced pieces included).
 * An empty range maps to an empty range at attune_text_source_offset of
 * out_start. Returns ATTUNE_OK, or ATTUNE_EINVAL for NULL arguments or a
 * range that is reversed or beyond the text. Thread-safe. */
ATTUNE_API int32_t attune_text_source_span(const attune_text *t, size_t out_start, size_t out_end,
                                           size_t *src_start, size_t *src_end);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_TEXT_H */
