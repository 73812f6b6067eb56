/* Core: status codes, errors, versions, allocator hooks, buffers. */
#include "support.h"
#include "core/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_strerror(void **state) {
    (void)state;
    assert_string_equal(attune_strerror(ATTUNE_OK), "no error");
    assert_string_equal(attune_strerror(ATTUNE_EUTF8), "invalid UTF-8");
    assert_string_equal(attune_strerror(ATTUNE_ELIMIT), "limit exceeded");
    assert_string_equal(attune_strerror(-999), "unknown status");
    /* codes are fixed forever */
    assert_int_equal(ATTUNE_EINVAL, -1);
    assert_int_equal(ATTUNE_ENOMEM, -2);
    assert_int_equal(ATTUNE_EUTF8, -3);
    assert_int_equal(ATTUNE_EPARSE, -4);
    assert_int_equal(ATTUNE_EMODEL, -5);
    assert_int_equal(ATTUNE_EIO, -6);
    assert_int_equal(ATTUNE_ELIMIT, -7);
}

static void test_version(void **state) {
    (void)state;
    assert_string_equal(attune_version(), ATTUNE_VERSION_STRING);
    assert_int_equal(attune_version_number(), ATTUNE_VERSION_NUMBER);
    assert_int_equal(attune_abi_version(), ATTUNE_ABI_VERSION);
}

static void test_error_fill(void **state) {
    (void)state;
    attune_error e;
    attune_error_clear(&e);
    assert_int_equal(e.code, 0);
    assert_true(e.offset == ATTUNE_NO_OFFSET);
    assert_int_equal(attune__fail(&e, ATTUNE_EUTF8, "bad byte", 17), ATTUNE_EUTF8);
    assert_int_equal(e.code, ATTUNE_EUTF8);
    assert_string_equal(e.message, "bad byte");
    assert_int_equal(e.offset, 17);
    assert_int_equal(attune__fail(NULL, ATTUNE_EIO, "x", 0), ATTUNE_EIO);
    attune_error_clear(NULL);
}

static void test_allocator_hooks(void **state) {
    (void)state;
    attune_allocator a;
    assert_int_equal(attune_allocator_init(NULL), ATTUNE_EINVAL);
    assert_int_equal(attune_allocator_init(&a), ATTUNE_OK);
    a.malloc_fn = NULL;
    assert_int_equal(attune_set_allocator(&a), ATTUNE_EINVAL);
    attune_allocator_init(&a);
    a.size = 3;
    assert_int_equal(attune_set_allocator(&a), ATTUNE_EINVAL);
    test_alloc_install(0);
    attune__buf b = ATTUNE__BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(attune__buf_puts(&b, "hello "), ATTUNE_OK);
    assert_true(test_alloc_n > 0);
    assert_int_equal(test_alloc_blocks, 1);
    assert_int_equal(b.len, 6000);
    attune__buf_free(&b);
    assert_int_equal(test_alloc_blocks, 0);
    /* a failing allocation surfaces as ATTUNE_ENOMEM and keeps the buffer */
    test_alloc_install(2);
    assert_int_equal(attune__buf_puts(&b, "x"), ATTUNE_OK);
    char big[200];
    memset(big, 'y', sizeof big);
    assert_int_equal(attune__buf_append(&b, big, sizeof big), ATTUNE_ENOMEM);
    assert_int_equal(b.len, 1);
    assert_string_equal(b.data, "x");
    attune__buf_free(&b);
    assert_int_equal(test_alloc_blocks, 0);
    test_alloc_uninstall();
}

static void test_buf_format(void **state) {
    (void)state;
    attune__buf b = ATTUNE__BUF_INIT;
    assert_int_equal(attune__buf_put_i64(&b, -42), 0);
    assert_int_equal(attune__buf_putc(&b, ' '), 0);
    assert_int_equal(attune__buf_put_u64(&b, 18446744073709551615ull), 0);
    assert_int_equal(attune__buf_putc(&b, ' '), 0);
    assert_int_equal(attune__buf_put_double(&b, 0.5, 4), 0);
    assert_int_equal(attune__buf_putc(&b, ' '), 0);
    assert_int_equal(attune__buf_put_double(&b, 1.0, 4), 0);
    assert_int_equal(attune__buf_putc(&b, ' '), 0);
    assert_int_equal(attune__buf_put_double(&b, -0.00001, 3), 0);
    assert_string_equal(b.data, "-42 18446744073709551615 0.5 1 0");
    attune__buf_free(&b);
}

static void test_json_string(void **state) {
    (void)state;
    attune__buf b = ATTUNE__BUF_INIT;
    const char in[] = "a\"b\\c\n\x01 \xE2\x80\x99 \xFF end";
    assert_int_equal(attune__buf_put_json_string(&b, in, sizeof in - 1), 0);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001 \xE2\x80\x99 \xEF\xBF\xBD end\"");
    size_t len = 0;
    char *p = attune__buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, strlen(p));
    assert_null(b.data);
    attune_free(p);
    /* an empty buffer detaches as an empty string */
    p = attune__buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    assert_string_equal(p, "");
    attune_free(p);
    attune_free(NULL);
}

static void test_corpus_present(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    assert_non_null(dir);
    assert_true(test_seed_count() >= 5);
    size_t len = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/seeds/%s.gold.tsv", dir, test_seed_name(0));
    char *gold = test_read_file(path, &len);
    assert_true(len > 0);
    assert_memory_equal(gold, "line\trole", 9);
    free(gold);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strerror),       cmocka_unit_test(test_version),
        cmocka_unit_test(test_error_fill),     cmocka_unit_test(test_allocator_hooks),
        cmocka_unit_test(test_buf_format),     cmocka_unit_test(test_json_string),
        cmocka_unit_test(test_corpus_present),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
