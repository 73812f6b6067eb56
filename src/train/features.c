/* Vocabulary and feature vectors of the trainer, computed the way the
 * model scores text (attune/model.h), so that the trained weights are the
 * model's weights:
 *
 * A text becomes the stems of its words (the classifier's tokenizer).
 * Candidate features are the stems and, with word n-grams of 2, the pairs of
 * adjacent stems within a sentence; those seen in at least min_count
 * training examples are kept. A text is then read left to right as the
 * classifier matches it: at each word the longest kept entry (the pair if
 * it is kept, else the stem) matches and consumes its words. A feature's
 * value is its match count times idf = ln((1 + N) / (1 + df)) + 1, divided
 * by max(n, norm_min) ^ norm_power for a text of n words; the model's weight
 * of an entry is then the learned coefficient times its idf. */
#include "train/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Token ids: the word id, ATTUNE__TOK_UNKNOWN for a word without a
 * usable stem, plus ATTUNE__TOK_BOUNDARY when a sentence boundary came
 * before the word. */
#define TOK_BOUNDARY 0x80000000u
#define TOK_UNKNOWN 0x7fffffffu

static uint64_t pair_key(uint32_t a, uint32_t b) { return ((uint64_t)a << 32) | b; }

void attune__vec_scratch_free(attune__vec_scratch *s) {
    attune__free(s->stamp);
    attune__free(s->pos);
    attune__free(s->ids);
    attune__free(s->cols);
    attune__free(s->vals);
    memset(s, 0, sizeof *s);
}

void attune__vocab_free(attune__vocab *v) {
    attune__strmap_free(&v->words);
    attune__free(v->uni_feat);
    attune__u64map_free(&v->bigram);
    attune__free(v->feat_a);
    attune__free(v->feat_b);
    attune__free(v->idf);
    memset(v, 0, sizeof *v);
}

void attune__rows_free(attune__rows *r) {
    attune__free(r->row);
    attune__free(r->col);
    attune__free(r->val);
    memset(r, 0, sizeof *r);
}

void attune__examples_free(attune__examples *ex) {
    attune__buf_free(&ex->text);
    attune__free(ex->text_off);
    attune__free(ex->text_len);
    attune__free(ex->lab_row);
    attune__free(ex->lab_col);
    attune__strmap_free(&ex->labels);
    memset(ex, 0, sizeof *ex);
}

static int32_t push_id(attune__vec_scratch *s, uint32_t id) {
    if (s->ids_len == s->ids_cap) {
        size_t nc = s->ids_cap ? s->ids_cap * 2 : 1024;
        uint32_t *p = attune__realloc_array(s->ids, nc, sizeof *p);
        if (!p)
            return ATTUNE_ENOMEM;
        s->ids = p;
        s->ids_cap = nc;
    }
    s->ids[s->ids_len++] = id;
    return ATTUNE_OK;
}

/* Sizes the per-feature scratch arrays for nfeat features. */
static int32_t scratch_prepare(attune__vec_scratch *s, uint32_t nfeat) {
    if (!s->stamp) {
        s->stamp = attune__calloc((size_t)nfeat + 1, sizeof *s->stamp);
        s->pos = attune__alloc_array((size_t)nfeat + 1, sizeof *s->pos);
        if (!s->stamp || !s->pos)
            return ATTUNE_ENOMEM;
        s->stamp_id = 0;
    }
    return ATTUNE_OK;
}

static int32_t out_feature(attune__vec_scratch *s, uint32_t f) {
    if (s->stamp[f] == s->stamp_id) {
        s->vals[s->pos[f]] += 1.0f;
        return ATTUNE_OK;
    }
    if (s->len == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 1024;
        uint32_t *c = attune__realloc_array(s->cols, nc, sizeof *c);
        if (!c)
            return ATTUNE_ENOMEM;
        s->cols = c;
        float *v = attune__realloc_array(s->vals, nc, sizeof *v);
        if (!v)
            return ATTUNE_ENOMEM;
        s->vals = v;
        s->cap = nc;
    }
    s->stamp[f] = s->stamp_id;
    s->pos[f] = (uint32_t)s->len;
    s->cols[s->len] = f;
    s->vals[s->len] = 1.0f;
    s->len++;
    return ATTUNE_OK;
}

/* The vector of a sequence of token ids. */
static int32_t vectorize_ids(const attune__vocab *v, const uint32_t *ids, size_t n,
                             attune__vec_scratch *s) {
    int32_t rc = scratch_prepare(s, v->nfeat);
    if (rc)
        return rc;
    if (++s->stamp_id == 0) {
        memset(s->stamp, 0, ((size_t)v->nfeat + 1) * sizeof *s->stamp);
        s->stamp_id = 1;
    }
    s->len = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = ids[i] & ~TOK_BOUNDARY;
        if (a == TOK_UNKNOWN)
            continue;
        if (v->ngrams >= 2 && i + 1 < n && !(ids[i + 1] & TOK_BOUNDARY) &&
            ids[i + 1] != TOK_UNKNOWN) {
            uint32_t f = attune__u64map_find(&v->bigram, pair_key(a, ids[i + 1]));
            if (f != UINT32_MAX) {
                if ((rc = out_feature(s, f)) != 0)
                    return rc;
                i++;
                continue;
            }
        }
        uint32_t f = v->uni_feat[a];
        if (f != UINT32_MAX && (rc = out_feature(s, f)) != 0)
            return rc;
    }
    double words = (double)n < v->norm_min ? v->norm_min : (double)n;
    float inv = (float)(1.0 / pow(words, v->norm_power));
    for (size_t k = 0; k < s->len; k++)
        s->vals[k] = s->vals[k] * v->idf[s->cols[k]] * inv;
    return ATTUNE_OK;
}

typedef struct collect_ctx {
    attune__strmap *words;
    attune__vec_scratch *s;
    bool intern;
} collect_ctx;

static int32_t collect_token(void *ud, const char *form, size_t form_len, uint32_t id, size_t start,
                             size_t end, bool boundary) {
    (void)start;
    (void)end;
    collect_ctx *c = ud;
    uint32_t flag = boundary ? TOK_BOUNDARY : 0;
    if (!form)
        return push_id(c->s, TOK_UNKNOWN | flag);
    if (!c->intern) {
        /* prediction: the vocabulary's id of the stem */
        id = attune__strmap_find(c->words, form, form_len, attune__hash_bytes(form, form_len));
        if (id == UINT32_MAX)
            id = TOK_UNKNOWN;
    }
    return push_id(c->s, id | flag);
}

int32_t attune__features_text(const attune__vocab *vocab, attune__ttok *tok, const char *text,
                              size_t len, attune__vec_scratch *s) {
    collect_ctx c = {(attune__strmap *)&vocab->words, s, false};
    s->ids_len = 0;
    int32_t rc = attune__ttok_run(tok, text, len, collect_token, &c);
    if (rc)
        return rc;
    return vectorize_ids(vocab, s->ids, s->ids_len, s);
}

typedef struct feat_cand {
    uint32_t df;
    uint32_t idx; /* word id, or nwords + pair index */
} feat_cand;

static int cmp_cand(const void *a, const void *b) {
    const feat_cand *x = a, *y = b;
    if (x->df != y->df)
        return x->df > y->df ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Counts document frequencies of every candidate feature and keeps those
 * seen in at least min_count documents. */
static int32_t choose_features(attune__vocab *v, const uint32_t *ids, const size_t *doc_off,
                               uint32_t ndocs, uint32_t min_count, uint32_t bigram_min) {
    uint32_t nwords = v->words.count;
    int32_t rc = ATTUNE_ENOMEM;
    attune__u64map all = {0};
    uint32_t *wdf = attune__calloc((size_t)nwords + 1, sizeof *wdf);
    uint32_t *wstamp = attune__calloc((size_t)nwords + 1, sizeof *wstamp);
    uint32_t *bdf = NULL, *bstamp = NULL;
    feat_cand *cand = NULL;
    uint64_t *bkeys = NULL;
    uint32_t nbig = 0, bcap = 0;
    v->uni_feat = attune__alloc_array((size_t)nwords + 1, sizeof *v->uni_feat);
    if (!wdf || !wstamp || !v->uni_feat)
        goto done;
    for (uint32_t d = 0; d < ndocs; d++)
        for (size_t i = doc_off[d]; i < doc_off[d + 1]; i++) {
            uint32_t a = ids[i] & ~TOK_BOUNDARY;
            if (a != TOK_UNKNOWN && wstamp[a] != d + 1) {
                wstamp[a] = d + 1;
                wdf[a]++;
            }
        }
    /* a pair occurs in no more examples than either of its words */
    for (uint32_t d = 0; v->ngrams >= 2 && d < ndocs; d++) {
        for (size_t i = doc_off[d]; i + 1 < doc_off[d + 1]; i++) {
            uint32_t a = ids[i] & ~TOK_BOUNDARY, c = ids[i + 1];
            if (a == TOK_UNKNOWN || (c & TOK_BOUNDARY) || c == TOK_UNKNOWN || wdf[a] < bigram_min ||
                wdf[c] < bigram_min)
                continue;
            uint32_t b;
            bool added;
            rc = attune__u64map_intern(&all, pair_key(a, c), nbig, &b, &added);
            if (rc)
                goto done;
            rc = ATTUNE_ENOMEM;
            if (added) {
                if (nbig == bcap) {
                    uint32_t nc = bcap ? bcap * 2 : 4096;
                    uint32_t *p1 = attune__realloc_array(bdf, nc, sizeof *p1);
                    if (!p1)
                        goto done;
                    bdf = p1;
                    uint32_t *p2 = attune__realloc_array(bstamp, nc, sizeof *p2);
                    if (!p2)
                        goto done;
                    bstamp = p2;
                    uint64_t *p3 = attune__realloc_array(bkeys, nc, sizeof *p3);
                    if (!p3)
                        goto done;
                    bkeys = p3;
                    bcap = nc;
                }
                bdf[nbig] = 0;
                bstamp[nbig] = 0;
                bkeys[nbig] = pair_key(a, c);
                nbig++;
            }
            if (bstamp[b] != d + 1) {
                bstamp[b] = d + 1;
                bdf[b]++;
            }
        }
    }
    uint32_t nfeat = 0;
    for (uint32_t w = 0; w < nwords; w++)
        if (wdf[w] >= min_count)
            nfeat++;
    for (uint32_t b = 0; b < nbig; b++)
        if (bdf[b] >= bigram_min)
            nfeat++;
    rc = ATTUNE_ENOMEM;
    v->feat_a = attune__alloc_array((size_t)nfeat + 1, sizeof *v->feat_a);
    v->feat_b = attune__alloc_array((size_t)nfeat + 1, sizeof *v->feat_b);
    v->idf = attune__alloc_array((size_t)nfeat + 1, sizeof *v->idf);
    if (!v->feat_a || !v->feat_b || !v->idf)
        goto done;
    /* Feature ids by decreasing document frequency (then first sight):
     * the weights of frequent features sit together, which the learner's
     * memory accesses favour. */
    cand = attune__alloc_array((size_t)nfeat + 1, sizeof *cand);
    if (!cand)
        goto done;
    uint32_t f = 0;
    for (uint32_t w = 0; w < nwords; w++) {
        v->uni_feat[w] = UINT32_MAX;
        if (wdf[w] >= min_count)
            cand[f++] = (feat_cand){wdf[w], w};
    }
    for (uint32_t b = 0; b < nbig; b++)
        if (bdf[b] >= bigram_min)
            cand[f++] = (feat_cand){bdf[b], nwords + b};
    qsort(cand, nfeat, sizeof *cand, cmp_cand);
    for (f = 0; f < nfeat; f++) {
        uint32_t idx = cand[f].idx;
        v->idf[f] = (float)(log((1.0 + ndocs) / (1.0 + cand[f].df)) + 1.0);
        if (idx < nwords) {
            v->uni_feat[idx] = f;
            v->feat_a[f] = idx;
            v->feat_b[f] = UINT32_MAX;
            continue;
        }
        uint64_t key = bkeys[idx - nwords];
        uint32_t got;
        bool added;
        rc = attune__u64map_intern(&v->bigram, key, f, &got, &added);
        if (rc)
            goto done;
        v->feat_a[f] = (uint32_t)(key >> 32);
        v->feat_b[f] = (uint32_t)key;
    }
    v->nfeat = nfeat;
    rc = ATTUNE_OK;
done:
    attune__u64map_free(&all);
    attune__free(wdf);
    attune__free(wstamp);
    attune__free(bdf);
    attune__free(bstamp);
    attune__free(bkeys);
    attune__free(cand);
    return rc;
}

int32_t attune__features_build(const attune__examples *ex, const attune__feature_params *fp,
                               attune__vocab *vocab, attune__rows *rows) {
    uint32_t min_count = fp->min_count, bigram_min = fp->bigram_min;
    memset(vocab, 0, sizeof *vocab);
    memset(rows, 0, sizeof *rows);
    vocab->ngrams = fp->ngrams;
    vocab->norm_power = fp->norm_power;
    vocab->norm_min = fp->norm_min;
    attune__vec_scratch s = {0};
    attune__ttok *tok = NULL;
    size_t *doc_off = attune__alloc_array((size_t)ex->n + 1, sizeof *doc_off);
    int32_t rc = doc_off ? attune__ttok_new(&tok) : ATTUNE_ENOMEM;
    if (rc)
        goto fail;
    collect_ctx c = {&vocab->words, &s, true};
    doc_off[0] = 0;
    for (uint32_t d = 0; d < ex->n; d++) {
        rc = attune__ttok_run(tok, ex->text.data + ex->text_off[d], ex->text_len[d], collect_token,
                              &c);
        if (rc)
            goto fail;
        doc_off[d + 1] = s.ids_len;
    }
    attune__ttok_take_stems(tok, &vocab->words);
    attune__ttok_free(tok);
    tok = NULL;
    rc = choose_features(vocab, s.ids, doc_off, ex->n, min_count ? min_count : 1,
                         bigram_min ? bigram_min : 1);
    if (rc)
        goto fail;

    /* The rows, vectorized from the stored word ids. */
    uint32_t *all_ids = s.ids;
    s.ids = NULL;
    s.ids_len = s.ids_cap = 0;
    rc = ATTUNE_ENOMEM;
    rows->n = ex->n;
    rows->row = attune__alloc_array((size_t)ex->n + 1, sizeof *rows->row);
    size_t cap = 0, used = 0;
    if (!rows->row) {
        attune__free(all_ids);
        goto fail;
    }
    rows->row[0] = 0;
    for (uint32_t d = 0; d < ex->n; d++) {
        /* (no word at all in the examples: all_ids is NULL) */
        const uint32_t *ids = all_ids ? all_ids + doc_off[d] : NULL;
        rc = vectorize_ids(vocab, ids, doc_off[d + 1] - doc_off[d], &s);
        if (rc)
            break;
        if (used + s.len > cap) {
            size_t nc = cap ? cap * 2 : 65536;
            while (nc < used + s.len)
                nc *= 2;
            uint32_t *pc = attune__realloc_array(rows->col, nc, sizeof *pc);
            float *pv = pc ? attune__realloc_array(rows->val, nc, sizeof *pv) : NULL;
            if (pc)
                rows->col = pc;
            if (!pc || !pv) {
                rc = ATTUNE_ENOMEM;
                break;
            }
            rows->val = pv;
            cap = nc;
        }
        if (s.len) {
            memcpy(rows->col + used, s.cols, s.len * sizeof *s.cols);
            memcpy(rows->val + used, s.vals, s.len * sizeof *s.vals);
        }
        used += s.len;
        rows->row[d + 1] = used;
    }
    attune__free(all_ids);
    if (!rc && !rows->col) {
        /* no feature at all: still valid arrays to offset into */
        rows->col = attune__malloc(sizeof *rows->col);
        rows->val = attune__malloc(sizeof *rows->val);
        if (!rows->col || !rows->val)
            rc = ATTUNE_ENOMEM;
    }
    if (rc)
        goto fail;
    attune__free(doc_off);
    attune__vec_scratch_free(&s);
    return ATTUNE_OK;
fail:
    attune__ttok_free(tok);
    attune__free(doc_off);
    attune__vec_scratch_free(&s);
    attune__vocab_free(vocab);
    attune__rows_free(rows);
    return rc;
}
