/* Features of the trainer: a vocabulary of stemmed words and word bigrams
 * kept by document frequency, and sparse TF-IDF vectors over it. */
#ifndef ATTUNE_TRAIN_FEATURES_H
#define ATTUNE_TRAIN_FEATURES_H

#include "train/train_internal.h"

/* Examples as the trainer stores them. */
typedef struct attune__examples {
    attune__buf text; /* all texts, concatenated */
    size_t *text_off; /* per example */
    size_t *text_len;
    uint32_t *lab_row; /* n + 1 offsets into lab_col */
    uint32_t *lab_col; /* label ids, ascending per example */
    uint32_t lab_len, lab_cap;
    uint32_t n, cap;
    attune__strmap labels; /* label names */
} attune__examples;

typedef struct attune__vocab {
    attune__strmap words;  /* every stem seen in training */
    uint32_t *uni_feat;    /* per word id: feature id, or UINT32_MAX when not kept */
    attune__u64map bigram; /* (word a << 32 | word b) -> feature id */
    uint32_t *feat_a;      /* per feature: first word id */
    uint32_t *feat_b;      /* per feature: second word id, UINT32_MAX for a unigram */
    float *idf;            /* per feature */
    uint32_t nfeat;
    uint32_t ngrams;   /* 1 or 2 */
    double norm_power; /* values are divided by max(n, norm_min) ^ norm_power */
    double norm_min;
} attune__vocab;

typedef struct attune__feature_params {
    uint32_t ngrams;
    uint32_t min_count;  /* of a word */
    uint32_t bigram_min; /* of a word pair */
    double norm_power;
    double norm_min;
} attune__feature_params;

/* A sparse matrix in compressed rows. */
typedef struct attune__rows {
    uint32_t n;
    size_t *row; /* n + 1 */
    uint32_t *col;
    float *val;
} attune__rows;

/* Scratch for vectorizing one text. */
typedef struct attune__vec_scratch {
    uint32_t *stamp; /* per feature: last text id + 1 */
    uint32_t *pos;   /* per feature: index in the output */
    uint32_t stamp_id;
    uint32_t *ids; /* token word ids */
    size_t ids_len, ids_cap;
    uint32_t *cols;
    float *vals;
    size_t len, cap;
} attune__vec_scratch;

/* Builds the vocabulary and the rows of every example (tokenizing each
 * once). */
int32_t attune__features_build(const attune__examples *ex, const attune__feature_params *fp,
                               attune__vocab *vocab, attune__rows *rows);

/* Vectorizes a text with the vocabulary: fills s->cols / s->vals / s->len. */
int32_t attune__features_text(const attune__vocab *vocab, attune__ttok *tok, const char *text,
                              size_t len, attune__vec_scratch *s);

void attune__vec_scratch_free(attune__vec_scratch *s);
void attune__vocab_free(attune__vocab *v);
void attune__rows_free(attune__rows *r);
void attune__examples_free(attune__examples *ex);

#endif
