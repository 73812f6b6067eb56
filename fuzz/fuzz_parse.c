/* Fuzz attune_doc_parse in both UTF-8 modes (the first byte picks the mode),
 * then walk the whole tree through every accessor and the iterator and
 * render it as JSON, outline and text. Invariants: spans lie inside the
 * input and inside their parent's span, siblings come in order, line
 * numbers are ordered and inside the input, block texts are valid UTF-8 and
 * NUL-terminated, text offsets map back inside the block's span, spam and
 * personal-data spans lie inside their block, the iterator visits exactly
 * the blocks of document order, and strict mode fails only on ill-formed
 * UTF-8 at the offset the validator reports. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Lines end with LF, CRLF or a lone CR. */
static size_t count_lines(const char *s, size_t n) {
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n')))
            lines++;
    return lines;
}

static void check_block(const attune_doc *doc, const attune_block *b, size_t index, size_t n,
                        size_t nlines) {
    if (attune_doc_block(doc, index) != b || attune_block_index(b) != index)
        abort();
    int32_t kind = attune_block_kind(b);
    if (kind < ATTUNE_BLOCK_DOCUMENT || kind > ATTUNE_BLOCK_BOILERPLATE)
        abort();
    if ((index == 0) != (kind == ATTUNE_BLOCK_DOCUMENT))
        abort();
    if (strcmp(attune_block_kind_name(kind), "unknown") == 0)
        abort();
    int32_t boiler = attune_block_boilerplate(b);
    if ((kind == ATTUNE_BLOCK_BOILERPLATE) != (boiler != ATTUNE_BOILER_NONE))
        abort();
    if (strcmp(attune_boilerplate_name(boiler), "unknown") == 0)
        abort();
    if (attune_block_level(b) < 0)
        abort();

    size_t start, end, first, last;
    if (attune_block_span(b, &start, &end) != ATTUNE_OK || start > end || end > n)
        abort();
    if (attune_block_lines(b, &first, &last) != ATTUNE_OK)
        abort();
    if (index > 0 && (first < 1 || first > last || last > nlines))
        abort();

    const attune_block *parent = attune_block_parent(b);
    if ((parent == NULL) != (index == 0))
        abort();
    if (parent) {
        size_t ps, pe;
        attune_block_span(parent, &ps, &pe);
        if (start < ps || end > pe || attune_block_index(parent) >= index)
            abort();
    }
    const attune_block *prev = attune_block_prev_sibling(b);
    if (prev) {
        size_t qs, qe;
        attune_block_span(prev, &qs, &qe);
        if (qe > start || attune_block_next_sibling(prev) != b ||
            attune_block_parent(prev) != parent)
            abort();
    } else if (parent && attune_block_first_child(parent) != b) {
        abort();
    }
    if (!attune_block_next_sibling(b) && parent && attune_block_last_child(parent) != b)
        abort();

    const char *text;
    size_t tlen;
    if (attune_block_text(b, &text, &tlen) != ATTUNE_OK || text[tlen] != '\0')
        abort();
    if (attune_utf8_validate(text, tlen, NULL) != ATTUNE_OK)
        abort();
    if (tlen > 0) {
        size_t prev_off = 0;
        for (size_t i = 0; i <= tlen; i++) {
            size_t o = attune_block_source_offset(b, i);
            if (o == ATTUNE_NO_OFFSET || o > n || o < prev_off)
                abort();
            prev_off = o;
        }
        if (attune_block_source_offset(b, tlen + 1) != ATTUNE_NO_OFFSET)
            abort();
    }

    size_t ns = attune_block_spam_count(b);
    for (size_t i = 0; i < ns; i++) {
        size_t s0, s1;
        if (attune_block_spam_span(b, i, &s0, &s1) != ATTUNE_OK || s0 > s1 || s0 < start ||
            s1 > end)
            abort();
    }
    size_t s0, s1;
    if (attune_block_spam_span(b, ns, &s0, &s1) == ATTUNE_OK)
        abort();
    size_t np = attune_block_pii_count(b);
    for (size_t i = 0; i < np; i++) {
        int32_t type;
        if (attune_block_pii(b, i, &type, &s0, &s1) != ATTUNE_OK || s0 > s1 || s0 < start ||
            s1 > end || type < ATTUNE_PII_EMAIL || type > ATTUNE_PII_BIRTHDATE ||
            strcmp(attune_pii_type_name(type), "unknown") == 0)
            abort();
    }
}

static void check_doc(const attune_doc *doc, const char *s, size_t n) {
    const char *src;
    size_t src_len;
    if (attune_doc_source(doc, &src, &src_len) != ATTUNE_OK || src_len != n ||
        (n && memcmp(src, s, n) != 0))
        abort();
    size_t nlines = count_lines(s, n);
    size_t count = attune_doc_block_count(doc);
    const attune_block *root = attune_doc_root(doc);
    if (count == 0 || root == NULL || attune_doc_block(doc, 0) != root ||
        attune_doc_block(doc, count) != NULL)
        abort();
    const attune_block *title = attune_doc_title(doc);
    if (title && attune_block_kind(title) != ATTUNE_BLOCK_TITLE)
        abort();
    for (size_t i = 0; i < count; i++)
        check_block(doc, attune_doc_block(doc, i), i, n, nlines);

    /* the iterator: pre-order enters equal document order, balanced exits */
    attune_iter *it = NULL;
    if (attune_iter_new(root, &it) != ATTUNE_OK)
        abort();
    size_t entered = 0, depth = 0;
    for (;;) {
        int32_t ev;
        const attune_block *b;
        if (attune_iter_next(it, &ev, &b) != ATTUNE_OK)
            abort();
        if (ev == ATTUNE_EVENT_DONE) {
            if (b != NULL)
                abort();
            break;
        }
        if (ev == ATTUNE_EVENT_ENTER) {
            if (b != attune_doc_block(doc, entered))
                abort();
            entered++;
            depth++;
        } else if (ev == ATTUNE_EVENT_EXIT) {
            if (depth == 0)
                abort();
            depth--;
        } else {
            abort();
        }
    }
    if (entered != count || depth != 0)
        abort();
    attune_iter_free(it);

    for (int mode = 0; mode < 3; mode++) {
        attune_render_options ro;
        attune_render_options_init(&ro);
        ro.flags = (uint32_t)(n & 3); /* vary NO_TEXT / NO_BOILERPLATE */
        ro.source = "fuzz";
        char *out = NULL;
        size_t out_len = 0;
        int32_t rc = mode == 0   ? attune_render_json(doc, &ro, &out, &out_len, NULL)
                     : mode == 1 ? attune_render_outline(doc, &ro, &out, &out_len, NULL)
                                 : attune_render_text(doc, &ro, &out, &out_len, NULL);
        if (rc != ATTUNE_OK || out == NULL || out[out_len] != '\0' || strlen(out) != out_len ||
            attune_utf8_validate(out, out_len, NULL) != ATTUNE_OK)
            abort();
        if (mode == 0 && (out_len < 2 || out[0] != '{' || out[out_len - 1] != '}'))
            abort();
        attune_free(out);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    int strict = data[0] & 1;
    /* the second bit: parse whatever the bytes are (else input that is not
     * text is refused with ATTUNE_ENOTTEXT) */
    int any = (data[0] >> 1) & 1;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    attune_parse_options po;
    attune_parse_options_init(&po);
    po.flags = (strict ? ATTUNE_PARSE_STRICT_UTF8 : ATTUNE_PARSE_DEFAULT) |
               (any ? ATTUNE_PARSE_ANY_BYTES : 0u);
    attune_doc *doc = (attune_doc *)&po; /* must be reset to NULL on failure */
    attune_error err;
    int32_t rc = attune_doc_parse(s, n, &po, &doc, &err);
    size_t bad = ATTUNE_NO_OFFSET;
    int valid = attune_utf8_validate(s, n, &bad) == ATTUNE_OK;
    if (rc != ATTUNE_OK) {
        if (doc != NULL || err.code != rc || err.message == NULL)
            abort();
        if (rc == ATTUNE_ENOTTEXT) {
            if (any || err.offset >= n)
                abort();
            return 0;
        }
        if (rc != ATTUNE_EUTF8 || !strict || valid || err.offset != bad)
            abort();
        return 0;
    }
    if (strict && !valid)
        abort();
    check_doc(doc, s, n);
    attune_doc_free(doc);
    return 0;
}
