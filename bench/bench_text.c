/* The text module beside the obvious utf8proc code: validation against a
 * utf8proc_iterate loop, NFC / NFKC / case folding against utf8proc_map, on
 * the seeds corpus (>= 64 MB) and on its ~5% multibyte variant. */
#include "bench.h"

#include <attune/attune.h>
#include "text/text_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define REPS 5

static volatile size_t sink;

static size_t iterate_loop(const char *s, size_t len) {
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
        if (k < 0)
            return i;
        i += (size_t)k;
    }
    return len;
}

static double best_validate(const char *s, size_t len, int attune) {
    double best = 1e9;
    for (int r = 0; r < REPS; r++) {
        double t = bench_now();
        size_t off = 0;
        if (attune)
            sink = attune_utf8_validate(s, len, &off) == ATTUNE_OK ? len : off;
        else
            sink = iterate_loop(s, len);
        t = bench_now() - t;
        if (sink != len) {
            fprintf(stderr, "validation failed\n");
            exit(2);
        }
        if (t < best)
            best = t;
    }
    return best;
}

/* attune: mode 1 = attune_normalize (a new output buffer per call, as a
 * caller gets it), mode 2 = the internal append into a buffer reused across
 * calls (what the content module does; no fresh pages to map). */
static double best_normalize(const char *s, size_t len, uint32_t flags, int mode, int reps) {
    int o = 0;
    if (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD))
        o |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        o |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    static attune__buf reused = ATTUNE__BUF_INIT;
    double best = 1e9;
    for (int r = 0; r < reps; r++) {
        double t = bench_now();
        if (mode == 1) {
            char *out;
            size_t n;
            if (attune_normalize(s, len, flags, &out, &n, NULL) != ATTUNE_OK) {
                fprintf(stderr, "attune_normalize failed\n");
                exit(2);
            }
            sink = n;
            attune_free(out);
        } else if (mode == 2) {
            reused.len = 0;
            if (attune__normalize_append(&reused, NULL, s, len, 0, flags, NULL) != ATTUNE_OK) {
                fprintf(stderr, "attune__normalize_append failed\n");
                exit(2);
            }
            sink = reused.len;
        } else {
            utf8proc_uint8_t *out = NULL;
            utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                                              &out, (utf8proc_option_t)o);
            if (n < 0) {
                fprintf(stderr, "utf8proc_map failed\n");
                exit(2);
            }
            sink = (size_t)n;
            free(out);
        }
        t = bench_now() - t;
        if (t < best)
            best = t;
    }
    return best;
}

static void pair(const char *what, size_t len, double ours, double theirs) {
    char name[64];
    snprintf(name, sizeof name, "attune %s", what);
    bench_row(name, len, ours);
    snprintf(name, sizeof name, "utf8proc %s", what);
    bench_row(name, len, theirs);
    printf("  %-28s %9.1fx\n", "speed-up", theirs / ours);
}

static void run(const char *label, const char *s, size_t len, size_t peer_len) {
    printf("%s: %zu bytes (utf8proc_map timed on the first %zu bytes)\n", label, len, peer_len);
    pair("validate", len, best_validate(s, len, 1), best_validate(s, len, 0));
    static const struct {
        const char *name;
        uint32_t flags;
    } modes[] = {{"NFC", ATTUNE_NORM_NFC},
                 {"NFKC", ATTUNE_NORM_NFKC},
                 {"casefold", ATTUNE_NORM_CASEFOLD},
                 {"NFKC+casefold", ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD}};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        double ours = best_normalize(s, len, modes[m].flags, 2, REPS);
        double fresh = best_normalize(s, len, modes[m].flags, 1, REPS);
        /* utf8proc_map is slow: time it on a prefix and compare rates */
        double theirs = best_normalize(s, peer_len, modes[m].flags, 0, 1);
        char name[64];
        snprintf(name, sizeof name, "attune %s", modes[m].name);
        bench_row(name, len, ours);
        snprintf(name, sizeof name, "  same, new buffer per call");
        bench_row(name, len, fresh);
        snprintf(name, sizeof name, "utf8proc_map %s", modes[m].name);
        bench_row(name, peer_len, theirs);
        printf("  %-28s %9.1fx (%.1fx with new buffers)\n", "speed-up",
               ((double)len / ours) / ((double)peer_len / theirs),
               ((double)len / fresh) / ((double)peer_len / theirs));
    }
    uint32_t all = ATTUNE_NORM_NFC | ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE |
                   ATTUNE_NORM_REPAIR;
    bench_row("attune NFC+fold+strip+repair", len, best_normalize(s, len, all, 2, REPS));
    bench_row("attune + fix-mojibake", len,
              best_normalize(s, len, all | ATTUNE_NORM_FIX_MOJIBAKE, 2, REPS));
    double best = 1e9;
    for (int r = 0; r < REPS; r++) {
        double t = bench_now();
        attune_text *tx = NULL;
        if (attune_text_new(s, len, all, &tx, NULL) != ATTUNE_OK) {
            fprintf(stderr, "attune_text_new failed\n");
            exit(2);
        }
        t = bench_now() - t;
        attune_text_free(tx);
        if (t < best)
            best = t;
    }
    bench_row("attune_text_new (with map)", len, best);
}

int main(void) {
    size_t len;
    char *corpus = bench_seeds_corpus((size_t)64 << 20, &len);
    size_t peer = len < ((size_t)16 << 20) ? len : ((size_t)16 << 20);
    /* end the prefix on a character boundary */
    while (peer < len && (corpus[peer] & 0xC0) == 0x80)
        peer++;
    /* What a new output buffer costs on this machine before any work:
     * mapping fresh pages. The "new buffer per call" rows pay it. */
    double t = bench_now();
    char *fresh = malloc(len);
    if (!fresh)
        return 2;
    memset(fresh, 1, len);
    t = bench_now() - t;
    sink = (size_t)fresh[len / 2];
    free(fresh);
    bench_row("memset into a new buffer", len, t);
    run("seeds corpus", corpus, len, peer);
    size_t mlen;
    char *multi = bench_multibyte_variant(corpus, len, 5, &mlen);
    size_t mb = 0;
    for (size_t i = 0; i < mlen; i++)
        mb += (unsigned char)multi[i] >= 0x80;
    size_t mpeer = mlen < ((size_t)16 << 20) ? mlen : ((size_t)16 << 20);
    while (mpeer < mlen && (multi[mpeer] & 0xC0) == 0x80)
        mpeer++;
    printf("\n");
    char label[64];
    snprintf(label, sizeof label, "multibyte variant (%.1f%% multibyte bytes)",
             100.0 * (double)mb / (double)mlen);
    run(label, multi, mlen, mpeer);
    free(multi);
    free(corpus);
    return 0;
}
