/* One model shared by 8 threads: each thread parses and classifies the seed
 * pages (a different one first, so that different documents are in flight
 * at once) several times over, renders the JSON with the themes, and the
 * bytes must equal what a single thread produced. Done with the default
 * model (whose first use is also raced: the threads start before anyone
 * built it) and with a model loaded from text. Built with -DATTUNE_TSAN=ON
 * by .ci/extra, where ThreadSanitizer must report nothing. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NTHREADS 8
#define ROUNDS 3

typedef struct job {
    const attune_model *model; /* NULL: the default model */
    size_t nseeds;
    char **src;
    size_t *len;
    char **want; /* single-thread JSON per seed (NULL while computing it) */
    size_t *want_len;
    size_t first; /* seed this thread starts with */
    size_t mismatches;
    size_t runs;
    int failed;
} job;

static char *render(const attune_model *model, const char *src, size_t len, size_t *out_len) {
    attune_doc *doc = NULL;
    if (attune_doc_parse(src, len, NULL, &doc, NULL) != ATTUNE_OK)
        return NULL;
    attune_result *r = NULL;
    if (attune_classify(model, doc, NULL, &r, NULL) != ATTUNE_OK) {
        attune_doc_free(doc);
        return NULL;
    }
    attune_render_options ro;
    attune_render_options_init(&ro);
    ro.result = r;
    char *out = NULL;
    int32_t rc = attune_render_json(doc, &ro, &out, out_len, NULL);
    attune_result_free(r);
    attune_doc_free(doc);
    return rc == ATTUNE_OK ? out : NULL;
}

/* classify_text too: its document score must match across threads */
static int text_scores(const attune_model *model, const char *src, size_t len, double *scores,
                       size_t cap) {
    attune_result *r = NULL;
    if (attune_classify_text(model, src, len, NULL, &r, NULL) != ATTUNE_OK)
        return -1;
    size_t nt = attune_result_theme_count(r);
    for (size_t t = 0; t < nt && t < cap; t++)
        attune_result_theme(r, 0, t, &scores[t], NULL);
    attune_result_free(r);
    return (int)nt;
}

static void *worker(void *arg) {
    job *j = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < j->nseeds; k++) {
            size_t i = (j->first + k) % j->nseeds;
            size_t n = 0;
            char *json = render(j->model, j->src[i], j->len[i], &n);
            if (!json) {
                j->failed = 1;
                return NULL;
            }
            if (n != j->want_len[i] || memcmp(json, j->want[i], n) != 0)
                j->mismatches++;
            attune_free(json);
            j->runs++;
        }
    }
    return NULL;
}

static void run_threads(const attune_model *model, char **src, size_t *len, size_t nseeds,
                        char **want, size_t *want_len) {
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    for (size_t t = 0; t < NTHREADS; t++) {
        jobs[t] = (job){model, nseeds, src, len, want, want_len, t % nseeds, 0, 0, 0};
        assert_int_equal(pthread_create(&th[t], NULL, worker, &jobs[t]), 0);
    }
    size_t runs = 0;
    for (size_t t = 0; t < NTHREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_false(jobs[t].failed);
        assert_int_equal(jobs[t].mismatches, 0);
        runs += jobs[t].runs;
    }
    assert_int_equal(runs, (size_t)NTHREADS * ROUNDS * nseeds);
}

typedef struct seeds {
    size_t n;
    char **src;
    size_t *len;
} seeds;

static seeds load_seeds(void) {
    seeds s;
    s.n = test_seed_count();
    assert_true(s.n > 0);
    s.src = calloc(s.n, sizeof *s.src);
    s.len = calloc(s.n, sizeof *s.len);
    assert_non_null(s.src);
    assert_non_null(s.len);
    for (size_t i = 0; i < s.n; i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        s.src[i] = test_read_file(test_path(test_corpus_dir(), name), &s.len[i]);
    }
    return s;
}

static void free_seeds(seeds *s) {
    for (size_t i = 0; i < s->n; i++)
        free(s->src[i]);
    free(s->src);
    free(s->len);
}

/* Races the default model's first build: 8 threads call it at once and all
 * must get the same pointer. Runs first. */
static void *first_use(void *arg) {
    *(const attune_model **)arg = attune_model_default();
    return NULL;
}

static void test_default_model_first_use_race(void **state) {
    (void)state;
    pthread_t th[NTHREADS];
    const attune_model *got[NTHREADS];
    for (size_t t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_create(&th[t], NULL, first_use, &got[t]), 0);
    for (size_t t = 0; t < NTHREADS; t++)
        assert_int_equal(pthread_join(th[t], NULL), 0);
    assert_non_null(got[0]);
    for (size_t t = 1; t < NTHREADS; t++)
        assert_ptr_equal(got[t], got[0]);
    assert_int_equal(attune_model_theme_count(got[0]), 15);
}

static void check_model(const attune_model *model) {
    test_require_corpus();
    seeds s = load_seeds();
    char **want = calloc(s.n, sizeof *want);
    size_t *want_len = calloc(s.n, sizeof *want_len);
    assert_non_null(want);
    assert_non_null(want_len);
    size_t with_themes = 0;
    for (size_t i = 0; i < s.n; i++) {
        want[i] = render(model, s.src[i], s.len[i], &want_len[i]);
        assert_non_null(want[i]);
        /* the rendering carries themes, so the comparison covers scores */
        with_themes += strstr(want[i], "\"themes\"") != NULL;
    }
    assert_int_equal(with_themes, s.n);
    run_threads(model, s.src, s.len, s.n, want, want_len);
    for (size_t i = 0; i < s.n; i++)
        attune_free(want[i]);
    free(want);
    free(want_len);
    free_seeds(&s);
}

static void test_default_model_8_threads(void **state) {
    (void)state;
    check_model(NULL);
    check_model(attune_model_default());
}

static void test_loaded_model_8_threads(void **state) {
    (void)state;
    test_require_corpus();
    /* the project's default model file, loaded as a user would */
    size_t mlen = 0;
    char *mtext = test_read_file(test_path(ATTUNE_TEST_SOURCE_DIR, "models/default.model"), &mlen);
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune_model_load_buffer(mtext, mlen, &m, &err), ATTUNE_OK);
    free(mtext);
    check_model(m);
    attune_model_free(m);
}

typedef struct text_job {
    const attune_model *model;
    const char *src;
    size_t len;
    const double *ref;
    int nt;
    int bad;
} text_job;

static void *text_worker(void *arg) {
    text_job *j = arg;
    for (int round = 0; round < ROUNDS * 2; round++) {
        double got[64];
        if (text_scores(j->model, j->src, j->len, got, 64) != j->nt ||
            memcmp(got, j->ref, (size_t)j->nt * sizeof *got) != 0)
            j->bad = 1;
    }
    return NULL;
}

static void test_classify_text_8_threads(void **state) {
    (void)state;
    test_require_corpus();
    seeds s = load_seeds();
    double ref[NTHREADS][64];
    int nt[NTHREADS];
    text_job jobs[NTHREADS];
    pthread_t th[NTHREADS];
    for (size_t t = 0; t < NTHREADS; t++) {
        size_t i = t % s.n;
        nt[t] = text_scores(NULL, s.src[i], s.len[i], ref[t], 64);
        assert_true(nt[t] > 0 && nt[t] <= 64);
        jobs[t] = (text_job){NULL, s.src[i], s.len[i], ref[t], nt[t], 0};
        assert_int_equal(pthread_create(&th[t], NULL, text_worker, &jobs[t]), 0);
    }
    for (size_t t = 0; t < NTHREADS; t++) {
        assert_int_equal(pthread_join(th[t], NULL), 0);
        assert_false(jobs[t].bad);
    }
    free_seeds(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_model_first_use_race),
        cmocka_unit_test(test_default_model_8_threads),
        cmocka_unit_test(test_loaded_model_8_threads),
        cmocka_unit_test(test_classify_text_8_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
