/* Fuzz classification with the default model: attune_doc_parse then
 * attune_classify, and attune_classify_text on the same bytes. Invariants:
 * every score is in [0, 1], presence is 0 or 1 and agrees with the present
 * list, unit spans and evidence spans lie inside the input (and evidence
 * inside its unit's span, in source order), block units point back to
 * their blocks, and the JSON rendering with the result succeeds. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_result(const attune_result *r, const attune_doc *doc, size_t n) {
    size_t units = attune_result_unit_count(r);
    size_t themes = attune_result_theme_count(r);
    if (units < 1 || themes != attune_model_theme_count(attune_model_default()) ||
        attune_result_unit_kind(r, 0) != ATTUNE_UNIT_DOCUMENT ||
        attune_result_unit_kind(r, units) != ATTUNE_UNIT_NONE)
        abort();
    size_t sections = attune_result_section_count(r);
    if (sections >= units)
        abort();
    for (size_t u = 0; u < units; u++) {
        int32_t kind = attune_result_unit_kind(r, u);
        int32_t want = u == 0          ? ATTUNE_UNIT_DOCUMENT
                       : u <= sections ? ATTUNE_UNIT_SECTION
                                       : ATTUNE_UNIT_BLOCK;
        if (kind != want)
            abort();
        size_t us, ue;
        if (attune_result_unit_span(r, u, &us, &ue) != ATTUNE_OK || us > ue || ue > n)
            abort();
        const attune_block *b = attune_result_unit_block(r, u);
        if (kind == ATTUNE_UNIT_BLOCK && doc) {
            if (!b || attune_result_block_unit(r, b) != u)
                abort();
        }
        if (kind == ATTUNE_UNIT_SECTION) {
            size_t line;
            const char *h;
            size_t hl;
            if (attune_result_section_line(r, u, &line) != ATTUNE_OK ||
                attune_result_section_heading(r, u, &h, &hl) != ATTUNE_OK)
                abort();
        }
        size_t present = 0;
        for (size_t t = 0; t < themes; t++) {
            double score = -1;
            int32_t p = -1;
            if (attune_result_theme(r, u, t, &score, &p) != ATTUNE_OK)
                abort();
            if (!(score >= 0.0 && score <= 1.0) || (p != 0 && p != 1))
                abort();
            present += (size_t)p;
            size_t ne = attune_result_evidence_count(r, u, t), prev = 0;
            for (size_t i = 0; i < ne; i++) {
                size_t s0, s1;
                if (attune_result_evidence(r, u, t, i, &s0, &s1) != ATTUNE_OK || s0 >= s1 ||
                    s1 > n || s0 < us || s1 > ue || s0 < prev)
                    abort();
                prev = s0;
            }
        }
        if (attune_result_theme(r, u, themes, NULL, NULL) != ATTUNE_EINVAL)
            abort();
        if (attune_result_present_count(r, u) != present)
            abort();
        double last = 2.0;
        for (size_t i = 0; i < present; i++) {
            size_t t;
            double score;
            int32_t p;
            if (attune_result_present_theme(r, u, i, &t) != ATTUNE_OK || t >= themes ||
                attune_result_theme(r, u, t, &score, &p) != ATTUNE_OK || !p || score > last)
                abort();
            last = score;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *s = (const char *)data;
    attune_doc *doc = NULL;
    attune_parse_options po;
    attune_parse_options_init(&po);
    po.flags = ATTUNE_PARSE_ANY_BYTES; /* binary input too: classify whatever parses */
    if (attune_doc_parse(s, size, &po, &doc, NULL) != ATTUNE_OK)
        abort(); /* the repairing mode with any bytes accepts every input */
    attune_result *r = NULL;
    if (attune_classify(NULL, doc, NULL, &r, NULL) != ATTUNE_OK)
        abort();
    check_result(r, doc, size);
    attune_render_options ro;
    attune_render_options_init(&ro);
    ro.result = r;
    char *out = NULL;
    size_t out_len = 0;
    if (attune_render_json(doc, &ro, &out, &out_len, NULL) != ATTUNE_OK ||
        attune_utf8_validate(out, out_len, NULL) != ATTUNE_OK)
        abort();
    attune_free(out);
    attune_result_free(r);
    attune_doc_free(doc);

    r = NULL;
    if (attune_classify_text(NULL, s, size, NULL, &r, NULL) != ATTUNE_OK)
        abort();
    check_result(r, NULL, size);
    attune_result_free(r);
    return 0;
}
