/* Block texts: the text module's normalization (NFC, invisible characters
 * removed, ill-formed UTF-8 repaired, with its offset map) applied to the
 * stretches of a block between runs of white space, which become one space.
 * Bullets and item numbers at the start of lines are left out. */
#include "content/content_internal.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes of a white-space character at s[i] that separates words (ASCII
 * spaces and controls, no-break and other Unicode spaces), else 0. */
static size_t blank_len(const char *s, size_t i, size_t end) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c == 0x7F)
        return 1;
    if (c < 0xC2)
        return 0;
    unsigned char c1 = i + 1 < end ? (unsigned char)s[i + 1] : 0;
    if (c == 0xC2)
        return c1 == 0xA0 ? 2 : 0;
    if (i + 2 >= end)
        return 0;
    unsigned char c2 = (unsigned char)s[i + 2];
    if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
        return 3;
    if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
        return 3;
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
        return 3;
    if (c == 0xE1 && c1 == 0x9A && c2 == 0x80)
        return 3;
    return 0;
}

/* Whether s[a..b) holds only characters the normalization removes. */
static int all_invisible(const char *s, size_t a, size_t b) {
    while (a < b) {
        unsigned char c = (unsigned char)s[a];
        if (c == 0xC2 && a + 1 < b && (unsigned char)s[a + 1] == 0xAD) {
            a += 2;
            continue;
        }
        if (a + 2 < b + 0 && c == 0xE2) {
            unsigned char c1 = (unsigned char)s[a + 1], c2 = (unsigned char)s[a + 2];
            if ((c1 == 0x80 && ((c2 >= 0x8B && c2 <= 0x8F) || (c2 >= 0xAA && c2 <= 0xAE))) ||
                (c1 == 0x81 && c2 >= 0xA0 && c2 <= 0xAF)) {
                a += 3;
                continue;
            }
        }
        if (c == 0xEF && a + 2 < b && (unsigned char)s[a + 1] == 0xBB &&
            (unsigned char)s[a + 2] == 0xBF) {
            a += 3;
            continue;
        }
        return 0;
    }
    return 1;
}

#define NORM_FLAGS (ATTUNE_NORM_NFC | ATTUNE_NORM_STRIP_INVISIBLE | ATTUNE_NORM_REPAIR)

/* Length of the run at s[0..n) of bytes 0x21..0x7E and spaces followed by
 * one of those, 16 bytes at a time; it may stop early (the caller's byte
 * loop goes on from there). */
static size_t printable_run(const char *s, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i lo = _mm_set1_epi8(0x1F), hi = _mm_set1_epi8(0x7F), sp = _mm_set1_epi8(' ');
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned in = (unsigned)_mm_movemask_epi8(
            _mm_and_si128(_mm_cmpgt_epi8(v, lo), _mm_cmplt_epi8(v, hi)));
        unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp));
        /* stop at a byte out of the class, or at a space before one or
         * before another space (the byte loop decides those) */
        unsigned bad = (~in | (spaces & ((spaces | ~in) >> 1))) & 0xFFFFu;
        if (bad)
            return i + (size_t)__builtin_ctz(bad);
        i += 16; /* (a space in the last byte is "bad": its next byte is unknown) */
    }
#else
    (void)s;
    (void)n;
#endif
    return i;
}

/* Whether s[i..end) starts with one of the common typographic characters
 * – — ‘ ’ “ ” • … (U+2013 U+2014 U+2018 U+2019 U+201C U+201D U+2022
 * U+2026), which the normalization leaves as they are: well-formed, visible,
 * in NFC, and none combines with a character next to it. */
static int typographic(const char *s, size_t i, size_t end) {
    if (i + 2 >= end || (unsigned char)s[i] != 0xE2 || (unsigned char)s[i + 1] != 0x80)
        return 0;
    unsigned c = (unsigned char)s[i + 2];
    /* bit (c - 0x90) of the set above */
    return c >= 0x90 && c < 0xB0 && ((0x00443318u >> (c - 0x90)) & 1u);
}

/* The stretches of [start, end): with `fast`, printable ASCII (and the
 * typographic characters above) goes in by one copy and one piece of map
 * per stretch instead of through the text module's normalization (which
 * gives the same bytes and map for it). */
static int32_t norm_append(const char *s, size_t start, size_t end, int strip_bullets,
                           attune__buf *text, attune__omap *map, int fast) {
    size_t base = text->len;
    size_t i = start;
    size_t pending = ATTUNE__NIL; /* source offset of a folded run of spaces */
    int line_start = 1;
    int32_t rc;
    while (i < end) {
        /* skip white space, remembering it */
        size_t k;
        while (i < end && (k = blank_len(s, i, end)) != 0) {
            if (s[i] == '\n' || s[i] == '\r')
                line_start = 1;
            if (pending == ATTUNE__NIL)
                pending = i;
            i += k;
        }
        if (i >= end)
            break;
        if (line_start && strip_bullets) {
            int numbered;
            size_t bl = attune__bullet_len(s + i, end - i, &numbered);
            line_start = 0;
            if (bl) {
                if (pending == ATTUNE__NIL)
                    pending = i;
                i += bl;
                continue;
            }
        }
        line_start = 0;
        /* a stretch up to the next separating white space (single ASCII
         * spaces between words stay inside the stretch) */
        size_t a = i;
        int ascii = 1;
        while (i < end) {
            if (fast)
                i += printable_run(s + i, end - i);
            if (i >= end)
                break;
            unsigned char c = (unsigned char)s[i];
            if (c > 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            if (c == ' ' && i + 1 < end && !blank_len(s, i + 1, end)) {
                i++;
                continue;
            }
            if (fast && c == 0xE2 && typographic(s, i, end)) {
                i += 3; /* copied as it is, like ASCII */
                continue;
            }
            if (c >= 0x80 && !blank_len(s, i, end)) {
                ascii = 0;
                i++;
                continue;
            }
            break;
        }
        if (!ascii && all_invisible(s, a, i))
            continue;
        if (pending != ATTUNE__NIL && text->len > base) {
            size_t at = text->len;
            if ((rc = attune__buf_putc(text, ' ')))
                return rc;
            if ((rc = attune__omap_add(map, at, 1, pending, pending + 1, 1)))
                return rc;
        }
        pending = ATTUNE__NIL;
        if (fast && ascii) {
            size_t at = text->len;
            if ((rc = attune__buf_append(text, s + a, i - a)) ||
                (rc = attune__omap_add(map, at, i - a, a, i, 1)))
                return rc;
            continue;
        }
        rc = attune__normalize_append(text, map, s + a, i - a, a, NORM_FLAGS, NULL);
        if (rc)
            return rc;
    }
    return ATTUNE_OK;
}

int32_t attune__norm_append(const char *s, size_t start, size_t end, int strip_bullets,
                            attune__buf *text, attune__omap *map) {
    return norm_append(s, start, end, strip_bullets, text, map, 1);
}

int32_t attune__norm_append_ref(const char *s, size_t start, size_t end, int strip_bullets,
                                attune__buf *text, attune__omap *map) {
    return norm_append(s, start, end, strip_bullets, text, map, 0);
}
