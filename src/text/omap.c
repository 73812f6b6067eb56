/* Offset maps: where each byte of a normalized text came from. */
#include "text/text_internal.h"

int32_t attune__omap_add(attune__omap *m, size_t out, size_t out_len, size_t src, size_t src_end,
                         int linear) {
    if (!m || out_len == 0)
        return ATTUNE_OK;
    if (m->n) {
        attune__seg *p = &m->seg[m->n - 1];
        if (p->linear && linear && p->src_end == src && p->out + (p->src_end - p->src) == out) {
            p->src_end = src_end;
            return ATTUNE_OK;
        }
        if (!p->linear && !linear && p->src == src && p->src_end == src_end)
            return ATTUNE_OK; /* the same piece continues */
    }
    if (m->n == m->cap) {
        attune__seg *q = attune__grow(m->seg, &m->cap, sizeof *q, 16);
        if (!q)
            return ATTUNE_ENOMEM;
        m->seg = q;
    }
    attune__seg *s = &m->seg[m->n++];
    s->out = out;
    s->src = src;
    s->src_end = src_end;
    s->linear = linear ? 1 : 0;
    return ATTUNE_OK;
}

void attune__omap_free(attune__omap *m) {
    if (!m)
        return;
    attune__free(m->seg);
    m->seg = NULL;
    m->n = m->cap = 0;
}

/* Index of the piece holding output byte off (< out_total), or m->n when no
 * piece starts at or before it. */
static size_t find(const attune__omap *m, size_t off) {
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->seg[mid].out <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : m->n;
}

size_t attune__omap_lookup(const attune__omap *m, size_t out_total, size_t src_total, size_t off) {
    if (off > out_total)
        return ATTUNE_NO_OFFSET;
    if (off == out_total)
        return src_total;
    size_t i = find(m, off);
    if (i == m->n)
        return 0;
    const attune__seg *s = &m->seg[i];
    return s->linear ? s->src + (off - s->out) : s->src;
}

/* Input offset just past output byte off (< out_total). */
static size_t lookup_end(const attune__omap *m, size_t off) {
    size_t i = find(m, off);
    if (i == m->n)
        return 0;
    const attune__seg *s = &m->seg[i];
    return s->linear ? s->src + (off - s->out) + 1 : s->src_end;
}

void attune__omap_span(const attune__omap *m, size_t out_total, size_t src_total, size_t a,
                       size_t b, size_t *sa, size_t *sb) {
    size_t x = attune__omap_lookup(m, out_total, src_total, a);
    if (a >= b) {
        *sa = *sb = x;
        return;
    }
    size_t y = lookup_end(m, b - 1);
    *sa = x;
    *sb = y < x ? x : y;
}
