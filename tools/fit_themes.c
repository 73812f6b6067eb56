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
 *     --lambda X   strength of the pull toward the prior weights (default 2)
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
    uint32_t *fe; /* matched prior entries (with repeats) */
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
    char *line = NULL;
    size_t lcap = 0;
    ssize_t ll;
    while ((ll = getline(&line, &lcap, f)) > 0) {
        if (line[ll - 1] == '\n')
            line[--ll] = 0;
        char *c[7];
        char *s = line;
        for (int k = 0; k < 7; k++) {
            c[k] = s;
            s = k < 6 ? strchr(s, '\t') : NULL;
            if (k < 6 && !s)
                die("a data line has fewer than 7 fields");
            if (s)
                *s++ = 0;
        }
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
    }
    free(line);
    fclose(f);
    *count = n;
    return t;
}

/* The prior's phrase matches in every text (the library's matching). */
static void match_all(const attune_model *prior, text *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        attune_result *r = NULL;
        if (attune_classify_text(prior, t[i].body, t[i].len, NULL, &r, NULL))
            die("classification failed");
        t[i].nfe = r->nmatches;
        t[i].fe = xrealloc(NULL, r->nmatches * sizeof *t[i].fe);
        for (size_t k = 0; k < r->nmatches; k++)
            t[i].fe[k] = r->matches[k].entry;
        attune_result_free(r);
    }
}

typedef struct fitted {
    double *w; /* nentries * nlabels */
    double bias[MAXL], threshold[MAXL];
} fitted;

static double prior_w(const attune_model *m, uint32_t e, uint32_t l) {
    const attune__entry *en = &m->entries[e];
    double w = 0;
    for (uint32_t q = 0; q < en->wcount; q++)
        if (m->w[en->wfirst + q].label == l)
            w += m->w[en->wfirst + q].weight;
    return w;
}

/* Solves A z = b (A symmetric positive definite, d x d, destroyed). */
static void solve(double *A, double *b, size_t d) {
    for (size_t j = 0; j < d; j++) {
        double s = A[j * d + j];
        for (size_t k = 0; k < j; k++)
            s -= A[j * d + k] * A[j * d + k];
        A[j * d + j] = sqrt(s > 1e-12 ? s : 1e-12);
        for (size_t i = j + 1; i < d; i++) {
            double v = A[i * d + j];
            for (size_t k = 0; k < j; k++)
                v -= A[i * d + k] * A[j * d + k];
            A[i * d + j] = v / A[j * d + j];
        }
    }
    for (size_t i = 0; i < d; i++) {
        double v = b[i];
        for (size_t k = 0; k < i; k++)
            v -= A[i * d + k] * b[k];
        b[i] = v / A[i * d + i];
    }
    for (size_t i = d; i-- > 0;) {
        double v = b[i];
        for (size_t k = i + 1; k < d; k++)
            v -= A[k * d + i] * b[k];
        b[i] = v / A[i * d + i];
    }
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
        z += w[(size_t)t->fe[k] * m->nlabels + l];
    return z;
}

static void fit_weights(const attune_model *m, const text *t, size_t n, member in, int a, int b,
                        double lambda, fitted *out) {
    uint32_t L = m->nlabels, E = m->nentries;
    out->w = xrealloc(NULL, (size_t)E * L * sizeof *out->w);
    for (uint32_t e = 0; e < E; e++)
        for (uint32_t l = 0; l < L; l++)
            out->w[(size_t)e * L + l] = prior_w(m, e, l);
    /* free entries: seen in MIN_TEXTS training texts */
    uint32_t *seen = calloc(E, sizeof *seen), *mark = calloc(E, sizeof *mark);
    int32_t *col = malloc(E * sizeof *col);
    if (!seen || !mark || !col)
        die("out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!in(&t[i], a, b))
            continue;
        for (size_t k = 0; k < t[i].nfe; k++)
            if (mark[t[i].fe[k]] != i + 1) {
                mark[t[i].fe[k]] = (uint32_t)i + 1;
                seen[t[i].fe[k]]++;
            }
    }
    size_t p = 0;
    for (uint32_t e = 0; e < E; e++)
        col[e] = seen[e] >= MIN_TEXTS ? (int32_t)p++ : -1;
    size_t d = p + 1;
    double *H = malloc(d * d * sizeof *H), *g = malloc(d * sizeof *g), *x = calloc(d, sizeof *x);
    double *beta = malloc(d * sizeof *beta), *mu = malloc(d * sizeof *mu);
    int32_t *nz = malloc(d * sizeof *nz);
    if (!H || !g || !x || !beta || !mu || !nz)
        die("out of memory");
    for (uint32_t l = 0; l < L; l++) {
        for (uint32_t e = 0; e < E; e++)
            if (col[e] >= 0)
                mu[col[e]] = beta[col[e]] = out->w[(size_t)e * L + l];
        beta[p] = m->labels[l].bias;
        for (int it = 0; it < 8; it++) {
            memset(H, 0, d * d * sizeof *H);
            memset(g, 0, d * sizeof *g);
            for (size_t i = 0; i < n; i++) {
                if (!in(&t[i], a, b))
                    continue;
                /* sparse row: counts of the free entries, and the fixed rest */
                size_t nnz = 0;
                double z = beta[p];
                for (size_t k = 0; k < t[i].nfe; k++) {
                    int32_t c = col[t[i].fe[k]];
                    if (c < 0) {
                        z += out->w[(size_t)t[i].fe[k] * L + l];
                        continue;
                    }
                    if (x[c] == 0)
                        nz[nnz++] = c;
                    x[c] += 1;
                    z += beta[c];
                }
                nz[nnz++] = (int32_t)p;
                x[p] = 1;
                double pr = 1 / (1 + exp(-z)), y = (double)((t[i].gold >> l) & 1);
                double h = pr * (1 - pr);
                for (size_t u = 0; u < nnz; u++) {
                    g[nz[u]] += (y - pr) * x[nz[u]];
                    for (size_t v = 0; v < nnz; v++)
                        H[(size_t)nz[u] * d + nz[v]] += h * x[nz[u]] * x[nz[v]];
                }
                for (size_t u = 0; u < nnz; u++)
                    x[nz[u]] = 0;
            }
            for (size_t c = 0; c < p; c++) {
                H[c * d + c] += lambda;
                g[c] -= lambda * (beta[c] - mu[c]);
            }
            H[p * d + p] += 1e-6;
            solve(H, g, d);
            double step = 0;
            for (size_t c = 0; c < d; c++) {
                beta[c] += g[c];
                step = fmax(step, fabs(g[c]));
            }
            if (step < 1e-6)
                break;
        }
        for (uint32_t e = 0; e < E; e++)
            if (col[e] >= 0)
                out->w[(size_t)e * L + l] = round(beta[col[e]] * 1e4) / 1e4;
        out->bias[l] = round(beta[p] * 1e4) / 1e4;
        out->threshold[l] = m->labels[l].threshold;
    }
    free(H);
    free(g);
    free(x);
    free(beta);
    free(mu);
    free(nz);
    free(seen);
    free(mark);
    free(col);
}

/* F1-best threshold of each label on held-out scores (grid of 0.05). */
static void fit_thresholds(const attune_model *m, const text *t, size_t n, int a, double lambda,
                           fitted *out) {
    uint32_t L = m->nlabels;
    double *sc = malloc((n + 1) * L * sizeof *sc);
    if (!sc)
        die("out of memory");
    for (int b = 0; b < 3; b++) {
        fitted f;
        fit_weights(m, t, n, not_fold, a, b, lambda, &f);
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
        size_t k = 0;
        for (uint32_t j = 0; j < en->len; j++) {
            const char *st = prior->stems[prior->tok[en->first + j]];
            size_t sl = strlen(st);
            if (k + sl + 2 > sizeof buf)
                die("phrase too long");
            if (j)
                buf[k++] = ' ';
            memcpy(buf + k, st, sl);
            k += sl;
        }
        if (en->negation) {
            if (attune__model_add_entry(m, buf, k, ATTUNE__NEGATION, 0))
                die("cannot add a negation cue");
            continue;
        }
        int any = 0;
        for (uint32_t l = 0; l < prior->nlabels; l++) {
            double w = f->w[(size_t)e * prior->nlabels + l];
            if (fabs(w) < 1e-3)
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

/* ---- evaluation ---- */
typedef struct tally {
    double tp[MAXL], fp[MAXL], fn[MAXL];
    double ev_in, ev_all, sent_hit, sent_all;
} tally;

static void evaluate(const attune_model *m, const text *t, tally *ta) {
    attune_result *r = NULL;
    if (attune_classify_text(m, t->body, t->len, NULL, &r, NULL))
        die("classification failed");
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
    double lambda = 2.0;
    static const struct option opts[] = {{"prior", 1, 0, 'p'},  {"out", 1, 0, 'o'},
                                         {"cv", 0, 0, 'c'},     {"lambda", 1, 0, 'l'},
                                         {"brief", 0, 0, 'b'},  {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': prior_path = optarg; break;
        case 'o': out = optarg; break;
        case 'c': cv = 1; break;
        case 'l': lambda = strtod(optarg, NULL); break;
        case 'b': per_theme = 0; break;
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
    match_all(prior, t, n);
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
            fit_weights(prior, t, n, not_fold, a, -1, lambda, &f);
            fit_thresholds(prior, t, n, a, lambda, &f);
            attune_model *m = build(prior, &f);
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
        fit_weights(prior, t, n, not_fold, -1, -1, lambda, &f);
        fit_thresholds(prior, t, n, -1, lambda, &f);
        attune_model *m = build(prior, &f);
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
    }
    free(t);
    attune_model_free(prior);
    return 0;
}
