/* attune-fit-themes: fits the theme model's weights, biases and thresholds
 * on labeled texts, starting from a hand-written lexicon (the prior), and
 * cross-validates it.
 *
 *   attune-fit-themes --prior LEXICON.model [--out MODEL] [--cv] DATA.tsv
 *     DATA.tsv  scripts/themes-fit/export.py's table: source, id, group,
 *               fold, labels, evidence, text (escaped)
 *     --prior   the lexicon (models/lexicon.model): its phrases are the
 *               features and its weights the prior the fit is pulled to
 *     --out     write the model fitted on every text
 *     --cv      fit on four folds, classify the fifth with the library, and
 *               print per source, beside the prior model: micro-F1,
 *               macro-F1 (themes with 20 or more positives), per-theme
 *               P/R/F1, evidence precision and sentence recall
 *     --lambda X   strength of the pull toward the prior weights (default 10)
 *     --ngrams N   also fit the N word stems and stem pairs found in the most
 *                  texts (default 0: the lexicon's phrases only; 3000 measured no better)
 *     --lambda-ngrams X  their pull toward 0 (default 3)
 *     --norm P     divide a section's sums by max(words, 20)^P (the model's
 *                  `norm P 20`; default 0: none, as the prior)
 *
 * The fit, per theme: logistic regression of "readers say the theme is
 * present" on the counts of the lexicon's phrases in the text (the
 * library's own matching: attune_classify_text with the prior), the phrases
 * seen in at least 3 training texts free to move, pulled toward their prior
 * weight by an L2 penalty; the other phrases keep their prior weight. The
 * threshold of each theme is the F1-best on held-out scores of an inner
 * 3-fold cross-validation (by group) of the training texts. Deterministic. */
#define _POSIX_C_SOURCE 200809L
#include "model/model_internal.h"
#include "themes/themes_internal.h"
#include "train/train_internal.h"
#include "tsv.h"

#include <attune/attune.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXL 64
#define MIN_TEXTS 3

typedef struct span {
    size_t s, e;
    uint32_t label;
} span;

typedef struct text {
    char *source, *id, *group, *body;
    size_t len;
    unsigned fold, inner;
    uint64_t gold;
    int has_ev;
    span *ev;
    size_t nev;
    size_t head;  /* the first `head` bytes are a heading (seed sections) */
    uint32_t *fe; /* matched entries (with repeats) */
    float *fv;    /* their counts: 1, or the heading factor */
    size_t nfe;
} text;

static void die(const char *what) {
    fprintf(stderr, "attune-fit-themes: %s\n", what);
    exit(2);
}

static void *xrealloc(void *p, size_t n) {
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static char *unescape(const char *s, size_t *len) {
    size_t n = strlen(s), k = 0;
    char *o = xrealloc(NULL, n + 1);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            o[k++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        } else
            o[k++] = s[i];
    }
    o[k] = 0;
    *len = k;
    return o;
}

static uint32_t fnv(const char *s, uint32_t salt) {
    uint32_t h = 2166136261u ^ salt;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int label_of(const attune_model *m, const char *id, size_t n) {
    size_t i;
    return attune_model_theme_find(m, id, n, &i, NULL) == ATTUNE_OK ? (int)i : -1;
}

static text *read_data(const char *path, const attune_model *prior, size_t *count) {
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open the data file");
    text *t = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL, *c[8];
    size_t lcap = 0;
    while (tsv_next(f, &line, &lcap, c, 8) >= 0) {
        if (!c[6])
            die("a data line has fewer than 7 fields");
        if (n == cap)
            t = xrealloc(t, (cap = cap ? 2 * cap : 256) * sizeof *t);
        text *x = &t[n++];
        memset(x, 0, sizeof *x);
        x->source = strdup(c[0]);
        x->id = strdup(c[1]);
        x->group = strdup(c[2]);
        x->fold = (unsigned)atoi(c[3]);
        x->inner = fnv(c[2], 7) % 3;
        for (char *p = c[4]; *p;) {
            char *e = strchr(p, ',');
            size_t k = e ? (size_t)(e - p) : strlen(p);
            int l = label_of(prior, p, k);
            if (l < 0)
                die("unknown theme in the data");
            x->gold |= 1ull << l;
            p += k + (e != NULL);
        }
        x->has_ev = strcmp(c[5], "-") != 0;
        for (char *p = x->has_ev ? c[5] : c[5] + 1; *p;) {
            char *colon = strchr(p, ':');
            if (!colon)
                break;
            int l = label_of(prior, p, (size_t)(colon - p));
            p = colon + 1;
            while (*p && *p != ';') {
                size_t a = strtoul(p, &p, 10), b = 0;
                if (*p == '-')
                    b = strtoul(p + 1, &p, 10);
                x->ev = xrealloc(x->ev, (x->nev + 1) * sizeof *x->ev);
                x->ev[x->nev++] = (span){a, b, (uint32_t)l};
                if (*p == '+')
                    p++;
            }
            if (*p == ';')
                p++;
        }
        x->body = unescape(c[6], &x->len);
        x->head = c[7] ? strtoul(c[7], NULL, 10) : 0;
        if (x->head > x->len)
            die("heading longer than the text");
    }
    free(line);
    fclose(f);
    *count = n;
    return t;
}

/* Classifies a text as the library does: a heading part (its weights
 * count heading_factor times) and the body. */
static attune_result *classify(const attune_model *m, const text *t) {
    attune__part parts[2] = {{t->body, t->head, true},
                             {t->body + t->head, t->len - t->head, false}};
    attune_result *r = NULL;
    int np = t->head ? 2 : 1;
    if (attune__classify_parts(m, t->head ? parts : parts + 1, (size_t)np, &r, NULL))
        die("classification failed");
    return r;
}

/* The candidate model's phrase matches in every text (the library's
 * matching, longest first), with their factors. */
static void match_all(const attune_model *cand, text *t, size_t n, double norm_power,
                      double norm_min) {
    for (size_t i = 0; i < n; i++) {
        attune_result *r = classify(cand, &t[i]);
        /* the section's words, as the score divides its sums (models/README.md) */
        double words = (double)r->units[1].words;
        double div = norm_power > 0 ? pow(words > norm_min ? words : norm_min, norm_power) : 1.0;
        free(t[i].fe);
        free(t[i].fv);
        t[i].nfe = r->nmatches;
        t[i].fe = xrealloc(NULL, r->nmatches * sizeof *t[i].fe);
        t[i].fv = xrealloc(NULL, r->nmatches * sizeof *t[i].fv);
        for (size_t k = 0; k < r->nmatches; k++) {
            t[i].fe[k] = r->matches[k].entry;
            /* units: 0 document, 1 section, 2.. the parts */
            t[i].fv[k] =
                (float)((t[i].head && r->matches[k].unit == 2 ? cand->heading_factor : 1.0) / div);
        }
        attune_result_free(r);
    }
}

typedef struct fitted {
    double *w; /* nentries * nlabels, of the candidate model */
    double bias[MAXL], threshold[MAXL];
} fitted;

/* The fitting's settings and the candidate model's entries. */
typedef struct setup {
    const attune_model *cand; /* the prior's phrases and the n-gram candidates */
    const uint8_t *is_ng;     /* per entry: an n-gram candidate (prior weight 0) */
    double lambda, lambda_ng;
} setup;

static double prior_w(const setup *S, uint32_t e, uint32_t l) {
    const attune_model *m = S->cand;
    if (S->is_ng[e])
        return 0.0;
    const attune__entry *en = &m->entries[e];
    double w = 0;
    for (uint32_t q = 0; q < en->wcount; q++)
        if (m->w[en->wfirst + q].label == l)
            w += m->w[en->wfirst + q].weight;
    return w;
}

/* in(t): whether a text takes part */
typedef int (*member)(const text *t, int a, int b);
static int not_fold(const text *t, int a, int b) {
    return (int)t->fold != a && (b < 0 || (int)t->inner != b);
}

/* The linear score of label l for text t under weights w and bias. */
static double zscore(const attune_model *m, const double *w, double bias, const text *t,
                     uint32_t l) {
    double z = bias;
    for (size_t k = 0; k < t->nfe; k++)
        z += t->fv[k] * w[(size_t)t->fe[k] * m->nlabels + l];
    return z;
}

/* Per label: L2-penalised logistic regression on the entries' counts, each
 * weight pulled toward its prior (lambda; n-gram candidates toward 0 with
 * lambda_ng), by Newton steps solved with conjugate gradients (sparse rows). */
static void fit_weights(const setup *S, const text *t, size_t n, member in, int a, int b,
                        fitted *out) {
    const attune_model *m = S->cand;
    uint32_t L = m->nlabels, E = m->nentries;
    out->w = xrealloc(NULL, (size_t)E * L * sizeof *out->w);
    size_t d = (size_t)E + 1; /* the entries and the bias */
    double *beta = malloc(d * sizeof *beta), *mu = malloc(d * sizeof *mu);
    double *lam = malloc(d * sizeof *lam), *g = malloc(d * sizeof *g), *hd = malloc(n * sizeof *hd);
    double *dx = malloc(d * sizeof *dx), *rr = malloc(d * sizeof *rr), *pp = malloc(d * sizeof *pp);
    double *Ap = malloc(d * sizeof *Ap);
    if (!beta || !mu || !lam || !g || !hd || !dx || !rr || !pp || !Ap)
        die("out of memory");
    for (uint32_t e = 0; e < E; e++)
        lam[e] = S->is_ng[e] ? S->lambda_ng : S->lambda;
    lam[E] = 1e-6;
    for (uint32_t l = 0; l < L; l++) {
        for (uint32_t e = 0; e < E; e++)
            mu[e] = beta[e] = prior_w(S, e, l);
        mu[E] = beta[E] = m->labels[l].bias;
        for (int it = 0; it < 12; it++) {
            /* gradient and the Hessian's diagonal weights */
            for (size_t c = 0; c < d; c++)
                g[c] = -lam[c] * (beta[c] - mu[c]);
            for (size_t i = 0; i < n; i++) {
                hd[i] = 0;
                if (!in(&t[i], a, b))
                    continue;
                double z = beta[E];
                for (size_t k = 0; k < t[i].nfe; k++)
                    z += t[i].fv[k] * beta[t[i].fe[k]];
                double pr = 1 / (1 + exp(-z)), y = (double)((t[i].gold >> l) & 1);
                hd[i] = pr * (1 - pr);
                for (size_t k = 0; k < t[i].nfe; k++)
                    g[t[i].fe[k]] += (y - pr) * t[i].fv[k];
                g[E] += y - pr;
            }
            /* conjugate gradients on (X'DX + diag(lam)) dx = g */
            memset(dx, 0, d * sizeof *dx);
            memcpy(rr, g, d * sizeof *rr);
            memcpy(pp, g, d * sizeof *pp);
            double rs = 0;
            for (size_t c = 0; c < d; c++)
                rs += rr[c] * rr[c];
            double rs0 = rs;
            for (int cg = 0; cg < 60 && rs > 1e-14 * (rs0 + 1e-30); cg++) {
                for (size_t c = 0; c < d; c++)
                    Ap[c] = lam[c] * pp[c];
                for (size_t i = 0; i < n; i++) {
                    if (!(hd[i] > 0))
                        continue;
                    double v = pp[E];
                    for (size_t k = 0; k < t[i].nfe; k++)
                        v += t[i].fv[k] * pp[t[i].fe[k]];
                    v *= hd[i];
                    for (size_t k = 0; k < t[i].nfe; k++)
                        Ap[t[i].fe[k]] += v * t[i].fv[k];
                    Ap[E] += v;
                }
                double pAp = 0;
                for (size_t c = 0; c < d; c++)
                    pAp += pp[c] * Ap[c];
                double alpha = rs / pAp;
                double rs2 = 0;
                for (size_t c = 0; c < d; c++) {
                    dx[c] += alpha * pp[c];
                    rr[c] -= alpha * Ap[c];
                    rs2 += rr[c] * rr[c];
                }
                for (size_t c = 0; c < d; c++)
                    pp[c] = rr[c] + rs2 / rs * pp[c];
                rs = rs2;
            }
            double step = 0;
            for (size_t c = 0; c < d; c++) {
                beta[c] += dx[c];
                step = fmax(step, fabs(dx[c]));
            }
            if (step < 1e-5)
                break;
        }
        for (uint32_t e = 0; e < E; e++)
            out->w[(size_t)e * L + l] = round(beta[e] * 1e4) / 1e4;
        out->bias[l] = round(beta[E] * 1e4) / 1e4;
        out->threshold[l] = m->labels[l].threshold;
    }
    free(beta);
    free(mu);
    free(lam);
    free(g);
    free(hd);
    free(dx);
    free(rr);
    free(pp);
    free(Ap);
}

/* F1-best threshold of each label on held-out scores (grid of 0.05). */
static void fit_thresholds(const setup *S, const text *t, size_t n, int a, fitted *out) {
    const attune_model *m = S->cand;
    uint32_t L = m->nlabels;
    double *sc = malloc((n + 1) * L * sizeof *sc);
    if (!sc)
        die("out of memory");
    for (int b = 0; b < 3; b++) {
        fitted f;
        fit_weights(S, t, n, not_fold, a, b, &f);
        for (size_t i = 0; i < n; i++)
            if ((int)t[i].fold != a && (int)t[i].inner == b)
                for (uint32_t l = 0; l < L; l++)
                    sc[i * L + l] = 1 / (1 + exp(-zscore(m, f.w, f.bias[l], &t[i], l)));
        free(f.w);
    }
    for (uint32_t l = 0; l < L; l++) {
        double best = -1, bt = 0.5;
        size_t pos = 0;
        for (int k = 1; k <= 19; k++) {
            double th = k * 0.05, tp = 0, fp = 0, fn = 0;
            pos = 0;
            for (size_t i = 0; i < n; i++) {
                if ((int)t[i].fold == a)
                    continue;
                int y = (int)((t[i].gold >> l) & 1), yhat = sc[i * L + l] >= th;
                pos += (size_t)y;
                tp += y && yhat;
                fp += !y && yhat;
                fn += y && !yhat;
            }
            double f1 = tp ? 2 * tp / (2 * tp + fp + fn) : 0;
            if (f1 > best + 1e-12) {
                best = f1;
                bt = th;
            }
        }
        out->threshold[l] = pos >= 5 ? bt : 0.5;
    }
    free(sc);
}

/* The stems of entry e of m, space-separated, into buf (cap bytes); their
 * length. */
static size_t entry_stems(const attune_model *m, uint32_t e, char *buf, size_t cap) {
    const attune__entry *en = &m->entries[e];
    size_t k = 0;
    for (uint32_t j = 0; j < en->len; j++) {
        const char *st = m->stems[m->tok[en->first + j]];
        size_t sl = strlen(st);
        if (k + sl + 2 > cap)
            die("phrase too long");
        if (j)
            buf[k++] = ' ';
        memcpy(buf + k, st, sl);
        k += sl;
    }
    return k;
}

/* The model of fitted weights f over the candidate model's phrases (every
 * candidate stays: one with no weight as an exception, so that the longest
 * match works as it did in the fit). */
static attune_model *build(const attune_model *prior, const fitted *f) {
    attune_model *m = NULL;
    if (attune__model_new(&m) || attune__model_set_norm(m, prior->norm_power, prior->norm_min) ||
        attune__model_set_heading_factor(m, prior->heading_factor))
        die("cannot build the model");
    for (uint32_t l = 0; l < prior->nlabels; l++) {
        const attune__label *lb = &prior->labels[l];
        if (attune__model_add_label(m, lb->id, strlen(lb->id), lb->name, strlen(lb->name), lb->desc,
                                    strlen(lb->desc), f->bias[l], f->threshold[l], NULL))
            die("cannot add a label");
    }
    char buf[1024];
    for (uint32_t e = 0; e < prior->nentries; e++) {
        const attune__entry *en = &prior->entries[e];
        size_t k = entry_stems(prior, e, buf, sizeof buf);
        if (en->negation) {
            if (attune__model_add_entry(m, buf, k, ATTUNE__NEGATION, 0))
                die("cannot add a negation cue");
            continue;
        }
        int any = 0;
        for (uint32_t l = 0; l < prior->nlabels; l++) {
            double w = f->w[(size_t)e * prior->nlabels + l];
            if (fabs(w) < 0.01)
                continue;
            if (attune__model_add_entry(m, buf, k, l, w))
                die("cannot add a phrase");
            any = 1;
        }
        if (!any && attune__model_add_entry(m, buf, k, ATTUNE__NO_LABEL, 0))
            die("cannot add an exception");
    }
    attune_error err;
    if (attune__model_finalize(m, &err))
        die(err.message);
    return m;
}

/* ---- n-gram candidates ---- */
typedef struct ngctx {
    attune__strmap *grams; /* "stem" or "stem stem" */
    uint32_t *df, *last;
    size_t cap, doc;
    const char *prev;
    size_t prev_len;
} ngctx;

static void ng_count(ngctx *c, const char *s, size_t n) {
    uint32_t id;
    bool added;
    if (attune__strmap_intern(c->grams, s, n, attune__hash_bytes(s, n), &id, &added))
        die("out of memory");
    if (id >= c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 4096;
        while (cap <= id)
            cap *= 2;
        c->df = xrealloc(c->df, cap * sizeof *c->df);
        c->last = xrealloc(c->last, cap * sizeof *c->last);
        memset(c->df + c->cap, 0, (cap - c->cap) * sizeof *c->df);
        memset(c->last + c->cap, 0, (cap - c->cap) * sizeof *c->last);
        c->cap = cap;
    }
    if (c->last[id] != c->doc + 1) {
        c->last[id] = (uint32_t)c->doc + 1;
        c->df[id]++;
    }
}

static int32_t ng_tok(void *ud, const char *form, size_t len, uint32_t id, size_t start, size_t end,
                      bool boundary) {
    ngctx *c = ud;
    (void)start;
    (void)end;
    if (!form || id == UINT32_MAX) {
        c->prev = NULL;
        return ATTUNE_OK;
    }
    ng_count(c, form, len);
    if (c->prev && !boundary) {
        char buf[256];
        if (c->prev_len + 1 + len < sizeof buf) {
            memcpy(buf, c->prev, c->prev_len);
            buf[c->prev_len] = ' ';
            memcpy(buf + c->prev_len + 1, form, len);
            ng_count(c, buf, c->prev_len + 1 + len);
        }
    }
    c->prev = form;
    c->prev_len = len;
    return ATTUNE_OK;
}

static int cmp_df(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    return *x < *y ? 1 : *x > *y ? -1 : 0;
}

/* The candidate model: the prior's phrases with their weights, and the
 * `max` word stems and stem pairs found in the most texts (at least 5; by
 * document frequency alone, so no label is looked at), each with a weight
 * too small to matter so that its matches are recorded. */
static attune_model *candidates(const attune_model *prior, const text *t, size_t n, size_t max,
                                double norm_power, double norm_min, uint8_t **is_ng) {
    attune__strmap grams;
    memset(&grams, 0, sizeof grams);
    ngctx c = {&grams, NULL, NULL, 0, 0, NULL, 0};
    attune__ttok *tk = NULL;
    if (attune__ttok_new(&tk))
        die("out of memory");
    for (size_t i = 0; i < n && max; i++) {
        c.doc = i;
        c.prev = NULL;
        if (attune__ttok_run(tk, t[i].body, t[i].len, ng_tok, &c))
            die("tokenizing failed");
    }
    attune__ttok_free(tk);
    /* the prior's phrases, as stem strings */
    attune__strmap have;
    memset(&have, 0, sizeof have);
    attune_model *m = NULL;
    if (attune__model_new(&m) || attune__model_set_norm(m, norm_power, norm_min) ||
        attune__model_set_heading_factor(m, prior->heading_factor))
        die("cannot build the model");
    for (uint32_t l = 0; l < prior->nlabels; l++) {
        const attune__label *lb = &prior->labels[l];
        if (attune__model_add_label(m, lb->id, strlen(lb->id), lb->name, strlen(lb->name), lb->desc,
                                    strlen(lb->desc), lb->bias, lb->threshold, NULL))
            die("cannot add a label");
    }
    /* the prior's weights on the new scale: a text of the median length
     * scores as before */
    double scale = 1.0;
    if (norm_power > 0) {
        double *len = xrealloc(NULL, (n + 1) * sizeof *len);
        for (size_t i = 0; i < n; i++) {
            size_t w = 0;
            for (size_t k = 0; k < t[i].len; k++)
                w += (k == 0 || t[i].body[k - 1] == ' ' || t[i].body[k - 1] == '\n') &&
                     t[i].body[k] != ' ' && t[i].body[k] != '\n';
            len[i] = (double)w;
        }
        for (size_t i = 1; i < n; i++) /* insertion sort: n is small */
            for (size_t j = i; j > 0 && len[j - 1] > len[j]; j--) {
                double x = len[j];
                len[j] = len[j - 1];
                len[j - 1] = x;
            }
        double med = n ? len[n / 2] : 1;
        scale = pow(med > norm_min ? med : norm_min, norm_power);
        free(len);
    }
    char buf[1024];
    for (uint32_t e = 0; e < prior->nentries; e++) {
        const attune__entry *en = &prior->entries[e];
        size_t k = entry_stems(prior, e, buf, sizeof buf);
        uint32_t id;
        bool added;
        if (attune__strmap_intern(&have, buf, k, attune__hash_bytes(buf, k), &id, &added))
            die("out of memory");
        const attune__weight *w = &prior->w[en->wfirst];
        int32_t rc = 0;
        if (en->negation)
            rc = attune__model_add_entry(m, buf, k, ATTUNE__NEGATION, 0);
        else if (!en->wcount)
            rc = attune__model_add_entry(m, buf, k, ATTUNE__NO_LABEL, 0);
        for (uint32_t q = 0; q < en->wcount && !rc; q++)
            rc = attune__model_add_entry(m, buf, k, w[q].label, w[q].weight * scale);
        if (rc)
            die("cannot add a phrase");
    }
    uint32_t nprior_entries = 0;
    /* the n-grams by document frequency (ties by text, for determinism) */
    uint64_t *order = xrealloc(NULL, (grams.count + 1) * sizeof *order);
    size_t no = 0;
    for (uint32_t id = 0; id < grams.count; id++)
        if (c.df[id] >= 5)
            order[no++] = (uint64_t)c.df[id] << 32 | (uint64_t)(0xffffffffu - id);
    qsort(order, no, sizeof *order, cmp_df);
    size_t added_ng = 0;
    for (size_t k = 0; k < no && added_ng < max; k++) {
        uint32_t id = 0xffffffffu - (uint32_t)order[k];
        const char *g = attune__strmap_str(&grams, id);
        size_t gl = grams.lens[id];
        if (attune__strmap_find(&have, g, gl, attune__hash_bytes(g, gl)) != UINT32_MAX)
            continue;
        if (attune__model_add_entry(m, g, gl, 0, 1e-9) == ATTUNE_OK)
            added_ng++;
    }
    free(order);
    attune_error err;
    if (attune__model_finalize(m, &err))
        die(err.message);
    /* which entries are candidates: those whose stems the prior lacks */
    *is_ng = xrealloc(NULL, m->nentries);
    for (uint32_t e = 0; e < m->nentries; e++) {
        size_t k = entry_stems(m, e, buf, sizeof buf);
        (*is_ng)[e] = attune__strmap_find(&have, buf, k, attune__hash_bytes(buf, k)) == UINT32_MAX;
        nprior_entries += !(*is_ng)[e];
    }
    fprintf(stderr, "candidates: %u phrases of the lexicon, %zu n-grams\n", nprior_entries,
            added_ng);
    attune__strmap_free(&have);
    attune__strmap_free(&grams);
    free(c.df);
    free(c.last);
    return m;
}

/* ---- evaluation ---- */
typedef struct tally {
    double tp[MAXL], fp[MAXL], fn[MAXL];
    double ev_in, ev_all, sent_hit, sent_all;
} tally;

static void evaluate(const attune_model *m, const text *t, tally *ta) {
    attune_result *r = classify(m, t);
    for (uint32_t l = 0; l < attune_model_theme_count(m); l++) {
        double score;
        int present = 0;
        attune_result_theme(r, 0, l, &score, &present);
        int y = (int)((t->gold >> l) & 1);
        ta->tp[l] += present && y;
        ta->fp[l] += present && !y;
        ta->fn[l] += !present && y;
        if (!t->has_ev || !y)
            continue;
        size_t ne = present ? attune_result_evidence_count(r, 0, l) : 0;
        for (size_t k = 0; k < ne; k++) {
            size_t s, e;
            attune_result_evidence(r, 0, l, k, &s, &e);
            int in = 0;
            for (size_t g = 0; g < t->nev; g++)
                in |= t->ev[g].label == l && s >= t->ev[g].s && e <= t->ev[g].e;
            ta->ev_in += in;
            ta->ev_all += 1;
        }
        for (size_t g = 0; g < t->nev; g++) {
            if (t->ev[g].label != l)
                continue;
            int hit = 0;
            for (size_t k = 0; k < ne; k++) {
                size_t s, e;
                attune_result_evidence(r, 0, l, k, &s, &e);
                hit |= s >= t->ev[g].s && e <= t->ev[g].e;
            }
            ta->sent_hit += hit;
            ta->sent_all += 1;
        }
    }
    attune_result_free(r);
}

static void report(const char *source, const char *system, const attune_model *m, const tally *ta,
                   int per_theme) {
    uint32_t L = (uint32_t)attune_model_theme_count(m);
    double tp = 0, fp = 0, fn = 0, macro = 0;
    int nm = 0;
    for (uint32_t l = 0; l < L; l++) {
        tp += ta->tp[l];
        fp += ta->fp[l];
        fn += ta->fn[l];
        if (ta->tp[l] + ta->fn[l] >= 20) {
            macro += ta->tp[l] ? 2 * ta->tp[l] / (2 * ta->tp[l] + ta->fp[l] + ta->fn[l]) : 0;
            nm++;
        }
    }
    printf("%-12s %-22s micro-F1 %.3f  macro-F1 %.3f (%d themes)", source, system,
           tp ? 2 * tp / (2 * tp + fp + fn) : 0, nm ? macro / nm : 0, nm);
    if (ta->sent_all)
        printf("  evidence precision %.3f (%g spans)  sentence recall %.3f (%g sentences)",
               ta->ev_all ? ta->ev_in / ta->ev_all : 0, ta->ev_all, ta->sent_hit / ta->sent_all,
               ta->sent_all);
    printf("\n");
    if (!per_theme)
        return;
    for (uint32_t l = 0; l < L; l++) {
        double p = ta->tp[l] + ta->fp[l] ? ta->tp[l] / (ta->tp[l] + ta->fp[l]) : 0;
        double rc = ta->tp[l] + ta->fn[l] ? ta->tp[l] / (ta->tp[l] + ta->fn[l]) : 0;
        printf("%-12s %-22s   %-16s P %.3f R %.3f F1 %.3f (%g positives)\n", "", "",
               attune_model_theme_id(m, l), p, rc, p + rc ? 2 * p * rc / (p + rc) : 0,
               ta->tp[l] + ta->fn[l]);
    }
}

int main(int argc, char **argv) {
    const char *prior_path = NULL, *out = NULL;
    int cv = 0, per_theme = 1;
    double lambda = 10.0, lambda_ng = 3.0, norm_power = 0, norm_min = 20;
    long ngrams = 0;
    static const struct option opts[] = {{"prior", 1, 0, 'p'}, {"out", 1, 0, 'o'},
                                         {"cv", 0, 0, 'c'},    {"lambda", 1, 0, 'l'},
                                         {"brief", 0, 0, 'b'}, {"ngrams", 1, 0, 'n'},
                                         {"norm", 1, 0, 'N'},  {"lambda-ngrams", 1, 0, 'g'},
                                         {"help", 0, 0, 'h'},  {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': prior_path = optarg; break;
        case 'o': out = optarg; break;
        case 'c': cv = 1; break;
        case 'l': lambda = strtod(optarg, NULL); break;
        case 'b': per_theme = 0; break;
        case 'n': ngrams = atol(optarg); break;
        case 'N': norm_power = strtod(optarg, NULL); break;
        case 'g': lambda_ng = strtod(optarg, NULL); break;
        default:
            fprintf(stderr, "usage: attune-fit-themes --prior LEXICON [--out MODEL] [--cv] "
                            "[--lambda X] [--brief] DATA.tsv\n");
            return c == 'h' ? 0 : 2;
        }
    }
    if (!prior_path || optind + 1 != argc)
        die("--prior and one DATA file expected (--help)");
    attune_model *prior = NULL;
    attune_error err;
    if (attune_model_load(prior_path, &prior, &err))
        die(err.message);
    if (prior->nlabels > MAXL)
        die("too many themes");
    size_t n;
    text *t = read_data(argv[optind], prior, &n);
    uint8_t *is_ng = NULL;
    attune_model *cand =
        candidates(prior, t, n, ngrams > 0 ? (size_t)ngrams : 0, norm_power, norm_min, &is_ng);
    match_all(cand, t, n, norm_power, norm_min);
    setup S = {cand, is_ng, lambda, lambda_ng};
    if (cv) {
        /* sources, in order of first appearance */
        const char *src[8];
        size_t ns = 0;
        for (size_t i = 0; i < n; i++) {
            size_t s = 0;
            while (s < ns && strcmp(src[s], t[i].source))
                s++;
            if (s == ns && ns < 8)
                src[ns++] = t[i].source;
        }
        tally hand[8], fit[8];
        memset(hand, 0, sizeof hand);
        memset(fit, 0, sizeof fit);
        for (int a = 0; a < 5; a++) {
            fitted f;
            fit_weights(&S, t, n, not_fold, a, -1, &f);
            fit_thresholds(&S, t, n, a, &f);
            attune_model *m = build(cand, &f);
            free(f.w);
            for (size_t i = 0; i < n; i++) {
                if ((int)t[i].fold != a)
                    continue;
                size_t s = 0;
                while (strcmp(src[s], t[i].source))
                    s++;
                evaluate(m, &t[i], &fit[s]);
                evaluate(prior, &t[i], &hand[s]);
            }
            attune_model_free(m);
            fprintf(stderr, "fold %d done\n", a);
        }
        printf("5-fold cross-validation grouped by question (CounselChat) and site (web)\n");
        for (size_t s = 0; s < ns; s++) {
            report(src[s], "fitted (held out)", prior, &fit[s], per_theme);
            report(src[s], "hand lexicon (prior)", prior, &hand[s], per_theme);
        }
    }
    if (out) {
        fitted f;
        fit_weights(&S, t, n, not_fold, -1, -1, &f);
        fit_thresholds(&S, t, n, -1, &f);
        attune_model *m = build(cand, &f);
        free(f.w);
        if (attune_model_save(m, out, &err))
            die(err.message);
        attune_model_free(m);
    }
    for (size_t i = 0; i < n; i++) {
        free(t[i].source);
        free(t[i].id);
        free(t[i].group);
        free(t[i].body);
        free(t[i].ev);
        free(t[i].fe);
        free(t[i].fv);
    }
    free(t);
    free(is_ng);
    attune_model_free(cand);
    attune_model_free(prior);
    return 0;
}
