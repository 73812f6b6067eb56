/* The CLI commands of the text module, run as a user would: `attune
 * validate` on valid and invalid files (message, offset, exit status) and
 * `attune normalize` with flags on a seed page, compared with the library. */
#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PATH_MAX 4096


static void test_validate(void **state) {
    (void)state;
    test_require_cli();
    char good[PATH_MAX], bad[PATH_MAX];
    snprintf(good, sizeof good, "%s", test_write_tmp("good.txt", "caf\xc3\xa9 \xe2\x80\x99\n", 10));
    snprintf(bad, sizeof bad, "%s", test_write_tmp("bad.txt", "line one\nline \xe2\x80 two\n", 22));
    char cmd[4 * PATH_MAX + 128];
    char *out;
    size_t n;
    snprintf(cmd, sizeof cmd, "'%s' validate '%s'", test_cli(), good);
    assert_int_equal(test_run_capture(cmd, &out, &n), 0);
    assert_int_equal(n, 0);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' validate '%s' '%s'", test_cli(), good, bad);
    assert_int_equal(test_run_capture(cmd, &out, &n), 1);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s:14: invalid UTF-8\n", bad);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' validate '%s/missing' 2>/dev/null", test_cli(), test_tmpdir());
    assert_int_equal(test_run_capture(cmd, &out, &n), 2);
    free(out);
}

static void test_normalize(void **state) {
    (void)state;
    test_require_cli();
    const char *dir = test_require_corpus();
    char name[256];
    snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(0));
    char seed[PATH_MAX];
    snprintf(seed, sizeof seed, "%s", test_path(dir, name));
    size_t len;
    char *s = test_read_file(seed, &len);
    static const struct {
        const char *opts;
        uint32_t flags;
    } cases[] = {{"", 0},
                 {"--nfc", ATTUNE_NORM_NFC},
                 {"--nfkc --casefold", ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD},
                 {"--fold --strip-invisible --repair --fix-mojibake --nfc",
                  ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE | ATTUNE_NORM_REPAIR |
                      ATTUNE_NORM_FIX_MOJIBAKE | ATTUNE_NORM_NFC}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char cmd[4 * PATH_MAX + 128];
        snprintf(cmd, sizeof cmd, "'%s' normalize %s '%s'", test_cli(), cases[i].opts, seed);
        char *out;
        size_t n;
        assert_int_equal(test_run_capture(cmd, &out, &n), 0);
        char *want;
        size_t wn;
        assert_int_equal(attune_normalize(s, len, cases[i].flags, &want, &wn, NULL), ATTUNE_OK);
        assert_int_equal(n, wn);
        assert_memory_equal(out, want, n);
        if (cases[i].flags & ATTUNE_NORM_FOLD_TYPOGRAPHY)
            assert_null(strstr(out, "\xe2\x80\x99"));
        attune_free(want);
        free(out);
    }
    /* standard input, and an invalid file without --repair */
    char cmd[4 * PATH_MAX + 128];
    const char *bad = test_write_tmp("bad2.txt", "ab\xff", 3);
    char *out;
    size_t n;
    snprintf(cmd, sizeof cmd, "'%s' normalize --repair - < '%s'", test_cli(), bad);
    assert_int_equal(test_run_capture(cmd, &out, &n), 0);
    assert_int_equal(n, 5);
    assert_memory_equal(out, "ab\xef\xbf\xbd", 5);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' normalize '%s' 2>/dev/null", test_cli(), bad);
    assert_int_equal(test_run_capture(cmd, &out, &n), 1);
    assert_int_equal(n, 0);
    free(out);
    snprintf(cmd, sizeof cmd, "'%s' normalize --bogus '%s' 2>/dev/null", test_cli(), bad);
    assert_int_equal(test_run_capture(cmd, &out, &n), 2);
    free(out);
    free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_normalize),
    };
    return cmocka_run_group_tests(tests, test_cli_setup, test_cli_teardown);
}
