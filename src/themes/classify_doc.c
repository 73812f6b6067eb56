/* attune_classify: a parsed document's main content, by block, section and
 * whole document. Boilerplate and injected spam sentences never count. */
#include "themes/themes_internal.h"

#include <string.h>

static bool main_kind(int32_t k) {
    return k == ATTUNE_BLOCK_TITLE || k == ATTUNE_BLOCK_SUMMARY || k == ATTUNE_BLOCK_HEADING ||
           k == ATTUNE_BLOCK_PARAGRAPH || k == ATTUNE_BLOCK_LIST_ITEM || k == ATTUNE_BLOCK_QUOTE;
}

static bool has_text(const attune_block *b) {
    const char *p;
    size_t n;
    return attune_block_text(b, &p, &n) == ATTUNE_OK && n > 0;
}

/* Whether block b (block i) has its text scored: main content with text,
 * outside boilerplate, and not inside another scored block. Blocks come in
 * document order, parents first: closed[i] records whether the blocks
 * inside block i are out (i is boilerplate, has text of its own, or is
 * inside such a block), so each block looks at its parent only. */
static bool scored(const attune_block *b, size_t i, uint8_t *closed) {
    int32_t k = attune_block_kind(b);
    bool main = main_kind(k) && has_text(b);
    const attune_block *p = attune_block_parent(b);
    bool out = p && closed[attune_block_index(p)];
    closed[i] = out || k == ATTUNE_BLOCK_BOILERPLATE || main;
    return main && !out;
}

/* The injected sentences of a block, read once per block (the first
 * SPAM_KEPT spans; the block is asked again for any past them). */
#define SPAM_KEPT 8
typedef struct block_spans {
    const attune_block *b;
    size_t n, kept;
    size_t start[SPAM_KEPT], end[SPAM_KEPT];
} block_spans;

static void spans_of(block_spans *sp, const attune_block *b) {
    sp->b = b;
    sp->n = attune_block_spam_count(b);
    sp->kept = 0;
    while (sp->kept < sp->n && sp->kept < SPAM_KEPT &&
           attune_block_spam_span(b, sp->kept, &sp->start[sp->kept], &sp->end[sp->kept]) ==
               ATTUNE_OK)
        sp->kept++;
}

static bool block_spam(const void *ctx, size_t src) {
    const block_spans *sp = ctx;
    for (size_t i = 0; i < sp->kept; i++)
        if (src >= sp->start[i] && src < sp->end[i])
            return true;
    for (size_t i = sp->kept; i < sp->n; i++) {
        size_t a, e;
        if (attune_block_spam_span(sp->b, i, &a, &e) == ATTUNE_OK && src >= a && src < e)
            return true;
    }
    return false;
}

static size_t first_line(const attune_block *b) {
    size_t first = 0, last = 0;
    attune_block_lines(b, &first, &last);
    return first;
}

static int32_t build(attune_result *r, const attune_doc *doc, attune__scan *scan,
                     const attune_block **blocks, size_t *sec_of, uint8_t *closed) {
    const attune_model *m = r->model;
    size_t count = attune_doc_block_count(doc), nb = 0, ns = 0;
    bool seen_heading = false;
    for (size_t i = 0; i < count; i++) {
        const attune_block *b = attune_doc_block(doc, i);
        if (!b || !scored(b, i, closed))
            continue;
        int32_t k = attune_block_kind(b);
        if (k == ATTUNE_BLOCK_HEADING) {
            seen_heading = true;
            ns++;
        } else if (!seen_heading && ns == 0) {
            ns = 1; /* the introduction */
        }
        sec_of[nb] = ns - 1;
        blocks[nb++] = b;
    }
    size_t doc_u, u;
    int32_t rc = attune__result_reserve(r, 1 + ns + nb);
    rc = rc ? rc : attune__result_add_unit(r, ATTUNE_UNIT_DOCUMENT, NULL, &doc_u);
    /* sections */
    for (size_t i = 0; i < nb && !rc; i++) {
        if (i > 0 && sec_of[i] == sec_of[i - 1])
            continue;
        const attune_block *b = blocks[i];
        int32_t k = attune_block_kind(b);
        const attune_block *head = k == ATTUNE_BLOCK_HEADING || k == ATTUNE_BLOCK_TITLE ? b : NULL;
        rc = attune__result_add_unit(r, ATTUNE_UNIT_SECTION, head, &u);
        if (rc)
            break;
        r->units[u].line = first_line(b);
        const char *p;
        size_t n;
        if (head && attune_block_text(head, &p, &n) == ATTUNE_OK) {
            r->units[u].heading = p;
            r->units[u].heading_len = n;
        }
    }
    r->nsections = ns;
    /* blocks */
    for (size_t i = 0; i < nb && !rc; i++) {
        const attune_block *b = blocks[i];
        rc = attune__result_add_unit(r, ATTUNE_UNIT_BLOCK, b, &u);
        if (rc)
            break;
        const char *text;
        size_t len;
        attune_block_text(b, &text, &len);
        block_spans spans;
        spans_of(&spans, b);
        attune__skip spam = {&spans, spans.n ? block_spam : NULL};
        int32_t k = attune_block_kind(b);
        double factor =
            k == ATTUNE_BLOCK_HEADING || k == ATTUNE_BLOCK_TITLE ? m->heading_factor : 1.0;
        rc = attune__scan_text(scan, r, u, text, len, &spam, factor);
        if (!rc) {
            attune__result_merge(r, 1 + sec_of[i], u);
            attune__result_cover(r, doc_u, u);
        }
    }
    return rc;
}

int32_t attune_classify(const attune_model *model, const attune_doc *doc,
                        const attune_classify_options *opts, attune_result **out,
                        attune_error *err) {
    int32_t rc = attune__classify_check(&model, opts, out, err);
    if (rc)
        return rc;
    if (!doc)
        return attune__fail(err, ATTUNE_EINVAL, "doc is NULL", ATTUNE_NO_OFFSET);
    /* one allocation for the three per-block arrays: the scored blocks,
     * their sections, and closed (see scored) */
    size_t count = attune_doc_block_count(doc), n = count ? count : 1;
    size_t each = sizeof(const attune_block *) + sizeof(size_t) + 1;
    const attune_block **blocks = attune__alloc_array(n, each);
    size_t *sec_of = blocks ? (size_t *)(blocks + n) : NULL;
    uint8_t *closed = blocks ? (uint8_t *)(sec_of + n) : NULL;
    attune_result *r = NULL;
    attune__scan scan;
    bool scan_ok = false;
    rc = blocks ? ATTUNE_OK : ATTUNE_ENOMEM;
    rc = rc ? rc : attune__result_new(model, &r);
    if (!rc) {
        r->doc = doc;
        rc = attune__scan_init(&scan, model);
        scan_ok = rc == ATTUNE_OK;
    }
    rc = rc ? rc : build(r, doc, &scan, blocks, sec_of, closed);
    rc = rc ? rc : attune__result_finish(r);
    if (scan_ok)
        attune__scan_free(&scan);
    attune__free(blocks);
    if (rc) {
        attune_result_free(r);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    *out = r;
    return ATTUNE_OK;
}

size_t attune_result_block_unit(const attune_result *r, const attune_block *block) {
    if (!r || !block || !r->doc)
        return ATTUNE_NO_OFFSET;
    /* block units follow the sections, in document order */
    size_t lo = 1 + r->nsections, hi = r->nunits;
    size_t want = attune_block_index(block);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (attune_block_index(r->units[mid].block) < want)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->nunits && r->units[lo].block == block)
        return lo;
    return ATTUNE_NO_OFFSET;
}
