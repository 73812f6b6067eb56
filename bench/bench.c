#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *bench_shared_dir(void) {
    static char buf[4096];
    const char *env = getenv("ATTUNE_CORPUS");
    if (env && *env) {
        snprintf(buf, sizeof buf, "%s/..", env);
        return buf;
    }
    return ATTUNE_DEFAULT_SHARED;
}

char *bench_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bench: cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

static const char *const seed_files[] = {
    "000_dff8e9b2b2b9db4e.txt", "001_1cbcd007d1f004a3.txt", "002_4e570baaf405faa5.txt",
    "003_cf5cd59d1e27de4e.txt", "004_3aec339a76dd123d.txt",
};

char *bench_seeds_corpus(size_t min_bytes, size_t *len) {
    char *pages[5];
    size_t lens[5], total = 0;
    for (int i = 0; i < 5; i++) {
        char path[8192];
        snprintf(path, sizeof path, "%s/corpus/seeds/%s", bench_shared_dir(), seed_files[i]);
        pages[i] = bench_read_file(path, &lens[i]);
        total += lens[i] + 1;
    }
    size_t reps = min_bytes / total + 1;
    char *out = malloc(reps * total + 1);
    if (!out) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    size_t n = 0;
    for (size_t r = 0; r < reps; r++)
        for (int i = 0; i < 5; i++) {
            memcpy(out + n, pages[i], lens[i]);
            n += lens[i];
            out[n++] = '\n';
        }
    for (int i = 0; i < 5; i++)
        free(pages[i]);
    out[n] = '\0';
    *len = n;
    return out;
}

char *bench_multibyte_variant(const char *src, size_t len, int percent, size_t *out_len) {
    /* Each swap turns one ASCII letter into a 2- or 3-byte character, adding
     * multibyte bytes; swap every k-th letter to reach about `percent` %. */
    static const char *const subs[] = {"\xC3\xA9",     "\xC3\xBC", "\xC3\xB1", "\xE2\x80\x99",
                                       "\xE4\xBA\xBA", "\xC3\xA5", "\xCE\xB1", "\xD0\xB4"};
    size_t k = percent > 0 ? (size_t)(250 / percent) : (size_t)-1;
    if (k < 1)
        k = 1;
    char *out = malloc(len * 3 + 1);
    if (!out) {
        fprintf(stderr, "bench: out of memory\n");
        exit(2);
    }
    size_t n = 0, letters = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (((c | 32) >= 'a' && (c | 32) <= 'z') && ++letters % k == 0) {
            const char *s = subs[(letters / k) % 8];
            size_t sl = strlen(s);
            memcpy(out + n, s, sl);
            n += sl;
        } else {
            out[n++] = (char)c;
        }
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bench_row(const char *name, size_t bytes, double seconds) {
    double mbs = seconds > 0 ? (double)bytes / 1e6 / seconds : 0.0;
    printf("  %-34s %10.1f MB/s  (%.3f s)\n", name, mbs, seconds);
}
