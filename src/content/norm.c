/* Block texts: the text module's normalization (NFC, invisible characters
 * removed, ill-formed UTF-8 repaired, with its offset map) applied to the
 * stretches of a block between runs of white space, which become one space.
 * Bullets and item numbers at the start of lines are left out. */
#include "content/parse.h"

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

int32_t attune__norm_append(const char *s, size_t start, size_t end, int strip_bullets,
                            attune__buf *text, attune__omap *map) {
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
        while (i < end) {
            unsigned char c = (unsigned char)s[i];
            if (c > 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            if (c == ' ' && i + 1 < end && !blank_len(s, i + 1, end)) {
                i++;
                continue;
            }
            if (c >= 0x80 && !blank_len(s, i, end)) {
                i++;
                continue;
            }
            break;
        }
        if (all_invisible(s, a, i))
            continue;
        if (pending != ATTUNE__NIL && text->len > base) {
            size_t at = text->len;
            if ((rc = attune__buf_putc(text, ' ')))
                return rc;
            if ((rc = attune__omap_add(map, at, 1, pending, pending + 1, 1)))
                return rc;
        }
        pending = ATTUNE__NIL;
        rc = attune__normalize_append(text, map, s + a, i - a, a, NORM_FLAGS, NULL);
        if (rc)
            return rc;
    }
    return ATTUNE_OK;
}
