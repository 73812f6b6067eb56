/* Reading fastText's supervised training format:
 *
 *   __label__a __label__b some text of the example
 *
 * one example a line. Tokens are separated by ASCII white space; every token
 * that starts with "__label__" is a label (fastText's rule, wherever it
 * stands); the rest is the text. Lines may end with LF or CRLF; blank lines
 * are skipped. Ill-formed UTF-8 and NUL bytes are errors with their offset. */
#include "train/train_internal.h"

#include <string.h>
#include <utf8proc.h>

#define FT_PREFIX "__label__"
#define FT_PREFIX_LEN 9

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* Checks [p, p+n) for well-formed UTF-8 and NUL bytes; on failure returns
 * the status and sets *bad to the offset of the first bad byte. */
static int32_t check_bytes(const unsigned char *p, size_t n, size_t *bad) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            utf8proc_int32_t cp;
            size_t avail = n - i < 4 ? n - i : 4;
            utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)avail, &cp);
            if (k <= 0) {
                *bad = i;
                return ATTUNE_EUTF8;
            }
            i += (size_t)k;
            continue;
        }
        if (c == 0) {
            *bad = i;
            return ATTUNE_EPARSE;
        }
        i++;
    }
    return ATTUNE_OK;
}

typedef struct ft_scratch {
    const char **ptrs;
    size_t *lens;
    size_t *offs;
    size_t cap;
    attune__buf text; /* the text with mid-text label tokens blanked */
} ft_scratch;

static int32_t add_label(ft_scratch *s, size_t *n, const char *p, size_t len, size_t off) {
    if (*n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        const char **ptrs = attune__realloc_array((void *)s->ptrs, nc, sizeof *ptrs);
        if (!ptrs)
            return ATTUNE_ENOMEM;
        s->ptrs = ptrs;
        size_t *lens = attune__realloc_array(s->lens, nc, sizeof *lens);
        if (!lens)
            return ATTUNE_ENOMEM;
        s->lens = lens;
        size_t *offs = attune__realloc_array(s->offs, nc, sizeof *offs);
        if (!offs)
            return ATTUNE_ENOMEM;
        s->offs = offs;
        s->cap = nc;
    }
    s->ptrs[*n] = p;
    s->lens[*n] = len;
    s->offs[*n] = off;
    (*n)++;
    return ATTUNE_OK;
}

static int32_t read_line(const char *data, size_t start, size_t end, ft_scratch *s,
                         attune__ft_fn fn, void *ud, attune_error *err) {
    size_t bad = 0;
    int32_t rc = check_bytes((const unsigned char *)data + start, end - start, &bad);
    if (rc == ATTUNE_EUTF8)
        return attune__fail(err, rc, "ill-formed UTF-8 in the training data", start + bad);
    if (rc)
        return attune__fail(err, rc, "NUL byte in the training data", start + bad);

    size_t nlabels = 0, text_start = end, text_end = start;
    bool mid_labels = false;
    size_t i = start;
    while (i < end) {
        while (i < end && is_space((unsigned char)data[i]))
            i++;
        if (i == end)
            break;
        size_t t0 = i;
        while (i < end && !is_space((unsigned char)data[i]))
            i++;
        size_t tlen = i - t0;
        if (tlen >= FT_PREFIX_LEN && memcmp(data + t0, FT_PREFIX, FT_PREFIX_LEN) == 0) {
            size_t nlen = tlen - FT_PREFIX_LEN;
            if (nlen == 0)
                return attune__fail(err, ATTUNE_EPARSE, "empty label name after __label__", t0);
            if (nlen > ATTUNE__TRAIN_MAX_LABEL_LEN)
                return attune__fail(err, ATTUNE_ELIMIT, "label name longer than 200 bytes", t0);
            for (size_t k = t0 + FT_PREFIX_LEN; k < i; k++)
                if (data[k] == '=' || data[k] == ':' || (unsigned char)data[k] < ' ' ||
                    data[k] == 0x7f)
                    return attune__fail(err, ATTUNE_EPARSE,
                                        "label name with '=', ':' or a control character", k);
            rc = add_label(s, &nlabels, data + t0 + FT_PREFIX_LEN, nlen, t0 + FT_PREFIX_LEN);
            if (rc)
                return attune__fail(err, rc, "out of memory reading the training data", t0);
            if (text_start != end)
                mid_labels = true;
        } else {
            if (text_start == end)
                text_start = t0;
            text_end = i;
        }
    }
    if (nlabels == 0 && text_start == end)
        return ATTUNE_OK; /* blank line */

    attune__ft_line line;
    memset(&line, 0, sizeof line);
    line.line_offset = start;
    line.nlabels = nlabels;
    line.label_ptrs = s->ptrs;
    line.label_lens = s->lens;
    line.label_offsets = s->offs;
    if (text_start == end) {
        line.text = data + end;
        line.text_len = 0;
        line.text_offset = end;
    } else {
        line.text = data + text_start;
        line.text_len = text_end - text_start;
        line.text_offset = text_start;
        if (mid_labels) {
            /* Blank the label tokens inside the text (same length, so the
             * offsets still map to the data). */
            s->text.len = 0;
            rc = attune__buf_append(&s->text, line.text, line.text_len);
            if (rc)
                return attune__fail(err, rc, "out of memory reading the training data", start);
            for (size_t k = 0; k < nlabels; k++) {
                size_t lo = s->offs[k] - FT_PREFIX_LEN;
                if (lo < text_start || lo >= text_end)
                    continue;
                memset(s->text.data + (lo - text_start), ' ', s->lens[k] + FT_PREFIX_LEN);
            }
            line.text = s->text.data;
        }
    }
    return fn(ud, &line, err);
}

int32_t attune__ft_read(const char *data, size_t len, attune__ft_fn fn, void *ud,
                        attune_error *err) {
    if (!data && len)
        return attune__fail(err, ATTUNE_EINVAL, "training data is NULL", ATTUNE_NO_OFFSET);
    ft_scratch s;
    memset(&s, 0, sizeof s);
    int32_t rc = ATTUNE_OK;
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t line_end = nl ? (size_t)(nl - data) : len;
        rc = read_line(data, pos, line_end, &s, fn, ud, err);
        if (rc)
            break;
        pos = nl ? line_end + 1 : len;
    }
    attune__free((void *)s.ptrs);
    attune__free(s.lens);
    attune__free(s.offs);
    attune__buf_free(&s.text);
    return rc;
}
