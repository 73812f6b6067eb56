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

static char cli[PATH_MAX + 16];
static char tmpdir[] = "/tmp/attune-cli-XXXXXX";

/* The attune program sits one directory above this test program. */
static int setup(void **state) {
    (void)state;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(cli, sizeof cli, "%s/attune", exe);
    if (!mkdtemp(tmpdir))
        return -1;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void require_cli(void) {
    if (access(cli, X_OK) != 0) {
        printf("SKIP: %s not built (ATTUNE_BUILD_CLI=OFF)\n", cli);
        skip();
    }
}

static const char *write_tmp(const char *name, const char *data, size_t len) {
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Runs cmd, captures stdout (malloc'd) and returns the exit status. */
static int run(const char *cmd, char **out, size_t *out_len) {
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    int st = pclose(p);
    assert_true(WIFEXITED(st));
    *out = buf;
    *out_len = n;
    return WEXITSTATUS(st);
}


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
    require_cli();
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *path = seed_path(s);
        char cmd[2 * PATH_MAX + 64];
        snprintf(cmd, sizeof cmd, "'%s' classify --jsonl '%s'", cli, path);
        char *out;
        size_t n;
        assert_int_equal(run(cmd, &out, &n), 0);
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
    require_cli();
    char *saved;
    size_t slen;
    assert_int_equal(attune_model_save_buffer(attune_model_default(), &saved, &slen, NULL), 0);
    char mpath[PATH_MAX];
    snprintf(mpath, sizeof mpath, "%s", write_tmp("copy.model", saved, slen));
    char cmd[3 * PATH_MAX + 64];
    char *a, *b;
    size_t na, nb;
    snprintf(cmd, sizeof cmd, "'%s' classify '%s'", cli, seed_path(4));
    assert_int_equal(run(cmd, &a, &na), 0);
    snprintf(cmd, sizeof cmd, "'%s' classify --model '%s' '%s'", cli, mpath, seed_path(4));
    assert_int_equal(run(cmd, &b, &nb), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_true(na > 50);
    free(a);
    free(b);
    /* change one digit of a bias: still valid syntax, the checksum refuses it */
    char *bias = strstr(saved, "bias=-");
    assert_non_null(bias);
    bias[6] = bias[6] == '1' ? '2' : '1';
    snprintf(mpath, sizeof mpath, "%s", write_tmp("bad.model", saved, slen));
    snprintf(cmd, sizeof cmd, "'%s' classify --model '%s' '%s' 2>&1", cli, mpath, seed_path(0));
    assert_int_equal(run(cmd, &a, &na), 1);
    a = realloc(a, na + 1);
    a[na] = '\0';
    assert_non_null(strstr(a, "checksum"));
    free(a);
    snprintf(cmd, sizeof cmd, "'%s' classify --bogus '%s' 2>/dev/null", cli, seed_path(0));
    assert_int_equal(run(cmd, &a, &na), 2);
    free(a);
    attune_free(saved);
}

/* attune json carries the themes of the document, sections and blocks. */
static void test_json_has_themes(void **state) {
    (void)state;
    test_require_corpus();
    require_cli();
    char cmd[2 * PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "'%s' json '%s'", cli, seed_path(0));
    char *out;
    size_t n;
    assert_int_equal(run(cmd, &out, &n), 0);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_jsonl),
        cmocka_unit_test(test_classify_model_option),
        cmocka_unit_test(test_json_has_themes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
