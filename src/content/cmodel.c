/* The fitted content model (cmodel.h): features, scores, decision. */
#include "cmodel.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ATTUNE__CF_NAME(name) #name,
const char *const attune__cfeat_names[ATTUNE__CF_COUNT] = {ATTUNE__CFEATS(ATTUNE__CF_NAME)};
#define ATTUNE__CF_NAME(name) #name,
const char *const attune__ctx_names[ATTUNE__CX_COUNT] = {ATTUNE__CTX(ATTUNE__CF_NAME)};
#undef ATTUNE__CF_NAME

/* The context features of score i of s[0..n), p its prefix sums. */
static void cctx_unit(const double *s, const double *p, size_t n, size_t i, double *f) {
    ptrdiff_t k = (ptrdiff_t)i;
    static const int half[3] = {1, 3, 10};
    for (int w = 0; w < 3; w++) {
        ptrdiff_t a = k - half[w], b = k + half[w] + 1;
        if (a < 0)
            a = 0;
        if (b > (ptrdiff_t)n)
            b = (ptrdiff_t)n;
        f[ATTUNE__CX_m1 + w] = (p[b] - p[a]) / (double)(b - a);
    }
    double hi = s[i], lo = s[i];
    for (ptrdiff_t j = k - 2; j <= k + 2; j++)
        if (j >= 0 && j < (ptrdiff_t)n) {
            hi = s[j] > hi ? s[j] : hi;
            lo = s[j] < lo ? s[j] : lo;
        }
    f[ATTUNE__CX_s] = s[i];
    f[ATTUNE__CX_max2] = hi;
    f[ATTUNE__CX_min2] = lo;
    f[ATTUNE__CX_prev] = i ? s[i - 1] : 0.0;
    f[ATTUNE__CX_next] = i + 1 < n ? s[i + 1] : 0.0;
    f[ATTUNE__CX_page] = p[n] / (double)n;
}

static void prefix(const double *s, size_t n, double *p) {
    p[0] = 0;
    for (size_t i = 0; i < n; i++)
        p[i + 1] = p[i] + s[i];
}

int32_t attune__cctx(const double *s, size_t n, double *c) {
    if (!n)
        return ATTUNE_OK;
    double *p = attune__alloc_array(n + 1, sizeof *p);
    if (!p)
        return ATTUNE_ENOMEM;
    prefix(s, n, p);
    for (size_t i = 0; i < n; i++)
        cctx_unit(s, p, n, i, c + i * ATTUNE__CX_COUNT);
    attune__free(p);
    return ATTUNE_OK;
}

int attune__cmodel_applies(const attune__unit *u) {
    return u->kind != ATTUNE_BLOCK_TITLE && u->kind != ATTUNE_BLOCK_SUMMARY && u->end > u->start;
}

/* "Long": running text by its shape alone, in any language. */
static int is_long(const attune__unit *u) {
    return u->words >= 25 && (u->flags & (ATTUNE__U_TERMINAL | ATTUNE__U_QUESTION));
}

/* A count of units per (hash, body length): open addressing in `slots`
 * (a power of two, at least twice the units). */
typedef struct rep_slot {
    uint64_t hash;
    size_t len;
    uint32_t count;
} rep_slot;

static rep_slot *rep_find(rep_slot *t, size_t mask, uint64_t hash, size_t len) {
    size_t k = (size_t)(hash ^ (hash >> 29) ^ len * 0x9E3779B97F4A7C15ull) & mask;
    while (t[k].count && (t[k].hash != hash || t[k].len != len))
        k = (k + 1) & mask;
    return &t[k];
}

static int hashed(const attune__unit *u) { return u->hash && !(u->flags & ATTUNE__U_NOHASH); }

/* Shape of a count as a feature: sqrt, capped (cheaper than a logarithm). */
static float root(double v, double cap) { return (float)sqrt(v < cap ? v : cap); }

/* Sum of v[a..b) of a prefix-sum array p (p[i] = v[0] + ... + v[i-1]),
 * a and b clamped to [0, n]. */
static double window(const double *p, size_t n, ptrdiff_t a, ptrdiff_t b) {
    if (a < 0)
        a = 0;
    if (b > (ptrdiff_t)n)
        b = (ptrdiff_t)n;
    return b > a ? p[b] - p[a] : 0.0;
}

/* What the features of one page's units are computed from: prefix sums
 * over the units (root of words, long, bullet, boilerplate), the repeated
 * texts, and each unit's distance to the nearest long unit (capped at 64). */
typedef struct cf_page {
    const attune__unit *u;
    size_t n;
    double *pw, *pl, *pb, *pc;
    uint8_t *near;
    rep_slot *h;
    size_t slots;
    size_t first_long, last_long;
    float page_b, page_l, page_n;
} cf_page;

static void cf_page_free(cf_page *g) { attune__free(g->h); }

static int32_t cf_page_init(cf_page *g, const attune__unit *u, size_t n) {
    memset(g, 0, sizeof *g);
    g->u = u;
    g->n = n;
    g->slots = 16;
    while (g->slots < 2 * n)
        g->slots *= 2;
    /* one block: the hash table (zeroed), four prefix sums of n + 1, then
     * the distances */
    size_t table = g->slots * sizeof *g->h;
    g->h = attune__malloc(table + 4 * (n + 1) * sizeof(double) + n + 1);
    if (!g->h)
        return ATTUNE_ENOMEM;
    memset(g->h, 0, table);
    g->pw = (double *)(g->h + g->slots);
    g->pl = g->pw + (n + 1);
    g->pb = g->pl + (n + 1);
    g->pc = g->pb + (n + 1);
    g->near = (uint8_t *)(g->pc + (n + 1));
    g->pw[0] = g->pl[0] = g->pb[0] = g->pc[0] = 0;
    g->first_long = g->last_long = n;
    size_t last = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        int lg = is_long(&u[i]);
        g->pw[i + 1] = g->pw[i] + root(u[i].words, 400);
        g->pl[i + 1] = g->pl[i] + lg;
        g->pb[i + 1] = g->pb[i] + ((u[i].flags & ATTUNE__U_BULLET) != 0);
        g->pc[i + 1] = g->pc[i] + (u[i].kind == ATTUNE_BLOCK_BOILERPLATE);
        /* a unit left unhashed has no other of its body length (lines.c),
         * so the same text is the same hash and the same length */
        if (hashed(&u[i])) {
            rep_slot *t = rep_find(g->h, g->slots - 1, u[i].hash, u[i].end - u[i].body);
            t->hash = u[i].hash;
            t->len = u[i].end - u[i].body;
            t->count++;
        }
        if (lg) {
            if (g->first_long == n)
                g->first_long = i;
            g->last_long = i;
            last = i;
        }
        g->near[i] = (uint8_t)(last == (size_t)-1 || i - last > 64 ? 64 : i - last);
    }
    last = (size_t)-1;
    for (size_t i = n; i-- > 0;) {
        if (is_long(&u[i]))
            last = i;
        if (last != (size_t)-1 && last - i < g->near[i])
            g->near[i] = (uint8_t)(last - i);
    }
    g->page_b = (float)(g->pb[n] / (double)n);
    g->page_l = (float)(g->pl[n] / (double)n);
    g->page_n = root(n, 10000);
    return ATTUNE_OK;
}

/* The features of unit i into f[0, ATTUNE__CF_COUNT). */
static void cf_unit(const cf_page *g, size_t i, float *f) {
    assert(i < g->n);
    const attune__unit *v = &g->u[i];
    size_t n = g->n;
    uint32_t fl = v->flags;
    size_t bytes = v->end - v->start;
    ptrdiff_t k = (ptrdiff_t)i;
    double pw_ = v->pwords ? (double)v->pwords : 1.0;
    f[ATTUNE__CF_words] = (float)(g->pw[i + 1] - g->pw[i]);
    f[ATTUNE__CF_bytes] = root(bytes, 4000);
    f[ATTUNE__CF_sentences] = root(v->sentences, 100);
    f[ATTUNE__CF_bytes_per_word] =
        (float)(v->words ? fmin((double)bytes / v->words, 30.0) / 10.0 : 3.0);
    f[ATTUNE__CF_terminal] = (fl & ATTUNE__U_TERMINAL) != 0;
    f[ATTUNE__CF_question] = (fl & ATTUNE__U_QUESTION) != 0;
    f[ATTUNE__CF_colon] = (fl & ATTUNE__U_COLON) != 0;
    f[ATTUNE__CF_bullet] = (fl & ATTUNE__U_BULLET) != 0;
    f[ATTUNE__CF_numbered] = (fl & ATTUNE__U_NUMBERED) != 0;
    f[ATTUNE__CF_quote] = (fl & ATTUNE__U_QUOTE) != 0;
    f[ATTUNE__CF_caps] = (float)(v->caps / pw_);
    f[ATTUNE__CF_long] = (float)is_long(v);
    f[ATTUNE__CF_pos] = (float)((double)i / (double)n);
    f[ATTUNE__CF_pos2] = f[ATTUNE__CF_pos] * f[ATTUNE__CF_pos];
    f[ATTUNE__CF_repeated] =
        hashed(v) && rep_find(g->h, g->slots - 1, v->hash, v->end - v->body)->count > 1;
    /* (window means as products: the same in the fitting tool and here) */
    f[ATTUNE__CF_w3_words] = (float)(window(g->pw, n, k - 3, k + 4) * (1.0 / 7));
    f[ATTUNE__CF_w5_long] = (float)(window(g->pl, n, k - 5, k + 6) * (1.0 / 11));
    f[ATTUNE__CF_w5_bullet] = (float)(window(g->pb, n, k - 5, k + 6) * (1.0 / 11));
    f[ATTUNE__CF_w10_long] = (float)(window(g->pl, n, k - 10, k + 11) * (1.0 / 21));
    f[ATTUNE__CF_prev_words] = (float)window(g->pw, n, k - 1, k);
    f[ATTUNE__CF_next_words] = (float)window(g->pw, n, k + 1, k + 2);
    f[ATTUNE__CF_prev_long] = (float)window(g->pl, n, k - 1, k);
    f[ATTUNE__CF_next_long] = (float)window(g->pl, n, k + 1, k + 2);
    f[ATTUNE__CF_prev_bullet] = (float)window(g->pb, n, k - 1, k);
    f[ATTUNE__CF_next_bullet] = (float)window(g->pb, n, k + 1, k + 2);
    f[ATTUNE__CF_page_bullets] = g->page_b;
    f[ATTUNE__CF_page_long] = g->page_l;
    f[ATTUNE__CF_page_units] = g->page_n;
    f[ATTUNE__CF_in_span] = g->first_long < n && i >= g->first_long && i <= g->last_long;
    f[ATTUNE__CF_before_span] = g->first_long == n || i < g->first_long;
    f[ATTUNE__CF_long_dist] = sqrtf((float)g->near[i]);
    f[ATTUNE__CF_stop] = (float)(v->stop / pw_);
    f[ATTUNE__CF_prose] = (fl & ATTUNE__U_PROSE) != 0;
    f[ATTUNE__CF_kv] = (fl & ATTUNE__U_KV) != 0;
    f[ATTUNE__CF_label] = (fl & ATTUNE__U_LABEL) != 0;
    f[ATTUNE__CF_headish] = (fl & ATTUNE__U_HEADISH) != 0;
    f[ATTUNE__CF_header] = (fl & ATTUNE__U_HEADER) != 0;
    f[ATTUNE__CF_counter] = (fl & ATTUNE__U_COUNTER) != 0;
    f[ATTUNE__CF_byline] = (fl & ATTUNE__U_BYLINE) != 0;
    f[ATTUNE__CF_date] = (fl & ATTUNE__U_DATE) != 0;
    f[ATTUNE__CF_says] = (fl & ATTUNE__U_SAYS) != 0;
    f[ATTUNE__CF_cred] = (fl & ATTUNE__U_CRED) != 0;
    f[ATTUNE__CF_cue_label] = (fl & ATTUNE__U_CUE_LABEL) != 0;
    f[ATTUNE__CF_thread] = (fl & ATTUNE__U_THREAD) != 0;
    f[ATTUNE__CF_lorem] = (fl & ATTUNE__U_LOREM) != 0;
    f[ATTUNE__CF_cue] = v->cue > 0;
    f[ATTUNE__CF_cue_cov] = (float)(v->cue_cov / pw_);
    f[ATTUNE__CF_k_title] = v->kind == ATTUNE_BLOCK_TITLE;
    f[ATTUNE__CF_k_heading] = v->kind == ATTUNE_BLOCK_HEADING;
    f[ATTUNE__CF_k_item] = v->kind == ATTUNE_BLOCK_LIST_ITEM;
    f[ATTUNE__CF_k_quote] = v->kind == ATTUNE_BLOCK_QUOTE;
    int boiler = v->kind == ATTUNE_BLOCK_BOILERPLATE;
    f[ATTUNE__CF_b_any] = (float)boiler;
    memset(&f[ATTUNE__CF_b_chrome], 0,
           (ATTUNE__CF_b_duplicate - ATTUNE__CF_b_chrome + 1) * sizeof *f);
    if (boiler && v->boiler >= ATTUNE_BOILER_CHROME && v->boiler <= ATTUNE_BOILER_DUPLICATE)
        f[ATTUNE__CF_b_chrome + v->boiler - ATTUNE_BOILER_CHROME] = 1;
    f[ATTUNE__CF_w5_boiler] = (float)(window(g->pc, n, k - 5, k + 6) * (1.0 / 11));
    f[ATTUNE__CF_prev_boiler] = (float)window(g->pc, n, k - 1, k);
    f[ATTUNE__CF_next_boiler] = (float)window(g->pc, n, k + 1, k + 2);
}

int32_t attune__cfeatures(const attune__unit *u, size_t n, float *x) {
    if (!n)
        return ATTUNE_OK;
    cf_page g;
    if (cf_page_init(&g, u, n))
        return ATTUNE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        cf_unit(&g, i, x + i * ATTUNE__CF_COUNT);
    cf_page_free(&g);
    return ATTUNE_OK;
}

/* Whether the model keeps unit v of final score s as main content: above
 * the band's lo when the cascade kept it, above hi when it dropped it. */
static int keeps(const attune__cmodel *m, const attune__unit *v, double s) {
    return s > (v->kind == ATTUNE_BLOCK_BOILERPLATE ? m->hi : m->lo);
}

/* Decides main / boilerplate from the final scores (see cmodel.h). */
static void decide(const attune__cmodel *m, const double *score, attune__unit *u, size_t n) {
    size_t judged = 0, kept = 0, had = 0;
    for (size_t i = 0; i < n; i++)
        if (attune__cmodel_applies(&u[i])) {
            judged++;
            kept += keeps(m, &u[i], score[i]);
            had += u[i].kind != ATTUNE_BLOCK_BOILERPLATE;
        }
    /* a short page, or one the model would leave without main content,
     * keeps the cascade's decisions: a page whose every line looks like
     * boilerplate (a bare list, a short note) is still the user's content */
    if (judged < (size_t)m->min_units || (!kept && had))
        return;
    for (size_t i = 0; i < n; i++) {
        attune__unit *v = &u[i];
        if (!attune__cmodel_applies(v))
            continue;
        int keep = keeps(m, v, score[i]);
        if (keep && v->kind == ATTUNE_BLOCK_BOILERPLATE) {
            v->kind =
                (v->flags & ATTUNE__U_BULLET) ? ATTUNE_BLOCK_LIST_ITEM : ATTUNE_BLOCK_PARAGRAPH;
            v->boiler = ATTUNE_BOILER_NONE;
            v->level = 0;
        } else if (!keep && v->kind != ATTUNE_BLOCK_BOILERPLATE) {
            v->kind = ATTUNE_BLOCK_BOILERPLATE;
            v->boiler = (int8_t)(v->cue > 0 ? v->cue : ATTUNE_BOILER_CHROME);
            v->level = 0;
        }
    }
}

/* Replaces the first-pass scores of the judged units by the second pass's
 * (ATTUNE__CTX). Returns ATTUNE_OK or ATTUNE_ENOMEM. */
static int32_t stack(const attune__cmodel *m, double *score, const attune__unit *u, size_t n) {
    /* the judged units' first-pass scores in order, and their prefix sums */
    double *s = attune__alloc_array(2 * n + 1, sizeof *s);
    if (!s)
        return ATTUNE_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (attune__cmodel_applies(&u[i]))
            s[k++] = score[i];
    double *p = s + n;
    prefix(s, k, p);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (!attune__cmodel_applies(&u[i]))
            continue;
        double c[ATTUNE__CX_COUNT], t = m->bias2;
        cctx_unit(s, p, k, j++, c);
        for (size_t q = 0; q < ATTUNE__CX_COUNT; q++)
            t += m->w2[q] * c[q];
        score[i] = t;
    }
    attune__free(s);
    return ATTUNE_OK;
}

int32_t attune__cmodel_apply(const attune__cmodel *m, attune__unit *u, size_t n) {
    if (!n)
        return ATTUNE_OK;
    cf_page g;
    double *score = attune__alloc_array(n, sizeof *score);
    if (!score || cf_page_init(&g, u, n)) {
        attune__free(score);
        return ATTUNE_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        float f[ATTUNE__CF_COUNT];
        cf_unit(&g, i, f);
        score[i] = attune__cscore(m->w, m->bias, f);
    }
    cf_page_free(&g);
    int32_t rc = m->stack ? stack(m, score, u, n) : ATTUNE_OK;
    if (rc == ATTUNE_OK)
        decide(m, score, u, n);
    attune__free(score);
    return rc;
}
