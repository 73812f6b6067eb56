/* The themes module: classification including parsing over the seeds corpus
 * (>= 64 MB, page by page: attune_doc_parse + attune_classify), the
 * classifier alone (attune_classify_text on the whole corpus), and fastText
 * beside them: `fasttext predict` on the same bytes (one line per paragraph,
 * as the corpus is laid out), with a model trained on CounselChat's
 * dev.fasttext in a temporary directory. fastText is a peer only, run as
 * the Debian program /usr/bin/fasttext when it is installed. */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <attune/attune.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define REPS 3

static volatile size_t sink;

/* CPU seconds of this process, and of its finished children: the machine
 * is shared, so CPU time is printed beside wall time. */
static double cpu_self(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_children(void) {
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static double last_cpu; /* CPU seconds of the best run of best_of */
static size_t page_len[5];

static void find_pages(void) {
    static const char *const names[] = {"000_dff8e9b2b2b9db4e", "001_1cbcd007d1f004a3",
                                        "002_4e570baaf405faa5", "003_cf5cd59d1e27de4e",
                                        "004_3aec339a76dd123d"};
    for (int i = 0; i < 5; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/corpus/seeds/%s.txt", bench_shared_dir(), names[i]);
        size_t n;
        free(bench_read_file(path, &n));
        page_len[i] = n + 1; /* bench_seeds_corpus ends each page with a newline */
    }
}

static double run_parse_classify(const char *s, size_t len) {
    double t = bench_now();
    size_t pos = 0, k = 0, present = 0;
    while (pos < len) {
        size_t n = page_len[k++ % 5];
        if (n > len - pos)
            n = len - pos;
        attune_doc *doc;
        attune_result *r;
        if (attune_doc_parse(s + pos, n, NULL, &doc, NULL) != ATTUNE_OK ||
            attune_classify(NULL, doc, NULL, &r, NULL) != ATTUNE_OK)
            exit(2);
        present += attune_result_present_count(r, 0);
        attune_result_free(r);
        attune_doc_free(doc);
        pos += n;
    }
    t = bench_now() - t;
    sink = present;
    return t;
}

static double run_parse_only(const char *s, size_t len) {
    double t = bench_now();
    size_t pos = 0, k = 0, blocks = 0;
    while (pos < len) {
        size_t n = page_len[k++ % 5];
        if (n > len - pos)
            n = len - pos;
        attune_doc *doc;
        if (attune_doc_parse(s + pos, n, NULL, &doc, NULL) != ATTUNE_OK)
            exit(2);
        blocks += attune_doc_block_count(doc);
        attune_doc_free(doc);
        pos += n;
    }
    t = bench_now() - t;
    sink = blocks;
    return t;
}

static double run_classify_text(const char *s, size_t len) {
    double t = bench_now();
    attune_result *r;
    if (attune_classify_text(NULL, s, len, NULL, &r, NULL) != ATTUNE_OK)
        exit(2);
    t = bench_now() - t;
    sink = attune_result_unit_words(r, 0);
    attune_result_free(r);
    return t;
}

static double best_of(double (*fn)(const char *, size_t), const char *s, size_t len) {
    double best = 1e9;
    last_cpu = 1e9;
    for (int r = 0; r < REPS; r++) {
        double c = cpu_self();
        double t = fn(s, len);
        c = cpu_self() - c;
        if (t < best)
            best = t;
        if (c < last_cpu)
            last_cpu = c;
    }
    return best;
}

/* fastText: train on dev.fasttext (one-vs-all, as for multi-label data),
 * then time `fasttext predict` on the corpus. Returns seconds, or -1. */
static double run_fasttext(const char *corpus, size_t len) {
    if (access("/usr/bin/fasttext", X_OK) != 0) {
        printf("  fasttext predict              (not installed: apt-get install fasttext)\n");
        return -1;
    }
    char dir[] = "/tmp/attune_bench_XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char cmd[8192], path[4096];
    snprintf(path, sizeof path, "%s/corpus.txt", dir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(corpus, 1, len, f) != len) {
        if (f)
            fclose(f);
        return -1;
    }
    fclose(f);
    snprintf(cmd, sizeof cmd,
             "/usr/bin/fasttext supervised -input '%s/data/counselchat/dev.fasttext' -output "
             "'%s/model' -loss ova -thread 1 -verbose 0 >/dev/null 2>&1",
             bench_shared_dir(), dir);
    double t = -1;
    if (system(cmd) == 0) {
        snprintf(cmd, sizeof cmd, "/usr/bin/fasttext predict '%s/model.bin' '%s' >/dev/null 2>&1",
                 dir, path);
        double best = 1e9;
        last_cpu = 1e9;
        for (int r = 0; r < REPS; r++) {
            double s = bench_now(), c = cpu_children();
            if (system(cmd) != 0) {
                best = -1;
                break;
            }
            s = bench_now() - s;
            c = cpu_children() - c;
            if (s < best)
                best = s;
            if (c < last_cpu)
                last_cpu = c;
        }
        t = best;
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    return t;
}

int main(void) {
    size_t len;
    char *corpus = bench_seeds_corpus((size_t)64 << 20, &len);
    find_pages();
    if (!attune_model_default())
        return 2;
    printf("corpus: %zu bytes (seeds repeated, %zu pages)\n", len,
           len / (page_len[0] + page_len[1] + page_len[2] + page_len[3] + page_len[4]) * 5);
    printf("wall-clock rows, then the same runs in CPU time (the machine may be shared)\n");
    double parse = best_of(run_parse_only, corpus, len), parse_cpu = last_cpu;
    double both = best_of(run_parse_classify, corpus, len), both_cpu = last_cpu;
    double text = best_of(run_classify_text, corpus, len), text_cpu = last_cpu;
    double ft = run_fasttext(corpus, len), ft_cpu = last_cpu;
    bench_row("parse only (pages)", len, parse);
    bench_row("parse + classify (pages)", len, both);
    bench_row("classify_text (whole)", len, text);
    if (ft > 0)
        bench_row("fasttext predict (lines)", len, ft);
    bench_row("parse only, CPU", len, parse_cpu);
    bench_row("parse + classify, CPU", len, both_cpu);
    bench_row("classify_text, CPU", len, text_cpu);
    if (ft > 0) {
        bench_row("fasttext predict, CPU", len, ft_cpu);
        printf("  parse + classify is %.1fx fasttext predict (wall), %.1fx (CPU)\n", ft / both,
               ft_cpu / both_cpu);
    }
    free(corpus);
    return 0;
}
