/* One-vs-rest logistic regression by SGD.
 *
 * For every label: minimise the mean log loss plus l2/2 |w|^2 with the step
 * size lr / (1 + lr * l2 * t) (t counts the examples seen). The L2 shrinkage
 * is applied lazily through a scale factor shared by every label, so a step
 * costs two passes over the row's non-zeros, each updating all the labels of
 * a feature at once (they are contiguous). The examples are visited in an
 * order drawn from the seed and the epoch only, so the result depends
 * neither on the thread count nor on how labels are grouped. */
#include "train/learn.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

int32_t attune__linear_init(attune__linear *m, uint32_t nlabels, uint32_t nfeat) {
    memset(m, 0, sizeof *m);
    m->nlabels = nlabels;
    m->stride = (nlabels + ATTUNE__LB - 1) / ATTUNE__LB * ATTUNE__LB;
    m->nfeat = nfeat;
    m->w = attune__alloc_array((size_t)nfeat + 1, (size_t)m->stride * sizeof(float));
    m->bias = attune__calloc(m->stride ? m->stride : 1, sizeof(float));
    if (!m->w || !m->bias) {
        attune__linear_free(m);
        return ATTUNE_ENOMEM;
    }
    memset(m->w, 0, ((size_t)nfeat + 1) * m->stride * sizeof(float));
    return ATTUNE_OK;
}

void attune__linear_zero(attune__linear *m) {
    memset(m->w, 0, ((size_t)m->nfeat + 1) * m->stride * sizeof(float));
    memset(m->bias, 0, (m->stride ? m->stride : 1) * sizeof(float));
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
    uint32_t lo, hi; /* labels [lo, hi), multiples of LB */
    float *scratch;  /* 2 * (hi - lo) floats */
} fit_job;

/* the fitting kernels' x86-64-v3 copies: core/internal.h's macro, with its
 * ThreadSanitizer and ATTUNE_NO_CLONES guards */
#define ATTUNE__CLONES ATTUNE__CLONES_V3

/* The kernels run over a row's non-zeros once per group of up to
 * KERNEL_BLOCKS label blocks, keeping that group's sums (or coefficients) in
 * registers. Each label's arithmetic is the plain sequential one, in the
 * row's order, so the results do not depend on the grouping. */
#define KERNEL_BLOCKS 6u
#define KERNEL_MAX (KERNEL_BLOCKS * ATTUNE__LB)

#if defined(__GNUC__)
/* LB floats as one vector (GNU C vector extensions; element-wise IEEE
 * arithmetic, the same as the scalar loop) */
typedef float vlb __attribute__((vector_size(ATTUNE__LB * sizeof(float))));
/* (memcpy: the rows of w are not aligned to the vector size) */
#define VLB_LOAD(v, p) memcpy(&(v), (p), sizeof(vlb))
#define VLB_STORE(p, v) memcpy((p), &(v), sizeof(vlb))
/* the weights of the non-zero this many places ahead are fetched early */
#define PREFETCH_AHEAD 8

/* z[0..nb * LB) += v * w[0..nb * LB) for each non-zero, in order. */
static ATTUNE__FORCE_INLINE void dot_group(const float *restrict w, size_t stride,
                                           const uint32_t *cols, const float *vals, size_t len,
                                           float *restrict z, uint32_t nb) {
    vlb acc[KERNEL_BLOCKS];
    for (uint32_t b = 0; b < nb; b++)
        VLB_LOAD(acc[b], z + b * ATTUNE__LB);
    for (size_t k = 0; k < len; k++) {
        const float *wf = w + (size_t)cols[k] * stride;
        if (k + PREFETCH_AHEAD < len)
            __builtin_prefetch(w + (size_t)cols[k + PREFETCH_AHEAD] * stride);
        vlb v = {0};
        v += vals[k];
        for (uint32_t b = 0; b < nb; b++) {
            vlb x;
            VLB_LOAD(x, wf + b * ATTUNE__LB);
            acc[b] += v * x;
        }
    }
    for (uint32_t b = 0; b < nb; b++)
        VLB_STORE(z + b * ATTUNE__LB, acc[b]);
}

/* w[0..nb * LB) += coef[0..nb * LB) * v for each non-zero. */
static ATTUNE__FORCE_INLINE void update_group(float *restrict w, size_t stride,
                                              const uint32_t *cols, const float *vals, size_t len,
                                              const float *restrict coef, uint32_t nb) {
    vlb c[KERNEL_BLOCKS];
    for (uint32_t b = 0; b < nb; b++)
        VLB_LOAD(c[b], coef + b * ATTUNE__LB);
    for (size_t k = 0; k < len; k++) {
        float *wf = w + (size_t)cols[k] * stride;
        if (k + PREFETCH_AHEAD < len)
            __builtin_prefetch(w + (size_t)cols[k + PREFETCH_AHEAD] * stride, 1);
        vlb v = {0};
        v += vals[k];
        for (uint32_t b = 0; b < nb; b++) {
            vlb x;
            VLB_LOAD(x, wf + b * ATTUNE__LB);
            x += c[b] * v;
            VLB_STORE(wf + b * ATTUNE__LB, x);
        }
    }
}
#else

static void dot_group(const float *restrict w, size_t stride, const uint32_t *cols,
                      const float *vals, size_t len, float *restrict z, uint32_t nb) {
    for (size_t k = 0; k < len; k++) {
        const float *wf = w + (size_t)cols[k] * stride;
        for (uint32_t l = 0; l < nb * ATTUNE__LB; l++)
            z[l] += vals[k] * wf[l];
    }
}

static void update_group(float *restrict w, size_t stride, const uint32_t *cols, const float *vals,
                         size_t len, const float *restrict coef, uint32_t nb) {
    for (size_t k = 0; k < len; k++) {
        float *wf = w + (size_t)cols[k] * stride;
        for (uint32_t l = 0; l < nb * ATTUNE__LB; l++)
            wf[l] += coef[l] * vals[k];
    }
}
#endif

/* Calls GROUP(..., nb) with a constant nb (1 to KERNEL_BLOCKS), so that
 * each width is compiled with its vectors in registers. */
#define KERNEL_DISPATCH(GROUP, nb, ...)                                                            \
    switch (nb) {                                                                                  \
    case 1: GROUP(__VA_ARGS__, 1); break;                                                          \
    case 2: GROUP(__VA_ARGS__, 2); break;                                                          \
    case 3: GROUP(__VA_ARGS__, 3); break;                                                          \
    case 4: GROUP(__VA_ARGS__, 4); break;                                                          \
    case 5: GROUP(__VA_ARGS__, 5); break;                                                          \
    default: GROUP(__VA_ARGS__, 6); break;                                                         \
    }

/* Blocks [b, b + nb) of the next pass over a row: the blocks are shared out
 * evenly among ceil(nblocks / KERNEL_BLOCKS) passes. */
static uint32_t pass_blocks(uint32_t done, uint32_t nblocks) {
    uint32_t left = nblocks - done;
    uint32_t passes = (left + KERNEL_BLOCKS - 1) / KERNEL_BLOCKS;
    return (left + passes - 1) / passes;
}

/* z[0..n) += v * w[0..n) for each non-zero of a row. */
ATTUNE__CLONES
static void row_dot(const float *restrict w, size_t stride, const uint32_t *cols, const float *vals,
                    size_t len, float *restrict z, uint32_t n) {
    uint32_t nblocks = n / ATTUNE__LB;
    for (uint32_t b = 0; b < nblocks;) {
        uint32_t nb = pass_blocks(b, nblocks), l = b * ATTUNE__LB;
        KERNEL_DISPATCH(dot_group, nb, w + l, stride, cols, vals, len, z + l)
        b += nb;
    }
    /* labels past the last whole block (scoring with n = nlabels) */
    for (uint32_t l = nblocks * ATTUNE__LB; l < n; l++)
        for (size_t k = 0; k < len; k++)
            z[l] += vals[k] * w[(size_t)cols[k] * stride + l];
}

/* w[0..n) += coef[0..n) * v for each non-zero of a row (n a multiple of LB). */
ATTUNE__CLONES
static void row_update(float *restrict w, size_t stride, const uint32_t *cols, const float *vals,
                       size_t len, const float *restrict coef, uint32_t n) {
    uint32_t nblocks = n / ATTUNE__LB;
    for (uint32_t b = 0; b < nblocks;) {
        uint32_t nb = pass_blocks(b, nblocks), l = b * ATTUNE__LB;
        KERNEL_DISPATCH(update_group, nb, w + l, stride, cols, vals, len, coef + l)
        b += nb;
    }
}

static void fit_range(const fit_job *j) {
    const attune__learn_params *p = j->p;
    const attune__rows *x = j->x;
    uint32_t stride = j->m->stride, nblocks = stride / ATTUNE__LB;
    uint32_t n = j->hi - j->lo;
    float *w = j->m->w + j->lo;
    float *bias = j->m->bias + j->lo;
    float *z = j->scratch, *coef = j->scratch + n;
    float scale = 1.0f;
    double t = 0;
    for (uint32_t e = 0; e < p->epochs; e++) {
        const uint32_t *order = j->order + (size_t)e * j->ndocs;
        for (uint32_t i = 0; i < j->ndocs; i++) {
            uint32_t d = order[i];
            const uint32_t *cols = x->col + x->row[d];
            const float *vals = x->val + x->row[d];
            size_t len = x->row[d + 1] - x->row[d];
            memset(z, 0, n * sizeof *z);
            row_dot(w, stride, cols, vals, len, z, n);
            float eta = (float)(p->lr / (1.0 + p->lr * p->l2 * t));
            t += 1;
            scale *= 1.0f - eta * p->l2;
            const uint8_t *y = j->ybits + (size_t)d * nblocks + j->lo / ATTUNE__LB;
            for (uint32_t l = 0; l < n; l++) {
                float zz = z[l] * scale + bias[l];
                float prob = 1.0f / (1.0f + expf(-zz));
                float g = (y[l / ATTUNE__LB] >> (l % ATTUNE__LB)) & 1u
                              ? (prob - 1.0f) * p->pos_weight
                              : prob;
                coef[l] = -eta * g / scale;
                bias[l] -= eta * g;
            }
            row_update(w, stride, cols, vals, len, coef, n);
            if (scale < 1e-4f) {
                for (uint32_t f = 0; f < j->m->nfeat; f++)
                    for (uint32_t l = 0; l < n; l++)
                        w[(size_t)f * stride + l] *= scale;
                scale = 1.0f;
            }
        }
    }
    for (uint32_t f = 0; f < j->m->nfeat; f++)
        for (uint32_t l = 0; l < n; l++)
            w[(size_t)f * stride + l] *= scale;
}

static void *fit_thread(void *arg) {
    fit_range(arg);
    return NULL;
}

int32_t attune__learn_fit(attune__linear *m, const attune__rows *x, const uint8_t *ybits,
                          const uint32_t *docs, uint32_t ndocs, const attune__learn_params *p) {
    uint32_t epochs = p->epochs ? p->epochs : 1;
    uint32_t nblocks = m->stride / ATTUNE__LB;
    uint32_t nthreads = p->threads ? p->threads : 1;
    if (nthreads > nblocks)
        nthreads = nblocks ? nblocks : 1;
    if (nthreads > 64)
        nthreads = 64;
    uint32_t *order = attune__alloc_array((size_t)epochs * (ndocs ? ndocs : 1), sizeof *order);
    float *scratch = attune__alloc_array((size_t)m->stride * 2 + 1, sizeof *scratch);
    if (!order || !scratch) {
        attune__free(order);
        attune__free(scratch);
        return ATTUNE_ENOMEM;
    }
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
    fit_job jobs[64];
    pthread_t tids[64];
    bool started[64] = {false};
    for (uint32_t t = 0; t < nthreads; t++) {
        uint32_t b0 = (uint32_t)((uint64_t)nblocks * t / nthreads);
        uint32_t b1 = (uint32_t)((uint64_t)nblocks * (t + 1) / nthreads);
        jobs[t] = (fit_job){m,
                            x,
                            ybits,
                            order,
                            ndocs,
                            &pp,
                            b0 * ATTUNE__LB,
                            b1 * ATTUNE__LB,
                            scratch + 2 * (size_t)b0 * ATTUNE__LB};
    }
    for (uint32_t t = 1; t < nthreads; t++)
        started[t] = pthread_create(&tids[t], NULL, fit_thread, &jobs[t]) == 0;
    fit_range(&jobs[0]);
    /* label groups whose thread could not start are trained here */
    for (uint32_t t = 1; t < nthreads; t++) {
        if (started[t])
            pthread_join(tids[t], NULL);
        else
            fit_range(&jobs[t]);
    }
    attune__free(order);
    attune__free(scratch);
    return ATTUNE_OK;
}

void attune__learn_score(const attune__linear *m, const uint32_t *cols, const float *vals,
                         size_t len, float *z) {
    memcpy(z, m->bias, m->nlabels * sizeof *z);
    row_dot(m->w, m->stride, cols, vals, len, z, m->nlabels);
}
