/* Adversarial inputs (tests/adversarial.h: no newlines, all bullets, all
 * headings, one phrase repeated, nested lists) at 1, 10 and 100 MB through
 * attune_doc_parse and attune_classify (default model), with memcpy of the
 * same bytes beside them: MB/s per shape and size, best of a few runs, and
 * the growth factor t(10x) / t(x) (about 10 when the work is linear).
 *   bench_limits [MAX_MB [SHAPE]]   (default 100 MB, every shape; SHAPE 0-4) */
#include "bench.h"
#include "../tests/adversarial.h"

#include <attune/attune.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t sink;

static int reps_for(size_t size) { return size >= (size_t)100 << 20 ? 1 : 3; }

static void run_shape(int shape, size_t max_mb) {
    double prev_parse = 0, prev_classify = 0;
    printf("%s\n", adv_names[shape]);
    for (size_t mb = 1; mb <= max_mb; mb *= 10) {
        size_t size = mb << 20;
        char *s = adv_make(shape, size);
        if (!s) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
        double best_copy = 1e9, best_parse = 1e9, best_classify = 1e9;
        for (int r = 0; r < reps_for(size); r++) {
            char *d = malloc(size);
            if (!d)
                exit(2);
            memset(d, 0, size);
            double t = bench_now();
            memcpy(d, s, size);
            t = bench_now() - t;
            sink = (size_t)d[size / 2];
            free(d);
            if (t < best_copy)
                best_copy = t;

            attune_doc *doc = NULL;
            t = bench_now();
            int32_t rc = attune_doc_parse(s, size, NULL, &doc, NULL);
            t = bench_now() - t;
            if (rc != ATTUNE_OK) {
                fprintf(stderr, "parse failed: %s\n", attune_strerror(rc));
                exit(2);
            }
            if (t < best_parse)
                best_parse = t;
            attune_result *res = NULL;
            t = bench_now();
            rc = attune_classify(NULL, doc, NULL, &res, NULL);
            t = bench_now() - t;
            if (rc != ATTUNE_OK) {
                fprintf(stderr, "classify failed: %s\n", attune_strerror(rc));
                exit(2);
            }
            if (t < best_classify)
                best_classify = t;
            sink = attune_doc_block_count(doc) + attune_result_unit_count(res);
            attune_result_free(res);
            attune_doc_free(doc);
        }
        char name[64];
        snprintf(name, sizeof name, "  memcpy %zu MB", mb);
        bench_row(name, size, best_copy);
        snprintf(name, sizeof name, "  parse %zu MB", mb);
        bench_row(name, size, best_parse);
        snprintf(name, sizeof name, "  classify %zu MB", mb);
        bench_row(name, size, best_classify);
        if (prev_parse > 0)
            printf("  growth x10 input: parse x%.1f, classify x%.1f\n", best_parse / prev_parse,
                   best_classify / prev_classify);
        prev_parse = best_parse;
        prev_classify = best_classify;
        free(s);
    }
}

int main(int argc, char **argv) {
    size_t max_mb = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100;
    if (max_mb < 1)
        max_mb = 1;
    printf("attune %s: adversarial inputs up to %zu MB (best of 3, 1 run at 100 MB)\n",
           attune_version(), max_mb);
    int only = argc > 2 ? atoi(argv[2]) : -1;
    for (int shape = 0; shape < ADV_COUNT; shape++)
        if (only < 0 || only == shape)
            run_shape(shape, max_mb);
    return 0;
}
