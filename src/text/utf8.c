/* UTF-8 validation and decoding: an ASCII fast path (16 bytes at a time
 * with SSE2, 8 with plain words elsewhere) and an exact decoder following
 * Unicode's table of well-formed byte sequences. */
#include "text/text_internal.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t attune__ascii_prefix(const unsigned char *s, size_t len) {
    size_t i = 0;
#if defined(__SSE2__)
    while (i + 64 <= len) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 48));
        __m128i o = _mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d));
        if (_mm_movemask_epi8(o))
            break;
        i += 64;
    }
    while (i + 16 <= len) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
#else
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
        i += 8;
    }
#endif
    while (i < len && s[i] < 0x80)
        i++;
    return i;
}

size_t attune__utf8_decode(const unsigned char *p, size_t n, uint32_t *cp, size_t *ill) {
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    uint32_t v;
    if (c < 0xC2) {
        *ill = 1;
        return 0;
    } else if (c < 0xE0) {
        need = 2;
        v = c & 0x1F;
    } else if (c < 0xF0) {
        need = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        need = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        *ill = 1;
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        unsigned b = k < n ? p[k] : 0x100;
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *ill = k;
            return 0;
        }
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return need;
}

size_t attune__utf8_encode(uint32_t cp, unsigned char out[4]) {
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Checks the multibyte sequences from p on until the next ASCII byte or the
 * end; returns the offset reached (an ill-formed sequence's start stops it). */
static size_t valid_multibyte_run(const unsigned char *s, size_t i, size_t len) {
    while (i < len && s[i] >= 0x80) {
        unsigned c = s[i];
        if (c >= 0xC2 && c < 0xE0) {
            if (i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
                i += 2;
                continue;
            }
            return i;
        }
        uint32_t cp;
        size_t ill;
        size_t n = attune__utf8_decode(s + i, len - i, &cp, &ill);
        if (!n)
            return i;
        i += n;
    }
    return i;
}

size_t attune__utf8_valid_prefix(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        i += attune__ascii_run(s + i, len - i);
        if (i >= len)
            break;
        size_t j = valid_multibyte_run(s, i, len);
        if (j < len && s[j] >= 0x80)
            return j;
        i = j;
    }
    return len;
}

int32_t attune_utf8_validate(const char *s, size_t len, size_t *error_offset) {
    if (!s && len)
        return ATTUNE_EINVAL;
    size_t v = s ? attune__utf8_valid_prefix(s, len) : 0;
    if (v == len)
        return ATTUNE_OK;
    if (error_offset)
        *error_offset = v;
    return ATTUNE_EUTF8;
}
