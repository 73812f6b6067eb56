/* Allocation failures through the allocator hooks: the seeds go through
 * parse, classify (default and loaded model), classify_text and JSON output
 * while the 1st, 2nd, ... allocation fails, until a run completes. Every
 * failure must return ATTUNE_ENOMEM with NULL outputs, the hook's count of
 * test_alloc_blocks allocations must come back to where it was (LeakSanitizer in the ASan
 * build sees the rest), and objects made before (a loaded model, a parsed
 * document) must stay usable: classifying them afterwards gives the same
 * JSON bytes as before the sweep. The smallest seed is swept at every
 * failure point; the others too while a run makes at most ~400 allocations
 * (every k-th point beyond), so that the test stays fast under ASan. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the pipeline under test ---- */

/* Parses, classifies with `model` (NULL: default), renders JSON with the
 * result, and classifies the raw text. Returns ATTUNE_OK or the first
 * failure, checking that the failing call left its output NULL and the
 * error filled in. On success *json holds the JSON (caller frees). */
static int32_t pipeline(const attune_model *model, const char *src, size_t len, char **json,
                        size_t *json_len) {
    attune_error err;
    attune_doc *doc = (attune_doc *)&err; /* each must be reset to NULL on failure */
    attune_result *r = (attune_result *)&err;
    char *out = (char *)&err;
    *json = NULL;
    int32_t rc = attune_doc_parse(src, len, NULL, &doc, &err);
    if (rc != ATTUNE_OK) {
        assert_null(doc);
        assert_int_equal(err.code, rc);
        return rc;
    }
    rc = attune_classify(model, doc, NULL, &r, &err);
    if (rc != ATTUNE_OK) {
        assert_null(r);
        assert_int_equal(err.code, rc);
        attune_doc_free(doc);
        return rc;
    }
    attune_render_options ro;
    attune_render_options_init(&ro);
    ro.result = r;
    size_t n = 0;
    rc = attune_render_json(doc, &ro, &out, &n, &err);
    attune_result_free(r);
    attune_doc_free(doc);
    if (rc != ATTUNE_OK) {
        assert_null(out);
        assert_int_equal(err.code, rc);
        return rc;
    }
    r = (attune_result *)&err;
    rc = attune_classify_text(model, src, len, NULL, &r, &err);
    if (rc != ATTUNE_OK) {
        assert_null(r);
        assert_int_equal(err.code, rc);
        attune_free(out);
        return rc;
    }
    attune_result_free(r);
    *json = out;
    *json_len = n;
    return ATTUNE_OK;
}

/* JSON of an already parsed document classified with `model`. */
static char *classify_json(const attune_model *model, const attune_doc *doc, size_t *len) {
    attune_result *r = NULL;
    assert_int_equal(attune_classify(model, doc, NULL, &r, NULL), ATTUNE_OK);
    attune_render_options ro;
    attune_render_options_init(&ro);
    ro.result = r;
    char *out = NULL;
    assert_int_equal(attune_render_json(doc, &ro, &out, len, NULL), ATTUNE_OK);
    attune_result_free(r);
    return out;
}

/* Sweeps failure points 1, 1+step, 1+2*step, ... of the pipeline on one
 * source until a run completes; returns the number of points checked. */
static size_t sweep(const attune_model *model, const char *src, size_t len, size_t step,
                    const char *want, size_t want_len) {
    size_t points = 0;
    for (size_t k = 1;; k += step) {
        long before = test_alloc_blocks;
        test_alloc_n = 0;
        test_alloc_fail_at = k;
        char *json = NULL;
        size_t jl = 0;
        int32_t rc = pipeline(model, src, len, &json, &jl);
        test_alloc_fail_at = 0;
        if (rc == ATTUNE_OK) {
            /* a complete run: whatever step skipped, the result is the
             * unfailed one */
            assert_true(test_alloc_n < k);
            assert_int_equal(jl, want_len);
            assert_memory_equal(json, want, jl);
            attune_free(json);
            assert_int_equal(test_alloc_blocks, before);
            return points;
        }
        assert_int_equal(rc, ATTUNE_ENOMEM);
        assert_int_equal(test_alloc_blocks, before);
        points++;
    }
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The first use of the default model may fail; a later call must build it
 * (a failed first build must not disable it for the rest of the process).
 * Runs first, before anything else builds the default model. */
static void test_default_model_after_failure(void **state) {
    (void)state;
    test_require_corpus();
    test_alloc_install(0);
    test_alloc_n = 0;
    test_alloc_fail_at = 1;
    size_t f0 = test_alloc_refused;
    attune_result *r = (attune_result *)&r;
    attune_error err;
    int32_t rc = attune_classify_text(NULL, "I trust my therapist", 20, NULL, &r, &err);
    test_alloc_fail_at = 0;
    if (test_alloc_refused == f0) {
        /* the default model was already built by someone: nothing to test */
        skip();
    }
    assert_int_equal(rc, ATTUNE_ENOMEM);
    assert_null(r);
    assert_non_null(attune_model_default());
    assert_int_equal(attune_classify_text(NULL, "I trust my therapist", 20, NULL, &r, &err),
                     ATTUNE_OK);
    assert_true(attune_result_unit_count(r) >= 1);
    attune_result_free(r);
    test_alloc_uninstall();
}

static void test_seeds_fail_every_allocation(void **state) {
    (void)state;
    test_require_corpus();
    size_t nseeds = test_seed_count();
    assert_true(nseeds > 0);
    /* the default model lives for the process; build it before counting */
    assert_non_null(attune_model_default());
    test_alloc_install(0);
    long base = test_alloc_blocks;

    /* objects made before the sweep: a model loaded from the default's text
     * and the largest seed parsed */
    char *mtext = NULL;
    size_t mlen = 0;
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &mtext, &mlen, NULL),
                     ATTUNE_OK);
    attune_model *loaded = NULL;
    assert_int_equal(attune_model_load_buffer(mtext, mlen, &loaded, NULL), ATTUNE_OK);
    attune_free(mtext);

    char **src = calloc(nseeds, sizeof *src);
    size_t *len = calloc(nseeds, sizeof *len);
    size_t *order = calloc(nseeds, sizeof *order);
    assert_non_null(src);
    assert_non_null(len);
    assert_non_null(order);
    for (size_t i = 0; i < nseeds; i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        src[i] = test_read_file(test_path(test_corpus_dir(), name), &len[i]);
        order[i] = len[i] << 8 | i;
    }
    qsort(order, nseeds, sizeof *order, cmp_size);
    size_t big = order[nseeds - 1] & 0xff;
    attune_doc *kept = NULL;
    assert_int_equal(attune_doc_parse(src[big], len[big], NULL, &kept, NULL), ATTUNE_OK);
    size_t kept_len_default, kept_len_loaded;
    char *kept_default = classify_json(NULL, kept, &kept_len_default);
    char *kept_loaded = classify_json(loaded, kept, &kept_len_loaded);

    size_t total_points = 0;
    for (size_t j = 0; j < nseeds; j++) {
        size_t i = order[j] & 0xff;
        for (int m = 0; m < 2; m++) {
            const attune_model *model = m ? loaded : NULL;
            char *want = NULL;
            size_t want_len = 0;
            test_alloc_n = 0;
            assert_int_equal(pipeline(model, src[i], len[i], &want, &want_len), ATTUNE_OK);
            size_t allocs = test_alloc_n;
            /* every point while that stays cheap (a few hundred allocations
             * a run); beyond, about 400 points evenly spread */
            size_t step = (j == 0 && m == 0) ? 1 : allocs / 400 + 1;
            size_t points = sweep(model, src[i], len[i], step, want, want_len);
            printf("seed %s, %s model: %zu allocations, %zu failure points checked\n",
                   test_seed_name(i), m ? "loaded" : "default", allocs, points);
            assert_true(points >= (allocs - 1) / step);
            total_points += points;
            attune_free(want);
        }
    }
    assert_true(total_points > 100);

    /* the objects made before are intact */
    size_t n1, n2;
    char *again_default = classify_json(NULL, kept, &n1);
    char *again_loaded = classify_json(loaded, kept, &n2);
    assert_int_equal(n1, kept_len_default);
    assert_memory_equal(again_default, kept_default, n1);
    assert_int_equal(n2, kept_len_loaded);
    assert_memory_equal(again_loaded, kept_loaded, n2);
    attune_free(again_default);
    attune_free(again_loaded);
    attune_free(kept_default);
    attune_free(kept_loaded);
    attune_doc_free(kept);
    attune_model_free(loaded);
    for (size_t i = 0; i < nseeds; i++)
        free(src[i]);
    free(src);
    free(len);
    free(order);
    assert_int_equal(test_alloc_blocks, base);
    test_alloc_uninstall();
}

/* Loading a model and saving it under every failure point (sampled). */
static void test_model_load_save_failures(void **state) {
    (void)state;
    test_require_corpus();
    assert_non_null(attune_model_default());
    char *mtext = NULL;
    size_t mlen = 0;
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &mtext, &mlen, NULL),
                     ATTUNE_OK);
    test_alloc_install(0);
    long base = test_alloc_blocks;
    test_alloc_n = 0;
    attune_model *m = NULL;
    assert_int_equal(attune_model_load_buffer(mtext, mlen, &m, NULL), ATTUNE_OK);
    size_t allocs = test_alloc_n;
    attune_model_free(m);
    assert_int_equal(test_alloc_blocks, base);
    size_t step = allocs / 1000 + 1, points = 0;
    for (size_t k = 1;; k += step) {
        test_alloc_n = 0;
        test_alloc_fail_at = k;
        m = (attune_model *)&m;
        attune_error err;
        int32_t rc = attune_model_load_buffer(mtext, mlen, &m, &err);
        char *saved = (char *)&saved;
        size_t slen = 0;
        int32_t rs = rc == ATTUNE_OK ? attune_model_save_buffer(m, &saved, &slen, &err) : rc;
        test_alloc_fail_at = 0;
        if (rc == ATTUNE_OK && rs == ATTUNE_OK) {
            assert_int_equal(slen, mlen);
            assert_memory_equal(saved, mtext, mlen);
            attune_free(saved);
            attune_model_free(m);
            assert_int_equal(test_alloc_blocks, base);
            break;
        }
        if (rc != ATTUNE_OK) {
            assert_int_equal(rc, ATTUNE_ENOMEM);
            assert_null(m);
        } else {
            assert_int_equal(rs, ATTUNE_ENOMEM);
            assert_null(saved);
            attune_model_free(m);
        }
        assert_int_equal(err.code, ATTUNE_ENOMEM);
        assert_int_equal(test_alloc_blocks, base);
        points++;
    }
    printf("model load/save: %zu allocations, %zu failure points checked\n", allocs, points);
    assert_true(points > 10);
    test_alloc_uninstall();
    /* mtext was allocated under the default allocator */
    attune_free(mtext);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_model_after_failure),
        cmocka_unit_test(test_seeds_fail_every_allocation),
        cmocka_unit_test(test_model_load_save_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
