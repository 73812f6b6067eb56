/* Growable byte buffers and the small formatting helpers built on them. */
#include "internal.h"

#include <assert.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

int32_t attune__buf_reserve(attune__buf *b, size_t extra) {
    assert(b && (b->cap == 0 || b->len < b->cap));
    if (extra > SIZE_MAX - b->len - 1)
        return ATTUNE_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return ATTUNE_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = attune__realloc(b->data, cap);
    if (!p)
        return ATTUNE_ENOMEM;
    b->data = p;
    b->cap = cap;
    return ATTUNE_OK;
}

int32_t attune__buf_append(attune__buf *b, const void *p, size_t n) {
    int32_t rc = attune__buf_reserve(b, n);
    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ATTUNE_OK;
}

int32_t attune__buf_putc(attune__buf *b, char c) { return attune__buf_append(b, &c, 1); }

int32_t attune__buf_puts(attune__buf *b, const char *s) {
    return attune__buf_append(b, s, strlen(s));
}

int32_t attune__buf_put_u64(attune__buf *b, uint64_t v) {
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return attune__buf_append(b, tmp + i, sizeof tmp - i);
}

int32_t attune__buf_put_i64(attune__buf *b, int64_t v) {
    if (v < 0) {
        int32_t rc = attune__buf_putc(b, '-');
        if (rc)
            return rc;
        return attune__buf_put_u64(b, (uint64_t)0 - (uint64_t)v);
    }
    return attune__buf_put_u64(b, (uint64_t)v);
}

int32_t attune__buf_put_double(attune__buf *b, double v, int digits) {
    char tmp[64];
    if (!isfinite(v))
        v = 0.0;
    if (digits < 0)
        digits = 0;
    if (digits > 17)
        digits = 17;
    int n = snprintf(tmp, sizeof tmp, "%.*f", digits, v);
    if (n <= 0 || (size_t)n >= sizeof tmp)
        return attune__buf_puts(b, "0");
    if (digits > 0) {
        while (n > 1 && tmp[n - 1] == '0')
            n--;
        if (tmp[n - 1] == '.')
            n--;
    }
    if (n == 2 && tmp[0] == '-' && tmp[1] == '0')
        return attune__buf_puts(b, "0");
    return attune__buf_append(b, tmp, (size_t)n);
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 if ill-formed. */
static size_t utf8_seq_len(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;
        if (c == 0xED && s[1] > 0x9F)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] > 0x8F)
            return 0;
        return 4;
    }
    return 0;
}

int32_t attune__buf_put_json_string(attune__buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    int32_t rc = attune__buf_putc(b, '"');
    size_t i = 0;
    while (!rc && i < n) {
        size_t run = i;
        while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
            run++;
        if (run > i) {
            rc = attune__buf_append(b, p + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t k = utf8_seq_len(p + i, n - i);
            if (k) {
                rc = attune__buf_append(b, p + i, k);
                i += k;
            } else {
                rc = attune__buf_append(b, "\xEF\xBF\xBD", 3);
                i++;
            }
            continue;
        }
        char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
        size_t elen = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            elen = 6;
        }
        rc = attune__buf_append(b, esc, elen);
        i++;
    }
    return rc ? rc : attune__buf_putc(b, '"');
}

void attune__buf_free(attune__buf *b) {
    attune__free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *attune__buf_detach(attune__buf *b, size_t *len) {
    if (!b->data && attune__buf_reserve(b, 0))
        return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
