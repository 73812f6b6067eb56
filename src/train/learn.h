/* The one-vs-rest learner: L2-regularized logistic regression per label,
 * trained by stochastic gradient descent over sparse rows. */
#ifndef ATTUNE_TRAIN_LEARN_H
#define ATTUNE_TRAIN_LEARN_H

#include "train/features.h"

/* Labels are trained in blocks of ATTUNE__LB: a block's weights are stored
 * feature-major (w[f * LB + k] for label block * LB + k), so that one pass
 * over a row updates the LB labels together. Every label's arithmetic is
 * the same whatever the block grouping or thread count. */
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
    uint32_t nlabels, nblocks, nfeat;
    float *w;    /* nblocks * nfeat * LB */
    float *bias; /* nblocks * LB */
} attune__linear;

int32_t attune__linear_init(attune__linear *m, uint32_t nlabels, uint32_t nfeat);
void attune__linear_free(attune__linear *m);
static inline float attune__linear_weight(const attune__linear *m, uint32_t label, uint32_t f) {
    return m->w[((size_t)(label / ATTUNE__LB) * m->nfeat + f) * ATTUNE__LB + label % ATTUNE__LB];
}

/* Trains m (initialised, zeroed) on the rows listed in docs[0..ndocs).
 * ybits[d * nblocks + b] has bit k set when example d has label b*LB+k. */
int32_t attune__learn_fit(attune__linear *m, const attune__rows *x, const uint8_t *ybits,
                          const uint32_t *docs, uint32_t ndocs, const attune__learn_params *p);

/* Decision values (before the sigmoid) of every label for one sparse row. */
void attune__learn_score(const attune__linear *m, const uint32_t *cols, const float *vals,
                         size_t len, float *z);

#endif
