/* Turning a fitted model into an attune_model (model.h's scoring rule):
 * labels with their intercepts as biases and their cross-validated
 * thresholds, and every kept word or word pair as an entry whose weight for
 * a label is the learned coefficient times the entry's idf. Weights whose
 * effect is negligible are dropped to keep model files small; a word pair
 * left with no weight stays as an exception, so that it still consumes its
 * words exactly as in training. */
#include "model/model_internal.h"
#include "train/fit.h"

#include <math.h>
#include <string.h>

/* Builds "a" or "a b" from the vocabulary's stems. */
static int32_t entry_text(const attune__vocab *v, uint32_t f, attune__buf *b) {
    b->len = 0;
    const attune__strmap *w = &v->words;
    int32_t rc = attune__buf_append(b, attune__strmap_str(w, v->feat_a[f]), w->lens[v->feat_a[f]]);
    if (!rc && v->feat_b[f] != UINT32_MAX) {
        rc = attune__buf_putc(b, ' ');
        if (!rc)
            rc = attune__buf_append(b, attune__strmap_str(w, v->feat_b[f]), w->lens[v->feat_b[f]]);
    }
    return rc;
}

int32_t attune__trained_to_model(const attune__trained *tr, double prune, attune_model **out,
                                 attune_error *err) {
    *out = NULL;
    attune_model *m = NULL;
    attune__buf b = ATTUNE__BUF_INIT;
    int32_t rc = attune__model_new(&m);
    if (rc)
        goto fail;
    rc = attune__model_set_norm(m, tr->vocab.norm_power, tr->vocab.norm_min);
    if (rc)
        goto fail;
    for (uint32_t l = 0; l < tr->nlabels; l++) {
        const char *id = attune__strmap_str(&tr->labels, l);
        size_t len = tr->labels.lens[l];
        double bias = tr->lin.bias[l];
        rc = attune__model_add_label(m, id, len, id, len, NULL, 0, bias, tr->threshold[l], NULL);
        if (rc)
            goto fail;
    }
    for (uint32_t f = 0; f < tr->vocab.nfeat; f++) {
        bool any = false;
        double idf = tr->vocab.idf[f];
        for (uint32_t l = 0; l < tr->nlabels; l++) {
            double w = (double)attune__linear_weight(&tr->lin, l, f) * idf;
            if (!(fabs(w) >= prune))
                continue;
            if (!any && (rc = entry_text(&tr->vocab, f, &b)) != 0)
                goto fail;
            any = true;
            rc = attune__model_add_entry(m, b.data, b.len, l, w);
            if (rc)
                goto fail;
        }
        if (!any && tr->vocab.feat_b[f] != UINT32_MAX) {
            if ((rc = entry_text(&tr->vocab, f, &b)) != 0 ||
                (rc = attune__model_add_entry(m, b.data, b.len, ATTUNE__NO_LABEL, 0)) != 0)
                goto fail;
        }
    }
    rc = attune__model_finalize(m, err);
    if (rc)
        goto fail;
    attune__buf_free(&b);
    *out = m;
    return ATTUNE_OK;
fail:
    attune__buf_free(&b);
    attune_model_free(m);
    if (rc == ATTUNE_ENOMEM)
        return attune__fail(err, rc, "out of memory building the model", ATTUNE_NO_OFFSET);
    return attune__fail(err, rc, "the trained model could not be built", ATTUNE_NO_OFFSET);
}
