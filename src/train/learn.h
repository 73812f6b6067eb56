/* The one-vs-rest learner: L2-regularized logistic regression per label,
 * trained by stochastic gradient descent over sparse rows. */
#ifndef ATTUNE_TRAIN_LEARN_H
#define ATTUNE_TRAIN_LEARN_H

#include "train/features.h"

/* Labels are padded to a multiple of ATTUNE__LB; weights are stored
 * feature-major (w[f * stride + label]) so that one pass over a row updates
 * every label. Threads take contiguous groups of ATTUNE__LB labels; every
 * label's arithmetic is the same whatever the grouping or thread count. */
#define ATTUNE__LB 8u

typedef struct attune__learn_params {
    uint32_t epochs;
    float lr;
    float l2;
    float pos_weight; /* weight of positive examples (1 = none) */
    uint64_t seed;
    uint32_t threads;
} attune__learn_params;

/* Weights of nlabels binary models over nfeat features. */
typedef struct attune__linear {
    uint32_t nlabels, stride, nfeat;
    float *w;    /* nfeat * stride */
    float *bias; /* stride */
} attune__linear;

int32_t attune__linear_init(attune__linear *m, uint32_t nlabels, uint32_t nfeat);
void attune__linear_free(attune__linear *m);
/* Sets every weight and bias to zero. */
void attune__linear_zero(attune__linear *m);
static inline float attune__linear_weight(const attune__linear *m, uint32_t label, uint32_t f) {
    return m->w[(size_t)f * m->stride + label];
}

/* Trains m (initialised, zeroed) on the rows listed in docs[0..ndocs).
 * ybits[d * (stride / LB) + b] has bit k set when example d has label
 * b * LB + k. Returns ATTUNE_OK or ATTUNE_ENOMEM. */
int32_t attune__learn_fit(attune__linear *m, const attune__rows *x, const uint8_t *ybits,
                          const uint32_t *docs, uint32_t ndocs, const attune__learn_params *p);

/* Decision values (before the sigmoid) of every label for one sparse row
 * (z has room for m->nlabels values). */
void attune__learn_score(const attune__linear *m, const uint32_t *cols, const float *vals,
                         size_t len, float *z);

#endif
