/* Baseline: memcpy over the seeds corpus, the ceiling for every other stage. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t len;
    char *corpus = bench_seeds_corpus((size_t)64 << 20, &len);
    char *dst = malloc(len);
    if (!dst)
        return 2;
    printf("corpus: %zu bytes (seeds repeated)\n", len);
    double best = 1e9;
    for (int r = 0; r < 5; r++) {
        double t = bench_now();
        memcpy(dst, corpus, len);
        t = bench_now() - t;
        if (t < best)
            best = t;
    }
    bench_row("memcpy (memory speed)", len, best);
    int rc = dst[len / 2] == corpus[len / 2] ? 0 : 1;
    free(dst);
    free(corpus);
    return rc;
}
