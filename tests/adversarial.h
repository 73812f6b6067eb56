/* Adversarial page shapes for the limits test and benchmark: inputs of any
 * size that push one dimension of the parser and classifier to its extreme.
 * Header-only (static functions), shared by tests/test_limits.c and
 * bench/bench_limits.c. */
#ifndef ATTUNE_TEST_ADVERSARIAL_H
#define ATTUNE_TEST_ADVERSARIAL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ADV_NO_NEWLINES 0  /* one line of varied sentences, no line break at all */
#define ADV_ALL_BULLETS 1  /* every line a bullet item */
#define ADV_ALL_HEADINGS 2 /* short title-case lines, as many headings as the parser takes */
#define ADV_ONE_PHRASE 3   /* one theme phrase repeated (evidence everywhere) */
#define ADV_NESTED_LISTS 4 /* list items indented deeper and deeper, then back */
#define ADV_COUNT 5

static const char *const adv_names[ADV_COUNT] = {"no newlines", "all bullets", "all headings",
                                                 "one phrase repeated", "nested lists"};

static const char *const adv_words[] = {
    "therapy", "trust",   "the",        "client", "feels",  "heard",   "and",    "safe",
    "empathy", "session", "boundaries", "with",   "a",      "burnout", "care",   "of",
    "support", "growth",  "listening",  "in",     "change", "anxiety", "relief", "self"};

static void adv_put(char *out, size_t cap, size_t *n, const char *s, size_t len) {
    if (*n + len > cap)
        len = cap - *n;
    memcpy(out + *n, s, len);
    *n += len;
}

static void adv_puts(char *out, size_t cap, size_t *n, const char *s) {
    adv_put(out, cap, n, s, strlen(s));
}

/* A page of `shape` of exactly `size` bytes (malloc'd, not NUL-terminated;
 * NULL when out of memory). Deterministic. */
static char *adv_make(int shape, size_t size) {
    char *out = malloc(size ? size : 1);
    if (!out)
        return NULL;
    size_t n = 0;
    uint64_t x = 0x9E3779B97F4A7C15u;
    size_t k = 0;
    while (n < size) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const char *w = adv_words[x % (sizeof adv_words / sizeof adv_words[0])];
        switch (shape) {
        case ADV_NO_NEWLINES:
            adv_puts(out, size, &n, w);
            adv_puts(out, size, &n, (k % 11 == 10) ? ". " : " ");
            break;
        case ADV_ALL_BULLETS:
            adv_puts(out, size, &n, "- ");
            adv_puts(out, size, &n, w);
            adv_puts(out, size, &n, " helps the client feel safe in therapy.\n");
            break;
        case ADV_ALL_HEADINGS: {
            char cap = (char)(w[0] - 'a' + 'A');
            adv_puts(out, size, &n, "Understanding ");
            adv_put(out, size, &n, &cap, 1);
            adv_puts(out, size, &n, w + 1);
            adv_puts(out, size, &n, " In Therapy\n");
            /* a heading needs running text under it: one sentence */
            adv_puts(out, size, &n,
                     "The client feels safe when the therapist listens with "
                     "care, patience and without judgment.\n");
            break;
        }
        case ADV_ONE_PHRASE:
            adv_puts(out, size, &n, "Empathy builds trust in the therapeutic relationship. ");
            if (k % 64 == 63)
                adv_puts(out, size, &n, "\n");
            break;
        default: { /* nested lists: indentation climbs to 256 levels, then drops */
            size_t depth = k % 256;
            for (size_t d = 0; d < depth && n < size; d++)
                adv_puts(out, size, &n, "  ");
            adv_puts(out, size, &n, (k & 1) ? "* " : "1. ");
            adv_puts(out, size, &n, w);
            adv_puts(out, size, &n, " nested item\n");
            break;
        }
        }
        k++;
    }
    return out;
}

#endif
