/* Internals of the trainer (src/train): the fastText-format reader, string
 * interning, feature extraction and the one-vs-rest learner. Nothing here is
 * exported from the shared library. */
#ifndef ATTUNE_TRAIN_INTERNAL_H
#define ATTUNE_TRAIN_INTERNAL_H

#include "core/internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits of the trainer (documented in attune/train.h). */
#define ATTUNE__TRAIN_MAX_LABELS 4096u
#define ATTUNE__TRAIN_MAX_LABEL_LEN 200u
#define ATTUNE__TRAIN_MAX_EXAMPLES 0x3fffffffu

/* ---- string interning: bytes -> dense id (0, 1, 2, ...) ---- */
typedef struct attune__strmap {
    uint32_t *slots; /* id + 1, 0 = empty; capacity is a power of two */
    uint32_t cap;
    uint32_t count;
    attune__buf arena; /* the strings, each followed by a NUL */
    size_t *offs;      /* per id: offset into arena */
    uint32_t *lens;    /* per id: length */
    uint32_t *hashes;  /* per id: hash (for rehashing) */
    uint32_t ids_cap;
} attune__strmap;

uint32_t attune__hash_bytes(const void *p, size_t n);
/* Finds s; returns its id or UINT32_MAX when absent. */
uint32_t attune__strmap_find(const attune__strmap *m, const char *s, size_t n, uint32_t h);
/* Finds or adds s; *id receives its id, *added whether it was new. */
int32_t attune__strmap_intern(attune__strmap *m, const char *s, size_t n, uint32_t h, uint32_t *id,
                              bool *added);
static inline const char *attune__strmap_str(const attune__strmap *m, uint32_t id) {
    return m->arena.data + m->offs[id];
}
void attune__strmap_free(attune__strmap *m);

/* ---- 64-bit key -> dense id (for word n-grams as pairs of ids) ---- */
typedef struct attune__u64map {
    uint64_t *keys;
    uint32_t *vals; /* id + 1, 0 = empty */
    uint32_t cap;
    uint32_t count;
} attune__u64map;

uint32_t attune__u64map_find(const attune__u64map *m, uint64_t key);
int32_t attune__u64map_intern(attune__u64map *m, uint64_t key, uint32_t next_id, uint32_t *id,
                              bool *added);
void attune__u64map_free(attune__u64map *m);

static inline uint64_t attune__mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* ---- the fastText training format ---- */
/* Called for every example line: the labels (name spans into the data,
 * without the __label__ prefix), and the text: from its first to its last
 * word, with label tokens inside it blanked (the same length, so offsets
 * still map to the data). Returning non-zero stops the reader with that
 * status. */
typedef struct attune__ft_line {
    size_t line_offset; /* byte offset of the line in data */
    const char *text;
    size_t text_len;
    size_t text_offset; /* offset of text in data */
    size_t nlabels;
    const char *const *label_ptrs;
    const size_t *label_lens;
    const size_t *label_offsets;
} attune__ft_line;

typedef int32_t (*attune__ft_fn)(void *ud, const attune__ft_line *line, attune_error *err);

/* Reads fastText's format: one example a line, `__label__x` tokens, then
 * text. CRLF and empty (or blank) lines are accepted; ill-formed UTF-8 gives
 * ATTUNE_EUTF8, a NUL byte or an empty or over-long label ATTUNE_EPARSE /
 * ATTUNE_ELIMIT, each with the byte offset in data. */
int32_t attune__ft_read(const char *data, size_t len, attune__ft_fn fn, void *ud,
                        attune_error *err);

/* ---- tokens for training and prediction ---- */
/* The tokenizer yields the stems that classification matches (see tok.c):
 * for each word token its stem and the stem's id in the tokenizer's stem
 * table (NULL and UINT32_MAX when the word has none a model can hold; it
 * still counts as a word), its source span, and whether a sentence boundary
 * came before it (phrases never cross one). */
typedef int32_t (*attune__ttok_fn)(void *ud, const char *form, size_t form_len, uint32_t id,
                                   size_t start, size_t end, bool boundary);

typedef struct attune__ttok attune__ttok;
int32_t attune__ttok_new(attune__ttok **out);
void attune__ttok_free(attune__ttok *t);
int32_t attune__ttok_run(attune__ttok *t, const char *text, size_t len, attune__ttok_fn fn,
                         void *ud);
/* Moves the stem table (ids as given to the callbacks) into *out; the
 * tokenizer is then only fit for freeing. */
void attune__ttok_take_stems(attune__ttok *t, attune__strmap *out);

#endif
