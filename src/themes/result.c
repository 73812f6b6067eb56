/* attune_result: building (units, sums -> scores, evidence and ranking
 * indexes) and the public accessors. */
#include "themes/themes_internal.h"

#include <math.h>
#include <string.h>

int32_t attune__result_new(const attune_model *m, attune_result **out) {
    attune_result *r = attune__calloc(1, sizeof *r);
    *out = r;
    if (!r)
        return ATTUNE_ENOMEM;
    r->model = m;
    r->nlabels = m->nlabels;
    return ATTUNE_OK;
}

void attune_result_free(attune_result *r) {
    if (!r)
        return;
    attune__free(r->units);
    attune__free(r->sums);
    attune__free(r->matches);
    /* two blocks: rank_off with ev_lab and present, ev with rank (finish) */
    attune__free(r->rank_off);
    attune__free(r->ev);
    attune__free(r);
}

/* Makes room for cap units; the sums rows of the units not added yet are
 * zero. */
static int32_t reserve_units(attune_result *r, size_t cap) {
    attune__runit *nu = attune__realloc_array(r->units, cap, sizeof *nu);
    if (!nu)
        return ATTUNE_ENOMEM;
    r->units = nu;
    if (cap > SIZE_MAX / (r->nlabels ? r->nlabels : 1) - 1)
        return ATTUNE_ENOMEM;
    double *ns = attune__realloc_array(r->sums, cap * r->nlabels + 1, sizeof *ns);
    if (!ns)
        return ATTUNE_ENOMEM;
    r->sums = ns;
    memset(ns + r->units_cap * r->nlabels, 0, (cap - r->units_cap) * r->nlabels * sizeof *ns);
    r->units_cap = cap;
    return ATTUNE_OK;
}

int32_t attune__result_reserve(attune_result *r, size_t units) {
    return units > r->units_cap ? reserve_units(r, units) : ATTUNE_OK;
}

int32_t attune__result_add_unit(attune_result *r, int32_t kind, const attune_block *b, size_t *u) {
    if (r->nunits == r->units_cap && reserve_units(r, r->units_cap ? r->units_cap * 2 : 8))
        return ATTUNE_ENOMEM;
    r->units[r->nunits] = (attune__runit){.kind = kind,
                                          .block = b,
                                          .start = 1,
                                          .end = 0,
                                          .from0 = SIZE_MAX,
                                          .m0 = SIZE_MAX,
                                          .heading = ""};
    *u = r->nunits++;
    return ATTUNE_OK;
}

void attune__result_cover(attune_result *r, size_t to, size_t from) {
    attune__runit *t = &r->units[to], *f = &r->units[from];
    t->words += f->words;
    if (f->m0 != SIZE_MAX) {
        if (t->m0 == SIZE_MAX)
            t->m0 = f->m0;
        if (f->m1 > t->m1)
            t->m1 = f->m1;
    }
    if (t->from0 == SIZE_MAX)
        t->from0 = from;
    t->from1 = from + 1;
}

void attune__result_merge(attune_result *r, size_t to, size_t from) {
    /* distinct units: the rows do not overlap (lets the loop be vectorized) */
    double *restrict ts = r->sums + to * r->nlabels;
    const double *restrict fs = r->sums + from * r->nlabels;
    for (uint32_t l = 0; l < r->nlabels; l++)
        ts[l] += fs[l];
    attune__result_cover(r, to, from);
}

/* The evidence index: for each label, the matches with a positive weight
 * for it, in match order, at ev[ev_lab[l]..ev_lab[l + 1]). A unit's matches
 * are the range [m0, m1) of the match list, so its evidence for a label is
 * the part of that label's list between m0 and m1 (found by binary search
 * when read): one list per label serves the document, its sections and its
 * blocks. count_evidence sets ev_lab (room for L + 1 offsets), then
 * fill_evidence fills ev. */
static void count_evidence(attune_result *r) {
    const attune_model *m = r->model;
    size_t L = r->nlabels, M = r->nmatches;
    memset(r->ev_lab, 0, (L + 1) * sizeof *r->ev_lab);
    size_t *cnt = r->ev_lab + 1;
    for (size_t k = 0; k < M; k++) {
        uint32_t e = r->matches[k].entry;
        for (uint32_t q = m->pos_off[e]; q < m->pos_off[e + 1]; q++)
            cnt[m->pos_label[q]]++;
    }
    for (size_t l = 0; l < L; l++)
        r->ev_lab[l + 1] += r->ev_lab[l];
}

/* Fills ev (room for ev_lab[L] entries) from the counts; fill has room
 * for L offsets. */
static void fill_evidence(attune_result *r, size_t *fill) {
    const attune_model *m = r->model;
    size_t L = r->nlabels, M = r->nmatches;
    memcpy(fill, r->ev_lab, L * sizeof *fill);
    for (size_t k = 0; k < M; k++) {
        uint32_t e = r->matches[k].entry;
        for (uint32_t q = m->pos_off[e]; q < m->pos_off[e + 1]; q++)
            r->ev[fill[m->pos_label[q]]++] = (uint32_t)k;
    }
}

/* Where label l's evidence for matches from index p on starts in ev. */
static size_t ev_lower(const attune_result *r, size_t l, size_t p) {
    size_t lo = r->ev_lab[l], hi = r->ev_lab[l + 1];
    if (p == 0 || lo == hi)
        return lo;
    if (p >= r->nmatches)
        return hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->ev[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Scores are kept as their logits x (score = 1 / (1 + exp(-x)), computed
 * when read: most are never read, and presence and ranking rarely need
 * them, see below). */
static double score_of(double x) { return 1.0 / (1.0 + exp(-x)); }

/* Whether score_of(x) >= the label's threshold: x decides away from the
 * threshold's logit, the score near it (see attune__label). */
static inline bool is_present(const attune__label *lb, double x) {
    if (x > lb->x_present)
        return true;
    if (x < lb->x_absent)
        return false;
    return score_of(x) >= lb->threshold;
}

/* Whether score_of(a) < score_of(b). The score rises with x, by more than
 * the rounding of a double over 1e-6 of x from any x up to 19; past that
 * (scores near 1) or closer, the scores are compared. */
static bool score_less(double a, double b) {
    if (a == b)
        return false;
    if (a < b && a <= 19.0 && b - a > 1e-6)
        return true;
    if (b < a && b <= 19.0 && a - b > 1e-6)
        return false;
    return score_of(a) < score_of(b);
}

/* The logit of a label from a unit's weight sum S and its norm: a zero sum
 * (nothing in the unit spoke to the theme) leaves the label's bias. */
static inline double label_x(const attune__label *lb, double S, double norm) {
    return S == 0.0 ? lb->bias : lb->bias + S / norm;
}

/* Block units, most of a result's units, keep their raw sums: their logits,
 * presence and ranking are computed when read (few callers read every
 * block). attune__result_finish settles the document and the sections,
 * whose rows hold logits, presence and rankings. */
static inline bool lazy_unit(const attune_result *r, size_t u) {
    return r->units[u].kind == ATTUNE_UNIT_BLOCK;
}

/* The logit of label l in unit u. */
static double unit_x(const attune_result *r, size_t u, size_t l) {
    double v = r->sums[u * r->nlabels + l];
    if (!lazy_unit(r, u))
        return v;
    return label_x(&r->model->labels[l], v, attune__model_norm(r->model, r->units[u].words));
}

static bool unit_present(const attune_result *r, size_t u, size_t l) {
    if (!lazy_unit(r, u))
        return r->present[u * r->nlabels + l];
    return is_present(&r->model->labels[l], unit_x(r, u, l));
}

/* Ranks the present labels of a row of L logits: by score, highest first,
 * in label order among equal scores, into out (insertion sort: few are
 * present). Returns their count. */
static size_t rank_row(const double *x, const uint8_t *present, size_t L, uint32_t *out) {
    size_t n = 0;
    for (size_t l = 0; l < L; l++) {
        if (!present[l])
            continue;
        size_t i = n;
        while (i > 0 && score_less(x[out[i - 1]], x[l])) {
            out[i] = out[i - 1];
            i--;
        }
        out[i] = (uint32_t)l;
        n++;
    }
    return n;
}

int32_t attune__result_finish(attune_result *r) {
    const attune_model *m = r->model;
    const attune__label *lab = m->labels;
    size_t L = r->nlabels, U = r->nunits;
    /* one block for the offsets (rank_off: U + 1, ev_lab: L + 1, the
     * evidence fill pointers: L) and presence (U * L bytes); another, once
     * their sizes are known, for the evidence and the rankings */
    size_t words = U + 1 + 2 * L + 1;
    if (U > SIZE_MAX / (L ? L : 1) - 1 || words > (SIZE_MAX - U * L - 1) / sizeof(size_t))
        return ATTUNE_ENOMEM;
    size_t *offs = attune__malloc(words * sizeof(size_t) + U * L + 1);
    if (!offs)
        return ATTUNE_ENOMEM;
    r->rank_off = offs;
    r->ev_lab = offs + U + 1;
    size_t *fill = r->ev_lab + L + 1;
    r->present = (uint8_t *)(fill + L);
    /* logits and presence of the settled units, in one pass over each
     * one's sums; a unit's present count goes to rank_off[u + 1] for now */
    r->rank_off[0] = 0;
    for (size_t u = 0; u < U; u++) {
        attune__runit *un = &r->units[u];
        if (un->m0 == SIZE_MAX)
            un->m0 = un->m1 = 0;
        r->rank_off[u + 1] = 0;
        if (lazy_unit(r, u))
            continue;
        double norm = attune__model_norm(m, un->words);
        double *x = r->sums + u * L;
        uint8_t *present = r->present + u * L;
        size_t np = 0;
        for (size_t l = 0; l < L; l++) {
            x[l] = label_x(&lab[l], x[l], norm);
            present[l] = is_present(&lab[l], x[l]);
            np += present[l];
        }
        r->rank_off[u + 1] = np;
    }
    /* The document: its score for a theme is the highest of its sections'
     * (the score of the highest logit), and the theme is present when some
     * section has it (a sum over a whole page would saturate on any long
     * page). */
    if (r->nsections > 0 && U > r->nsections && r->units[0].kind == ATTUNE_UNIT_DOCUMENT) {
        size_t np = 0;
        for (size_t l = 0; l < L; l++) {
            double best = r->sums[L + l];
            uint8_t any = 0;
            for (size_t u = 1; u <= r->nsections; u++) {
                if (score_less(best, r->sums[u * L + l]))
                    best = r->sums[u * L + l];
                any |= r->present[u * L + l];
            }
            r->sums[l] = best;
            r->present[l] = any;
            np += any;
        }
        r->rank_off[1] = np;
    }
    for (size_t u = 0; u < U; u++)
        r->rank_off[u + 1] += r->rank_off[u];
    count_evidence(r);
    size_t nev = r->ev_lab[L], npresent = r->rank_off[U];
    if (nev > SIZE_MAX / sizeof(uint32_t) - npresent - 1)
        return ATTUNE_ENOMEM;
    r->ev = attune__alloc_array(nev + npresent + 1, sizeof *r->ev);
    if (!r->ev)
        return ATTUNE_ENOMEM;
    r->rank = r->ev + nev;
    fill_evidence(r, fill);
    for (size_t u = 0; u < U; u++)
        if (r->rank_off[u + 1] > r->rank_off[u])
            rank_row(r->sums + u * L, r->present + u * L, L, r->rank + r->rank_off[u]);
    return ATTUNE_OK;
}

bool attune__unit_span(const attune_result *r, size_t u, size_t *start, size_t *end) {
    const attune__runit *un = &r->units[u];
    if (un->from0 == SIZE_MAX) {
        if (un->start > un->end)
            return false;
        *start = attune__unit_source(r, u, un->start);
        *end = attune__unit_source(r, u, un->end);
        return true;
    }
    bool any = false;
    for (size_t v = un->from0; v < un->from1; v++) {
        size_t a, b;
        if (!attune__unit_span(r, v, &a, &b))
            continue;
        if (!any || a < *start)
            *start = a;
        if (!any || b > *end)
            *end = b;
        any = true;
    }
    return any;
}

/* ---- accessors ---- */

const attune_model *attune_result_model(const attune_result *r) { return r ? r->model : NULL; }

size_t attune_result_unit_count(const attune_result *r) { return r ? r->nunits : 0; }

size_t attune_result_theme_count(const attune_result *r) { return r ? r->nlabels : 0; }

size_t attune_result_section_count(const attune_result *r) { return r ? r->nsections : 0; }

int32_t attune_result_unit_kind(const attune_result *r, size_t unit) {
    return r && unit < r->nunits ? r->units[unit].kind : ATTUNE_UNIT_NONE;
}

const attune_block *attune_result_unit_block(const attune_result *r, size_t unit) {
    return r && unit < r->nunits ? r->units[unit].block : NULL;
}

int32_t attune_result_unit_span(const attune_result *r, size_t unit, size_t *start, size_t *end) {
    if (!r || unit >= r->nunits || !start || !end)
        return ATTUNE_EINVAL;
    if (!attune__unit_span(r, unit, start, end))
        *start = *end = 0;
    return ATTUNE_OK;
}

size_t attune_result_unit_words(const attune_result *r, size_t unit) {
    return r && unit < r->nunits ? r->units[unit].words : 0;
}

int32_t attune_result_section_line(const attune_result *r, size_t unit, size_t *line) {
    if (!r || unit >= r->nunits || r->units[unit].kind != ATTUNE_UNIT_SECTION || !line)
        return ATTUNE_EINVAL;
    *line = r->units[unit].line;
    return ATTUNE_OK;
}

int32_t attune_result_section_heading(const attune_result *r, size_t unit, const char **ptr,
                                      size_t *len) {
    if (!r || unit >= r->nunits || r->units[unit].kind != ATTUNE_UNIT_SECTION || !ptr || !len)
        return ATTUNE_EINVAL;
    *ptr = r->units[unit].heading;
    *len = r->units[unit].heading_len;
    return ATTUNE_OK;
}

int32_t attune_result_theme(const attune_result *r, size_t unit, size_t theme, double *score,
                            int32_t *present) {
    if (!r || unit >= r->nunits || theme >= r->nlabels)
        return ATTUNE_EINVAL;
    if (score)
        *score = score_of(unit_x(r, unit, theme));
    if (present)
        *present = unit_present(r, unit, theme);
    return ATTUNE_OK;
}

size_t attune_result_present_count(const attune_result *r, size_t unit) {
    if (!r || unit >= r->nunits)
        return 0;
    if (!lazy_unit(r, unit))
        return r->rank_off[unit + 1] - r->rank_off[unit];
    size_t n = 0;
    for (size_t l = 0; l < r->nlabels; l++)
        n += unit_present(r, unit, l);
    return n;
}

/* The i-th present label of a block unit by rank: ranked in a buffer on
 * the stack for models of up to RANK_STACK labels, else found as the
 * present label with exactly i present labels ahead of it (in rank_row's
 * order). */
#define RANK_STACK 64
static size_t lazy_rank(const attune_result *r, size_t u, size_t i) {
    size_t L = r->nlabels;
    if (L <= RANK_STACK) {
        double x[RANK_STACK];
        uint8_t present[RANK_STACK];
        uint32_t order[RANK_STACK];
        for (size_t l = 0; l < L; l++) {
            x[l] = unit_x(r, u, l);
            present[l] = is_present(&r->model->labels[l], x[l]);
        }
        rank_row(x, present, L, order);
        return order[i];
    }
    for (size_t l = 0; l < L; l++) {
        if (!unit_present(r, u, l))
            continue;
        double xl = unit_x(r, u, l);
        size_t ahead = 0;
        for (size_t k = 0; k < L; k++) {
            if (k == l || !unit_present(r, u, k))
                continue;
            double xk = unit_x(r, u, k);
            ahead += score_less(xl, xk) || (k < l && !score_less(xk, xl));
        }
        if (ahead == i)
            return l;
    }
    return 0; /* not reached: i < the present count */
}

int32_t attune_result_present_theme(const attune_result *r, size_t unit, size_t i, size_t *theme) {
    if (!r || unit >= r->nunits || !theme || i >= attune_result_present_count(r, unit))
        return ATTUNE_EINVAL;
    *theme = lazy_unit(r, unit) ? lazy_rank(r, unit, i) : r->rank[r->rank_off[unit] + i];
    return ATTUNE_OK;
}

size_t attune_result_evidence_count(const attune_result *r, size_t unit, size_t theme) {
    if (!r || unit >= r->nunits || theme >= r->nlabels)
        return 0;
    const attune__runit *un = &r->units[unit];
    if (un->m0 == un->m1)
        return 0;
    return ev_lower(r, theme, un->m1) - ev_lower(r, theme, un->m0);
}

int32_t attune_result_evidence(const attune_result *r, size_t unit, size_t theme, size_t i,
                               size_t *start, size_t *end) {
    if (!start || !end || i >= attune_result_evidence_count(r, unit, theme))
        return ATTUNE_EINVAL;
    const attune__match *mt = &r->matches[r->ev[ev_lower(r, theme, r->units[unit].m0) + i]];
    *start = attune__unit_source(r, mt->unit, mt->start);
    *end = attune__unit_source(r, mt->unit, mt->end);
    return ATTUNE_OK;
}
