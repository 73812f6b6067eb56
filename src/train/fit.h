/* Fitting: features, cross-validated thresholds and the final weights. */
#ifndef ATTUNE_TRAIN_FIT_H
#define ATTUNE_TRAIN_FIT_H

#include "attune/train.h"
#include "train/learn.h"

struct attune_trainer {
    attune__examples ex;
};

/* A fitted model before it becomes an attune_model. */
typedef struct attune__trained {
    attune__vocab vocab;
    attune__linear lin;
    float *threshold;      /* per label: probability threshold */
    attune__strmap labels; /* names, ids as in lin */
    uint32_t nlabels;
} attune__trained;

int32_t attune__train_fit(const attune_trainer *t, const attune_train_options *opts,
                          attune__trained *out, attune_error *err);
void attune__trained_free(attune__trained *tr);

/* Probabilities of every label for a text. */
int32_t attune__trained_predict(const attune__trained *tr, attune__ttok *tok,
                                attune__vec_scratch *s, const char *text, size_t len, float *prob);

/* Builds the attune_model of a fitted model, dropping weights below prune
 * in absolute value. */
int32_t attune__trained_to_model(const attune__trained *tr, double prune, attune_model **out,
                                 attune_error *err);

/* Entry weights below this (in absolute value) are left out of a trained
 * model: their effect on a score is negligible. */
#define ATTUNE__TRAIN_PRUNE 1.0

#endif
