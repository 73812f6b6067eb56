/* attune_doc_parse: the pipeline (units, classification, levels) and the
 * construction of the block tree, its texts, offset map and spans. */
#include "content/cmodel.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

int32_t attune_parse_options_init(attune_parse_options *opts) {
    if (!opts)
        return ATTUNE_EINVAL;
    memset(opts, 0, sizeof *opts);
    opts->size = (uint32_t)sizeof *opts;
    opts->flags = ATTUNE_PARSE_DEFAULT;
    opts->max_input = 0;
    return ATTUNE_OK;
}

#define DEFAULT_MAX_INPUT ((size_t)1 << 30)
#define KNOWN_FLAGS (ATTUNE_PARSE_STRICT_UTF8 | ATTUNE_PARSE_ANY_BYTES)

/* Whether s[0..len) looks like text (attune/content.h says the rule, on the
 * first 64 KiB); *at: the first NUL or control byte when it does not. */
#define TEXT_SAMPLE 65536u
static int looks_like_text(const char *s, size_t len, size_t *at) {
    const unsigned char *p = (const unsigned char *)s;
    size_t n = len < TEXT_SAMPLE ? len : TEXT_SAMPLE;
    size_t nul = 0, ctl = 0, first = ATTUNE_NO_OFFSET;
    for (size_t i = 0; i < n;) {
#if defined(__SSE2__)
        /* sixteen bytes at once when none is a control character other
         * than tab, line feed, vertical tab, form feed, carriage return and
         * escape (the bytes are looked at one by one only where one is) */
        if (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            __m128i ws =
                _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(v, _mm_set1_epi8(0x09)), _mm_set1_epi8(4)),
                               _mm_sub_epi8(v, _mm_set1_epi8(0x09)));
            __m128i esc = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x1b));
            if (!_mm_movemask_epi8(_mm_andnot_si128(_mm_or_si128(ws, esc), low))) {
                i += 16;
                continue;
            }
        }
#endif
        unsigned char c = p[i++];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1b)
            continue;
        if (c == 0)
            nul++;
        else
            ctl++;
        if (first == ATTUNE_NO_OFFSET)
            first = i - 1;
    }
    /* ill-formed UTF-8: none in most text (one validation at memory speed);
     * else the bytes that start no well-formed sequence, from the first (by
     * the lead byte and its continuation bytes: a share, so overlong forms
     * need no check; a sequence cut by the sample's end counts as good) */
    size_t bad = 0, off = 0;
    if (attune_utf8_validate(s, n, &off) != ATTUNE_OK) {
        for (size_t i = off; i < n;) {
            unsigned char c = p[i];
            size_t k = c < 0x80                 ? 1
                       : c >= 0xC2 && c <= 0xDF ? 2
                       : c >= 0xE0 && c <= 0xEF ? 3
                       : c >= 0xF0 && c <= 0xF4 ? 4
                                                : 0;
            size_t j = 1;
            while (k && j < k && i + j < n && (p[i + j] & 0xC0) == 0x80)
                j++;
            if (k && (j == k || i + j == n)) {
                i += k;
                continue;
            }
            bad++;
            i++;
        }
    }
    *at = first != ATTUNE_NO_OFFSET ? first : 0;
    /* (at least 8 of a kind: a stray byte in a short text is not binary) */
    return !((nul >= 8 && nul * 20 >= n) || (ctl >= 8 && ctl * 100 >= n) ||
             (bad >= 8 && bad * 5 >= n));
}
#define MAX_DEPTH 16

typedef struct builder {
    attune_doc *doc;
    size_t cap;
    attune__spans spam, pii;
    /* the promotional passages classification found, in unit order (not in
     * the reference parse, which finds them again per paragraph) */
    attune__spans found;
    size_t found_at;         /* the first not yet passed */
    size_t stack[MAX_DEPTH]; /* open containers: root, sections */
    size_t depth;
    size_t list;   /* open list or NIL */
    size_t merge;  /* boilerplate block that the next unit may extend */
    int text_open; /* a block's text is being appended */
    int ref;       /* the reference parse: no fast paths, no skipped finders */
} builder;

static int32_t new_block(builder *b, int32_t kind, size_t parent, size_t *out) {
    attune_doc *d = b->doc;
    if (d->nblocks == b->cap) {
        attune_block *q = attune__grow(d->blocks, &b->cap, sizeof *q, 64);
        if (!q)
            return ATTUNE_ENOMEM;
        d->blocks = q;
    }
    size_t i = d->nblocks++;
    attune_block *x = &d->blocks[i];
    /* (one initializer: the fields are written once, not zeroed first) */
    *x = (attune_block){.parent = parent == ATTUNE__NIL ? ATTUNE__NIL32 : (uint32_t)parent,
                        .first_child = ATTUNE__NIL32,
                        .last_child = ATTUNE__NIL32,
                        .next = ATTUNE__NIL32,
                        .prev = ATTUNE__NIL32,
                        .kind = (int8_t)kind};
    if (parent != ATTUNE__NIL) {
        attune_block *p = &d->blocks[parent];
        if (p->last_child == ATTUNE__NIL32) {
            p->first_child = (uint32_t)i;
        } else {
            d->blocks[p->last_child].next = (uint32_t)i;
            x->prev = p->last_child;
        }
        p->last_child = (uint32_t)i;
    }
    *out = i;
    return ATTUNE_OK;
}

/* Grows the extent of block x (a container) to cover block c, which has
 * text. A container starts where its first block with text does, which is
 * the one that starts first; the document keeps its own start. */
static void extend(attune_block *x, const attune_block *c) {
    if (x->kind != ATTUNE_BLOCK_DOCUMENT && (x->line_first == 0 || c->start < x->start)) {
        x->start = c->start;
        x->line_first = c->line_first;
    }
    if (c->end > x->end)
        x->end = c->end;
    if (c->line_last > x->line_last)
        x->line_last = c->line_last;
}

/* Grows the spans of the ancestors of block i to cover it. */
static void cover(builder *b, size_t i) {
    attune_block *bl = b->doc->blocks;
    const attune_block *c = &bl[i];
    for (uint32_t p = c->parent; p != ATTUNE__NIL32; p = bl[p].parent)
        extend(&bl[p], c);
}

/* The same for all blocks at once, after the last one is filled (instead of
 * cover() after each fill, which the reference parse keeps): a block comes
 * after its parent, so from the last block back each block is complete when
 * its extent goes up one level. */
static void cover_all(attune_doc *d) {
    attune_block *bl = d->blocks;
    for (size_t i = d->nblocks; i-- > 1;) {
        const attune_block *c = &bl[i];
        if (c->parent == ATTUNE__NIL32 || c->line_first == 0)
            continue; /* no text in it */
        extend(&bl[c->parent], c);
    }
}

/* Appends the text, spans and extent of unit u to block i. */
static int32_t fill(builder *b, attune__buf *text, const char *s, const attune__lex *lx, size_t i,
                    const attune__unit *u, int extend) {
    attune_doc *d = b->doc;
    int32_t rc;
    attune_block *x = &d->blocks[i];
    if (!extend) {
        if (b->text_open && (rc = attune__buf_putc(text, '\0')))
            return rc;
        x->text_off = text->len;
        x->start = u->start;
        x->line_first = u->line_first;
        x->spam_off = b->spam.n;
        x->pii_off = b->pii.n;
        b->text_open = 1;
    } else if (text->len > x->text_off + x->text_len) {
        /* never happens: the extended block is the last one with text */
        return ATTUNE_EINVAL;
    } else if (x->text_len) {
        size_t at = text->len;
        if ((rc = attune__buf_putc(text, ' ')))
            return rc;
        if ((rc = attune__omap_add(&d->map, at, 1, x->end, x->end + 1, 1)))
            return rc;
    }
    int strip = x->kind == ATTUNE_BLOCK_LIST_ITEM || x->kind == ATTUNE_BLOCK_BOILERPLATE;
    size_t from =
        (x->kind == ATTUNE_BLOCK_LIST_ITEM || (u->flags & ATTUNE__U_ATX)) ? u->body : u->start;
    int numbered;
    if (!b->ref && (u->flags & ATTUNE__U_PLAIN) &&
        (from == u->body ? !strip || !attune__bullet_len(s + from, u->end - from, &numbered)
                         : strip)) {
        /* plain ASCII with single spaces: the normalization keeps every
         * byte. Stripping takes one bullet (the unit is one line): the one
         * before the body when the text starts before it, else none may
         * start the body ("- 1. Item"). */
        size_t at = text->len;
        if ((rc = attune__buf_append(text, s + u->body, u->end - u->body)) ||
            (rc = attune__omap_add(&d->map, at, u->end - u->body, u->body, u->end, 1)))
            return rc;
    } else {
        rc = b->ref ? attune__norm_append_ref(s, from, u->end, strip, text, &d->map)
                    : attune__norm_append(s, from, u->end, strip, text, &d->map);
        if (rc)
            return rc;
    }
    x = &d->blocks[i];
    x->text_len = text->len - x->text_off;
    x->end = u->end;
    x->line_last = u->line_last;
    /* (those of the units before this one were not wanted: not paragraphs) */
    while (b->found_at < b->found.n && b->found.v[b->found_at].start < u->body)
        b->found_at++;
    if ((u->group & ATTUNE__G_SOMESPAM) && x->kind == ATTUNE_BLOCK_PARAGRAPH) {
        size_t covered;
        if (b->ref) { /* found again: else classification's are taken */
            if ((rc = attune__find_spam(lx, s, u->body, u->end, d->len, -1, 0, &b->spam, &covered)))
                return rc;
        }
        for (; b->found_at < b->found.n && b->found.v[b->found_at].start < u->end; b->found_at++)
            if ((rc = attune__spans_push(&b->spam, b->found.v[b->found_at].start,
                                         b->found.v[b->found_at].end, 0)))
                return rc;
    }
    int profile = x->boiler == ATTUNE_BOILER_AUTHOR || x->boiler == ATTUNE_BOILER_SOCIAL;
    if ((u->flags & ATTUNE__U_H_PII) &&
        (rc =
             attune__find_pii(lx, s, u->start, u->end, d->len, profile,
                              b->ref ? (int)(ATTUNE__PII_ALL | ATTUNE__PII_BYTES)
                                     : (int)(((u->flags & ATTUNE__U_H_AT) ? ATTUNE__PII_AT : 0u) |
                                             ((u->flags & ATTUNE__U_H_URL) ? ATTUNE__PII_URL : 0u) |
                                             ((u->flags & ATTUNE__U_H_NUM) ? ATTUNE__PII_NUM : 0u)),
                              &b->pii)))
        return rc;
    x = &d->blocks[i];
    if (b->spam.n - x->spam_off > UINT32_MAX || b->pii.n - x->pii_off > UINT32_MAX)
        return ATTUNE_ELIMIT;
    x->spam_n = (uint32_t)(b->spam.n - x->spam_off);
    x->pii_n = (uint32_t)(b->pii.n - x->pii_off);
    if (b->ref)
        cover(b, i);
    return ATTUNE_OK;
}

static size_t container(const builder *b) { return b->stack[b->depth - 1]; }

static int32_t build(builder *b, const char *s, const attune__lex *lx, const attune__unit *u,
                     size_t n, attune__buf *text) {
    int32_t rc;
    size_t root;
    /* the root, a block per unit, a section per heading and a list per run
     * of items (boilerplate merged into the block before it needs none) */
    size_t cap = 1 + n;
    for (size_t i = 0; i < n; i++)
        cap += u[i].kind == ATTUNE_BLOCK_HEADING ||
               (u[i].kind == ATTUNE_BLOCK_LIST_ITEM &&
                (i == 0 || u[i - 1].kind != ATTUNE_BLOCK_LIST_ITEM));
    if (cap > ATTUNE__MAX_BLOCKS)
        return ATTUNE_ELIMIT;
    b->doc->blocks = attune__alloc_array(cap, sizeof *b->doc->blocks);
    if (!b->doc->blocks)
        return ATTUNE_ENOMEM;
    attune__hint_huge(b->doc->blocks, cap * sizeof *b->doc->blocks);
    b->cap = cap;
    if ((rc = attune__buf_reserve(text, b->doc->len + n + 1)))
        return rc;
    attune__hint_huge(text->data, b->doc->len + n + 1);
    /* usually one piece of offset map per block */
    b->doc->map.seg = attune__alloc_array(n + 16, sizeof *b->doc->map.seg);
    if (!b->doc->map.seg)
        return ATTUNE_ENOMEM;
    b->doc->map.cap = n + 16;
    attune__hint_huge(b->doc->map.seg, (n + 16) * sizeof *b->doc->map.seg);
    if ((rc = new_block(b, ATTUNE_BLOCK_DOCUMENT, ATTUNE__NIL, &root)))
        return rc;
    b->stack[0] = root;
    b->depth = 1;
    b->list = b->merge = ATTUNE__NIL;
    size_t last_content = ATTUNE__NIL;
    for (size_t i = 0; i < n; i++)
        if (u[i].kind != ATTUNE_BLOCK_BOILERPLATE)
            last_content = i;
    for (size_t i = 0; i < n; i++) {
        const attune__unit *v = &u[i];
        size_t id;
        int32_t kind = v->kind;
        if (kind != ATTUNE_BLOCK_LIST_ITEM)
            b->list = ATTUNE__NIL;
        if (kind != ATTUNE_BLOCK_BOILERPLATE)
            b->merge = ATTUNE__NIL;
        switch (kind) {
        case ATTUNE_BLOCK_TITLE:
        case ATTUNE_BLOCK_SUMMARY:
            b->depth = 1;
            if ((rc = new_block(b, kind, root, &id)))
                return rc;
            b->doc->blocks[id].level = (int8_t)(kind == ATTUNE_BLOCK_TITLE ? 1 : 0);
            if (kind == ATTUNE_BLOCK_TITLE && b->doc->title == ATTUNE__NIL)
                b->doc->title = id;
            break;
        case ATTUNE_BLOCK_HEADING: {
            while (b->depth > 1 && b->doc->blocks[container(b)].level >= v->level)
                b->depth--;
            size_t sec;
            if ((rc = new_block(b, ATTUNE_BLOCK_SECTION, container(b), &sec)))
                return rc;
            b->doc->blocks[sec].level = (int8_t)v->level;
            if (b->depth < MAX_DEPTH)
                b->stack[b->depth++] = sec;
            if ((rc = new_block(b, kind, sec, &id)))
                return rc;
            b->doc->blocks[id].level = (int8_t)v->level;
            break;
        }
        case ATTUNE_BLOCK_LIST_ITEM:
            if (b->list == ATTUNE__NIL) {
                if ((rc = new_block(b, ATTUNE_BLOCK_LIST, container(b), &b->list)))
                    return rc;
            }
            if ((rc = new_block(b, kind, b->list, &id)))
                return rc;
            break;
        case ATTUNE_BLOCK_BOILERPLATE:
            if (last_content == ATTUNE__NIL || i > last_content)
                b->depth = 1;
            if (b->merge != ATTUNE__NIL && b->doc->blocks[b->merge].boiler == v->boiler &&
                b->doc->blocks[b->merge].parent == container(b)) {
                if ((rc = fill(b, text, s, lx, b->merge, v, 1)))
                    return rc;
                continue;
            }
            if ((rc = new_block(b, kind, container(b), &id)))
                return rc;
            b->doc->blocks[id].boiler = (int8_t)v->boiler;
            b->merge = id;
            break;
        default:
            if ((rc = new_block(b, kind ? kind : ATTUNE_BLOCK_PARAGRAPH, container(b), &id)))
                return rc;
            break;
        }
        if ((rc = fill(b, text, s, lx, id, v, 0)))
            return rc;
    }
    if (!b->ref)
        cover_all(b->doc);
    return ATTUNE_OK;
}

static int32_t fail_free(attune_doc *d, attune_error *err, int32_t code, const char *msg,
                         size_t off) {
    attune_doc_free(d);
    return attune__fail(err, code, msg, off);
}

int32_t attune_doc_parse(const char *s, size_t len, const attune_parse_options *opts,
                         attune_doc **out, attune_error *err) {
    return attune__doc_parse_mode(s, len, opts, 0, out, err);
}

int32_t attune__doc_parse_mode(const char *s, size_t len, const attune_parse_options *opts, int ref,
                               attune_doc **out, attune_error *err) {
    return attune__doc_parse_model(s, len, opts, ref, &attune__content_model, out, err);
}

int32_t attune__doc_parse_model(const char *s, size_t len, const attune_parse_options *opts,
                                int ref, const attune__cmodel *cm, attune_doc **out,
                                attune_error *err) {
    if (out)
        *out = NULL;
    if (!out)
        return attune__fail(err, ATTUNE_EINVAL, "output pointer is NULL", ATTUNE_NO_OFFSET);
    if (!s && len)
        return attune__fail(err, ATTUNE_EINVAL, "text is NULL", ATTUNE_NO_OFFSET);
    uint32_t flags = 0;
    size_t max_input = DEFAULT_MAX_INPUT;
    if (opts) {
        attune_parse_options o;
        attune_parse_options_init(&o);
        int32_t rc = attune__options_read(&o, sizeof o, opts, err);
        if (rc)
            return rc;
        flags = o.flags;
        if (flags & ~KNOWN_FLAGS)
            return attune__fail(err, ATTUNE_EINVAL, "unknown parse flag", ATTUNE_NO_OFFSET);
        if (o.max_input)
            max_input = o.max_input;
    }
    if (len > max_input)
        return attune__fail(err, ATTUNE_ELIMIT, "input is larger than the parse limit (max_input)",
                            max_input);
    if (!(flags & ATTUNE_PARSE_ANY_BYTES)) {
        size_t at = 0;
        if (!looks_like_text(s, len, &at))
            return attune__fail(err, ATTUNE_ENOTTEXT, "the input is not text (binary data)", at);
    }
    if (flags & ATTUNE_PARSE_STRICT_UTF8) {
        size_t bad = 0;
        if (attune_utf8_validate(s, len, &bad) != ATTUNE_OK)
            return attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8 in the input", bad);
    }
    attune_doc *d = attune__calloc(1, sizeof *d);
    if (!d)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    d->title = ATTUNE__NIL;
    d->src = attune__malloc(len ? len : 1);
    if (!d->src)
        return fail_free(d, err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    attune__hint_huge(d->src, len);
    if (len)
        memcpy(d->src, s, len);
    d->len = len;

    const attune__lex *lx = attune__lex_get();
    attune__units us = {NULL, 0, 0};
    builder b;
    memset(&b, 0, sizeof b);
    b.doc = d;
    b.ref = ref;
    attune__buf text = ATTUNE__BUF_INIT;
    int32_t rc = attune__units_split(d->src, len, lx, &us, ref);
    if (rc == ATTUNE_OK)
        rc = attune__units_classify(d->src, len, lx, us.u, us.n, ref, ref ? NULL : &b.found);
    if (rc == ATTUNE_OK && cm)
        rc = attune__cmodel_apply(cm, us.u, us.n);
    if (rc == ATTUNE_OK) {
        attune__units_levels(d->src, us.u, us.n);
        rc = build(&b, d->src, lx, us.u, us.n, &text);
    }
    attune__free(b.found.v);
    if (rc == ATTUNE_OK && !text.data)
        rc = attune__buf_reserve(&text, 1);
    attune__free(us.u);
    if (rc != ATTUNE_OK) {
        attune__buf_free(&text);
        attune__free(b.spam.v);
        attune__free(b.pii.v);
        return fail_free(d, err, rc,
                         rc == ATTUNE_ENOMEM   ? "out of memory"
                         : rc == ATTUNE_ELIMIT ? "too many blocks or spans for one document"
                                               : "cannot build the document",
                         ATTUNE_NO_OFFSET);
    }
    d->text = text.data;
    d->text_len = text.len;
    /* spans live in one array: spam first, then personal data */
    d->spans = NULL;
    d->nspans = b.spam.n + b.pii.n;
    if (d->nspans) {
        d->spans = attune__alloc_array(d->nspans, sizeof *d->spans);
        if (!d->spans) {
            attune__free(b.spam.v);
            attune__free(b.pii.v);
            return fail_free(d, err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
        }
        if (b.spam.n)
            memcpy(d->spans, b.spam.v, b.spam.n * sizeof *d->spans);
        if (b.pii.n)
            memcpy(d->spans + b.spam.n, b.pii.v, b.pii.n * sizeof *d->spans);
        for (size_t i = 0; i < d->nblocks; i++)
            d->blocks[i].pii_off += b.spam.n;
    }
    attune__free(b.spam.v);
    attune__free(b.pii.v);
    for (size_t i = 0; i < d->nblocks; i++)
        d->blocks[i].doc = d;
    if (d->nblocks) {
        attune_block *r = &d->blocks[0];
        r->start = 0;
        r->end = len;
        r->line_first = len ? 1 : 0;
        if (r->line_last == 0 && len)
            r->line_last = 1;
    }
    *out = d;
    return ATTUNE_OK;
}

void attune_doc_free(attune_doc *doc) {
    if (!doc)
        return;
    attune__free(doc->src);
    attune__free(doc->blocks);
    attune__free(doc->text);
    attune__omap_free(&doc->map);
    attune__free(doc->spans);
    attune__free(doc);
}
