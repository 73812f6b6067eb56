/* Themes API: classification of plain text (units, scores, evidence spans),
 * stemming and phrase rules, errors, allocation failures, threads. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t theme(const char *id) {
    int32_t i = attune_model_theme_index(attune_model_default(), id, strlen(id));
    assert_true(i >= 0);
    return (size_t)i;
}

/* Whether some evidence span of `id` in unit 0 is exactly `want`. */
static bool has_evidence(const attune_result *r, const char *text, const char *id,
                         const char *want) {
    size_t t = theme(id), n = attune_result_evidence_count(r, 0, t);
    for (size_t i = 0; i < n; i++) {
        size_t a, b;
        assert_int_equal(attune_result_evidence(r, 0, t, i, &a, &b), 0);
        if (b - a == strlen(want) && memcmp(text + a, want, b - a) == 0)
            return true;
    }
    return false;
}

static char *seed_text(size_t i, size_t *len) {
    char name[256];
    snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
    return test_read_file(test_path(test_corpus_dir(), name), len);
}

static void test_units_scores_evidence(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *text = seed_text(0, &len);
    attune_result *r;
    attune_error err;
    assert_int_equal(attune_classify_text(NULL, text, len, NULL, &r, &err), 0);
    assert_ptr_equal(attune_result_model(r), attune_model_default());
    assert_int_equal(attune_result_unit_count(r), 3);
    assert_int_equal(attune_result_section_count(r), 1);
    assert_int_equal(attune_result_theme_count(r), 15);
    assert_int_equal(attune_result_unit_kind(r, 0), ATTUNE_UNIT_DOCUMENT);
    assert_int_equal(attune_result_unit_kind(r, 1), ATTUNE_UNIT_SECTION);
    assert_int_equal(attune_result_unit_kind(r, 2), ATTUNE_UNIT_BLOCK);
    assert_int_equal(attune_result_unit_kind(r, 3), ATTUNE_UNIT_NONE);
    assert_null(attune_result_unit_block(r, 2));
    size_t line;
    assert_int_equal(attune_result_section_line(r, 1, &line), 0);
    assert_int_equal(line, 1);
    assert_int_equal(attune_result_section_line(r, 0, &line), ATTUNE_EINVAL);
    const char *h;
    size_t hl;
    assert_int_equal(attune_result_section_heading(r, 1, &h, &hl), 0);
    assert_int_equal(hl, 0);
    assert_int_equal(attune_result_section_heading(r, 2, &h, &hl), ATTUNE_EINVAL);
    size_t words = attune_result_unit_words(r, 0);
    assert_true(words > 300 && words < 1000);
    assert_int_equal(attune_result_unit_words(r, 2), words);
    size_t a, b;
    assert_int_equal(attune_result_unit_span(r, 0, &a, &b), 0);
    assert_true(a < b && b <= len);
    /* the page is about empathy: present, with its evidence */
    double sc;
    int32_t present;
    assert_int_equal(attune_result_theme(r, 0, theme("empathy"), &sc, &present), 0);
    assert_true(sc > 0.5 && sc <= 1.0);
    assert_int_equal(present, 1);
    assert_true(has_evidence(r, text, "empathy", "Empathy"));
    assert_true(has_evidence(r, text, "therapist_care", "compassion fatigue"));
    assert_false(has_evidence(r, text, "empathy", "compassion fatigue"));
    assert_true(has_evidence(r, text, "safety", "non-judgmental"));
    assert_true(has_evidence(r, text, "communication", "active listening"));
    /* present themes are ranked by score and agree with attune_result_theme */
    size_t np = attune_result_present_count(r, 0);
    assert_true(np >= 1);
    double prev = 2.0;
    for (size_t i = 0; i < np; i++) {
        size_t t;
        assert_int_equal(attune_result_present_theme(r, 0, i, &t), 0);
        assert_int_equal(attune_result_theme(r, 0, t, &sc, &present), 0);
        assert_int_equal(present, 1);
        assert_true(sc <= prev);
        prev = sc;
    }
    size_t t;
    assert_int_equal(attune_result_present_theme(r, 0, np, &t), ATTUNE_EINVAL);
    for (size_t k = 0; k < 15; k++) {
        assert_int_equal(attune_result_theme(r, 0, k, &sc, NULL), 0);
        assert_true(sc >= 0.0 && sc <= 1.0);
        size_t n = attune_result_evidence_count(r, 0, k);
        size_t last = 0;
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(attune_result_evidence(r, 0, k, i, &a, &b), 0);
            assert_true(a < b && b <= len && a >= last);
            last = a;
        }
        assert_int_equal(attune_result_evidence(r, 0, k, n, &a, &b), ATTUNE_EINVAL);
    }
    assert_int_equal(attune_result_theme(r, 0, 15, &sc, NULL), ATTUNE_EINVAL);
    assert_int_equal(attune_result_theme(r, 3, 0, &sc, NULL), ATTUNE_EINVAL);
    attune_result_free(r);
    attune_result_free(NULL);
    free(text);
}

static attune_result *classify(const char *s) {
    attune_result *r;
    assert_int_equal(attune_classify_text(NULL, s, strlen(s), NULL, &r, NULL), 0);
    return r;
}

static void test_matching_rules(void **state) {
    (void)state;
    /* one entry matches every form of a word */
    const char *forms = "We validate. They validated it. Validating helps; validation matters.";
    attune_result *r = classify(forms);
    assert_int_equal(attune_result_evidence_count(r, 0, theme("validation")), 4);
    attune_result_free(r);
    /* "judgment" alone is not safety; the phrases are, across line breaks,
     * hyphen variants and case */
    const char *j = "Use good judgment here.";
    r = classify(j);
    assert_int_equal(attune_result_evidence_count(r, 0, theme("safety")), 0);
    attune_result_free(r);
    const char *nj = "A NONJUDGMENTAL room, a non\xe2\x80\x91judgmental tone, without\n  judgment.";
    r = classify(nj);
    assert_true(has_evidence(r, nj, "safety", "NONJUDGMENTAL"));
    assert_true(has_evidence(r, nj, "safety", "non\xe2\x80\x91judgmental"));
    assert_true(has_evidence(r, nj, "safety", "without\n  judgment"));
    attune_result_free(r);
    /* an exception masks the shorter entry inside it */
    const char *plan = "We wrote a safety plan together.";
    r = classify(plan);
    assert_int_equal(attune_result_evidence_count(r, 0, theme("safety")), 0);
    attune_result_free(r);
    /* phrases do not cross sentence ends */
    const char *cut = "It was a place to feel. Safe words were used.";
    r = classify(cut);
    assert_false(has_evidence(r, cut, "safety", "feel. Safe"));
    attune_result_free(r);
    /* empty text: nothing present, no evidence */
    r = classify("");
    assert_int_equal(attune_result_unit_words(r, 0), 0);
    assert_int_equal(attune_result_present_count(r, 0), 0);
    attune_result_free(r);
}

static void test_errors(void **state) {
    (void)state;
    attune_result *r = (attune_result *)1;
    attune_error err;
    assert_int_equal(attune_classify_text(NULL, "x", 1, NULL, NULL, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_classify_text(NULL, NULL, 3, NULL, &r, &err), ATTUNE_EINVAL);
    assert_null(r);
    assert_int_equal(attune_classify_text(NULL, NULL, 0, NULL, &r, &err), 0);
    attune_result_free(r);
    attune_classify_options o;
    assert_int_equal(attune_classify_options_init(NULL), ATTUNE_EINVAL);
    assert_int_equal(attune_classify_options_init(&o), 0);
    o.size = 3;
    assert_int_equal(attune_classify_text(NULL, "x", 1, &o, &r, &err), ATTUNE_EINVAL);
    attune_classify_options_init(&o);
    o.flags = 8;
    assert_int_equal(attune_classify_text(NULL, "x", 1, &o, &r, &err), ATTUNE_EINVAL);
    attune_classify_options_init(&o);
    o.max_input = 4;
    assert_int_equal(attune_classify_text(NULL, "hello", 5, &o, &r, &err), ATTUNE_ELIMIT);
    assert_int_equal(err.code, ATTUNE_ELIMIT);
    assert_null(r);
    assert_int_equal(attune_classify_text(NULL, "hell", 4, &o, &r, &err), 0);
    attune_result_free(r);
    /* invalid UTF-8 is tolerated: bad bytes separate words */
    const char bad[] = "trust\xff\xfe rapport \xc3";
    assert_int_equal(attune_classify_text(NULL, bad, sizeof bad - 1, NULL, &r, &err), 0);
    assert_int_equal(attune_result_evidence_count(r, 0, theme("trust")), 2);
    attune_result_free(r);
    /* accessors on NULL */
    assert_int_equal(attune_result_unit_count(NULL), 0);
    assert_int_equal(attune_result_present_count(NULL, 0), 0);
    assert_int_equal(attune_result_evidence_count(NULL, 0, 0), 0);
    assert_int_equal(attune_result_unit_kind(NULL, 0), ATTUNE_UNIT_NONE);
}

/* A saved and reloaded model classifies identically. */
static void test_saved_model_classifies_alike(void **state) {
    (void)state;
    test_require_corpus();
    char *saved;
    size_t slen;
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &saved, &slen, NULL), 0);
    attune_model *m;
    assert_int_equal(attune_model_load_buffer(saved, slen, &m, NULL), 0);
    for (size_t s = 0; s < test_seed_count(); s++) {
        size_t len;
        char *text = seed_text(s, &len);
        attune_result *a, *b;
        assert_int_equal(attune_classify_text(NULL, text, len, NULL, &a, NULL), 0);
        assert_int_equal(attune_classify_text(m, text, len, NULL, &b, NULL), 0);
        for (size_t t = 0; t < 15; t++) {
            double x, y;
            attune_result_theme(a, 0, t, &x, NULL);
            attune_result_theme(b, 0, t, &y, NULL);
            assert_true(x == y);
            assert_int_equal(attune_result_evidence_count(a, 0, t),
                             attune_result_evidence_count(b, 0, t));
        }
        attune_result_free(a);
        attune_result_free(b);
        free(text);
    }
    attune_model_free(m);
    attune_free(saved);
}

typedef struct job {
    const char *text;
    size_t len;
    double scores[15];
    int rc;
} job;

static void *run_job(void *p) {
    job *j = p;
    attune_result *r;
    j->rc = attune_classify_text(attune_model_default(), j->text, j->len, NULL, &r, NULL);
    if (j->rc)
        return NULL;
    for (size_t t = 0; t < 15; t++)
        attune_result_theme(r, 0, t, &j->scores[t], NULL);
    attune_result_free(r);
    return NULL;
}

/* The default model is built once and shared: threads classifying at once
 * get the same answers. */
static void test_threads(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *text = seed_text(4, &len);
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){text, len, {0}, -1};
        assert_int_equal(pthread_create(&th[i], NULL, run_job, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(jobs[i].rc, 0);
        assert_memory_equal(jobs[i].scores, jobs[0].scores, sizeof jobs[0].scores);
    }
    free(text);
}

static void test_alloc_failures(void **state) {
    (void)state;
    test_require_corpus();
    assert_non_null(attune_model_default()); /* built before the hooks */
    size_t len;
    char *text = seed_text(1, &len);
    test_alloc_install(0);
    attune_result *r;
    assert_int_equal(attune_classify_text(NULL, text, len, NULL, &r, NULL), 0);
    attune_result_free(r);
    size_t total = test_alloc_n;
    assert_true(total >= 5);
    for (test_alloc_fail_at = 1; test_alloc_fail_at <= total; test_alloc_fail_at++) {
        test_alloc_n = 0;
        attune_error err;
        int32_t rc = attune_classify_text(NULL, text, len, NULL, &r, &err);
        assert_int_equal(rc, ATTUNE_ENOMEM);
        assert_null(r);
        assert_int_equal(err.code, ATTUNE_ENOMEM);
    }
    test_alloc_uninstall();
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units_scores_evidence),
        cmocka_unit_test(test_matching_rules),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_saved_model_classifies_alike),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
