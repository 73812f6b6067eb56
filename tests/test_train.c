/* The trainer: fastText-format reading, determinism, quality on CounselChat,
 * model round trips, allocation failures. */
#include "support.h"

#include "train/fit.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading fastText's format ---- */

static attune_trainer *trainer_from(const char *data, size_t len, int32_t *rc, attune_error *err) {
    attune_trainer *t = NULL;
    assert_int_equal(attune_trainer_new(&t, err), ATTUNE_OK);
    *rc = attune_trainer_add_fasttext(t, data, len, err);
    return t;
}

static void test_reader_accepts(void **state) {
    (void)state;
    static const char data[] = "__label__a __label__b first text\r\n"
                               "\n"
                               "   \t \r\n"
                               "__label__b second\n"
                               "third __label__c text\n"
                               "__label__a __label__a repeated label";
    attune_error err;
    int32_t rc;
    attune_trainer *t = trainer_from(data, sizeof data - 1, &rc, &err);
    assert_int_equal(rc, ATTUNE_OK);
    assert_int_equal(attune_trainer_example_count(t), 4);
    assert_int_equal(attune_trainer_label_count(t), 3);
    const attune__examples *ex = &t->ex;
    /* text without labels, CR or leading blanks */
    assert_int_equal(ex->text_len[0], strlen("first text"));
    assert_memory_equal(ex->text.data + ex->text_off[0], "first text", 10);
    assert_memory_equal(ex->text.data + ex->text_off[1], "second", 6);
    /* a label inside the text is a label, blanked from the text */
    assert_int_equal(ex->lab_row[3] - ex->lab_row[2], 1);
    assert_string_equal(attune__strmap_str(&ex->labels, ex->lab_col[ex->lab_row[2]]), "c");
    assert_memory_equal(ex->text.data + ex->text_off[2], "third            text", 21);
    /* the last line has no newline; its repeated label counts once */
    assert_int_equal(ex->lab_row[4] - ex->lab_row[3], 1);
    attune_trainer_free(t);
}

typedef struct bad_case {
    const char *data;
    size_t len;
    int32_t code;
    size_t offset;
} bad_case;

static void test_reader_errors(void **state) {
    (void)state;
    static const bad_case cases[] = {
        {"__label__a ok\n__label__b bad \xff byte\n", 36, ATTUNE_EUTF8, 29},
        {"__label__a ok\n__label__b trunc \xe2\x82", 33, ATTUNE_EUTF8, 31},
        {"__label__a ok\n__label__ empty\n", 30, ATTUNE_EPARSE, 14},
        {"__label__a ok\n__label__x=y text\n", 32, ATTUNE_EPARSE, 24},
        {"__label__a o\0k\n", 15, ATTUNE_EPARSE, 12},
        {"__label__a ok\n\xed\xa0\x80 surrogate\n", 28, ATTUNE_EUTF8, 14},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        attune_error err;
        attune_error_clear(&err);
        attune_trainer *t = NULL;
        assert_int_equal(attune_trainer_new(&t, NULL), ATTUNE_OK);
        /* a good example first: a failed buffer must leave it alone */
        assert_int_equal(attune_trainer_add_fasttext(t, "__label__z kept\n", 16, NULL), ATTUNE_OK);
        int32_t rc = attune_trainer_add_fasttext(t, cases[i].data, cases[i].len, &err);
        assert_int_equal(rc, cases[i].code);
        assert_int_equal(err.code, cases[i].code);
        assert_int_equal(err.offset, cases[i].offset);
        assert_non_null(err.message);
        assert_int_equal(attune_trainer_example_count(t), 1);
        assert_int_equal(attune_trainer_label_count(t), 1);
        attune_trainer_free(t);
    }
    /* a label over 200 bytes */
    char big[300];
    memcpy(big, "__label__", 9);
    memset(big + 9, 'x', 220);
    memcpy(big + 229, " t\n", 3);
    attune_error err;
    int32_t rc;
    attune_trainer *t = trainer_from(big, 232, &rc, &err);
    assert_int_equal(rc, ATTUNE_ELIMIT);
    assert_int_equal(err.offset, 0);
    attune_trainer_free(t);
}

static void test_add_api(void **state) {
    (void)state;
    attune_trainer *t = NULL;
    attune_error err;
    assert_int_equal(attune_trainer_new(&t, &err), ATTUNE_OK);
    const char *labels[] = {"anxiety", "sleep", "anxiety"};
    size_t lens[] = {7, 5, 7};
    assert_int_equal(attune_trainer_add(t, "I lie awake", 11, labels, lens, 3, &err), ATTUNE_OK);
    assert_int_equal(attune_trainer_label_count(t), 2);
    const char *bad[] = {"has space"};
    size_t bad_len[] = {9};
    assert_int_equal(attune_trainer_add(t, "x", 1, bad, bad_len, 1, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_trainer_add(t, "caf\xc3", 4, labels, lens, 1, &err), ATTUNE_EUTF8);
    assert_int_equal(err.offset, 3);
    assert_int_equal(attune_trainer_add(NULL, "x", 1, labels, lens, 1, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_trainer_example_count(t), 1);
    attune_model *m = NULL;
    attune_train_options o;
    attune_train_options_init(&o);
    o.size = 3; /* not even the size field (the rule: tests/test_options.c) */
    assert_int_equal(attune_trainer_fit(t, &o, &m, &err), ATTUNE_EINVAL);
    assert_null(m);
    attune_trainer_free(t);
    attune_trainer_free(NULL);
    /* no labels at all */
    assert_int_equal(attune_trainer_new(&t, &err), ATTUNE_OK);
    assert_int_equal(attune_trainer_add(t, "text", 4, NULL, NULL, 0, &err), ATTUNE_OK);
    assert_int_equal(attune_trainer_fit(t, NULL, &m, &err), ATTUNE_EINVAL);
    attune_trainer_free(t);
}

/* ---- CounselChat: a split by question ---- */

typedef struct split {
    char *data;
    size_t len;
    attune__buf train, test; /* fastText lines */
} split;

/* Lines whose question (the words before the answer are repeated by every
 * answer of a question: the first 8 words identify it) hashes to 0 mod 5
 * are held out. */
static void make_split(split *s) {
    const char *dir = test_data_dir();
    s->data = test_read_file(test_path(dir, "counselchat/dev.fasttext"), &s->len);
    memset(&s->train, 0, sizeof s->train);
    memset(&s->test, 0, sizeof s->test);
    size_t pos = 0;
    while (pos < s->len) {
        const char *nl = memchr(s->data + pos, '\n', s->len - pos);
        size_t end = nl ? (size_t)(nl - s->data) + 1 : s->len;
        /* the question: skip labels, hash 8 words */
        size_t i = pos;
        uint64_t h = 1469598103934665603ull;
        int words = 0;
        while (i < end && words < 8) {
            while (i < end && s->data[i] == ' ')
                i++;
            size_t w = i;
            while (i < end && s->data[i] != ' ' && s->data[i] != '\n')
                i++;
            if (i - w > 9 && memcmp(s->data + w, "__label__", 9) == 0)
                continue;
            for (size_t k = w; k < i; k++)
                h = (h ^ (unsigned char)s->data[k]) * 1099511628211ull;
            words++;
        }
        attune__buf *b = (h >> 17) % 5 == 0 ? &s->test : &s->train;
        assert_int_equal(attune__buf_append(b, s->data + pos, end - pos), ATTUNE_OK);
        pos = end;
    }
}

static void free_split(split *s) {
    free(s->data);
    attune__buf_free(&s->train);
    attune__buf_free(&s->test);
}

static attune_train_options test_options(void) {
    attune_train_options o;
    attune_train_options_init(&o);
    o.epochs = 5; /* fewer than the default: the suite also runs under ASan */
    return o;
}

/* Micro- and macro-F1 of the trained model's predictions on labeled lines. */
static void held_out_f1(const attune__trained *tr, const char *data, size_t len, double *micro,
                        double *macro, size_t *lines) {
    attune_trainer *gold = NULL;
    assert_int_equal(attune_trainer_new(&gold, NULL), ATTUNE_OK);
    assert_int_equal(attune_trainer_add_fasttext(gold, data, len, NULL), ATTUNE_OK);
    const attune__examples *ex = &gold->ex;
    attune__ttok *tok = NULL;
    assert_int_equal(attune__ttok_new(&tok), ATTUNE_OK);
    attune__vec_scratch s;
    memset(&s, 0, sizeof s);
    float *prob = calloc(tr->nlabels, sizeof *prob);
    double *tp = calloc(tr->nlabels, sizeof *tp), *fp = calloc(tr->nlabels, sizeof *fp),
           *fn = calloc(tr->nlabels, sizeof *fn);
    assert_non_null(prob);
    assert_non_null(tp);
    assert_non_null(fp);
    assert_non_null(fn);
    for (uint32_t d = 0; d < ex->n; d++) {
        assert_int_equal(attune__trained_predict(tr, tok, &s, ex->text.data + ex->text_off[d],
                                                 ex->text_len[d], prob),
                         ATTUNE_OK);
        for (uint32_t l = 0; l < tr->nlabels; l++) {
            const char *name = attune__strmap_str(&tr->labels, l);
            bool truth = false;
            for (uint32_t k = ex->lab_row[d]; k < ex->lab_row[d + 1]; k++)
                truth |= strcmp(attune__strmap_str(&ex->labels, ex->lab_col[k]), name) == 0;
            bool pred = prob[l] >= tr->threshold[l];
            tp[l] += truth && pred;
            fp[l] += !truth && pred;
            fn[l] += truth && !pred;
        }
    }
    double TP = 0, FP = 0, FN = 0, sum = 0;
    uint32_t labels_present = 0;
    for (uint32_t l = 0; l < tr->nlabels; l++) {
        TP += tp[l];
        FP += fp[l];
        FN += fn[l];
        if (tp[l] + fn[l] > 0) {
            sum += 2 * tp[l] / (2 * tp[l] + fp[l] + fn[l]);
            labels_present++;
        }
    }
    *micro = 2 * TP / (2 * TP + FP + FN);
    *macro = sum / labels_present;
    *lines = ex->n;
    free(prob);
    free(tp);
    free(fp);
    free(fn);
    attune__vec_scratch_free(&s);
    attune__ttok_free(tok);
    attune_trainer_free(gold);
}

/* The attune_model built from a fitted model classifies as the trainer
 * predicts: the same score for every label of every held-out line (up to
 * float rounding), the same decisions, and evidence spans that point at
 * words of the line. */
static void check_model_matches(const attune__trained *tr, const char *data, size_t len) {
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune__trained_to_model(tr, ATTUNE__TRAIN_PRUNE, &m, &err), ATTUNE_OK);
    attune_trainer *gold = NULL;
    assert_int_equal(attune_trainer_new(&gold, NULL), ATTUNE_OK);
    assert_int_equal(attune_trainer_add_fasttext(gold, data, len, NULL), ATTUNE_OK);
    const attune__examples *ex = &gold->ex;
    attune__ttok *tok = NULL;
    assert_int_equal(attune__ttok_new(&tok), ATTUNE_OK);
    attune__vec_scratch s;
    memset(&s, 0, sizeof s);
    float *prob = calloc(tr->nlabels, sizeof *prob);
    assert_non_null(prob);
    size_t decisions = 0, present = 0, evidence = 0;
    for (uint32_t d = 0; d < ex->n; d++) {
        const char *text = ex->text.data + ex->text_off[d];
        size_t tl = ex->text_len[d];
        assert_int_equal(attune__trained_predict(tr, tok, &s, text, tl, prob), ATTUNE_OK);
        attune_result *r = NULL;
        assert_int_equal(attune_classify_text(m, text, tl, NULL, &r, &err), ATTUNE_OK);
        assert_int_equal(attune_result_theme_count(r), tr->nlabels);
        for (uint32_t l = 0; l < tr->nlabels; l++) {
            double score;
            int32_t is_present;
            assert_int_equal(attune_result_theme(r, 0, l, &score, &is_present), ATTUNE_OK);
            assert_true(fabs(score - prob[l]) < 1e-4);
            if (fabs(prob[l] - tr->threshold[l]) > 1e-4) {
                assert_int_equal(is_present != 0, prob[l] >= tr->threshold[l]);
                decisions++;
            }
            if (!is_present)
                continue;
            present++;
            size_t ne = attune_result_evidence_count(r, 0, l);
            for (size_t i = 0; i < ne; i++) {
                size_t a, b;
                assert_int_equal(attune_result_evidence(r, 0, l, i, &a, &b), ATTUNE_OK);
                assert_true(a < b && b <= tl);
                /* a span starts and ends at word characters (ASCII letters
                 * or digits, or bytes of a multibyte letter) */
                assert_true(isalnum((unsigned char)text[a]) || (unsigned char)text[a] >= 0x80);
                assert_true(isalnum((unsigned char)text[b - 1]) ||
                            (unsigned char)text[b - 1] >= 0x80);
                evidence++;
            }
        }
        attune_result_free(r);
    }
    printf("attune_classify_text agrees with the trainer on %zu label decisions; "
           "%zu present, %zu evidence spans\n",
           decisions, present, evidence);
    assert_true(decisions > ex->n * tr->nlabels * 9 / 10);
    assert_true(present > ex->n);
    assert_true(evidence > present);
    free(prob);
    attune__vec_scratch_free(&s);
    attune__ttok_free(tok);
    attune_trainer_free(gold);
    attune_model_free(m);
}

static void test_counselchat_quality(void **state) {
    (void)state;
    test_require_corpus();
    split s;
    make_split(&s);
    attune_trainer *t = NULL;
    attune_error err;
    assert_int_equal(attune_trainer_new(&t, &err), ATTUNE_OK);
    assert_int_equal(attune_trainer_add_fasttext(t, s.train.data, s.train.len, &err), ATTUNE_OK);
    attune_train_options o = test_options();
    attune__trained tr;
    assert_int_equal(attune__train_fit(t, &o, &tr, &err), ATTUNE_OK);
    double micro, macro;
    size_t lines;
    held_out_f1(&tr, s.test.data, s.test.len, &micro, &macro, &lines);
    printf("held-out (%zu answers to unseen questions, trained on %zu): micro-F1 %.4f "
           "macro-F1 %.4f\n",
           lines, attune_trainer_example_count(t), micro, macro);
    /* Reference on this split: a TF-IDF + logistic regression baseline
     * with tuned thresholds reaches about 0.38 micro-F1 on such splits. */
    assert_true(micro > 0.45);
    assert_true(macro > 0.30);
    check_model_matches(&tr, s.test.data, s.test.len);
    attune__trained_free(&tr);
    attune_trainer_free(t);
    free_split(&s);
}

/* ---- determinism and round trips ---- */

static char *fit_and_save(attune_trainer *t, const attune_train_options *o, size_t *len) {
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune_trainer_fit(t, o, &m, &err), ATTUNE_OK);
    char *buf = NULL;
    assert_int_equal(attune_model_save_buffer(m, &buf, len, &err), ATTUNE_OK);
    attune_model_free(m);
    return buf;
}

static void test_determinism_and_round_trip(void **state) {
    (void)state;
    test_require_corpus();
    split s;
    make_split(&s);
    attune_trainer *t = NULL;
    assert_int_equal(attune_trainer_new(&t, NULL), ATTUNE_OK);
    /* the held-out part is enough here and keeps the test quick */
    assert_int_equal(attune_trainer_add_fasttext(t, s.test.data, s.test.len, NULL), ATTUNE_OK);
    attune_train_options o = test_options();
    o.epochs = 2; /* determinism does not need a good model */
    o.cv_folds = 2;
    size_t l1, l2, l3, l4;
    char *a = fit_and_save(t, &o, &l1);
    char *b = fit_and_save(t, &o, &l2);
    o.threads = 2;
    char *c = fit_and_save(t, &o, &l3);
    o.threads = 1;
    o.seed = 7;
    char *d = fit_and_save(t, &o, &l4);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1);
    assert_int_equal(l1, l3);
    assert_memory_equal(a, c, l1);
    assert_true(l1 != l4 || memcmp(a, d, l1) != 0);

    /* the saved model loads, has the labels as themes, and saves the same */
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune_model_load_buffer(a, l1, &m, &err), ATTUNE_OK);
    assert_int_equal(attune_model_theme_count(m), attune_trainer_label_count(t));
    assert_true(attune_model_theme_index(m, "anxiety", 7) >= 0);
    assert_true(attune_model_entry_count(m) > 100);
    char *again = NULL;
    size_t again_len = 0;
    assert_int_equal(attune_model_save_buffer(m, &again, &again_len, &err), ATTUNE_OK);
    assert_int_equal(again_len, l1);
    assert_memory_equal(again, a, l1);
    attune_free(again);
    attune_model_free(m);

    /* A damaged copy is refused with ATTUNE_EMODEL, never a crash: cut
     * inside the checksum line, or with a byte changed. (A cut that drops
     * the whole checksum line leaves a well-formed hand-editable model,
     * which the format allows; any cut either loads or is refused.) */
    assert_int_equal(attune_model_load_buffer(a, l1 - 6, &m, &err), ATTUNE_EMODEL);
    assert_null(m);
    for (size_t cut = 0; cut < l1; cut += l1 / 97 + 1) {
        int32_t rc = attune_model_load_buffer(a, cut, &m, &err);
        assert_true(rc == ATTUNE_OK || rc == ATTUNE_EMODEL);
        assert_true((rc == ATTUNE_OK) == (m != NULL));
        attune_model_free(m);
        m = NULL;
    }
    a[l1 / 3] ^= 0x01;
    assert_int_equal(attune_model_load_buffer(a, l1, &m, &err), ATTUNE_EMODEL);
    assert_null(m);

    attune_free(a);
    attune_free(b);
    attune_free(c);
    attune_free(d);
    attune_trainer_free(t);
    free_split(&s);
}

/* ---- allocation failures ---- */

static void test_allocation_failures(void **state) {
    (void)state;
    static const char data[] = "__label__sleep I lie awake at night and cannot sleep.\n"
                               "__label__sleep __label__anxiety Worry keeps me awake at night.\n"
                               "__label__anxiety I worry about everything, all the time.\n"
                               "__label__anxiety My worry about work keeps growing.\n"
                               "__label__sleep Sleep comes late, I wake up tired.\n";
    attune_train_options o;
    attune_train_options_init(&o);
    o.min_count = 1;
    o.epochs = 2;
    o.cv_folds = 2;
    bool succeeded = false;
    size_t failures = 0;
    for (size_t fail_at = 1; fail_at < 100000 && !succeeded; fail_at++) {
        test_alloc_install(fail_at);
        attune_trainer *t = NULL;
        attune_model *m = NULL;
        attune_error err;
        int32_t rc = attune_trainer_new(&t, &err);
        if (!rc)
            rc = attune_trainer_add_fasttext(t, data, sizeof data - 1, &err);
        if (!rc)
            rc = attune_trainer_fit(t, &o, &m, &err);
        if (rc) {
            assert_int_equal(rc, ATTUNE_ENOMEM);
            assert_null(m);
            failures++;
        } else {
            succeeded = true;
            assert_non_null(m);
        }
        attune_model_free(m);
        attune_trainer_free(t);
        test_alloc_uninstall();
    }
    assert_true(succeeded);
    assert_true(failures > 10);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_accepts),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_add_api),
        cmocka_unit_test(test_counselchat_quality),
        cmocka_unit_test(test_determinism_and_round_trip),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
