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
/* A counting allocator installed through attune_set_allocator, for
 * allocation-failure tests. test_alloc_install(n) counts every allocation
 * from now on and makes the n-th one (1-based; 0 = none) fail;
 * test_alloc_uninstall() restores the C library's hooks. test_alloc_count()
 * is the number of allocations attempted since install, test_alloc_live()
 * the number of blocks allocated and not yet freed. */
void test_alloc_install(size_t fail_at);
void test_alloc_uninstall(void);
size_t test_alloc_count(void);
long test_alloc_live(void);

/* Deterministic pseudo-random numbers for randomized tests. */
uint64_t test_rand(uint64_t *state);

#endif
