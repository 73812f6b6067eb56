/* The public entry points: attune_normalize and the attune_text handle. */
#include "text/text_internal.h"

/* Input bytes per piece when both stages run. */
#define CHUNK 65536

#define STAGE1_FLAGS                                                                               \
    (ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE | ATTUNE_NORM_FIX_MOJIBAKE)

/* Composes `second` (output -> intermediate offsets) with `first`
 * (intermediate -> input offsets) into `into`. The intermediate text has
 * length mid_total. */
static int32_t compose(attune__omap *into, const attune__omap *second, const attune__omap *first,
                       size_t out_total, size_t mid_total) {
    size_t j = 0; /* first piece that may overlap the current range */
    for (size_t k = 0; k < second->n; k++) {
        const attune__seg *b = &second->seg[k];
        size_t o1 = k + 1 < second->n ? second->seg[k + 1].out : out_total;
        int32_t rc;
        if (!b->linear) {
            size_t sa, sb;
            attune__omap_span(first, mid_total, 0, b->src, b->src_end, &sa, &sb);
            if (b->src == b->src_end) {
                size_t x = b->src < mid_total ? attune__omap_lookup(first, mid_total, 0, b->src)
                                              : (first->n ? first->seg[first->n - 1].src_end : 0);
                sa = sb = x;
            }
            rc = attune__omap_add(into, b->out, o1 - b->out, sa, sb, 0);
            if (rc)
                return rc;
            continue;
        }
        size_t m0 = b->src, m1 = b->src_end;
        while (j < first->n) {
            size_t a1 = j + 1 < first->n ? first->seg[j + 1].out : mid_total;
            if (a1 > m0)
                break;
            j++;
        }
        for (size_t q = j; q < first->n; q++) {
            const attune__seg *a = &first->seg[q];
            size_t a0 = a->out;
            size_t a1 = q + 1 < first->n ? first->seg[q + 1].out : mid_total;
            if (a0 >= m1)
                break;
            size_t x0 = a0 > m0 ? a0 : m0, x1 = a1 < m1 ? a1 : m1;
            if (x0 >= x1)
                continue;
            size_t out = b->out + (x0 - m0);
            if (a->linear)
                rc =
                    attune__omap_add(into, out, x1 - x0, a->src + (x0 - a0), a->src + (x1 - a0), 1);
            else
                rc = attune__omap_add(into, out, x1 - x0, a->src, a->src_end, 0);
            if (rc)
                return rc;
        }
    }
    return ATTUNE_OK;
}

int32_t attune__normalize_append(attune__buf *out, attune__omap *map, const char *s, size_t len,
                                 size_t src_base, uint32_t flags, attune_error *err) {
    if ((!s && len) || !out)
        return attune__fail(err, ATTUNE_EINVAL, "text is NULL", ATTUNE_NO_OFFSET);
    if (flags & ~ATTUNE_NORM_ALL_FLAGS)
        return attune__fail(err, ATTUNE_EINVAL, "unknown normalization flag", ATTUNE_NO_OFFSET);
    if (!s)
        s = "";
    size_t old_len = out->len, old_n = map ? map->n : 0;
    /* the last piece may be extended by merging: keep it to restore it */
    attune__seg old_last = {0, 0, 0, 0};
    if (map && old_n)
        old_last = map->seg[old_n - 1];
    int32_t rc;
    /* Stage 1 changes only non-ASCII text: skip it for pure ASCII. */
    if ((flags & STAGE1_FLAGS) && attune__ascii_prefix((const unsigned char *)s, len) == len)
        flags &= ~STAGE1_FLAGS;
    if (!(flags & STAGE1_FLAGS)) {
        attune_error e1;
        rc = attune__unorm_append(out, map, s, len, src_base, flags, &e1);
        if (rc == ATTUNE_OK)
            return rc;
        out->len = old_len;
        if (out->data)
            out->data[old_len] = '\0';
        if (map && (map->n = old_n) != 0)
            map->seg[old_n - 1] = old_last;
        if (rc != ATTUNE_EUTF8 || !(flags & ATTUNE_NORM_REPAIR))
            return attune__fail(err, rc, e1.message, e1.offset);
    }
    uint32_t later = flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD);
    if (!later) {
        rc = attune__prep_append(out, map, s, len, src_base, flags, err);
        if (rc && map && old_n)
            map->seg[old_n - 1] = old_last;
        return rc;
    }
    /* Both stages: the input is cut before ASCII bytes (nothing ever
     * combines across one, see text/norm.c) into pieces of about CHUNK bytes.
     * Stage 1 writes a piece to out; when stage 2 would change it, it is
     * moved to a small buffer (which stays in the cache) and stage 2 writes
     * it back, its map composed with stage 1's. */
    attune__buf mid = ATTUNE__BUF_INIT;
    attune__omap m1 = {NULL, 0, 0}, m2 = {NULL, 0, 0};
    rc = ATTUNE_OK;
    size_t a = 0;
    while (!rc && a < len) {
        size_t b = len - a > CHUNK ? a + CHUNK : len;
        while (b < len && (unsigned char)s[b] >= 0x80)
            b++;
        size_t at = out->len;
        m1.n = m2.n = 0;
        rc = attune__prep_append(out, map ? &m1 : NULL, s + a, b - a, src_base + a, flags, err);
        if (rc)
            break;
        if (!attune__unorm_changes(out->data + at, out->len - at, flags)) {
            for (size_t k = 0; k < m1.n && !rc; k++) {
                size_t end = k + 1 < m1.n ? m1.seg[k + 1].out : out->len;
                rc = attune__omap_add(map, m1.seg[k].out, end - m1.seg[k].out, m1.seg[k].src,
                                      m1.seg[k].src_end, (int)m1.seg[k].linear);
            }
            a = b;
            continue;
        }
        mid.len = 0;
        rc = attune__buf_append(&mid, out->data + at, out->len - at);
        if (rc)
            break;
        out->len = at;
        out->data[at] = '\0';
        for (size_t k = 0; k < m1.n; k++)
            m1.seg[k].out -= at;
        rc = attune__unorm_append(out, map ? &m2 : NULL, mid.data, mid.len, 0, flags, err);
        if (!rc && map)
            rc = compose(map, &m2, &m1, out->len, mid.len);
        a = b;
    }
    if (rc) {
        if (rc == ATTUNE_ENOMEM)
            attune__fail(err, rc, "out of memory", ATTUNE_NO_OFFSET);
        out->len = old_len;
        if (out->data)
            out->data[old_len] = '\0';
        if (map && (map->n = old_n) != 0)
            map->seg[old_n - 1] = old_last;
    }
    attune__buf_free(&mid);
    attune__omap_free(&m1);
    attune__omap_free(&m2);
    return rc;
}

int32_t attune_normalize(const char *s, size_t len, uint32_t flags, char **out, size_t *out_len,
                         attune_error *err) {
    if (!out || !out_len)
        return attune__fail(err, ATTUNE_EINVAL, "output pointer is NULL", ATTUNE_NO_OFFSET);
    *out = NULL;
    *out_len = 0;
    attune__buf b = ATTUNE__BUF_INIT;
    int32_t rc = attune__normalize_append(&b, NULL, s, len, 0, flags, err);
    if (rc) {
        attune__buf_free(&b);
        return rc;
    }
    size_t n;
    char *p = attune__buf_detach(&b, &n);
    if (!p)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    *out = p;
    *out_len = n;
    return ATTUNE_OK;
}

struct attune_text {
    char *data;
    size_t len;
    size_t src_len;
    attune__omap map;
};

int32_t attune_text_new(const char *s, size_t len, uint32_t flags, attune_text **out,
                        attune_error *err) {
    if (!out)
        return attune__fail(err, ATTUNE_EINVAL, "output pointer is NULL", ATTUNE_NO_OFFSET);
    *out = NULL;
    attune_text *t = attune__calloc(1, sizeof *t);
    if (!t)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    attune__buf b = ATTUNE__BUF_INIT;
    int32_t rc = attune__normalize_append(&b, &t->map, s, len, 0, flags, err);
    if (!rc) {
        t->data = attune__buf_detach(&b, &t->len);
        if (!t->data)
            rc = attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    if (rc) {
        attune__buf_free(&b);
        attune__omap_free(&t->map);
        attune__free(t);
        return rc;
    }
    t->src_len = len;
    *out = t;
    return ATTUNE_OK;
}

void attune_text_free(attune_text *t) {
    if (!t)
        return;
    attune__free(t->data);
    attune__omap_free(&t->map);
    attune__free(t);
}

int32_t attune_text_get(const attune_text *t, const char **ptr, size_t *len) {
    if (!t || !ptr || !len)
        return ATTUNE_EINVAL;
    *ptr = t->data;
    *len = t->len;
    return ATTUNE_OK;
}

size_t attune_text_source_length(const attune_text *t) { return t ? t->src_len : 0; }

size_t attune_text_source_offset(const attune_text *t, size_t out_offset) {
    if (!t)
        return ATTUNE_NO_OFFSET;
    return attune__omap_lookup(&t->map, t->len, t->src_len, out_offset);
}

int32_t attune_text_source_span(const attune_text *t, size_t out_start, size_t out_end,
                                size_t *src_start, size_t *src_end) {
    if (!t || !src_start || !src_end || out_start > out_end || out_end > t->len)
        return ATTUNE_EINVAL;
    attune__omap_span(&t->map, t->len, t->src_len, out_start, out_end, src_start, src_end);
    return ATTUNE_OK;
}
