/* Shared helpers for the test suites: locating the corpus in ../shared,
 * reading files, and cmocka's includes in the right order. */
#ifndef ATTUNE_TEST_SUPPORT_H
#define ATTUNE_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <attune/attune.h>

/* Directory of the shared corpus ($ATTUNE_CORPUS, else ../shared/corpus next
 * to the source tree). Returns NULL when it does not exist. */
const char *test_corpus_dir(void);
/* Directory of ../shared/data (derived from the corpus directory). */
const char *test_data_dir(void);
/* Call at the start of a test that needs the corpus: skips the test with a
 * visible message when it is absent, or fails it when ATTUNE_REQUIRE_CORPUS
 * is set (as .ci/run does). Returns the corpus directory. */
const char *test_require_corpus(void);
/* Reads a whole file (malloc'd, NUL-terminated). Fails the test on error. */
char *test_read_file(const char *path, size_t *len);
/* Joins dir and name into a static buffer (valid until the next call). */
const char *test_path(const char *dir, const char *name);
/* Number of seed pages and the path of seed i's text and gold files. */
size_t test_seed_count(void);
const char *test_seed_name(size_t i); /* e.g. "000_dff8e9b2b2b9db4e" */
/* Reads seed i's text from the corpus directory dir (as test_read_file). */
char *test_read_seed(const char *dir, size_t i, size_t *len);
/* A counting allocator installed through attune_set_allocator, for
 * allocation-failure tests. test_alloc_install(n) counts every allocation
 * from now on and makes the n-th one (1-based; 0 = none) fail;
 * test_alloc_uninstall() restores the C library's hooks. Tests may read and
 * set the counters directly: test_alloc_n counts the allocations attempted
 * (set it to 0 to restart the count), test_alloc_fail_at is the one that
 * fails, test_alloc_blocks the blocks allocated and not yet freed.
 * test_alloc_install resets all three. */
void test_alloc_install(size_t fail_at);
void test_alloc_uninstall(void);
extern size_t test_alloc_n;
extern size_t test_alloc_fail_at;
extern long test_alloc_blocks;
extern size_t test_alloc_refused; /* allocations made to fail so far */

/* Tests of the `attune` program. test_cli_setup / test_cli_teardown are a
 * cmocka group setup and teardown: they find the program (one directory
 * above the test program) and make / remove a temporary directory.
 * test_cli() is the program's path; test_require_cli() skips the test when
 * it was not built. test_tmp_path(name) is a path in the temporary
 * directory (four rotating buffers); test_write_tmp writes a file there and
 * returns its path. test_run_capture runs a shell command, returns its exit
 * status and its standard output (malloc'd, NUL-terminated). */
int test_cli_setup(void **state);
int test_cli_teardown(void **state);
const char *test_cli(void);
const char *test_tmpdir(void);
void test_require_cli(void);
const char *test_tmp_path(const char *name);
const char *test_write_tmp(const char *name, const char *data, size_t len);
int test_run_capture(const char *cmd, char **out, size_t *out_len);

/* Deterministic pseudo-random numbers for randomized tests. */
uint64_t test_rand(uint64_t *state);

#endif
