/* Limits and linear time (docs/limits.md).
 *
 * - Adversarial pages (tests/adversarial.h: no newlines, all bullets, all
 *   headings, one phrase repeated, nested lists) of size S and 10 S go
 *   through attune_doc_parse and attune_classify; the user CPU time of the
 *   larger must stay under 50 times the smaller's (measured as 10 runs of
 *   the smaller against one of the larger), i.e. no quadratic work. S is 1 MB (100 KB under sanitizers or with
 *   ATTUNE_TEST_QUICK set, as the valgrind run does); with
 *   ATTUNE_TEST_100MB set, 100 MB is added too (bench_limits prints all
 *   three sizes). The tree they produce stays shallow whatever the input
 *   nests.
 * - The documented bounds fail with ATTUNE_ELIMIT, the offset of the limit
 *   and nothing allocated: parse max_input, classify_text max_input,
 *   trainer label names and label counts. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"
#include "adversarial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* The deepest a document tree may be: root, sections nested up to the
 * parser's heading depth, a list and its item. */
#define MAX_TREE_DEPTH 24

/* User CPU time of the process: what the algorithms cost, without the
 * waits of a loaded machine and without the kernel's page-fault time (the
 * larger inputs get fresh pages from mmap on every run, the small ones
 * reuse the heap's warm pages, which would otherwise count as "growth"). */
static double now(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
}

static int quick(void) {
    const char *q = getenv("ATTUNE_TEST_QUICK");
    return SANITIZED || (q && *q);
}

static size_t tree_depth(const attune_doc *doc) {
    size_t deepest = 0;
    size_t n = attune_doc_block_count(doc);
    for (size_t i = 0; i < n; i++) {
        size_t d = 0;
        for (const attune_block *b = attune_doc_block(doc, i); b; b = attune_block_parent(b))
            d++;
        if (d > deepest)
            deepest = d;
    }
    return deepest;
}

/* Parses and classifies s; returns the seconds both took, and checks the
 * results are sane. */
static double run_once(const char *s, size_t len, double *t_parse, double *t_classify) {
    attune_doc *doc = NULL;
    double t0 = now();
    assert_int_equal(attune_doc_parse(s, len, NULL, &doc, NULL), ATTUNE_OK);
    double t1 = now();
    attune_result *r = NULL;
    assert_int_equal(attune_classify(NULL, doc, NULL, &r, NULL), ATTUNE_OK);
    double t2 = now();
    assert_true(attune_doc_block_count(doc) >= 2);
    assert_true(attune_result_unit_count(r) >= 1);
    size_t start, end;
    assert_int_equal(attune_result_unit_span(r, 0, &start, &end), ATTUNE_OK);
    assert_true(end <= len);
    assert_true(tree_depth(doc) <= MAX_TREE_DEPTH);
    attune_result_free(r);
    attune_doc_free(doc);
    *t_parse = t1 - t0;
    *t_classify = t2 - t1;
    return t2 - t0;
}

/* Times shape at S, 10 S (and 100 S): the base size is run 10 times and
 * its time summed, so that each step compares the same number of bytes
 * (timing a run of a few milliseconds alone would be clock noise). Linear
 * work takes about as long for 10 x S as for S ten times over, quadratic
 * work 10 times as long. Measured: x0.7 to x2.5 from 1 to 10 MB (the
 * larger working set no longer fits the caches; more when other processes
 * share them), about x1.2 from 10 to 100 MB. The test allows x5, i.e.
 * t(10 S) < 50 t(S), still half of what quadratic work would take. */
static void time_shape(int shape) {
    size_t base = quick() ? (size_t)100 << 10 : (size_t)1 << 20;
    const char *big = getenv("ATTUNE_TEST_100MB");
    int sizes = (big && *big && !SANITIZED) ? 3 : 2;
    double prev = 0; /* seconds for 10 x the previous size's bytes */
    size_t size = base;
    for (int k = 0; k < sizes; k++, size *= 10) {
        char *s = adv_make(shape, size);
        assert_non_null(s);
        double t = 0, tp = 0, tc = 0;
        if (k == 0) {
            for (int r = 0; r < 10; r++) {
                double p, c;
                t += run_once(s, size, &p, &c);
                tp += p;
                tc += c;
            }
        } else {
            /* the minimum of two runs at 10 S (one at 100 S) */
            t = 1e30;
            for (int r = 0; r < (k == 1 ? 2 : 1); r++) {
                double p, c, x = run_once(s, size, &p, &c);
                if (x < t) {
                    t = x;
                    tp = p;
                    tc = c;
                }
            }
        }
        printf("%-20s %9zu bytes%s: parse %.3f s, classify %.3f s", adv_names[shape], size,
               k == 0 ? " x10" : "    ", tp, tc);
        if (k > 0) {
            printf(", x%.2f the time for 10x the bytes in one input\n", t / prev);
            assert_true(t < 5.0 * prev);
            prev = 10 * t;
        } else {
            printf("\n");
            prev = t > 0.01 ? t : 0.01; /* a floor: below it is clock noise */
        }
        free(s);
    }
}

static void test_no_newlines(void **state) {
    (void)state;
    time_shape(ADV_NO_NEWLINES);
}
static void test_all_bullets(void **state) {
    (void)state;
    time_shape(ADV_ALL_BULLETS);
}
static void test_all_headings(void **state) {
    (void)state;
    time_shape(ADV_ALL_HEADINGS);
}
static void test_one_phrase(void **state) {
    (void)state;
    time_shape(ADV_ONE_PHRASE);
}
static void test_nested_lists(void **state) {
    (void)state;
    time_shape(ADV_NESTED_LISTS);
}

/* The shapes produce what they say (so the timing covers what it claims). */
static void test_shapes_are_what_they_say(void **state) {
    (void)state;
    size_t len = 64 << 10;
    int want_kind[ADV_COUNT] = {ATTUNE_BLOCK_PARAGRAPH, ATTUNE_BLOCK_LIST_ITEM,
                                ATTUNE_BLOCK_HEADING, ATTUNE_BLOCK_PARAGRAPH,
                                ATTUNE_BLOCK_LIST_ITEM};
    for (int shape = 0; shape < ADV_COUNT; shape++) {
        char *s = adv_make(shape, len);
        assert_non_null(s);
        if (shape == ADV_NO_NEWLINES)
            assert_null(memchr(s, '\n', len));
        attune_doc *doc = NULL;
        assert_int_equal(attune_doc_parse(s, len, NULL, &doc, NULL), ATTUNE_OK);
        size_t n = attune_doc_block_count(doc), of_kind = 0;
        for (size_t i = 0; i < n; i++)
            of_kind += attune_block_kind(attune_doc_block(doc, i)) == want_kind[shape];
        printf("%-20s %zu blocks, %zu %s\n", adv_names[shape], n, of_kind,
               attune_block_kind_name(want_kind[shape]));
        assert_true(of_kind >= 1);
        if (shape == ADV_ALL_BULLETS || shape == ADV_NESTED_LISTS)
            assert_true(of_kind > n / 2);
        if (shape == ADV_ALL_HEADINGS) /* section, heading, paragraph */
            assert_true(of_kind > n / 4);
        if (shape == ADV_ONE_PHRASE) {
            /* the phrase is evidence for a theme, everywhere */
            attune_result *r = NULL;
            assert_int_equal(attune_classify(NULL, doc, NULL, &r, NULL), ATTUNE_OK);
            assert_true(attune_result_present_count(r, 0) >= 1);
            size_t theme;
            assert_int_equal(attune_result_present_theme(r, 0, 0, &theme), ATTUNE_OK);
            assert_true(attune_result_evidence_count(r, 0, theme) > 100);
            attune_result_free(r);
        }
        attune_doc_free(doc);
        free(s);
    }
}

static void test_input_size_limits(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char name[256];
    snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(0));
    char *src = test_read_file(test_path(test_corpus_dir(), name), &len);

    attune_parse_options po;
    attune_parse_options_init(&po);
    assert_int_equal(po.max_input, 0);
    po.max_input = len - 1;
    attune_doc *doc = (attune_doc *)&po;
    attune_error err;
    assert_int_equal(attune_doc_parse(src, len, &po, &doc, &err), ATTUNE_ELIMIT);
    assert_null(doc);
    assert_int_equal(err.code, ATTUNE_ELIMIT);
    assert_int_equal(err.offset, len - 1);
    po.max_input = len; /* the bound is inclusive */
    assert_int_equal(attune_doc_parse(src, len, &po, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);

    attune_classify_options co;
    attune_classify_options_init(&co);
    co.max_input = len - 1;
    attune_result *r = (attune_result *)&co;
    assert_int_equal(attune_classify_text(NULL, src, len, &co, &r, &err), ATTUNE_ELIMIT);
    assert_null(r);
    assert_int_equal(err.offset, len - 1);
    co.max_input = len;
    assert_int_equal(attune_classify_text(NULL, src, len, &co, &r, &err), ATTUNE_OK);
    attune_result_free(r);
    free(src);
}

static void test_trainer_limits(void **state) {
    (void)state;
    attune_trainer *t = NULL;
    assert_int_equal(attune_trainer_new(&t, NULL), ATTUNE_OK);
    /* a label name of 201 bytes */
    char line[300];
    memcpy(line, "__label__", 9);
    memset(line + 9, 'a', 201);
    memcpy(line + 210, " text\n", 6);
    attune_error err;
    assert_int_equal(attune_trainer_add_fasttext(t, line, 216, &err), ATTUNE_ELIMIT);
    assert_int_equal(err.offset, 0);
    assert_int_equal(attune_trainer_example_count(t), 0);
    /* 200 bytes is fine */
    memcpy(line + 209, " text\n", 6);
    assert_int_equal(attune_trainer_add_fasttext(t, line, 215, &err), ATTUNE_OK);
    assert_int_equal(attune_trainer_example_count(t), 1);
    attune_trainer_free(t);

    /* more than 4096 distinct labels: the 4097th fails, the trainer keeps
     * the 4096 before it */
    assert_int_equal(attune_trainer_new(&t, NULL), ATTUNE_OK);
    for (int i = 0; i < 4097; i++) {
        char lab[32];
        int n = snprintf(lab, sizeof lab, "l%d", i);
        const char *labels[1] = {lab};
        size_t lens[1] = {(size_t)n};
        int32_t rc = attune_trainer_add(t, "some text", 9, labels, lens, 1, &err);
        assert_int_equal(rc, i < 4096 ? ATTUNE_OK : ATTUNE_ELIMIT);
    }
    assert_int_equal(attune_trainer_label_count(t), 4096);
    assert_int_equal(attune_trainer_example_count(t), 4096);
    attune_trainer_free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes_are_what_they_say),
        cmocka_unit_test(test_input_size_limits),
        cmocka_unit_test(test_trainer_limits),
        cmocka_unit_test(test_no_newlines),
        cmocka_unit_test(test_all_bullets),
        cmocka_unit_test(test_all_headings),
        cmocka_unit_test(test_one_phrase),
        cmocka_unit_test(test_nested_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
