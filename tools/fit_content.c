/* attune-fit-content: fits the content model (src/content/cmodel.h) on
 * labeled pages, and cross-validates it grouped by site.
 *
 *   attune-fit-content [options] LABELS
 *     LABELS     TSV, one page a line: id, group, weight, path, labels (one
 *                character per line of the page: m main, b boilerplate, .
 *                none); scripts/content-fit/labels.py writes it
 *     --root DIR        paths in LABELS are relative to DIR (default: .)
 *     --out FILE        write the fitted model (models/content.model format)
 *     --cv K            K-fold cross-validation by group: refit on K-1 folds,
 *                       parse the held-out pages with that model and write
 *                       their main text (attune text) to --pred DIR/ID.txt
 *     --pred DIR        where --cv writes the held-out pages' main text (none
 *                       without it); --cv also chooses the band (cmodel.h)
 *                       that --out writes
 *     --stack 0|1       the second pass on the first pass's scores (default 1)
 *     --rules-pred DIR  also write every page's main text by the rule cascade
 *                       alone (no content model), the baseline
 *     --dump FILE       write the rows as fitted (page, fold by group mod 5,
 *                       label, weight, features) for experiments elsewhere
 *     --promote 0|1     whether the model may keep what the cascade dropped
 *                       (default 1; the band's hi is then fitted, else never)
 *     --l2 X            L2 penalty on the standardized weights (default 1)
 *
 * Deterministic: the same labels and pages give the same model, byte for
 * byte. Built from the library's own feature code (attune__cfeatures), so
 * what is fitted is what the parser computes. */
#define _POSIX_C_SOURCE 200809L
#include "content/cmodel.h"
#include "tsv.h"

#include <attune/attune.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


typedef struct page {
    char *id, *group, *path, *labels;
    double weight;
    size_t first, count; /* its rows */
    unsigned fold;
} page;

typedef struct rows {
    float *x;   /* n * ATTUNE__CF_COUNT */
    uint8_t *y; /* 1 main */
    double *w;
    size_t n, cap;
} rows;

/* Pages with fewer judged units keep the cascade's decisions (cmodel.h). */
#define MIN_UNITS 4

static void die(const char *what) {
    fprintf(stderr, "attune-fit-content: %s\n", what);
    exit(2);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t k;
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb)
                free(b);
            b = nb;
        }
    }
    fclose(f);
    *len = n;
    return b;
}

static uint32_t fnv(const char *s) {
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Units of a page after the rule cascade, as the parser sees them before
 * the content model decides. */
static int page_units(const char *src, size_t len, attune__units *us) {
    const attune__lex *lx = attune__lex_get();
    memset(us, 0, sizeof *us);
    if (attune__units_split(src, len, lx, us, 0) ||
        attune__units_classify(src, len, lx, us->u, us->n, 0, NULL))
        return -1;
    return 0;
}

static void add_page(page *p, const char *root, rows *r) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, p->path);
    size_t len;
    char *src = read_file(path, &len);
    if (!src) {
        fprintf(stderr, "attune-fit-content: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    attune__units us;
    if (page_units(src, len, &us))
        die("out of memory");
    float *x = malloc((us.n ? us.n : 1) * ATTUNE__CF_COUNT * sizeof *x);
    if (!x || attune__cfeatures(us.u, us.n, x))
        die("out of memory");
    size_t nl = strlen(p->labels);
    p->first = r->n;
    /* word-weighted, each page summing to its weight: the metric counts words */
    double words = 0;
    int *lab = malloc((us.n ? us.n : 1) * sizeof *lab);
    for (size_t i = 0; i < us.n; i++) {
        int m = 0, b = 0;
        for (size_t l = us.u[i].line_first; l <= us.u[i].line_last && l >= 1 && l <= nl; l++)
            m += p->labels[l - 1] == 'm', b += p->labels[l - 1] == 'b';
        lab[i] = !attune__cmodel_applies(&us.u[i]) ? -2 : (m == 0 && b == 0) ? -1 : m >= b;
        if (lab[i] >= 0)
            words += us.u[i].words + 1.0;
    }
    for (size_t i = 0; i < us.n; i++) {
        if (lab[i] == -2)
            continue; /* not judged by the model (titles) */
        if (r->n == r->cap) {
            r->cap = r->cap ? 2 * r->cap : 1 << 16;
            r->x = realloc(r->x, r->cap * ATTUNE__CF_COUNT * sizeof *r->x);
            r->y = realloc(r->y, r->cap);
            r->w = realloc(r->w, r->cap * sizeof *r->w);
            if (!r->x || !r->y || !r->w)
                die("out of memory");
        }
        memcpy(r->x + r->n * ATTUNE__CF_COUNT, x + i * ATTUNE__CF_COUNT,
               ATTUNE__CF_COUNT * sizeof *x);
        r->y[r->n] = (uint8_t)(lab[i] > 0);
        r->w[r->n] = lab[i] < 0 ? 0.0 : p->weight * 100.0 * (us.u[i].words + 1.0) / words;
        r->n++;
    }
    p->count = r->n - p->first;
    free(lab);
    free(x);
    attune__free(us.u);
    free(src);
}

/* Solves A z = b for symmetric positive definite A (d x d, destroyed). */
static void cholesky_solve(double *A, double *b, int d) {
    for (int j = 0; j < d; j++) {
        double s = A[j * d + j];
        for (int k = 0; k < j; k++)
            s -= A[j * d + k] * A[j * d + k];
        A[j * d + j] = sqrt(s > 1e-12 ? s : 1e-12);
        for (int i = j + 1; i < d; i++) {
            double t = A[i * d + j];
            for (int k = 0; k < j; k++)
                t -= A[i * d + k] * A[j * d + k];
            A[i * d + j] = t / A[j * d + j];
        }
    }
    for (int i = 0; i < d; i++) {
        double t = b[i];
        for (int k = 0; k < i; k++)
            t -= A[i * d + k] * b[k];
        b[i] = t / A[i * d + i];
    }
    for (int i = d - 1; i >= 0; i--) {
        double t = b[i];
        for (int k = i + 1; k < d; k++)
            t -= A[k * d + i] * b[k];
        b[i] = t / A[i * d + i];
    }
}

/* Weighted L2-regularized logistic regression by Newton's method on the
 * standardized columns of x (rows of pages whose fold != skip; skip -1: all;
 * rows of weight 0 are left out). Stores the weights of the raw columns in
 * w[0..F) and the bias in *bias. */
static void logreg(const page *pg, size_t np, const float *x, int F, const uint8_t *y,
                   const double *rw, int skip, double l2, double *w, double *bias) {
    /* (w: the raw columns' weights) */
    int Dn = F + 1;
    double *mean = calloc((size_t)F, sizeof *mean), *sd = calloc((size_t)F, sizeof *sd);
    double *beta = calloc((size_t)Dn, sizeof *beta), *g = calloc((size_t)Dn, sizeof *g);
    double *z = calloc((size_t)Dn, sizeof *z), *H = malloc(sizeof(double) * Dn * Dn);
    if (!mean || !sd || !beta || !g || !z || !H)
        die("out of memory");
    double tw = 0, pos = 0;
#define ROWS                                                                                       \
    for (size_t p = 0; p < np; p++)                                                                \
        if ((int)pg[p].fold != skip)                                                               \
            for (size_t i = pg[p].first; i < pg[p].first + pg[p].count; i++)                       \
                if (rw[i] > 0)
    ROWS {
        for (int j = 0; j < F; j++)
            mean[j] += rw[i] * x[i * F + j];
        tw += rw[i];
        pos += rw[i] * y[i];
    }
    for (int j = 0; j < F; j++)
        mean[j] /= tw;
    ROWS {
        for (int j = 0; j < F; j++) {
            double d = x[i * F + j] - mean[j];
            sd[j] += rw[i] * d * d;
        }
    }
    for (int j = 0; j < F; j++)
        sd[j] = sd[j] > 1e-12 * tw ? sqrt(sd[j] / tw) : 1.0;
    beta[F] = log(pos / (tw - pos));
    for (int it = 0; it < 30; it++) {
        memset(H, 0, sizeof(double) * Dn * Dn);
        memset(g, 0, sizeof(double) * Dn);
        ROWS {
            for (int j = 0; j < F; j++)
                z[j] = (x[i * F + j] - mean[j]) / sd[j];
            z[F] = 1.0;
            double s = 0;
            for (int j = 0; j < Dn; j++)
                s += beta[j] * z[j];
            double pr = 1.0 / (1.0 + exp(-s));
            double h = rw[i] * pr * (1 - pr), e = rw[i] * (y[i] - pr);
            for (int a = 0; a < Dn; a++) {
                g[a] += e * z[a];
                double ha = h * z[a];
                for (int b = 0; b <= a; b++)
                    H[a * Dn + b] += ha * z[b];
            }
        }
#undef ROWS
        for (int a = 0; a < Dn; a++)
            for (int b = 0; b < a; b++)
                H[b * Dn + a] = H[a * Dn + b];
        for (int j = 0; j < F; j++) {
            H[j * Dn + j] += l2;
            g[j] -= l2 * beta[j];
        }
        cholesky_solve(H, g, Dn);
        double step = 0;
        for (int j = 0; j < Dn; j++) {
            beta[j] += g[j];
            step = fmax(step, fabs(g[j]));
        }
        if (step < 1e-7)
            break;
    }
    *bias = beta[F];
    for (int j = 0; j < F; j++) {
        w[j] = beta[j] / sd[j];
        *bias -= beta[j] * mean[j] / sd[j];
    }
    free(mean);
    free(sd);
    free(beta);
    free(g);
    free(z);
    free(H);
}

static void round_model(attune__cmodel *m);

/* Fits the model on the rows of pages whose fold != skip (skip = -1: all):
 * the first pass, then (stack) the second on the first pass's scores. */
static void fit(const page *pg, size_t np, const rows *r, int skip, double l2, int stack,
                attune__cmodel *m) {
    const int F = ATTUNE__CF_COUNT;
    memset(m, 0, sizeof *m);
    double w1[ATTUNE__CF_COUNT];
    logreg(pg, np, r->x, F, r->y, r->w, skip, l2, w1, &m->bias);
    for (int j = 0; j < F; j++)
        m->w[j] = (float)w1[j];
    m->stack = stack;
    round_model(m);
    if (!stack)
        return;
    /* the second pass: context features of the first pass's scores */
    const int C = ATTUNE__CX_COUNT;
    float *cx = malloc(r->n * C * sizeof *cx + 1);
    double *s = malloc(r->n * sizeof *s + 1), *c = malloc(r->n * C * sizeof *c + 1);
    if (!cx || !s || !c)
        die("out of memory");
    for (size_t i = 0; i < r->n; i++) {
        s[i] = attune__cscore(m->w, m->bias, r->x + i * F);
    }
    for (size_t p = 0; p < np; p++) {
        if (attune__cctx(s + pg[p].first, pg[p].count, c + pg[p].first * C))
            die("out of memory");
    }
    for (size_t i = 0; i < r->n * C; i++)
        cx[i] = (float)c[i];
    logreg(pg, np, cx, C, r->y, r->w, skip, l2, m->w2, &m->bias2);
    free(cx);
    free(s);
    free(c);
}

/* Values are written with 6 significant digits: the compiled-in model is
 * this text, so fitting and parsing agree on every platform. */
static void round_model(attune__cmodel *m) {
    char b[64];
    for (int j = 0; j < ATTUNE__CF_COUNT; j++) {
        snprintf(b, sizeof b, "%.6g", (double)m->w[j]);
        m->w[j] = strtof(b, NULL);
    }
    for (int j = 0; j < ATTUNE__CX_COUNT; j++) {
        snprintf(b, sizeof b, "%.6g", m->w2[j]);
        m->w2[j] = strtod(b, NULL);
    }
    double *v[] = {&m->bias, &m->bias2, &m->lo, &m->hi};
    for (size_t k = 0; k < 4; k++) {
        snprintf(b, sizeof b, "%.6g", *v[k]);
        *v[k] = strtod(b, NULL);
    }
}

static void write_model(const attune__cmodel *m, const char *path, size_t np, size_t nrows) {
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write the model");
    fprintf(f, "attune-content-model 1\n");
    fprintf(f,
            "# Fitted by scripts/fit-models (tools/fit_content.c) on %zu labeled pages,\n"
            "# %zu units; do not edit by hand: refit. Format: models/README.md.\n",
            np, nrows);
    fprintf(f, "lo %.6g\nhi %.6g\nmin_units %d\n", m->lo, m->hi, m->min_units);
    fprintf(f, "bias %.6g\n", m->bias);
    for (int j = 0; j < ATTUNE__CF_COUNT; j++)
        fprintf(f, "w %s %.6g\n", attune__cfeat_names[j], (double)m->w[j]);
    fprintf(f, "stack %d\nbias2 %.6g\n", m->stack, m->bias2);
    for (int j = 0; j < ATTUNE__CX_COUNT; j++)
        fprintf(f, "w2 %s %.6g\n", attune__ctx_names[j], m->w2[j]);
    if (fclose(f))
        die("cannot write the model");
}

/* The model's final scores of the rows of page p (the parser's computation
 * on the stored features). */
static void page_scores(const page *p, const rows *r, const attune__cmodel *m, double *out) {
    const int F = ATTUNE__CF_COUNT, C = ATTUNE__CX_COUNT;
    for (size_t i = p->first; i < p->first + p->count; i++) {
        out[i] = attune__cscore(m->w, m->bias, r->x + i * F);
    }
    if (!m->stack || !p->count)
        return;
    double *c = malloc(p->count * C * sizeof *c);
    if (!c || attune__cctx(out + p->first, p->count, c))
        die("out of memory");
    for (size_t k = 0; k < p->count; k++) {
        double t = m->bias2;
        for (int j = 0; j < C; j++)
            t += m->w2[j] * c[k * C + j];
        out[p->first + k] = t;
    }
    free(c);
}

/* Chooses lo and hi (see cmodel.h) on held-out scores: the pair that gives
 * the best mean word-F1 of the labeled units over the pages. */
static void fit_band(const page *pg, size_t np, const rows *r, const double *oof, attune__cmodel *m,
                     int promote) {
    const int F = ATTUNE__CF_COUNT;
    double best = -1, blo = 0, bhi = 0;
    for (int a = -24; a <= 24; a++)
        for (int b = -24; b <= 25; b++) {
            /* b = 25: never promote (hi = 1e9) */
            double lo = a / 6.0, hi = b == 25 ? 1e9 : b / 6.0, sum = 0;
            size_t pages = 0;
            for (size_t p = 0; p < np; p++) {
                if (pg[p].count < (size_t)m->min_units)
                    continue;
                double tp = 0, fp = 0, fn = 0;
                for (size_t i = pg[p].first; i < pg[p].first + pg[p].count; i++) {
                    if (!(r->w[i] > 0))
                        continue;
                    int cascade_main = r->x[i * F + ATTUNE__CF_b_any] == 0;
                    int keep = oof[i] > (cascade_main ? lo : hi);
                    double w = r->w[i];
                    tp += keep && r->y[i] ? w : 0;
                    fp += keep && !r->y[i] ? w : 0;
                    fn += !keep && r->y[i] ? w : 0;
                }
                sum += tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;
                pages++;
            }
            if (!promote && b != 25)
                continue;
            if (pages && sum / pages > best + 1e-12) {
                best = sum / pages;
                blo = lo;
                bhi = hi;
            }
        }
    m->lo = blo;
    m->hi = bhi;
    fprintf(stderr, "band: lo %.3f hi %.3f (held-out unit word-F1 %.4f)\n", blo, bhi, best);
}

static void predict(const page *p, const char *root, const attune__cmodel *m, const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, p->path);
    size_t len;
    char *src = read_file(path, &len);
    attune_doc *doc = NULL;
    if (!src || attune__doc_parse_model(src, len, NULL, 0, m, &doc, NULL))
        die("cannot parse a page");
    char *out = NULL;
    size_t n = 0;
    if (attune_render_text(doc, NULL, &out, &n, NULL))
        die("cannot render a page");
    snprintf(path, sizeof path, "%s/%s.txt", dir, p->id);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(out, 1, n, f) != n || fclose(f))
        die("cannot write a prediction");
    attune_free(out);
    attune_doc_free(doc);
    free(src);
}

int main(int argc, char **argv) {
    const char *root = ".", *out = NULL, *pred = NULL, *rules = NULL, *dump = NULL;
    int cv = 0, stack = 1, promote = 1;
    double l2 = 1.0;
    static const struct option opts[] = {{"root", 1, 0, 'r'},
                                         {"out", 1, 0, 'o'},
                                         {"cv", 1, 0, 'k'},
                                         {"pred", 1, 0, 'p'},
                                         {"l2", 1, 0, 'l'},
                                         {"stack", 1, 0, 't'},
                                         {"promote", 1, 0, 'P'},
                                         {"rules-pred", 1, 0, 'R'},
                                         {"dump", 1, 0, 'D'},
                                         {"help", 0, 0, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': root = optarg; break;
        case 'o': out = optarg; break;
        case 'k': cv = atoi(optarg); break;
        case 'p': pred = optarg; break;
        case 'l': l2 = strtod(optarg, NULL); break;
        case 't': stack = atoi(optarg); break;
        case 'P': promote = atoi(optarg); break;
        case 'R': rules = optarg; break;
        case 'D': dump = optarg; break;
        default:
            fprintf(stderr, "usage: attune-fit-content [--root DIR] [--out MODEL] [--cv K --pred "
                            "DIR] [--stack 0|1] [--promote 0|1] [--l2 X] LABELS\n");
            return c == 'h' ? 0 : 2;
        }
    }
    if (optind + 1 != argc)
        die("one LABELS file expected (--help)");
    FILE *lf = fopen(argv[optind], "r");
    if (!lf)
        die("cannot open the labels file");
    page *pg = NULL;
    size_t np = 0, cap = 0;
    char *line = NULL, *f[5];
    size_t lcap = 0;
    int nf;
    while ((nf = tsv_next(lf, &line, &lcap, f, 5)) >= 0) {
        if (nf < 5)
            die("a labels line has fewer than 5 fields");
        if (np == cap) {
            cap = cap ? 2 * cap : 256;
            pg = realloc(pg, cap * sizeof *pg);
            if (!pg)
                die("out of memory");
        }
        page *p = &pg[np++];
        memset(p, 0, sizeof *p);
        p->id = strdup(f[0]);
        p->group = strdup(f[1]);
        p->weight = strtod(f[2], NULL);
        p->path = strdup(f[3]);
        p->labels = strdup(f[4]);
        p->fold = cv > 0 ? fnv(p->group) % (unsigned)cv : 0;
    }
    free(line);
    fclose(lf);
    rows r = {0};
    for (size_t p = 0; p < np; p++)
        add_page(&pg[p], root, &r);
    {
        /* how often the rule cascade's boilerplate kinds hold main text */
        double kw[16][2] = {{0}};
        for (size_t i = 0; i < r.n; i++) {
            const float *x = r.x + i * ATTUNE__CF_COUNT;
            int k = 0;
            for (int j = 0; j < 9; j++)
                if (x[ATTUNE__CF_b_chrome + j] > 0)
                    k = j + 1;
            if (x[ATTUNE__CF_b_any] == 0)
                k = 10;
            kw[k][r.y[i]] += r.w[i];
        }
        for (int k = 0; k <= 10; k++)
            if (kw[k][0] + kw[k][1] > 0)
                fprintf(stderr, "cascade %-12s weight %9.1f main %.3f\n",
                        k == 10 ? "content" : attune_boilerplate_name(k), kw[k][0] + kw[k][1],
                        kw[k][1] / (kw[k][0] + kw[k][1]));
    }
    attune__cmodel m, fm[64];
    double lo = 0, hi = 0;
    if (cv > 64)
        die("--cv: at most 64 folds");
    if (cv > 1) {
        /* held-out scores of every fold's model, for the band */
        double *oof = malloc((r.n + 1) * sizeof *oof);
        if (!oof)
            die("out of memory");
        for (int k = 0; k < cv; k++) {
            fit(pg, np, &r, k, l2, stack, &fm[k]);
            fm[k].min_units = MIN_UNITS;
            for (size_t p = 0; p < np; p++)
                if ((int)pg[p].fold == k)
                    page_scores(&pg[p], &r, &fm[k], oof);
        }
        m = fm[0];
        m.min_units = MIN_UNITS;
        fit_band(pg, np, &r, oof, &m, promote);
        lo = m.lo;
        hi = m.hi;
        free(oof);
        if (pred) {
            mkdir(pred, 0777);
            for (int k = 0; k < cv; k++) {
                fm[k].lo = lo;
                fm[k].hi = hi;
                size_t held = 0;
                for (size_t p = 0; p < np; p++)
                    if ((int)pg[p].fold == k) {
                        predict(&pg[p], root, &fm[k], pred);
                        held++;
                    }
                fprintf(stderr, "fold %d: %zu pages held out\n", k, held);
            }
        }
    }
    if (dump) {
        /* the rows as fitted: page, fold, label, weight, features (TSV) */
        FILE *df = fopen(dump, "w");
        if (!df)
            die("cannot write --dump");
        for (size_t p = 0; p < np; p++)
            for (size_t i = pg[p].first; i < pg[p].first + pg[p].count; i++) {
                fprintf(df, "%zu\t%u\t%u\t%.6g", p, fnv(pg[p].group) % 5, r.y[i], r.w[i]);
                for (int j = 0; j < ATTUNE__CF_COUNT; j++)
                    fprintf(df, "\t%.6g", (double)r.x[i * ATTUNE__CF_COUNT + j]);
                fprintf(df, "\n");
            }
        fclose(df);
    }
    if (rules) {
        mkdir(rules, 0777);
        for (size_t p = 0; p < np; p++)
            predict(&pg[p], root, NULL, rules);
    }
    if (out) {
        fit(pg, np, &r, -1, l2, stack, &m);
        m.lo = lo;
        m.hi = hi;
        m.min_units = MIN_UNITS;
        round_model(&m);
        write_model(&m, out, np, r.n);
    }
    for (size_t p = 0; p < np; p++) {
        free(pg[p].id);
        free(pg[p].group);
        free(pg[p].path);
        free(pg[p].labels);
    }
    free(pg);
    free(r.x);
    free(r.y);
    free(r.w);
    return 0;
}
