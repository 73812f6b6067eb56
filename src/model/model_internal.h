/* Internal view of attune_model: its layout, the builder that the text
 * loader, the default model and the trainer use, and the shared tokenizer
 * and stemmer that turn text into the model's stems.
 *
 * Building a model:
 *     attune_model *m;
 *     attune__model_new(&m);
 *     attune__model_set_norm(m, 0.5, 20.0);
 *     uint32_t l;
 *     attune__model_add_label(m, "empathy", 7, "Empathy", 7, "...", 3, -3.0, 0.5, &l);
 *     attune__model_add_entry(m, "non judgment", 12, l, 1.5);   stems, space-separated
 *     attune__model_add_words(m, "without judgment", 16, l, 1.5, NULL); words, stemmed here
 *     attune__model_add_entry(m, "judgment call", 13, ATTUNE__NO_LABEL, 0); an exception
 *     attune__model_finalize(m, err);   then m is immutable
 * Adding the same phrase twice for the same label adds the weights. Every
 * function returns ATTUNE_OK, ATTUNE_EINVAL or ATTUNE_ENOMEM (a failed call
 * leaves the model as it was, still to be freed with attune_model_free).
 */
#ifndef ATTUNE_MODEL_INTERNAL_H
#define ATTUNE_MODEL_INTERNAL_H

#include "attune/model.h"
#include "core/internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sb_stemmer;

#define ATTUNE__NO_LABEL UINT32_MAX
/* Pseudo-label for attune__model_add_entry/add_words: the phrase is a
 * negation cue (no weight). */
#define ATTUNE__NEGATION (UINT32_MAX - 1)
/* Default and largest negation scope, in words after the cue. */
#define ATTUNE__NEGATION_SCOPE 3
#define ATTUNE__MAX_NEGATION_SCOPE 8
/* Longest phrase (in stems) and longest stem (in bytes) a model holds. */
#define ATTUNE__MAX_PHRASE 8
#define ATTUNE__MAX_STEM 63

typedef struct attune__label {
    char *id;
    char *name;
    char *desc;
    double bias;
    double threshold;
    /* A score is 1 / (1 + exp(-x)): above x_present it is surely at least
     * the threshold, below x_absent surely under it (the threshold's logit
     * with a margin far wider than rounding, when the threshold is in
     * [1e-3, 1 - 1e-3]; else +/-infinity: between the two the score itself
     * is compared). */
    double x_present, x_absent;
} attune__label;

/* A phrase: `len` stem ids at tok[first..first+len), weights
 * w[wfirst..wfirst+wcount). */
typedef struct attune__entry {
    uint32_t first;
    uint32_t len;
    uint32_t wfirst;
    uint32_t wcount;
    /* a negation cue: the entries that start within the model's negation
     * scope after it (same sentence) count nothing */
    bool negation;
} attune__entry;

typedef struct attune__weight {
    uint32_t entry;
    uint32_t label;
    double weight;
} attune__weight;

struct attune_model {
    bool finalized;
    /* set by finalize: unique among the models of this process (never 0), so
     * per-thread caches of stem ids (themes/match.c) can tell models apart
     * even when one is freed and another allocated at the same address */
    uint64_t serial;
    bool is_default;
    double norm_power;
    double norm_min;
    /* after finalize: attune__model_norm() of 0 .. ATTUNE__NORM_TAB - 1
     * words (a score is computed for every block: no pow() for the usual
     * ones) */
    double *norm_tab;
    double heading_factor;   /* weight multiplier for titles and headings */
    uint32_t negation_scope; /* words after a negation cue that it covers */
    uint32_t nnegations;     /* entries that are negation cues */
    /* labels */
    attune__label *labels;
    uint32_t nlabels, labels_cap;
    /* vocabulary: stem strings (NUL-terminated, owned) and a hash to ids */
    char **stems;
    uint32_t nstems, stems_cap;
    uint32_t *stem_hash; /* open addressing, UINT32_MAX empty */
    uint32_t stem_hash_cap;
    /* entries and their stem ids */
    attune__entry *entries;
    uint32_t nentries, entries_cap;
    uint32_t *tok;
    uint32_t ntok, tok_cap;
    uint32_t *entry_hash; /* phrase -> entry, open addressing */
    uint32_t entry_hash_cap;
    /* weights: appended while building, sorted by (entry, label) and merged
     * by finalize */
    attune__weight *w;
    uint32_t nw, w_cap;
    /* after finalize: entries starting with each stem, longest first */
    uint32_t *start_off; /* nstems + 1 */
    uint32_t *start_list;
    /* after finalize: prefix filter (see tokenize.c) */
    uint64_t *prefix_set;
    uint32_t prefix_cap;
    /* after finalize: per stem, the longest entry starting with it and its
     * one-word entry; the set of the first two stems of the longer entries
     * (match_index.c) */
    struct attune__start_info *start_info;
    uint64_t *pairs;
    uint32_t pairs_cap;
    /* per slot of pairs: the entries of two or more stems that start with
     * the slot's pair, longest first (then by index, as in start_list):
     * pair_list[pair_first[i] .. pair_first[i] + pair_n[i]) */
    uint32_t *pair_first, *pair_n, *pair_list;
    /* after finalize: the labels each entry has a positive weight for,
     * pos_label[pos_off[e]..pos_off[e + 1]) in weight order (evidence) */
    uint32_t *pos_off;
    uint32_t *pos_label;
    /* after finalize: surface forms whose stem is known without stemming:
     * each vocabulary stem that Snowball leaves unchanged, and the common
     * inflections of each stem (suffixes tried and checked with the stemmer
     * when the model is built). Open addressing by key hash (forms.c). */
    struct attune__form *forms;
    uint32_t *form_tags; /* per slot: the form's hash | 1, 0 when empty */
    uint32_t forms_cap;
    char *form_text; /* the bytes past the 16th of the longer forms */
    uint32_t form_text_len, form_text_cap;
};

int32_t attune__model_new(attune_model **out);
int32_t attune__model_set_norm(attune_model *m, double power, double min_tokens);
/* What a unit's weight sums are divided by, for a unit of `words` words:
 * max(words, norm_min) ^ norm_power (1 when the power is 0). From the
 * model's table when words < ATTUNE__NORM_TAB (finalized models). */
#define ATTUNE__NORM_TAB 512u
double attune__model_norm(const attune_model *m, size_t words);
/* Multiplier of the weights matched in titles and headings (default 1; in
 * [0, 100]). */
int32_t attune__model_set_heading_factor(attune_model *m, double factor);
/* Adds a label; its id must be new, non-empty, without spaces. *index gets
 * its index (may be NULL). name/desc may be NULL (then empty). */
int32_t attune__model_add_label(attune_model *m, const char *id, size_t id_len, const char *name,
                                size_t name_len, const char *desc, size_t desc_len, double bias,
                                double threshold, uint32_t *index);
/* Words after a negation cue that it covers (0 to ATTUNE__MAX_NEGATION_SCOPE;
 * default ATTUNE__NEGATION_SCOPE). */
int32_t attune__model_set_negation_scope(attune_model *m, uint32_t words);
/* Adds weight for `label` to the phrase of space-separated stems (1 to
 * ATTUNE__MAX_PHRASE stems, each at most ATTUNE__MAX_STEM bytes). label ==
 * ATTUNE__NO_LABEL adds the phrase as an exception (no weight);
 * ATTUNE__NEGATION marks it as a negation cue (no weight). */
int32_t attune__model_add_entry(attune_model *m, const char *stems, size_t len, uint32_t label,
                                double weight);
/* As attune__model_add_entry for natural text: tokenized, folded and stemmed
 * with the same pipeline as classification. `stemmer` may be NULL (one is
 * made for the call). ATTUNE_EINVAL when the text has no word or too many. */
int32_t attune__model_add_words(attune_model *m, const char *text, size_t len, uint32_t label,
                                double weight, struct sb_stemmer *stemmer);
/* Sorts and merges the weights and builds the match index. After it the
 * model is immutable. ATTUNE_EMODEL when it has no label. */
int32_t attune__model_finalize(attune_model *m, attune_error *err);

/* Id of a stem in the vocabulary, or -1. */
int32_t attune__model_stem_id(const attune_model *m, const char *s, size_t n);
/* Whether a folded token could stem to a vocabulary stem (a cheap filter
 * that never says no wrongly; see tokenize.c). */
bool attune__model_may_match(const attune_model *m, const char *tok, size_t n);
/* ---- token keys and the form table (forms.c) ---- */

/* A folded token as the lookup tables see it: its first 16 bytes as two
 * words (zero past the end), its length and a hash of all its bytes. */
typedef struct attune__key {
    uint64_t w0, w1;
    uint32_t hash;
    uint32_t len;
} attune__key;

/* Zero bytes a token needs after its end for attune__key_make. */
#define ATTUNE__KEY_PAD 16

/* A slot of the form table; len 0 marks an empty slot. */
typedef struct attune__form {
    uint64_t w0, w1;
    uint32_t hash;
    uint32_t len;
    uint32_t off; /* bytes past the 16th: form_text[off..off+len-16) */
    int32_t id;
} attune__form;

static inline uint64_t attune__load64(const char *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The hash of a key of n bytes over its first two words (all of it when
 * n <= 16); attune__key_make mixes the further words in. */
static inline uint64_t attune__key_mix(uint64_t w0, uint64_t w1, size_t n) {
    uint64_t h = (w0 + n) * 0x9e3779b97f4a7c15ull;
    return (h ^ (h >> 29) ^ w1) * 0xbf58476d1ce4e5b9ull;
}

/* The key of s[0..n) (n >= 1); s[n..n+ATTUNE__KEY_PAD) must be zero bytes.
 * Words are read in the machine's byte order: keys and hashes only live in
 * memory, never in files. */
static inline void attune__key_make(attune__key *k, const char *s, size_t n) {
    uint64_t w0 = attune__load64(s), w1 = attune__load64(s + 8);
    uint64_t h = attune__key_mix(w0, w1, n);
    for (size_t i = 16; i < n; i += 8)
        h = (h ^ (h >> 29) ^ attune__load64(s + i)) * 0xbf58476d1ce4e5b9ull;
    k->w0 = w0;
    k->w1 = w1;
    k->hash = (uint32_t)(h >> 32);
    k->len = (uint32_t)n;
}

/* Id of a folded token (its key k and bytes s, padded as for
 * attune__key_make) that the form table knows, or -1 (then the token must be
 * stemmed to know its id). */
static inline int32_t attune__model_form_id(const attune_model *m, const attune__key *k,
                                            const char *s) {
    /* the tags (a quarter of the slots' bytes) are probed first: a token
     * that is not a form (about half of them) reads no slot */
    uint32_t mask = m->forms_cap - 1, tag = k->hash | 1u;
    for (uint32_t i = k->hash & mask;; i = (i + 1) & mask) {
        uint32_t t = m->form_tags[i];
        if (t == 0)
            return -1;
        if (t != tag)
            continue;
        const attune__form *f = &m->forms[i];
        if (f->len == k->len && f->w0 == k->w0 && f->w1 == k->w1 &&
            (k->len <= 16 || memcmp(m->form_text + f->off, s + 16, k->len - 16) == 0))
            return f->id;
    }
}

/* ---- the match index (match_index.c) ---- */

typedef struct attune__start_info {
    uint32_t max;    /* length of the longest entry starting with the stem; 0: none */
    uint32_t single; /* the one-word entry of the stem, or ATTUNE__NO_ENTRY */
    /* bit attune__second_bit(b) is set for the second stem b of every entry
     * of two or more stems starting with the stem: a clear bit rules a pair
     * out without probing the pair set (which lives farther in memory) */
    uint64_t seconds;
} attune__start_info;

static inline unsigned attune__second_bit(uint32_t b) {
    return (unsigned)(((uint64_t)b * 0x9e3779b97f4a7c15ull) >> 58);
}

#define ATTUNE__NO_ENTRY UINT32_MAX

/* Builds start_info, pairs and their entry lists from start_off/start_list,
 * and pos_off and pos_label from the merged weights. */
int32_t attune__model_build_starts(attune_model *m);

static inline uint64_t attune__pair_mix(uint64_t k) {
    k *= 0x9e3779b97f4a7c15ull;
    return k ^ (k >> 32);
}

/* The slot in m->pairs of the pair (a, b): some entry of two or more stems
 * starts with stems a, b; UINT32_MAX when none does. */
static inline uint32_t attune__model_pair_slot(const attune_model *m, uint32_t a, uint32_t b) {
    uint64_t key = ((uint64_t)a << 32 | b) + 1; /* never 0, the empty slot */
    uint32_t mask = m->pairs_cap - 1;
    for (uint32_t i = (uint32_t)attune__pair_mix(key) & mask;; i = (i + 1) & mask) {
        if (m->pairs[i] == key)
            return i;
        if (m->pairs[i] == 0)
            return UINT32_MAX;
    }
}

/* attune__model_pair_slot(m, a, b) where si is a's start_info (its filter
 * of second stems rules most pairs out without a probe). */
static inline uint32_t attune__model_pair_at(const attune_model *m, const attune__start_info *si,
                                             uint32_t a, uint32_t b) {
    if (!(si->seconds >> attune__second_bit(b) & 1))
        return UINT32_MAX;
    return attune__model_pair_slot(m, a, b);
}

/* Whether some entry of two or more stems starts with stems a, b (si:
 * a's start_info). */
static inline bool attune__model_has_pair_at(const attune_model *m, const attune__start_info *si,
                                             uint32_t a, uint32_t b) {
    return attune__model_pair_at(m, si, a, b) != UINT32_MAX;
}

/* Builds the form table of a model being finalized. */
int32_t attune__model_build_forms(attune_model *m);

/* ---- tokenizer (tokenize.c) ---- */

/* One word token: the source byte span and its folded form (lowercase,
 * compatibility-decomposed, marks stripped, typographic apostrophes made
 * ASCII) in the caller's buffer. `boundary` is true when sentence punctuation
 * (. ! ? ; :) or a paragraph break came between this token and the previous. */
typedef struct attune__token {
    size_t start, end;
    size_t folded_len; /* 0 when the folded form did not fit the buffer */
    bool boundary;
} attune__token;

/* Reads the next word token of s[*pos..len), folding it into fold (capacity
 * fold_cap bytes). Returns false at the end. Never allocates. Invalid UTF-8
 * bytes act as separators. */
bool attune__next_token(const char *s, size_t len, size_t *pos, attune__token *t, char *fold,
                        size_t fold_cap);
/* The same tokenizer without the ASCII fast path: every character through
 * utf8proc's classes (the reference attune__next_token must agree with). */
bool attune__next_token_general(const char *s, size_t len, size_t *pos, attune__token *t,
                                char *fold, size_t fold_cap);

/* A new English UTF-8 Snowball stemmer (NULL when out of memory; libstemmer
 * allocates with the C library, outside the allocator hooks). */
struct sb_stemmer *attune__stemmer_new(void);
void attune__stemmer_free(struct sb_stemmer *st);
/* Stems `n` bytes; returns the stem (valid until the next call) and its
 * length, or NULL. */
const char *attune__stem(struct sb_stemmer *st, const char *s, size_t n, size_t *out_len);

/* The default model's text (generated from models/default.model). */
extern const unsigned char attune__default_model[];
extern const size_t attune__default_model_len;

#endif
