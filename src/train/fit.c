/* Fitting a trainer's examples: build the features, train one-vs-rest
 * logistic regression on k - 1 folds at a time to score the held-out fold,
 * choose each label's threshold where its F1 on those held-out scores is
 * highest, then train on everything.
 *
 * Folds keep together examples that begin with the same words (answers that
 * repeat the question they answer, say), so that near-copies never sit on
 * both sides of a split and the thresholds are not chosen on leaked text. */
#include "train/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_WORDS 12

void attune__trained_free(attune__trained *tr) {
    if (!tr)
        return;
    attune__vocab_free(&tr->vocab);
    attune__linear_free(&tr->lin);
    attune__free(tr->threshold);
    attune__strmap_free(&tr->labels);
    memset(tr, 0, sizeof *tr);
}

/* Key of an example's group: its first GROUP_WORDS words, ASCII-lower-cased. */
static uint64_t group_key(const char *s, size_t n) {
    uint64_t h = 0x9ae16a3b2f90404full;
    size_t i = 0;
    for (int w = 0; w < GROUP_WORDS; w++) {
        while (i < n && (unsigned char)s[i] <= ' ')
            i++;
        if (i == n)
            break;
        while (i < n && (unsigned char)s[i] > ' ') {
            unsigned char c = (unsigned char)s[i++];
            if (c >= 'A' && c <= 'Z')
                c += 32;
            h = (h ^ c) * 0x100000001b3ull;
        }
        h = (h ^ ' ') * 0x100000001b3ull;
    }
    return h;
}

typedef struct scored {
    float z;
    uint8_t y;
} scored;

static int cmp_scored(const void *a, const void *b) {
    float x = ((const scored *)a)->z, y = ((const scored *)b)->z;
    return x > y ? -1 : x < y ? 1 : 0;
}

/* Per-label thresholds from held-out decision values.
 *
 * For label l, sc[l * n ..] holds the held-out score and truth of every
 * example. Predicting the c highest-scored examples of each label gives
 * counts from which both the micro-F1 (over all decisions) and the macro-F1
 * (mean of the labels' F1) follow. Starting from each label's own best F1,
 * every label's cut is moved in turn to where the mean of micro- and
 * macro-F1 is highest, for a few rounds: a rare label whose best F1 is poor
 * then stops flooding the output with false positives. */
typedef struct cut_state {
    uint32_t *tp;  /* per label, per cut (n + 1): true positives among the top c */
    uint32_t *pos; /* per label: positives */
    uint32_t *cut; /* per label: chosen cut */
    double TP, FP, FN, sumf1;
} cut_state;

static double f1_of(double tp, double fp, double fn) {
    double d = 2 * tp + fp + fn;
    return d > 0 ? 2 * tp / d : 0.0;
}

static double objective(double TP, double FP, double FN, double sumf1, uint32_t nl) {
    return 0.5 * f1_of(TP, FP, FN) + 0.5 * sumf1 / nl;
}

static int32_t choose_thresholds(scored *sc, uint32_t n, uint32_t nl, float *thr) {
    size_t stride = (size_t)n + 1;
    cut_state st = {0};
    st.tp = attune__alloc_array((size_t)nl * stride, sizeof *st.tp);
    st.pos = attune__alloc_array(nl, sizeof *st.pos);
    st.cut = attune__alloc_array(nl, sizeof *st.cut);
    if (!st.tp || !st.pos || !st.cut) {
        attune__free(st.tp);
        attune__free(st.pos);
        attune__free(st.cut);
        return ATTUNE_ENOMEM;
    }
    for (uint32_t l = 0; l < nl; l++) {
        scored *s = sc + (size_t)l * n;
        uint32_t *tp = st.tp + (size_t)l * stride;
        qsort(s, n, sizeof *s, cmp_scored);
        tp[0] = 0;
        for (uint32_t i = 0; i < n; i++)
            tp[i + 1] = tp[i] + s[i].y;
        st.pos[l] = tp[n];
        /* the label's own best F1 (cuts only between distinct scores) */
        uint32_t best = 0;
        double bf = -1;
        for (uint32_t c = 0; c <= n; c++) {
            if (c > 0 && c < n && s[c].z == s[c - 1].z)
                continue;
            double f = f1_of(tp[c], c - tp[c], st.pos[l] - tp[c]);
            if (f > bf) {
                bf = f;
                best = c;
            }
        }
        st.cut[l] = best;
        st.TP += tp[best];
        st.FP += best - tp[best];
        st.FN += st.pos[l] - tp[best];
        st.sumf1 += f1_of(tp[best], best - tp[best], st.pos[l] - tp[best]);
    }
    for (int round = 0; round < 3; round++) {
        for (uint32_t l = 0; l < nl; l++) {
            scored *s = sc + (size_t)l * n;
            uint32_t *tp = st.tp + (size_t)l * stride;
            uint32_t c0 = st.cut[l], P = st.pos[l];
            double TP = st.TP - tp[c0], FP = st.FP - (c0 - tp[c0]), FN = st.FN - (P - tp[c0]);
            double sf = st.sumf1 - f1_of(tp[c0], c0 - tp[c0], P - tp[c0]);
            uint32_t best = c0;
            double bj = -1;
            for (uint32_t c = 0; c <= n; c++) {
                if (c > 0 && c < n && s[c].z == s[c - 1].z)
                    continue;
                double j = objective(TP + tp[c], FP + (c - tp[c]), FN + (P - tp[c]),
                                     sf + f1_of(tp[c], c - tp[c], P - tp[c]), nl);
                if (j > bj + 1e-12) {
                    bj = j;
                    best = c;
                }
            }
            st.cut[l] = best;
            st.TP = TP + tp[best];
            st.FP = FP + (best - tp[best]);
            st.FN = FN + (P - tp[best]);
            st.sumf1 = sf + f1_of(tp[best], best - tp[best], P - tp[best]);
        }
    }
    for (uint32_t l = 0; l < nl; l++) {
        scored *s = sc + (size_t)l * n;
        uint32_t c = st.cut[l];
        if (n == 0)
            thr[l] = 0.0f;
        else if (c == 0)
            thr[l] = s[0].z + 1.0f;
        else if (c == n)
            thr[l] = s[n - 1].z - 1e-3f;
        else
            thr[l] = 0.5f * (s[c - 1].z + s[c].z);
    }
    attune__free(st.tp);
    attune__free(st.pos);
    attune__free(st.cut);
    return ATTUNE_OK;
}

/* Drops the weights whose effect is negligible (|w * idf| < prune) and
 * moves their mean contribution over the training examples into the bias,
 * so that scores keep their level: many small weights of one sign add up. */
static int32_t prune_weights(attune__linear *lin, const attune__vocab *v, const attune__rows *x,
                             double prune) {
    uint32_t S = lin->stride;
    /* the sum over the examples of w * value is w times the column sum */
    double *shift = attune__calloc(S ? S : 1, sizeof *shift);
    double *colsum = attune__calloc((size_t)lin->nfeat + 1, sizeof *colsum);
    if (!shift || !colsum) {
        attune__free(shift);
        attune__free(colsum);
        return ATTUNE_ENOMEM;
    }
    for (size_t k = 0; k < x->row[x->n]; k++)
        colsum[x->col[k]] += x->val[k];
    for (uint32_t f = 0; f < lin->nfeat; f++) {
        float *wf = lin->w + (size_t)f * S;
        double idf = v->idf[f];
        for (uint32_t l = 0; l < S; l++)
            if (fabs(wf[l] * idf) < prune) {
                shift[l] += colsum[f] * wf[l];
                wf[l] = 0.0f;
            }
    }
    for (uint32_t l = 0; l < S; l++)
        lin->bias[l] += (float)(x->n ? shift[l] / x->n : 0.0);
    attune__free(shift);
    attune__free(colsum);
    return ATTUNE_OK;
}

static int32_t check_options(const attune_train_options *o, attune_error *err) {
    if (o->word_ngrams > 2)
        return attune__fail(err, ATTUNE_EINVAL, "word_ngrams must be 1 or 2", ATTUNE_NO_OFFSET);
    if (!(o->learning_rate >= 0) || o->learning_rate > 1e3 || !(o->l2 >= 0) || o->l2 >= 1.0)
        return attune__fail(err, ATTUNE_EINVAL, "learning_rate or l2 out of range",
                            ATTUNE_NO_OFFSET);
    if (o->epochs > 10000 || o->cv_folds > 100 || o->threads > 256 || o->min_count > 1000000 ||
        o->min_count_ngrams > 1000000)
        return attune__fail(err, ATTUNE_EINVAL,
                            "epochs, cv_folds, threads or a minimum count out of range",
                            ATTUNE_NO_OFFSET);
    return ATTUNE_OK;
}

int32_t attune__train_fit(const attune_trainer *t, const attune_train_options *opts,
                          attune__trained *out, attune_error *err) {
    attune_train_options o;
    attune_train_options_init(&o);
    if (opts) {
        int32_t rc = attune__options_read(&o, sizeof o, opts, err);
        if (!rc)
            rc = check_options(&o, err);
        if (rc)
            return rc;
    }
    attune_train_options def;
    attune_train_options_init(&def);
    if (!o.epochs)
        o.epochs = def.epochs;
    if (o.learning_rate == 0)
        o.learning_rate = def.learning_rate;
    if (!o.word_ngrams)
        o.word_ngrams = def.word_ngrams;
    if (!o.min_count)
        o.min_count = def.min_count;
    if (!o.cv_folds)
        o.cv_folds = def.cv_folds;
    const attune__examples *ex = &t->ex;
    memset(out, 0, sizeof *out);
    if (ex->n == 0 || ex->labels.count == 0)
        return attune__fail(err, ATTUNE_EINVAL, "no labeled examples to train on",
                            ATTUNE_NO_OFFSET);

    uint32_t n = ex->n, nl = ex->labels.count;
    attune__rows rows;
    attune__feature_params fp = {o.word_ngrams, o.min_count,
                                 o.min_count_ngrams ? o.min_count_ngrams : o.min_count * 4, 0.5,
                                 1.0};
    int32_t rc = attune__features_build(ex, &fp, &out->vocab, &rows);
    if (rc)
        return attune__fail(err, rc, "out of memory building features", ATTUNE_NO_OFFSET);

    uint32_t nblocks = (nl + ATTUNE__LB - 1) / ATTUNE__LB;
    uint8_t *ybits = attune__calloc((size_t)n * nblocks, 1);
    uint32_t *docs = attune__alloc_array(n, sizeof *docs);
    uint32_t *fold = attune__alloc_array(n, sizeof *fold);
    scored *sc = attune__alloc_array((size_t)nl * n, sizeof *sc);
    float *z = attune__alloc_array(nl, sizeof *z);
    out->threshold = attune__alloc_array(nl, sizeof *out->threshold);
    rc = ATTUNE_ENOMEM;
    if (!ybits || !docs || !fold || !sc || !z || !out->threshold)
        goto done;
    for (uint32_t d = 0; d < n; d++)
        for (uint32_t k = ex->lab_row[d]; k < ex->lab_row[d + 1]; k++) {
            uint32_t l = ex->lab_col[k];
            ybits[(size_t)d * nblocks + l / ATTUNE__LB] |= (uint8_t)(1u << (l % ATTUNE__LB));
        }
    for (uint32_t d = 0; d < n; d++) {
        uint64_t g = group_key(ex->text.data + ex->text_off[d], ex->text_len[d]);
        fold[d] = o.cv_folds > 1 ? (uint32_t)(attune__mix64(g ^ o.seed) % o.cv_folds) : 0;
    }
    attune__learn_params lp = {o.epochs, (float)o.learning_rate,   (float)o.l2, 1.0f,
                               o.seed,   o.threads ? o.threads : 1};

    for (uint32_t l = 0; l < nl; l++)
        out->threshold[l] = 0.0f;
    rc = attune__linear_init(&out->lin, nl, out->vocab.nfeat);
    if (rc)
        goto done;
    if (o.cv_folds > 1) {
        for (uint32_t f = 0; f < o.cv_folds; f++) {
            uint32_t m = 0;
            for (uint32_t d = 0; d < n; d++)
                if (fold[d] != f)
                    docs[m++] = d;
            if (m == n || m == 0)
                continue;
            /* the fold models use the final model's memory in turn */
            attune__linear *lin = &out->lin;
            attune__linear_zero(lin);
            lp.seed = o.seed + f + 1;
            rc = attune__learn_fit(lin, &rows, ybits, docs, m, &lp);
            if (rc)
                goto done;
            for (uint32_t d = 0; d < n; d++) {
                if (fold[d] != f)
                    continue;
                attune__learn_score(lin, rows.col + rows.row[d], rows.val + rows.row[d],
                                    rows.row[d + 1] - rows.row[d], z);
                for (uint32_t l = 0; l < nl; l++) {
                    sc[(size_t)l * n + d].z = z[l];
                    sc[(size_t)l * n + d].y =
                        (ybits[(size_t)d * nblocks + l / ATTUNE__LB] >> (l % ATTUNE__LB)) & 1u;
                }
            }
        }
        rc = choose_thresholds(sc, n, nl, out->threshold);
        if (rc)
            goto done;
    }
    for (uint32_t l = 0; l < nl; l++)
        out->threshold[l] = 1.0f / (1.0f + expf(-out->threshold[l]));

    attune__linear_zero(&out->lin);
    for (uint32_t d = 0; d < n; d++)
        docs[d] = d;
    lp.seed = o.seed;
    rc = attune__learn_fit(&out->lin, &rows, ybits, docs, n, &lp);
    if (rc)
        goto done;
    rc = prune_weights(&out->lin, &out->vocab, &rows, ATTUNE__TRAIN_PRUNE);
    if (rc)
        goto done;
    for (uint32_t l = 0; l < nl; l++) {
        uint32_t id;
        rc = attune__strmap_intern(&out->labels, attune__strmap_str(&ex->labels, l),
                                   ex->labels.lens[l], ex->labels.hashes[l], &id, NULL);
        if (rc)
            goto done;
    }
    out->nlabels = nl;
    rc = ATTUNE_OK;
done:
    attune__rows_free(&rows);
    attune__free(ybits);
    attune__free(docs);
    attune__free(fold);
    attune__free(sc);
    attune__free(z);
    if (rc) {
        attune__trained_free(out);
        return attune__fail(err, rc, "out of memory fitting the model", ATTUNE_NO_OFFSET);
    }
    return ATTUNE_OK;
}

int32_t attune__trained_predict(const attune__trained *tr, attune__ttok *tok,
                                attune__vec_scratch *s, const char *text, size_t len, float *prob) {
    int32_t rc = attune__features_text(&tr->vocab, tok, text, len, s);
    if (rc)
        return rc;
    attune__learn_score(&tr->lin, s->cols, s->vals, s->len, prob);
    for (uint32_t l = 0; l < tr->nlabels; l++)
        prob[l] = 1.0f / (1.0f + expf(-prob[l]));
    return ATTUNE_OK;
}
