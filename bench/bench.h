/* Shared pieces of the benchmarks: test corpora and timing. */
#ifndef ATTUNE_BENCH_H
#define ATTUNE_BENCH_H

#include <stddef.h>

/* The shared directory ($ATTUNE_CORPUS/.., else ../shared next to the source). */
const char *bench_shared_dir(void);
/* Reads a whole file (malloc'd); exits with a message on failure. */
char *bench_read_file(const char *path, size_t *len);
/* A corpus of at least `min_bytes` made by repeating the five seed pages
 * (whole pages, each ending with a newline). malloc'd. */
char *bench_seeds_corpus(size_t min_bytes, size_t *len);
/* A variant of `src` in which about `percent` % of the bytes are multibyte
 * UTF-8 (ASCII letters swapped for accented and CJK characters), valid UTF-8.
 * malloc'd. */
char *bench_multibyte_variant(const char *src, size_t len, int percent, size_t *out_len);
/* Monotonic clock in seconds. */
double bench_now(void);
/* Prints one result row: "  %-28s %9.1f MB/s  (%.3f s)". */
void bench_row(const char *name, size_t bytes, double seconds);

#endif
