/* Rendering a document: JSON (one object, one line), an indented outline,
 * and the main text with promotional passages and personal data cut out. */
#include "attune/render.h"
#include "attune/themes.h"
#include "core/internal.h"

#include <string.h>

int32_t attune_render_options_init(attune_render_options *opts) {
    if (!opts)
        return ATTUNE_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->size = (uint32_t)sizeof *opts;
    return ATTUNE_OK;
}

typedef struct ropts {
    uint32_t flags;
    const char *source;
    const attune_result *result;
    /* with a result, for JSON: the section unit of each heading block, by
     * block index (ATTUNE_NO_INDEX for other blocks), so that finding a
     * section's unit is a lookup, not a walk over the sections */
    size_t *section_of;
} ropts;

static int32_t read_opts(const attune_render_options *o, ropts *r, attune_error *err) {
    memset(r, 0, sizeof *r);
    if (!o)
        return ATTUNE_OK;
    attune_render_options v;
    attune_render_options_init(&v);
    int32_t rc = attune__options_read(&v, sizeof v, o, err);
    if (rc)
        return rc;
    r->flags = v.flags;
    r->source = v.source;
    r->result = v.result;
    return ATTUNE_OK;
}

static int32_t start(const attune_doc *doc, const attune_render_options *opts, char **out,
                     size_t *len, attune_error *err, ropts *r) {
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!doc || !out || !len)
        return attune__fail(err, ATTUNE_EINVAL, "document or output pointer is NULL",
                            ATTUNE_NO_OFFSET);
    return read_opts(opts, r, err);
}

static int32_t finish(attune__buf *b, int32_t rc, char **out, size_t *len, attune_error *err) {
    if (rc == ATTUNE_OK) {
        char *p = attune__buf_detach(b, len);
        if (p) {
            *out = p;
            return ATTUNE_OK;
        }
        rc = ATTUNE_ENOMEM;
    }
    attune__buf_free(b);
    *len = 0;
    return attune__fail(err, rc, rc == ATTUNE_ENOMEM ? "out of memory" : "cannot render",
                        ATTUNE_NO_OFFSET);
}

#define TRY(x)                                                                                     \
    do {                                                                                           \
        int32_t rc_ = (x);                                                                         \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

static int skip(const ropts *r, const attune_block *b) {
    return (r->flags & ATTUNE_RENDER_NO_BOILERPLATE) &&
           attune_block_kind(b) == ATTUNE_BLOCK_BOILERPLATE;
}

/* ---- JSON ---- */

/* "themes":[{"id","score"},...] of a result unit: its present themes,
 * highest score first (nothing when unit is ATTUNE_NO_OFFSET). */
static int32_t json_themes(attune__buf *o, const attune_result *res, size_t unit) {
    TRY(attune__buf_puts(o, ",\"themes\":["));
    size_t n = unit == ATTUNE_NO_OFFSET ? 0 : attune_result_present_count(res, unit);
    const attune_model *m = attune_result_model(res);
    for (size_t i = 0; i < n; i++) {
        size_t t;
        double sc = 0;
        attune_result_present_theme(res, unit, i, &t);
        attune_result_theme(res, unit, t, &sc, NULL);
        const char *id = attune_model_theme_id(m, t);
        TRY(attune__buf_puts(o, i ? ",{\"id\":" : "{\"id\":"));
        TRY(attune__buf_put_json_string(o, id, strlen(id)));
        TRY(attune__buf_puts(o, ",\"score\":"));
        TRY(attune__buf_put_double(o, sc, 4));
        TRY(attune__buf_putc(o, '}'));
    }
    return attune__buf_putc(o, ']');
}

/* The result unit of a block: its own for main-content blocks; for a
 * section, the section unit of its heading (the text from the heading to the
 * next heading); none for other blocks. */
/* The index of every heading's section unit (ropts.section_of): linear in
 * the blocks and the sections. */
static int32_t index_sections(const attune_doc *doc, ropts *r) {
    size_t nb = attune_doc_block_count(doc);
    r->section_of = attune__alloc_array(nb ? nb : 1, sizeof *r->section_of);
    if (!r->section_of)
        return ATTUNE_ENOMEM;
    for (size_t i = 0; i < nb; i++)
        r->section_of[i] = ATTUNE_NO_INDEX;
    size_t ns = attune_result_section_count(r->result);
    for (size_t u = 1; u <= ns; u++) {
        const attune_block *h = attune_result_unit_block(r->result, u);
        size_t i = h ? attune_block_index(h) : ATTUNE_NO_INDEX;
        if (i < nb && attune_doc_block(doc, i) == h && r->section_of[i] == ATTUNE_NO_INDEX)
            r->section_of[i] = u;
    }
    return ATTUNE_OK;
}

static size_t unit_of(const ropts *r, const attune_block *b) {
    if (attune_block_kind(b) != ATTUNE_BLOCK_SECTION)
        return attune_result_block_unit(r->result, b);
    const attune_block *h = attune_block_first_child(b);
    if (!h || attune_block_kind(h) != ATTUNE_BLOCK_HEADING)
        return ATTUNE_NO_OFFSET;
    return r->section_of[attune_block_index(h)];
}

static int32_t json_block_head(attune__buf *o, const ropts *r, const attune_block *b) {
    size_t s, e, l1, l2;
    attune_block_span(b, &s, &e);
    attune_block_lines(b, &l1, &l2);
    TRY(attune__buf_puts(o, "{\"kind\":\""));
    TRY(attune__buf_puts(o, attune_block_kind_name(attune_block_kind(b))));
    TRY(attune__buf_puts(o, "\",\"level\":"));
    TRY(attune__buf_put_i64(o, attune_block_level(b)));
    TRY(attune__buf_puts(o, ",\"boilerplate\":"));
    int32_t bk = attune_block_boilerplate(b);
    if (bk) {
        TRY(attune__buf_putc(o, '"'));
        TRY(attune__buf_puts(o, attune_boilerplate_name(bk)));
        TRY(attune__buf_putc(o, '"'));
    } else {
        TRY(attune__buf_puts(o, "null"));
    }
    TRY(attune__buf_puts(o, ",\"line\":"));
    TRY(attune__buf_put_u64(o, l1));
    TRY(attune__buf_puts(o, ",\"line_end\":"));
    TRY(attune__buf_put_u64(o, l2));
    TRY(attune__buf_puts(o, ",\"start\":"));
    TRY(attune__buf_put_u64(o, s));
    TRY(attune__buf_puts(o, ",\"end\":"));
    TRY(attune__buf_put_u64(o, e));
    if (!(r->flags & ATTUNE_RENDER_NO_TEXT)) {
        const char *t;
        size_t tl;
        attune_block_text(b, &t, &tl);
        TRY(attune__buf_puts(o, ",\"text\":"));
        TRY(attune__buf_put_json_string(o, t, tl));
    }
    TRY(attune__buf_puts(o, ",\"spam\":["));
    for (size_t i = 0; i < attune_block_spam_count(b); i++) {
        attune_block_spam_span(b, i, &s, &e);
        TRY(attune__buf_puts(o, i ? ",[" : "["));
        TRY(attune__buf_put_u64(o, s));
        TRY(attune__buf_putc(o, ','));
        TRY(attune__buf_put_u64(o, e));
        TRY(attune__buf_putc(o, ']'));
    }
    TRY(attune__buf_putc(o, ']'));
    if (r->result)
        TRY(json_themes(o, r->result, unit_of(r, b)));
    TRY(attune__buf_puts(o, ",\"pii\":["));
    for (size_t i = 0; i < attune_block_pii_count(b); i++) {
        int32_t type;
        attune_block_pii(b, i, &type, &s, &e);
        TRY(attune__buf_puts(o, i ? ",{\"type\":\"" : "{\"type\":\""));
        TRY(attune__buf_puts(o, attune_pii_type_name(type)));
        TRY(attune__buf_puts(o, "\",\"start\":"));
        TRY(attune__buf_put_u64(o, s));
        TRY(attune__buf_puts(o, ",\"end\":"));
        TRY(attune__buf_put_u64(o, e));
        TRY(attune__buf_putc(o, '}'));
    }
    return attune__buf_puts(o, "],\"children\":");
}

/* "[child,...]" of b; the tree is a few levels deep (sections nest by
 * heading level), so recursion is bounded. */
static int32_t json_children(attune__buf *o, const ropts *r, const attune_block *b) {
    TRY(attune__buf_putc(o, '['));
    int first = 1;
    for (const attune_block *c = attune_block_first_child(b); c; c = attune_block_next_sibling(c)) {
        if (skip(r, c))
            continue;
        if (!first)
            TRY(attune__buf_putc(o, ','));
        first = 0;
        TRY(json_block_head(o, r, c));
        TRY(json_children(o, r, c));
        TRY(attune__buf_putc(o, '}'));
    }
    return attune__buf_putc(o, ']');
}

static int32_t json_doc(attune__buf *o, const ropts *r, const attune_doc *doc) {
    TRY(attune__buf_puts(o, "{\"source\":"));
    if (r->source)
        TRY(attune__buf_put_json_string(o, r->source, strlen(r->source)));
    else
        TRY(attune__buf_puts(o, "null"));
    TRY(attune__buf_puts(o, ",\"title\":"));
    const attune_block *t = attune_doc_title(doc);
    if (t) {
        const char *p;
        size_t n;
        attune_block_text(t, &p, &n);
        TRY(attune__buf_put_json_string(o, p, n));
    } else {
        TRY(attune__buf_puts(o, "null"));
    }
    if (r->result) {
        /* the document's themes, then each section's (the introduction
         * first), as attune classify --jsonl writes them */
        TRY(json_themes(o, r->result, 0));
        TRY(attune__buf_puts(o, ",\"sections\":["));
        size_t ns = attune_result_section_count(r->result);
        for (size_t u = 1; u <= ns; u++) {
            const char *h;
            size_t hl, line = 0;
            attune_result_section_heading(r->result, u, &h, &hl);
            attune_result_section_line(r->result, u, &line);
            TRY(attune__buf_puts(o, u > 1 ? ",{\"heading\":" : "{\"heading\":"));
            if (attune_result_unit_block(r->result, u))
                TRY(attune__buf_put_json_string(o, h, hl));
            else
                TRY(attune__buf_puts(o, "null"));
            TRY(attune__buf_puts(o, ",\"line\":"));
            TRY(attune__buf_put_u64(o, line));
            TRY(json_themes(o, r->result, u));
            TRY(attune__buf_putc(o, '}'));
        }
        TRY(attune__buf_putc(o, ']'));
    }
    TRY(attune__buf_puts(o, ",\"blocks\":"));
    TRY(json_children(o, r, attune_doc_root(doc)));
    return attune__buf_putc(o, '}');
}

int32_t attune_render_json(const attune_doc *doc, const attune_render_options *opts, char **out,
                           size_t *len, attune_error *err) {
    ropts r;
    int32_t rc = start(doc, opts, out, len, err, &r);
    if (rc)
        return rc;
    if (r.result && index_sections(doc, &r))
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    attune__buf o = ATTUNE__BUF_INIT;
    rc = finish(&o, json_doc(&o, &r, doc), out, len, err);
    attune__free(r.section_of);
    return rc;
}

/* ---- outline ---- */

static int32_t put_excerpt(attune__buf *o, const char *t, size_t n, size_t max) {
    size_t k = n < max ? n : max;
    while (k < n && k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
        k--;
    TRY(attune__buf_append(o, t, k));
    if (k < n)
        TRY(attune__buf_puts(o, "\xE2\x80\xA6"));
    return ATTUNE_OK;
}

static int32_t outline_block(attune__buf *o, const ropts *r, const attune_block *b, size_t depth) {
    for (size_t k = 0; k < depth; k++)
        TRY(attune__buf_puts(o, "  "));
    int32_t kind = attune_block_kind(b);
    TRY(attune__buf_puts(o, attune_block_kind_name(kind)));
    if (attune_block_level(b)) {
        TRY(attune__buf_putc(o, ' '));
        TRY(attune__buf_put_i64(o, attune_block_level(b)));
    }
    if (attune_block_boilerplate(b)) {
        TRY(attune__buf_putc(o, ':'));
        TRY(attune__buf_puts(o, attune_boilerplate_name(attune_block_boilerplate(b))));
    }
    size_t l1, l2;
    attune_block_lines(b, &l1, &l2);
    TRY(attune__buf_puts(o, " ["));
    TRY(attune__buf_put_u64(o, l1));
    if (l2 != l1) {
        TRY(attune__buf_putc(o, '-'));
        TRY(attune__buf_put_u64(o, l2));
    }
    TRY(attune__buf_putc(o, ']'));
    if (attune_block_spam_count(b)) {
        TRY(attune__buf_puts(o, " spam:"));
        TRY(attune__buf_put_u64(o, attune_block_spam_count(b)));
    }
    if (attune_block_pii_count(b)) {
        TRY(attune__buf_puts(o, " pii:"));
        TRY(attune__buf_put_u64(o, attune_block_pii_count(b)));
    }
    const char *t;
    size_t n;
    attune_block_text(b, &t, &n);
    if (n) {
        TRY(attune__buf_putc(o, ' '));
        TRY(put_excerpt(o, t, n, 72));
    }
    TRY(attune__buf_putc(o, '\n'));
    for (const attune_block *c = attune_block_first_child(b); c; c = attune_block_next_sibling(c))
        if (!skip(r, c))
            TRY(outline_block(o, r, c, depth + 1));
    return ATTUNE_OK;
}

static int32_t outline_doc(attune__buf *o, const ropts *r, const attune_doc *doc) {
    const attune_block *root = attune_doc_root(doc);
    for (const attune_block *c = attune_block_first_child(root); c;
         c = attune_block_next_sibling(c))
        if (!skip(r, c))
            TRY(outline_block(o, r, c, 0));
    return ATTUNE_OK;
}

int32_t attune_render_outline(const attune_doc *doc, const attune_render_options *opts, char **out,
                              size_t *len, attune_error *err) {
    ropts r;
    int32_t rc = start(doc, opts, out, len, err, &r);
    if (rc)
        return rc;
    attune__buf o = ATTUNE__BUF_INIT;
    return finish(&o, outline_doc(&o, &r, doc), out, len, err);
}

/* ---- main text ---- */

/* First text offset whose source offset is >= src (the map is monotonic). */
static size_t text_at(const attune_block *b, size_t tlen, size_t src) {
    size_t lo = 0, hi = tlen;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (attune_block_source_offset(b, mid) < src)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Appends the text of b with its injected promotional sentences cut out and
 * each piece of personal data replaced by its type in brackets ("call me at
 * [phone] or write to [email]"), so that the sentence around it still reads;
 * spaces around the cuts folded. */
static int32_t put_cut(attune__buf *o, const attune_block *b) {
    const char *t;
    size_t n;
    attune_block_text(b, &t, &n);
    size_t ns = attune_block_spam_count(b), np = attune_block_pii_count(b);
    if (!ns && !np)
        return attune__buf_append(o, t, n);
    attune__buf keep = ATTUNE__BUF_INIT;
    int32_t rc = attune__buf_reserve(&keep, n);
    if (rc)
        return rc;
    /* a byte mask kept in `keep`: 1 keep, 0 cut, 2 + type: the first byte
     * of a piece of personal data of that type (the rest is cut) */
    memset(keep.data, 1, n);
    for (size_t i = 0; i < ns + np; i++) {
        size_t s, e;
        int32_t type;
        if (i < ns)
            attune_block_spam_span(b, i, &s, &e);
        else
            attune_block_pii(b, i - ns, &type, &s, &e);
        size_t a = text_at(b, n, s), z = text_at(b, n, e);
        if (z > a) {
            memset(keep.data + a, 0, z - a);
            if (i >= ns && type > 0 && type < 64)
                keep.data[a] = (char)(2 + type);
        }
    }
    size_t before = o->len;
    int space = 0;
    for (size_t i = 0; i < n && rc == ATTUNE_OK; i++) {
        if (!keep.data[i])
            continue;
        if (keep.data[i] > 1) {
            if (space && o->len > before)
                rc = attune__buf_putc(o, ' ');
            space = 0;
            if (rc == ATTUNE_OK)
                rc = attune__buf_putc(o, '[');
            if (rc == ATTUNE_OK)
                rc = attune__buf_puts(o, attune_pii_type_name(keep.data[i] - 2));
            if (rc == ATTUNE_OK)
                rc = attune__buf_putc(o, ']');
            continue;
        }
        if (t[i] == ' ') {
            space = 1;
            continue;
        }
        if (space && o->len > before && !strchr(".,;:!?)", t[i]))
            rc = attune__buf_putc(o, ' ');
        space = 0;
        if (rc == ATTUNE_OK)
            rc = attune__buf_putc(o, t[i]);
    }
    attune__buf_free(&keep);
    return rc;
}

static int32_t text_doc(attune__buf *o, const attune_doc *doc) {
    for (size_t i = 1; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        int32_t k = attune_block_kind(b);
        if (k != ATTUNE_BLOCK_TITLE && k != ATTUNE_BLOCK_HEADING && k != ATTUNE_BLOCK_PARAGRAPH &&
            k != ATTUNE_BLOCK_LIST_ITEM && k != ATTUNE_BLOCK_QUOTE)
            continue;
        size_t before = o->len;
        TRY(put_cut(o, b));
        if (o->len == before)
            continue;
        TRY(attune__buf_puts(o, "\n\n"));
    }
    return ATTUNE_OK;
}

int32_t attune_render_text(const attune_doc *doc, const attune_render_options *opts, char **out,
                           size_t *len, attune_error *err) {
    ropts r;
    int32_t rc = start(doc, opts, out, len, err, &r);
    if (rc)
        return rc;
    attune__buf o = ATTUNE__BUF_INIT;
    return finish(&o, text_doc(&o, doc), out, len, err);
}
