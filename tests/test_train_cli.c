/* The CLI commands of the trainer, run as a user would: `attune train` on
 * CounselChat and on a broken file (message with line and byte, exit
 * status), `attune predict` (fastText's output, -k, -t) compared with the
 * library, and `attune test`. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_MAX 4096

/* Runs `attune ARGS >out 2>err` and returns the exit status. */
static int run(const char *args) {
    char cmd[8 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s' 2>'%s'", test_cli(), args, test_tmp_path("out"),
             test_tmp_path("err"));
    int rc = system(cmd);
    assert_true(rc != -1 && WIFEXITED(rc));
    return WEXITSTATUS(rc);
}

/* About one question in five of dev.fasttext is held out (its answers
 * repeat the question, so lines that begin alike belong together). Writes train.txt, test.txt (labeled) and
 * text.txt (the held-out lines without labels). */
static void write_split(void) {
    size_t len;
    char *data = test_read_file(test_path(test_data_dir(), "counselchat/dev.fasttext"), &len);
    FILE *tr = fopen(test_tmp_path("train.txt"), "wb"),
         *te = fopen(test_tmp_path("test.txt"), "wb"), *tx = fopen(test_tmp_path("text.txt"), "wb");
    assert_non_null(tr);
    assert_non_null(te);
    assert_non_null(tx);
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) + 1 : len;
        /* the question: the 48 bytes after the labels */
        size_t t = pos;
        while (t < end && strncmp(data + t, "__label__", 9) == 0) {
            while (t < end && data[t] != ' ')
                t++;
            t++;
        }
        uint64_t h = 1469598103934665603ull;
        for (size_t k = t; k < end && k < t + 48; k++)
            h = (h ^ (unsigned char)data[k]) * 1099511628211ull;
        int held = (h >> 17) % 5 == 0;
        assert_int_equal(fwrite(data + pos, 1, end - pos, held ? te : tr), end - pos);
        if (held) {
            assert_int_equal(fwrite(data + t, 1, end - t, tx), end - t);
        }
        pos = end;
    }
    assert_int_equal(fclose(tr), 0);
    assert_int_equal(fclose(te), 0);
    assert_int_equal(fclose(tx), 0);
    free(data);
}

static size_t count_lines(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

static void test_train_predict_test(void **state) {
    (void)state;
    test_require_cli();
    test_require_corpus();
    write_split();
    char args[3 * PATH_MAX];
    snprintf(args, sizeof args, "train -i '%s' -o '%s' --epochs 6 -q", test_tmp_path("train.txt"),
             test_tmp_path("m.model"));
    assert_int_equal(run(args), 0);
    attune_model *m = NULL;
    attune_error err;
    assert_int_equal(attune_model_load(test_tmp_path("m.model"), &m, &err), ATTUNE_OK);
    size_t themes = attune_model_theme_count(m);
    assert_true(themes >= 30);

    /* predict: one line per input line, as the library classifies it */
    snprintf(args, sizeof args, "predict -m '%s' '%s'", test_tmp_path("m.model"),
             test_tmp_path("text.txt"));
    assert_int_equal(run(args), 0);
    size_t tlen, olen;
    char *text = test_read_file(test_tmp_path("text.txt"), &tlen);
    char *out = test_read_file(test_tmp_path("out"), &olen);
    size_t lines = count_lines(text, tlen);
    assert_true(lines > 100);
    assert_int_equal(count_lines(out, olen), lines);
    size_t tp = 0, op = 0, predicted = 0;
    for (size_t l = 0; l < lines; l++) {
        const char *tn = memchr(text + tp, '\n', tlen - tp);
        const char *on = memchr(out + op, '\n', olen - op);
        size_t te = (size_t)(tn - text), oe = (size_t)(on - out);
        attune_result *r = NULL;
        assert_int_equal(attune_classify_text(m, text + tp, te - tp, NULL, &r, &err), ATTUNE_OK);
        /* the same labels, highest score first, in fastText's spelling */
        char expect[4096];
        size_t el = 0;
        for (size_t i = 0; i < attune_result_present_count(r, 0); i++) {
            size_t t;
            assert_int_equal(attune_result_present_theme(r, 0, i, &t), ATTUNE_OK);
            el += (size_t)snprintf(expect + el, sizeof expect - el, "%s__label__%s", i ? " " : "",
                                   attune_model_theme_id(m, t));
            predicted++;
        }
        assert_int_equal(oe - op, el);
        assert_memory_equal(out + op, expect, el);
        attune_result_free(r);
        tp = te + 1;
        op = oe + 1;
    }
    assert_true(predicted > lines / 2);
    free(out);

    /* -k 1: at most one label; -t 0 -k 2: exactly two */
    snprintf(args, sizeof args, "predict -m '%s' -k 1 '%s'", test_tmp_path("m.model"),
             test_tmp_path("text.txt"));
    assert_int_equal(run(args), 0);
    out = test_read_file(test_tmp_path("out"), &olen);
    assert_int_equal(count_lines(out, olen), lines);
    for (size_t i = 0; i < olen; i++)
        assert_true(out[i] != ' ');
    free(out);
    snprintf(args, sizeof args, "predict -m '%s' -t 0 -k 2 - <'%s'", test_tmp_path("m.model"),
             test_tmp_path("text.txt"));
    assert_int_equal(run(args), 0);
    out = test_read_file(test_tmp_path("out"), &olen);
    size_t spaces = 0;
    for (size_t i = 0; i < olen; i++)
        spaces += out[i] == ' ';
    assert_int_equal(spaces, lines);
    free(out);

    /* test: the scores of the held-out questions */
    snprintf(args, sizeof args, "test -m '%s' '%s'", test_tmp_path("m.model"),
             test_tmp_path("test.txt"));
    assert_int_equal(run(args), 0);
    out = test_read_file(test_tmp_path("out"), &olen);
    printf("%s", out);
    const char *mf = strstr(out, "micro-F1\t"), *ma = strstr(out, "macro-F1\t");
    assert_non_null(mf);
    assert_non_null(ma);
    double micro = atof(mf + 9), macro = atof(ma + 9);
    assert_true(micro > 0.45);
    assert_true(macro > 0.25);
    char nline[64];
    snprintf(nline, sizeof nline, "N\t%zu\n", lines);
    assert_non_null(strstr(out, nline));
    free(out);
    free(text);
    attune_model_free(m);
}

static void test_errors(void **state) {
    (void)state;
    test_require_cli();
    static const char bad[] = "__label__a fine line\n__label__b broken \xc3( byte\n";
    test_write_tmp("bad.txt", bad, sizeof bad - 1);
    char args[3 * PATH_MAX];
    snprintf(args, sizeof args, "train -i '%s' -o '%s'", test_tmp_path("bad.txt"),
             test_tmp_path("bad.model"));
    assert_int_equal(run(args), 1);
    size_t elen;
    char *e = test_read_file(test_tmp_path("err"), &elen);
    assert_non_null(strstr(e, "bad.txt:2: ill-formed UTF-8"));
    assert_non_null(strstr(e, "(byte 39)"));
    free(e);
    assert_int_equal(access(test_tmp_path("bad.model"), F_OK), -1);
    /* a model file that is not one */
    snprintf(args, sizeof args, "predict -m '%s' '%s'", test_tmp_path("bad.txt"),
             test_tmp_path("bad.txt"));
    assert_int_equal(run(args), 1);
    /* usage errors */
    assert_int_equal(run("train -i"), 2);
    assert_int_equal(run("predict"), 2);
    assert_int_equal(run("train -i x -o y --epochs many"), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_predict_test),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, test_cli_setup, test_cli_teardown);
}
