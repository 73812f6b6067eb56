/* One-vs-rest logistic regression by SGD.
 *
 * For every label: minimise the mean log loss plus l2/2 |w|^2 with the step
 * size lr / (1 + lr * l2 * t) (t counts the examples seen). The L2 shrinkage
 * is applied lazily through a scale factor shared by every label, so a step
 * costs one pass over the row's non-zeros per block of labels. The examples
 * are visited in an order drawn from the seed and the epoch only, so the
 * result depends neither on the thread count nor on how labels are blocked. */
#include "train/learn.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

int32_t attune__linear_init(attune__linear *m, uint32_t nlabels, uint32_t nfeat) {
    memset(m, 0, sizeof *m);
    m->nlabels = nlabels;
    m->nblocks = (nlabels + ATTUNE__LB - 1) / ATTUNE__LB;
    m->nfeat = nfeat;
    size_t nw = (size_t)m->nblocks * nfeat;
    if (nfeat && nw / nfeat != m->nblocks)
        return ATTUNE_ENOMEM;
    m->w = attune__calloc(nw ? nw : 1, ATTUNE__LB * sizeof(float));
    m->bias = attune__calloc(m->nblocks ? m->nblocks : 1, ATTUNE__LB * sizeof(float));
    if (!m->w || !m->bias) {
        attune__linear_free(m);
        return ATTUNE_ENOMEM;
    }
    return ATTUNE_OK;
}

void attune__linear_free(attune__linear *m) {
    attune__free(m->w);
    attune__free(m->bias);
    m->w = NULL;
    m->bias = NULL;
}

static uint64_t rng_next(uint64_t *s) {
    *s += 0x9e3779b97f4a7c15ull;
    return attune__mix64(*s);
}

typedef struct fit_job {
    attune__linear *m;
    const attune__rows *x;
    const uint8_t *ybits;
    const uint32_t *order; /* epochs * ndocs */
    uint32_t ndocs;
    const attune__learn_params *p;
    uint32_t first, step; /* blocks first, first + step, ... */
} fit_job;

static void fit_block(const fit_job *j, uint32_t blk) {
    const attune__learn_params *p = j->p;
    const attune__rows *x = j->x;
    uint32_t nblocks = j->m->nblocks;
    float *w = j->m->w + (size_t)blk * j->m->nfeat * ATTUNE__LB;
    float *bias = j->m->bias + (size_t)blk * ATTUNE__LB;
    float scale = 1.0f;
    double t = 0;
    for (uint32_t e = 0; e < p->epochs; e++) {
        const uint32_t *order = j->order + (size_t)e * j->ndocs;
        for (uint32_t i = 0; i < j->ndocs; i++) {
            uint32_t d = order[i];
            const uint32_t *cols = x->col + x->row[d];
            const float *vals = x->val + x->row[d];
            size_t len = x->row[d + 1] - x->row[d];
            float z[ATTUNE__LB] = {0};
            for (size_t k = 0; k < len; k++) {
                const float *wf = w + (size_t)cols[k] * ATTUNE__LB;
                float v = vals[k];
                for (uint32_t l = 0; l < ATTUNE__LB; l++)
                    z[l] += v * wf[l];
            }
            float eta = (float)(p->lr / (1.0 + p->lr * p->l2 * t));
            t += 1;
            uint8_t y = j->ybits[(size_t)d * nblocks + blk];
            scale *= 1.0f - eta * p->l2;
            float coef[ATTUNE__LB];
            for (uint32_t l = 0; l < ATTUNE__LB; l++) {
                float zz = z[l] * scale + bias[l];
                float prob = 1.0f / (1.0f + expf(-zz));
                float g = (y >> l) & 1u ? (prob - 1.0f) * p->pos_weight : prob;
                coef[l] = -eta * g / scale;
                bias[l] -= eta * g;
            }
            for (size_t k = 0; k < len; k++) {
                float *wf = w + (size_t)cols[k] * ATTUNE__LB;
                float v = vals[k];
                for (uint32_t l = 0; l < ATTUNE__LB; l++)
                    wf[l] += coef[l] * v;
            }
            if (scale < 1e-4f) {
                size_t nw = (size_t)j->m->nfeat * ATTUNE__LB;
                for (size_t k = 0; k < nw; k++)
                    w[k] *= scale;
                scale = 1.0f;
            }
        }
    }
    size_t nw = (size_t)j->m->nfeat * ATTUNE__LB;
    for (size_t k = 0; k < nw; k++)
        w[k] *= scale;
}

static void *fit_thread(void *arg) {
    const fit_job *j = arg;
    for (uint32_t b = j->first; b < j->m->nblocks; b += j->step)
        fit_block(j, b);
    return NULL;
}

int32_t attune__learn_fit(attune__linear *m, const attune__rows *x, const uint8_t *ybits,
                          const uint32_t *docs, uint32_t ndocs, const attune__learn_params *p) {
    uint32_t epochs = p->epochs ? p->epochs : 1;
    uint32_t *order = attune__alloc_array((size_t)epochs * (ndocs ? ndocs : 1), sizeof *order);
    if (!order)
        return ATTUNE_ENOMEM;
    uint64_t rs = p->seed ^ 0x5851f42d4c957f2dull;
    for (uint32_t e = 0; e < epochs; e++) {
        uint32_t *o = order + (size_t)e * ndocs;
        memcpy(o, docs, (size_t)ndocs * sizeof *o);
        for (uint32_t i = ndocs; i > 1; i--) {
            uint32_t k = (uint32_t)(rng_next(&rs) % i);
            uint32_t tmp = o[i - 1];
            o[i - 1] = o[k];
            o[k] = tmp;
        }
    }
    attune__learn_params pp = *p;
    pp.epochs = epochs;
    uint32_t nthreads = p->threads ? p->threads : 1;
    if (nthreads > m->nblocks)
        nthreads = m->nblocks ? m->nblocks : 1;
    if (nthreads > 64)
        nthreads = 64;
    fit_job jobs[64];
    pthread_t tids[64];
    uint32_t started = 0;
    for (uint32_t t = 0; t < nthreads; t++)
        jobs[t] = (fit_job){m, x, ybits, order, ndocs, &pp, t, nthreads};
    for (uint32_t t = 1; t < nthreads; t++) {
        if (pthread_create(&tids[t], NULL, fit_thread, &jobs[t]) != 0)
            break;
        started = t;
    }
    /* Blocks of threads that could not start are trained here. */
    fit_thread(&jobs[0]);
    for (uint32_t t = started + 1; t < nthreads; t++)
        fit_thread(&jobs[t]);
    for (uint32_t t = 1; t <= started; t++)
        pthread_join(tids[t], NULL);
    attune__free(order);
    return ATTUNE_OK;
}

void attune__learn_score(const attune__linear *m, const uint32_t *cols, const float *vals,
                         size_t len, float *z) {
    for (uint32_t b = 0; b < m->nblocks; b++) {
        const float *w = m->w + (size_t)b * m->nfeat * ATTUNE__LB;
        float acc[ATTUNE__LB];
        memcpy(acc, m->bias + (size_t)b * ATTUNE__LB, sizeof acc);
        for (size_t k = 0; k < len; k++) {
            const float *wf = w + (size_t)cols[k] * ATTUNE__LB;
            for (uint32_t l = 0; l < ATTUNE__LB; l++)
                acc[l] += vals[k] * wf[l];
        }
        for (uint32_t l = 0; l < ATTUNE__LB && b * ATTUNE__LB + l < m->nlabels; l++)
            z[b * ATTUNE__LB + l] = acc[l];
    }
}
