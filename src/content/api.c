/* Read access to a parsed document: navigation, block properties, spans,
 * names, and the pull iterator. */
#include "content/content_internal.h"

const attune_block *attune_doc_root(const attune_doc *doc) {
    return doc && doc->nblocks ? &doc->blocks[0] : NULL;
}

int32_t attune_doc_source(const attune_doc *doc, const char **ptr, size_t *len) {
    if (!doc || !ptr || !len)
        return ATTUNE_EINVAL;
    *ptr = doc->src;
    *len = doc->len;
    return ATTUNE_OK;
}

const attune_block *attune_doc_title(const attune_doc *doc) {
    return doc && doc->title != ATTUNE__NIL ? &doc->blocks[doc->title] : NULL;
}

size_t attune_doc_block_count(const attune_doc *doc) { return doc ? doc->nblocks : 0; }

const attune_block *attune_doc_block(const attune_doc *doc, size_t index) {
    return doc && index < doc->nblocks ? &doc->blocks[index] : NULL;
}

static const attune_block *at(const attune_block *b, uint32_t i) {
    return b && i != ATTUNE__NIL32 ? &b->doc->blocks[i] : NULL;
}

const attune_block *attune_block_parent(const attune_block *b) {
    return b ? at(b, b->parent) : NULL;
}
const attune_block *attune_block_first_child(const attune_block *b) {
    return b ? at(b, b->first_child) : NULL;
}
const attune_block *attune_block_last_child(const attune_block *b) {
    return b ? at(b, b->last_child) : NULL;
}
const attune_block *attune_block_next_sibling(const attune_block *b) {
    return b ? at(b, b->next) : NULL;
}
const attune_block *attune_block_prev_sibling(const attune_block *b) {
    return b ? at(b, b->prev) : NULL;
}

size_t attune_block_index(const attune_block *b) {
    return b ? (size_t)(b - b->doc->blocks) : ATTUNE__NIL;
}
int32_t attune_block_kind(const attune_block *b) { return b ? b->kind : ATTUNE_BLOCK_NONE; }
int32_t attune_block_level(const attune_block *b) { return b ? b->level : 0; }
int32_t attune_block_boilerplate(const attune_block *b) {
    return b && b->kind == ATTUNE_BLOCK_BOILERPLATE ? b->boiler : ATTUNE_BOILER_NONE;
}

int32_t attune_block_text(const attune_block *b, const char **ptr, size_t *len) {
    if (!b || !ptr || !len)
        return ATTUNE_EINVAL;
    if (!b->text_len) {
        *ptr = "";
        *len = 0;
        return ATTUNE_OK;
    }
    *ptr = b->doc->text + b->text_off;
    *len = b->text_len;
    return ATTUNE_OK;
}

size_t attune_block_source_offset(const attune_block *b, size_t text_offset) {
    if (!b || text_offset > b->text_len)
        return ATTUNE_NO_OFFSET;
    const attune_doc *d = b->doc;
    if (text_offset == b->text_len) {
        if (!b->text_len)
            return b->start;
        size_t sa, sb;
        attune__omap_span(&d->map, d->text_len, d->len, b->text_off + b->text_len - 1,
                          b->text_off + b->text_len, &sa, &sb);
        return sb;
    }
    return attune__omap_lookup(&d->map, d->text_len, d->len, b->text_off + text_offset);
}

int32_t attune_block_span(const attune_block *b, size_t *start, size_t *end) {
    if (!b || !start || !end)
        return ATTUNE_EINVAL;
    *start = b->start;
    *end = b->end;
    return ATTUNE_OK;
}

int32_t attune_block_lines(const attune_block *b, size_t *first, size_t *last) {
    if (!b || !first || !last)
        return ATTUNE_EINVAL;
    *first = b->line_first;
    *last = b->line_last;
    return ATTUNE_OK;
}

size_t attune_block_spam_count(const attune_block *b) { return b ? b->spam_n : 0; }

int32_t attune_block_spam_span(const attune_block *b, size_t i, size_t *start, size_t *end) {
    if (!b || !start || !end || i >= b->spam_n)
        return ATTUNE_EINVAL;
    const attune__span *sp = &b->doc->spans[b->spam_off + i];
    *start = sp->start;
    *end = sp->end;
    return ATTUNE_OK;
}

size_t attune_block_pii_count(const attune_block *b) { return b ? b->pii_n : 0; }

int32_t attune_block_pii(const attune_block *b, size_t i, int32_t *type, size_t *start,
                         size_t *end) {
    if (!b || !type || !start || !end || i >= b->pii_n)
        return ATTUNE_EINVAL;
    const attune__span *sp = &b->doc->spans[b->pii_off + i];
    *type = sp->type;
    *start = sp->start;
    *end = sp->end;
    return ATTUNE_OK;
}

const char *attune_block_kind_name(int32_t kind) {
    static const char *const names[] = {"none",      "document", "title",      "summary",
                                        "section",   "heading",  "paragraph",  "list",
                                        "list_item", "quote",    "boilerplate"};
    return kind >= 0 && kind <= ATTUNE_BLOCK_BOILERPLATE ? names[kind] : "unknown";
}

const char *attune_boilerplate_name(int32_t kind) {
    static const char *const names[] = {"none",    "chrome", "byline", "engagement", "cta",
                                        "related", "toc",    "author", "social",     "duplicate"};
    return kind >= 0 && kind <= ATTUNE_BOILER_DUPLICATE ? names[kind] : "unknown";
}

const char *attune_pii_type_name(int32_t type) {
    static const char *const names[] = {"none", "email", "phone", "address", "url", "birthdate"};
    return type >= 0 && type <= ATTUNE_PII_BIRTHDATE ? names[type] : "unknown";
}

struct attune_iter {
    const attune_block *root;
    const attune_block *cur;
    int32_t ev;
};

int32_t attune_iter_new(const attune_block *root, attune_iter **out) {
    return attune_iter_new2(root, out, NULL);
}

int32_t attune_iter_new2(const attune_block *root, attune_iter **out, attune_error *err) {
    if (out)
        *out = NULL;
    if (!out || !root)
        return attune__fail(err, ATTUNE_EINVAL, "root or output pointer is NULL", ATTUNE_NO_OFFSET);
    attune_iter *it = attune__malloc(sizeof *it);
    if (!it)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    it->root = root;
    it->cur = NULL;
    it->ev = ATTUNE_EVENT_NONE;
    *out = it;
    return ATTUNE_OK;
}

int32_t attune_iter_next(attune_iter *it, int32_t *event, const attune_block **block) {
    if (!it || !event || !block)
        return ATTUNE_EINVAL;
    switch (it->ev) {
    case ATTUNE_EVENT_NONE:
        it->cur = it->root;
        it->ev = ATTUNE_EVENT_ENTER;
        break;
    case ATTUNE_EVENT_ENTER: {
        const attune_block *c = attune_block_first_child(it->cur);
        if (c)
            it->cur = c;
        else
            it->ev = ATTUNE_EVENT_EXIT;
        break;
    }
    case ATTUNE_EVENT_EXIT:
        if (it->cur == it->root) {
            it->cur = NULL;
            it->ev = ATTUNE_EVENT_DONE;
        } else if (attune_block_next_sibling(it->cur)) {
            it->cur = attune_block_next_sibling(it->cur);
            it->ev = ATTUNE_EVENT_ENTER;
        } else {
            it->cur = attune_block_parent(it->cur);
        }
        break;
    default: break;
    }
    *event = it->ev;
    *block = it->cur;
    return ATTUNE_OK;
}

void attune_iter_free(attune_iter *it) { attune__free(it); }
