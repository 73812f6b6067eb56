/* The classifier's fast path (the model's form table, the prefix filter and
 * the per-thread stem cache kept across calls) gives exactly the results of
 * the straightforward path that stems every token: on the seeds (parsed and
 * as plain text) and on every CounselChat line, with the cache cold, warm,
 * and warm from another model. */
#include "support.h"

#include "themes/themes_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails unless a and b agree on every unit, score, presence and evidence
 * span. Returns the number of evidence spans compared. */
static size_t assert_same(const attune_result *a, const attune_result *b) {
    size_t units = attune_result_unit_count(a), themes = attune_result_theme_count(a);
    size_t spans = 0;
    assert_int_equal(units, attune_result_unit_count(b));
    assert_int_equal(themes, attune_result_theme_count(b));
    for (size_t u = 0; u < units; u++) {
        size_t s0, e0, s1, e1;
        assert_int_equal(attune_result_unit_span(a, u, &s0, &e0), ATTUNE_OK);
        assert_int_equal(attune_result_unit_span(b, u, &s1, &e1), ATTUNE_OK);
        assert_int_equal(s0, s1);
        assert_int_equal(e0, e1);
        assert_int_equal(attune_result_unit_words(a, u), attune_result_unit_words(b, u));
        for (size_t t = 0; t < themes; t++) {
            double sa, sb;
            int32_t pa, pb;
            assert_int_equal(attune_result_theme(a, u, t, &sa, &pa), ATTUNE_OK);
            assert_int_equal(attune_result_theme(b, u, t, &sb, &pb), ATTUNE_OK);
            assert_true(memcmp(&sa, &sb, sizeof sa) == 0);
            assert_int_equal(pa, pb);
            size_t n = attune_result_evidence_count(a, u, t);
            assert_int_equal(n, attune_result_evidence_count(b, u, t));
            for (size_t i = 0; i < n; i++) {
                assert_int_equal(attune_result_evidence(a, u, t, i, &s0, &e0), ATTUNE_OK);
                assert_int_equal(attune_result_evidence(b, u, t, i, &s1, &e1), ATTUNE_OK);
                assert_int_equal(s0, s1);
                assert_int_equal(e0, e1);
                spans++;
            }
        }
    }
    return spans;
}

static attune_result *classify_doc(const attune_model *m, const attune_doc *doc, bool plain) {
    attune__scan_set_plain(plain);
    attune_result *r = NULL;
    assert_int_equal(attune_classify(m, doc, NULL, &r, NULL), ATTUNE_OK);
    attune__scan_set_plain(false);
    return r;
}

static attune_result *classify_text(const attune_model *m, const char *s, size_t n, bool plain) {
    attune__scan_set_plain(plain);
    attune_result *r = NULL;
    assert_int_equal(attune_classify_text(m, s, n, NULL, &r, NULL), ATTUNE_OK);
    attune__scan_set_plain(false);
    return r;
}

/* A second model (the default one's text, loaded again) so that the cache
 * changes hands between models. */
static attune_model *load_copy(void) {
    attune_model *m = NULL;
    assert_int_equal(attune_model_load_buffer((const char *)attune__default_model,
                                              attune__default_model_len, &m, NULL),
                     ATTUNE_OK);
    return m;
}

static void test_seeds_fast_equals_plain(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    const attune_model *def = attune_model_default();
    attune_model *other = load_copy();
    size_t spans = 0;
    for (size_t i = 0; i < test_seed_count(); i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len;
        char *text = test_read_file(test_path(dir, name), &len);
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(text, len, NULL, &doc, NULL), ATTUNE_OK);
        attune_result *plain = classify_doc(def, doc, true);
        /* cold (the other model held the cache), then warm, then as text */
        attune_result *other_r = classify_doc(other, doc, false);
        attune_result *cold = classify_doc(def, doc, false);
        attune_result *warm = classify_doc(def, doc, false);
        spans += assert_same(plain, cold);
        assert_same(plain, warm);
        assert_same(plain, other_r);
        attune_result *tp = classify_text(def, text, len, true);
        attune_result *tf = classify_text(def, text, len, false);
        spans += assert_same(tp, tf);
        attune_result_free(plain);
        attune_result_free(other_r);
        attune_result_free(cold);
        attune_result_free(warm);
        attune_result_free(tp);
        attune_result_free(tf);
        attune_doc_free(doc);
        free(text);
    }
    printf("seeds: %zu evidence spans identical on both paths\n", spans);
    assert_true(spans > 50);
    attune_model_free(other);
}

static void test_counselchat_fast_equals_plain(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *all = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    const attune_model *def = attune_model_default();
    attune_model *other = load_copy();
    size_t lines = 0, spans = 0, present = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(all + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - all) : len;
        const char *s = all + pos;
        size_t n = end - pos;
        /* every 7th line goes through the other model first */
        const attune_model *m = lines % 7 == 3 ? other : def;
        attune_result *fast = classify_text(m, s, n, false);
        attune_result *plain = classify_text(m, s, n, true);
        spans += assert_same(plain, fast);
        present += attune_result_present_count(fast, 0);
        attune_result_free(fast);
        attune_result_free(plain);
        lines++;
        pos = end + 1;
    }
    printf("counselchat: %zu lines, %zu present themes, %zu evidence spans identical\n", lines,
           present, spans);
    assert_true(lines > 100);
    assert_true(spans > 1000);
    attune_model_free(other);
    free(all);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_fast_equals_plain),
        cmocka_unit_test(test_counselchat_fast_equals_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
