/* The fitted content model (cmodel.h): features, score, smoothing. */
#include "cmodel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ATTUNE__CF_NAME(name) #name,
const char *const attune__cfeat_names[ATTUNE__CF_COUNT] = {ATTUNE__CFEATS(ATTUNE__CF_NAME)};
#define ATTUNE__CF_NAME(name) #name,
const char *const attune__ctx_names[ATTUNE__CX_COUNT] = {ATTUNE__CTX(ATTUNE__CF_NAME)};
#undef ATTUNE__CF_NAME

int32_t attune__cctx(const double *s, size_t n, double *c) {
    if (!n)
        return ATTUNE_OK;
    double *p = attune__alloc_array(n + 1, sizeof *p);
    if (!p)
        return ATTUNE_ENOMEM;
    p[0] = 0;
    for (size_t i = 0; i < n; i++)
        p[i + 1] = p[i] + s[i];
    for (size_t i = 0; i < n; i++) {
        double *f = c + i * ATTUNE__CX_COUNT;
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

int32_t attune__cfeatures(const char *src, const attune__unit *u, size_t n, float *x) {
    if (!n)
        return ATTUNE_OK;
    /* prefix sums: words (root), long, bullet, boilerplate */
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    double *p = attune__alloc_array(4 * (n + 1), sizeof *p);
    rep_slot *h = attune__calloc(slots, sizeof *h);
    if (!p || !h) {
        attune__free(p);
        attune__free(h);
        return ATTUNE_ENOMEM;
    }
    double *pw = p, *pl = p + (n + 1), *pb = p + 2 * (n + 1), *pc = p + 3 * (n + 1);
    pw[0] = pl[0] = pb[0] = pc[0] = 0;
    for (size_t i = 0; i < n; i++) {
        pw[i + 1] = pw[i] + root(u[i].words, 400);
        pl[i + 1] = pl[i] + is_long(&u[i]);
        pb[i + 1] = pb[i] + ((u[i].flags & ATTUNE__U_BULLET) != 0);
        pc[i + 1] = pc[i] + (u[i].kind == ATTUNE_BLOCK_BOILERPLATE);
        /* a unit left unhashed has no other of its body length (lines.c),
         * so the same text is the same hash and the same length */
        if (hashed(&u[i])) {
            rep_slot *t = rep_find(h, slots - 1, u[i].hash, u[i].end - u[i].body);
            t->hash = u[i].hash;
            t->len = u[i].end - u[i].body;
            t->count++;
        }
    }
    size_t first_long = n, last_long = n;
    for (size_t i = 0; i < n; i++)
        if (is_long(&u[i])) {
            if (first_long == n)
                first_long = i;
            last_long = i;
        }
    /* distance to the nearest long unit: forward and backward passes */
    double page_b = pb[n] / (double)n, page_l = pl[n] / (double)n;
    float page_n = root(n, 10000);
    size_t last = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        const attune__unit *v = &u[i];
        float *f = x + i * ATTUNE__CF_COUNT;
        memset(f, 0, ATTUNE__CF_COUNT * sizeof *f);
        uint32_t fl = v->flags;
        size_t bytes = v->end - v->start;
        ptrdiff_t k = (ptrdiff_t)i;
        double pw_ = v->pwords ? (double)v->pwords : 1.0;
        f[ATTUNE__CF_words] = (float)(pw[i + 1] - pw[i]);
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
            hashed(v) && rep_find(h, slots - 1, v->hash, v->end - v->body)->count > 1;
        f[ATTUNE__CF_w3_words] = (float)(window(pw, n, k - 3, k + 4) / 7.0);
        f[ATTUNE__CF_w5_long] = (float)(window(pl, n, k - 5, k + 6) / 11.0);
        f[ATTUNE__CF_w5_bullet] = (float)(window(pb, n, k - 5, k + 6) / 11.0);
        f[ATTUNE__CF_w10_long] = (float)(window(pl, n, k - 10, k + 11) / 21.0);
        f[ATTUNE__CF_prev_words] = (float)window(pw, n, k - 1, k);
        f[ATTUNE__CF_next_words] = (float)window(pw, n, k + 1, k + 2);
        f[ATTUNE__CF_prev_long] = (float)window(pl, n, k - 1, k);
        f[ATTUNE__CF_next_long] = (float)window(pl, n, k + 1, k + 2);
        f[ATTUNE__CF_prev_bullet] = (float)window(pb, n, k - 1, k);
        f[ATTUNE__CF_next_bullet] = (float)window(pb, n, k + 1, k + 2);
        f[ATTUNE__CF_page_bullets] = (float)page_b;
        f[ATTUNE__CF_page_long] = (float)page_l;
        f[ATTUNE__CF_page_units] = page_n;
        f[ATTUNE__CF_in_span] = first_long < n && i >= first_long && i <= last_long;
        f[ATTUNE__CF_before_span] = first_long == n || i < first_long;
        if (is_long(v))
            last = i;
        f[ATTUNE__CF_long_dist] = last == (size_t)-1 ? 8.0f : root((double)(i - last), 64);
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
        if (v->kind == ATTUNE_BLOCK_BOILERPLATE) {
            f[ATTUNE__CF_b_any] = 1;
            if (v->boiler >= ATTUNE_BOILER_CHROME && v->boiler <= ATTUNE_BOILER_DUPLICATE)
                f[ATTUNE__CF_b_chrome + v->boiler - ATTUNE_BOILER_CHROME] = 1;
        }
        f[ATTUNE__CF_w5_boiler] = (float)(window(pc, n, k - 5, k + 6) / 11.0);
        f[ATTUNE__CF_prev_boiler] = (float)window(pc, n, k - 1, k);
        f[ATTUNE__CF_next_boiler] = (float)window(pc, n, k + 1, k + 2);
    }
    /* the distance to the next long unit, where it is nearer */
    last = (size_t)-1;
    for (size_t i = n; i-- > 0;) {
        if (is_long(&u[i]))
            last = i;
        if (last != (size_t)-1) {
            float d = root((double)(last - i), 64);
            float *f = x + i * ATTUNE__CF_COUNT;
            if (d < f[ATTUNE__CF_long_dist])
                f[ATTUNE__CF_long_dist] = d;
        }
    }
    (void)src;
    attune__free(p);
    attune__free(h);
    return ATTUNE_OK;
}

int32_t attune__cmodel_decide(const attune__cmodel *m, const double *score, attune__unit *u,
                              size_t n) {
    size_t judged = 0;
    for (size_t i = 0; i < n; i++)
        judged += attune__cmodel_applies(&u[i]) != 0;
    if (!n || judged < (size_t)m->min_units)
        return ATTUNE_OK;
    uint8_t *keep = attune__malloc(n);
    uint8_t *back = attune__malloc(2 * n);
    if (!keep || !back) {
        attune__free(keep);
        attune__free(back);
        return ATTUNE_ENOMEM;
    }
    if (!m->smooth) {
        for (size_t i = 0; i < n; i++)
            keep[i] = score[i] > (u[i].kind == ATTUNE_BLOCK_BOILERPLATE ? m->hi : m->lo);
    } else {
        /* two states (0 boilerplate, 1 main); the emission of a unit is its
         * posterior over the prior (a hybrid HMM); units the model does not
         * judge emit nothing and only carry the state through */
        double lp1 = log(m->prior_main), lp0 = log(1.0 - m->prior_main);
        double t11 = m->stay_main, t10 = log1p(-exp(m->stay_main));
        double t00 = m->stay_boiler, t01 = log1p(-exp(m->stay_boiler));
        double v0 = 0, v1 = 0;
        for (size_t i = 0; i < n; i++) {
            double e0 = 0, e1 = 0;
            if (attune__cmodel_applies(&u[i])) {
                double s = score[i];
                /* log sigmoid(s), log sigmoid(-s), stably */
                double l1 = s > 0 ? -log1p(exp(-s)) : s - log1p(exp(s));
                double l0 = l1 - s;
                e1 = l1 - lp1;
                e0 = l0 - lp0;
            }
            double a0, a1;
            if (i == 0) {
                a0 = lp0 + e0;
                a1 = lp1 + e1;
                back[0] = back[1] = 0;
            } else {
                double from0 = v0 + t00, from1 = v1 + t10;
                back[2 * i] = from1 > from0;
                a0 = (from1 > from0 ? from1 : from0) + e0;
                from0 = v0 + t01;
                from1 = v1 + t11;
                back[2 * i + 1] = from1 > from0;
                a1 = (from1 > from0 ? from1 : from0) + e1;
            }
            v0 = a0;
            v1 = a1;
        }
        uint8_t st = v1 > v0;
        for (size_t i = n; i-- > 0;) {
            keep[i] = st;
            st = back[2 * i + st];
        }
    }
    /* a page the model would leave without main content keeps the
     * cascade's decisions: a page whose every line looks like boilerplate
     * (a bare list, a short note) is still the user's content */
    size_t kept = 0, had = 0;
    for (size_t i = 0; i < n; i++)
        if (attune__cmodel_applies(&u[i])) {
            kept += keep[i] != 0;
            had += u[i].kind != ATTUNE_BLOCK_BOILERPLATE;
        }
    for (size_t i = 0; i < n && (kept || !had); i++) {
        attune__unit *v = &u[i];
        if (!attune__cmodel_applies(v))
            continue;
        if (keep[i] && v->kind == ATTUNE_BLOCK_BOILERPLATE) {
            v->kind =
                (v->flags & ATTUNE__U_BULLET) ? ATTUNE_BLOCK_LIST_ITEM : ATTUNE_BLOCK_PARAGRAPH;
            v->boiler = ATTUNE_BOILER_NONE;
            v->level = 0;
        } else if (!keep[i] && v->kind != ATTUNE_BLOCK_BOILERPLATE) {
            v->kind = ATTUNE_BLOCK_BOILERPLATE;
            v->boiler = (int8_t)(v->cue > 0 ? v->cue : ATTUNE_BOILER_CHROME);
            v->level = 0;
        }
    }
    attune__free(keep);
    attune__free(back);
    return ATTUNE_OK;
}

int32_t attune__cmodel_stack(const attune__cmodel *m, double *score, const attune__unit *u,
                             size_t n) {
    /* the judged units in order, their first-pass scores, their contexts */
    size_t k = 0;
    double *s = attune__alloc_array(n, sizeof *s);
    double *c = attune__alloc_array(n, ATTUNE__CX_COUNT * sizeof *c);
    if (!s || !c) {
        attune__free(s);
        attune__free(c);
        return ATTUNE_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        if (attune__cmodel_applies(&u[i]))
            s[k++] = score[i];
    int32_t rc = attune__cctx(s, k, c);
    if (rc == ATTUNE_OK) {
        k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!attune__cmodel_applies(&u[i]))
                continue;
            double t = m->bias2;
            for (size_t j = 0; j < ATTUNE__CX_COUNT; j++)
                t += m->w2[j] * c[k * ATTUNE__CX_COUNT + j];
            score[i] = t;
            k++;
        }
    }
    attune__free(s);
    attune__free(c);
    return rc;
}

int32_t attune__cmodel_apply(const attune__cmodel *m, const char *src, attune__unit *u, size_t n) {
    if (!n)
        return ATTUNE_OK;
    float *x = attune__alloc_array(n, ATTUNE__CF_COUNT * sizeof *x);
    double *score = attune__alloc_array(n, sizeof *score);
    int32_t rc = x && score ? attune__cfeatures(src, u, n, x) : ATTUNE_ENOMEM;
    if (rc == ATTUNE_OK) {
        for (size_t i = 0; i < n; i++) {
            const float *f = x + i * ATTUNE__CF_COUNT;
            double s = m->bias;
            for (size_t j = 0; j < ATTUNE__CF_COUNT; j++)
                s += m->w[j] * f[j];
            score[i] = s;
        }
        if (m->stack)
            rc = attune__cmodel_stack(m, score, u, n);
        if (rc == ATTUNE_OK)
            rc = attune__cmodel_decide(m, score, u, n);
    }
    attune__free(x);
    attune__free(score);
    return rc;
}
