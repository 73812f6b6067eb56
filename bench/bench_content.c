/* The content module: attune_doc_parse over the seeds corpus (>= 64 MB of
 * concatenated pages) as one input and page by page, with memcpy and the
 * text module's NFC on the same bytes beside it, then rendering. */
#include "bench.h"

#include <attune/attune.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPS 3

static volatile size_t sink;

static double best_of(double (*fn)(const char *, size_t), const char *s, size_t len) {
    double best = 1e9;
    for (int r = 0; r < REPS; r++) {
        double t = fn(s, len);
        if (t < best)
            best = t;
    }
    return best;
}

static char *memcpy_dst;

static double run_memcpy(const char *s, size_t len) {
    /* one destination for every round: the best round runs on mapped pages */
    if (!memcpy_dst && !(memcpy_dst = malloc(len)))
        exit(2);
    double t = bench_now();
    memcpy(memcpy_dst, s, len);
    t = bench_now() - t;
    sink = (size_t)memcpy_dst[len / 2];
    return t;
}

static double run_nfc(const char *s, size_t len) {
    double t = bench_now();
    char *out;
    size_t n;
    if (attune_normalize(s, len, ATTUNE_NORM_NFC, &out, &n, NULL) != ATTUNE_OK)
        exit(2);
    t = bench_now() - t;
    sink = n;
    attune_free(out);
    return t;
}

static double run_parse_whole(const char *s, size_t len) {
    double t = bench_now();
    attune_doc *doc;
    if (attune_doc_parse(s, len, NULL, &doc, NULL) != ATTUNE_OK)
        exit(2);
    t = bench_now() - t;
    sink = attune_doc_block_count(doc);
    attune_doc_free(doc);
    return t;
}

/* Pages: the corpus split at the seeds' boundaries (bench_seeds_corpus
 * repeats whole pages, each ending with a newline); parsed one by one. */
static size_t page_len[16], page_count;

static double run_parse_pages(const char *s, size_t len) {
    double t = bench_now();
    size_t pos = 0, k = 0, blocks = 0;
    while (pos < len) {
        size_t n = page_len[k % page_count];
        if (n > len - pos)
            n = len - pos;
        attune_doc *doc;
        if (attune_doc_parse(s + pos, n, NULL, &doc, NULL) != ATTUNE_OK)
            exit(2);
        blocks += attune_doc_block_count(doc);
        attune_doc_free(doc);
        pos += n;
        k++;
    }
    t = bench_now() - t;
    sink = blocks;
    return t;
}

static int32_t (*render_fn)(const attune_doc *, const attune_render_options *, char **, size_t *,
                            attune_error *);
static attune_doc *render_doc;

static double run_render(const char *s, size_t len) {
    (void)s;
    (void)len;
    double t = bench_now();
    char *out;
    size_t n;
    if (render_fn(render_doc, NULL, &out, &n, NULL) != ATTUNE_OK)
        exit(2);
    t = bench_now() - t;
    sink = n;
    attune_free(out);
    return t;
}

/* Page lengths: bench_seeds_corpus repeats the five seeds in this order,
 * each followed by a newline. */
static void find_pages(void) {
    static const char *const names[] = {"000_dff8e9b2b2b9db4e", "001_1cbcd007d1f004a3",
                                        "002_4e570baaf405faa5", "003_cf5cd59d1e27de4e",
                                        "004_3aec339a76dd123d"};
    char path[4096];
    page_count = 0;
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/corpus/seeds/%s.txt", bench_shared_dir(), names[i]);
        size_t n;
        free(bench_read_file(path, &n));
        page_len[page_count++] = n + 1;
    }
}

/* `bench_content pages MB` (or `whole MB`): one parse of an MB-sized corpus,
 * page by page (or as one input), and nothing else, for instruction counts
 * (valgrind --tool=callgrind). */
static int pages_only(const char *mb, int whole) {
    size_t len;
    char *corpus = bench_seeds_corpus((size_t)strtoul(mb, NULL, 10) << 20, &len);
    find_pages();
    if (whole)
        run_parse_whole(corpus, len);
    else
        run_parse_pages(corpus, len);
    printf("parsed %zu bytes %s\n", len, whole ? "as one input" : "page by page");
    free(corpus);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && (strcmp(argv[1], "pages") == 0 || strcmp(argv[1], "whole") == 0))
        return pages_only(argv[2], strcmp(argv[1], "whole") == 0);
    size_t len;
    char *corpus = bench_seeds_corpus((size_t)64 << 20, &len);
    find_pages();
    printf("corpus: %zu bytes (the five seed pages repeated)\n", len);
    bench_row("memcpy", len, best_of(run_memcpy, corpus, len));
    free(memcpy_dst);
    bench_row("text: NFC (attune_normalize)", len, best_of(run_nfc, corpus, len));
    bench_row("content: parse, one input", len, best_of(run_parse_whole, corpus, len));
    bench_row("content: parse, page by page", len, best_of(run_parse_pages, corpus, len));
    /* processor time too: on a shared machine the wall clock also counts
     * the time other processes hold the cores */
    clock_t c0 = clock();
    run_parse_pages(corpus, len);
    bench_row("  same, processor time", len, (double)(clock() - c0) / CLOCKS_PER_SEC);
    size_t mlen;
    char *multi = bench_multibyte_variant(corpus, len, 5, &mlen);
    bench_row("content: parse, ~5% multibyte", mlen, best_of(run_parse_whole, multi, mlen));
    free(multi);
    if (attune_doc_parse(corpus, len, NULL, &render_doc, NULL) != ATTUNE_OK)
        return 2;
    render_fn = attune_render_json;
    bench_row("render: JSON", len, best_of(run_render, corpus, len));
    render_fn = attune_render_text;
    bench_row("render: main text", len, best_of(run_render, corpus, len));
    attune_doc_free(render_doc);
    free(corpus);
    return 0;
}
