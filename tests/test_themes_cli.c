/* attune classify and the themes in attune json, run as a user would on the
 * seed pages and compared with the library's own answers. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_MAX 4096


static char *seed_path(size_t i) {
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/seeds/%s.txt", test_corpus_dir(), test_seed_name(i));
    return path;
}

/* --jsonl: one object per file with the members; its sections and
 * present themes are the library's, in the library's order. */
static void test_classify_jsonl(void **state) {
    (void)state;
    test_require_corpus();
    test_require_cli();
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *path = seed_path(s);
        char cmd[2 * PATH_MAX + 64];
        snprintf(cmd, sizeof cmd, "'%s' classify --jsonl '%s'", test_cli(), path);
        char *out;
        size_t n;
        assert_int_equal(test_run_capture(cmd, &out, &n), 0);
        out = realloc(out, n + 1);
        out[n] = '\0';
        assert_true(n > 0 && out[n - 1] == '\n');
        assert_null(strchr(out, '\n') + 1 == out + n ? NULL : "more than one line");
        assert_true(strncmp(out, "{\"source\":", 10) == 0);
        assert_non_null(strstr(out, ",\"themes\":["));
        assert_non_null(strstr(out, "],\"sections\":[{\"heading\":"));
        /* the library on the same bytes */
        size_t len;
        char *text = test_read_file(path, &len);
        attune_doc *doc;
        attune_result *r;
        assert_int_equal(attune_doc_parse(text, len, NULL, &doc, NULL), 0);
        assert_int_equal(attune_classify(NULL, doc, NULL, &r, NULL), 0);
        const attune_model *m = attune_model_default();
        const char *at = strstr(out, ",\"themes\":[");
        for (size_t i = 0; i < attune_result_present_count(r, 0); i++) {
            size_t t;
            attune_result_present_theme(r, 0, i, &t);
            char want[128];
            snprintf(want, sizeof want, "{\"id\":\"%s\",\"score\":", attune_model_theme_id(m, t));
            const char *hit = strstr(at, want);
            assert_non_null(hit);
            at = hit;
            /* its first evidence span and text */
            size_t a, b;
            assert_int_equal(attune_result_evidence(r, 0, t, 0, &a, &b), 0);
            char ev[256];
            snprintf(ev, sizeof ev, "\"evidence\":[{\"start\":%zu,\"end\":%zu,\"text\":\"", a, b);
            assert_non_null(strstr(hit, ev));
        }
        at = strstr(out, "\"sections\":[");
        for (size_t u = 1; u <= attune_result_section_count(r); u++) {
            size_t line;
            attune_result_section_line(r, u, &line);
            char want[64];
            snprintf(want, sizeof want, ",\"line\":%zu,\"themes\":[", line);
            const char *hit = strstr(at, want);
            assert_non_null(hit);
            at = hit + 1;
        }
        attune_result_free(r);
        attune_doc_free(doc);
        free(text);
        free(out);
    }
}

/* --model with a saved copy of the built-in model gives the same output;
 * a corrupt model file is refused with exit status 1 and a message. */
static void test_classify_model_option(void **state) {
    (void)state;
    test_require_corpus();
    test_require_cli();
    char *saved;
    size_t slen;
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &saved, &slen, NULL), 0);
    char mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s", test_write_tmp("copy.model", saved, slen));
    char cmd[3 * PATH_MAX + 64];
    char *a, *b;
    size_t na, nb;
    snprintf(cmd, sizeof cmd, "'%s' classify '%s'", test_cli(), seed_path(4));
    assert_int_equal(test_run_capture(cmd, &a, &na), 0);
    snprintf(cmd, sizeof cmd, "'%s' classify --model '%s' '%s'", test_cli(), mpath, seed_path(4));
    assert_int_equal(test_run_capture(cmd, &b, &nb), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_true(na > 50);
    free(a);
    free(b);
    /* change one digit of a bias: still valid syntax, the checksum refuses it */
    char *bias = strstr(saved, "bias=-");
    assert_non_null(bias);
    bias[6] = bias[6] == '1' ? '2' : '1';
    snprintf(mpath, sizeof mpath, "%s", test_write_tmp("bad.model", saved, slen));
    snprintf(cmd, sizeof cmd, "'%s' classify --model '%s' '%s' 2>&1", test_cli(), mpath,
             seed_path(0));
    assert_int_equal(test_run_capture(cmd, &a, &na), 1);
    a = realloc(a, na + 1);
    a[na] = '\0';
    assert_non_null(strstr(a, "checksum"));
    free(a);
    snprintf(cmd, sizeof cmd, "'%s' classify --bogus '%s' 2>/dev/null", test_cli(), seed_path(0));
    assert_int_equal(test_run_capture(cmd, &a, &na), 2);
    free(a);
    attune_free(saved);
}

/* attune json carries the themes of the document, sections and blocks. */
static void test_json_has_themes(void **state) {
    (void)state;
    test_require_corpus();
    test_require_cli();
    char cmd[2 * PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "'%s' json '%s'", test_cli(), seed_path(0));
    char *out;
    size_t n;
    assert_int_equal(test_run_capture(cmd, &out, &n), 0);
    out = realloc(out, n + 1);
    out[n] = '\0';
    assert_non_null(strstr(out, "\"sections\":[{\"heading\":"));
    assert_non_null(strstr(out, "{\"kind\":\"section\""));
    /* every block object has a themes member */
    size_t blocks = 0, themes = 0;
    for (const char *p = out; (p = strstr(p, "{\"kind\":\"")); p++)
        blocks++;
    for (const char *p = out; (p = strstr(p, "],\"themes\":[")); p++)
        themes++;
    assert_true(blocks > 10);
    assert_true(themes >= blocks);
    free(out);
}

/* A file that is not text (a seed with a control byte every 16 bytes) is
 * refused by classify and text with exit 1 and the offset; --binary reads
 * it. */
static void test_binary_refused(void **state) {
    (void)state;
    test_require_corpus();
    test_require_cli();
    size_t len;
    char *src = test_read_file(seed_path(0), &len);
    for (size_t i = 7; i < len; i += 16)
        src[i] = 0x01;
    const char *bin = test_write_tmp("binary.dat", src, len);
    char cmd[2 * PATH_MAX + 64];
    char *out;
    size_t n;
    static const char *const cmds[] = {"classify", "text"};
    for (size_t k = 0; k < 2; k++) {
        snprintf(cmd, sizeof cmd, "'%s' %s '%s' 2>&1", test_cli(), cmds[k], bin);
        assert_int_equal(test_run_capture(cmd, &out, &n), 1);
        out = realloc(out, n + 1);
        out[n] = '\0';
        assert_non_null(strstr(out, "not text"));
        assert_non_null(strstr(out, "at byte 7"));
        free(out);
        snprintf(cmd, sizeof cmd, "'%s' %s --binary '%s' >/dev/null", test_cli(), cmds[k], bin);
        assert_int_equal(test_run_capture(cmd, &out, &n), 0);
        free(out);
    }
    free(src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_jsonl),
        cmocka_unit_test(test_classify_model_option),
        cmocka_unit_test(test_json_has_themes),
        cmocka_unit_test(test_binary_refused),
    };
    return cmocka_run_group_tests(tests, test_cli_setup, test_cli_teardown);
}
