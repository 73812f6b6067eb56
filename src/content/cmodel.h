/* The fitted content model: per-unit features, a logistic score of "main
 * content", a second pass over the neighbours' scores, and a decision band.
 * (A two-state smoothing pass, Viterbi, was measured: held-out word-F1 0.706
 * against 0.775 without it, so there is none.) The
 * weights come from models/content.model, which tools/fit_content.c fits
 * from labeled pages (scripts/fit-models); CMake compiles the file in. */
#ifndef ATTUNE_CONTENT_CMODEL_H
#define ATTUNE_CONTENT_CMODEL_H

#include "content_internal.h"

/* The features, in model order. Language-independent ones first (layout,
 * length, punctuation, position, repetition, neighbours), then those of the
 * rule cascade (its English cue lexicons and decision). */
#define ATTUNE__CFEATS(X)                                                                          \
    X(words)                                                                                       \
    X(bytes)                                                                                       \
    X(sentences)                                                                                   \
    X(bytes_per_word)                                                                              \
    X(terminal)                                                                                    \
    X(question)                                                                                    \
    X(colon)                                                                                       \
    X(bullet)                                                                                      \
    X(numbered)                                                                                    \
    X(quote)                                                                                       \
    X(caps)                                                                                        \
    X(long)                                                                                        \
    X(pos)                                                                                         \
    X(pos2)                                                                                        \
    X(repeated)                                                                                    \
    X(w3_words)                                                                                    \
    X(w5_long)                                                                                     \
    X(w5_bullet)                                                                                   \
    X(w10_long)                                                                                    \
    X(prev_words)                                                                                  \
    X(next_words)                                                                                  \
    X(prev_long)                                                                                   \
    X(next_long)                                                                                   \
    X(prev_bullet)                                                                                 \
    X(next_bullet)                                                                                 \
    X(page_bullets)                                                                                \
    X(page_long)                                                                                   \
    X(page_units)                                                                                  \
    X(in_span)                                                                                     \
    X(before_span)                                                                                 \
    X(long_dist)                                                                                   \
    X(stop)                                                                                        \
    X(prose)                                                                                       \
    X(kv)                                                                                          \
    X(label)                                                                                       \
    X(headish)                                                                                     \
    X(header)                                                                                      \
    X(counter)                                                                                     \
    X(byline)                                                                                      \
    X(date)                                                                                        \
    X(says)                                                                                        \
    X(cred)                                                                                        \
    X(cue_label)                                                                                   \
    X(thread)                                                                                      \
    X(lorem)                                                                                       \
    X(cue)                                                                                         \
    X(cue_cov)                                                                                     \
    X(k_title)                                                                                     \
    X(k_heading)                                                                                   \
    X(k_item)                                                                                      \
    X(k_quote)                                                                                     \
    X(b_any)                                                                                       \
    X(b_chrome)                                                                                    \
    X(b_byline)                                                                                    \
    X(b_engagement)                                                                                \
    X(b_cta)                                                                                       \
    X(b_related)                                                                                   \
    X(b_toc)                                                                                       \
    X(b_author)                                                                                    \
    X(b_social)                                                                                    \
    X(b_duplicate)                                                                                 \
    X(w5_boiler)                                                                                   \
    X(prev_boiler)                                                                                 \
    X(next_boiler)

#define ATTUNE__CF_ENUM(name) ATTUNE__CF_##name,
enum { ATTUNE__CFEATS(ATTUNE__CF_ENUM) ATTUNE__CF_COUNT };
#undef ATTUNE__CF_ENUM
_Static_assert(ATTUNE__CF_COUNT % 8 == 0, "the score sums the features in 8 lanes");

/* The first pass's linear score of features f (8 lanes, then the lanes in
 * order: the same sum on every machine, as the library is built without
 * floating-point contraction or reassociation). */
static inline double attune__cscore(const float *w, double bias, const float *f) {
    float lane[8] = {0};
    for (int j = 0; j < ATTUNE__CF_COUNT; j += 8)
        for (int k = 0; k < 8; k++)
            lane[k] += w[j + k] * f[j + k];
    double s = bias;
    for (int k = 0; k < 8; k++)
        s += lane[k];
    return s;
}

/* Feature names, in order (for the model file and the fitting tool). */
extern const char *const attune__cfeat_names[ATTUNE__CF_COUNT];

/* The second pass reads the first pass's scores around each unit (over the
 * units the model judges, in page order): its own, the means over windows
 * of 3, 7 and 21, the highest and lowest within 2, the previous and the
 * next, and the mean of the page. */
#define ATTUNE__CTX(X)                                                                             \
    X(s)                                                                                           \
    X(m1)                                                                                          \
    X(m3)                                                                                          \
    X(m10)                                                                                         \
    X(max2)                                                                                        \
    X(min2)                                                                                        \
    X(prev)                                                                                        \
    X(next)                                                                                        \
    X(page)
#define ATTUNE__CX_ENUM(name) ATTUNE__CX_##name,
enum { ATTUNE__CTX(ATTUNE__CX_ENUM) ATTUNE__CX_COUNT };
#undef ATTUNE__CX_ENUM
extern const char *const attune__ctx_names[ATTUNE__CX_COUNT];

/* Context features of scores s[0..n) (the units the model judges, in
 * order) into c[i * ATTUNE__CX_COUNT + k]. Returns ATTUNE_OK or
 * ATTUNE_ENOMEM. */
int32_t attune__cctx(const double *s, size_t n, double *c);

/* A content model: the weights of the features as they are computed (the
 * fitting tool folds its standardization into them) and the bias, the
 * second pass's, and the decision band. */
typedef struct attune__cmodel {
    float w[ATTUNE__CF_COUNT]; /* float: the score is summed in 8 float lanes */
    double bias;
    double w2[ATTUNE__CX_COUNT]; /* second pass: weights of the context features */
    double bias2;
    int stack; /* 1: decide by the second pass */
    /* a unit the cascade kept stays main when its score is above lo, a unit
     * it dropped becomes main when above hi (fitted on held-out pages);
     * pages with fewer than min_units judged units keep the cascade's
     * decisions (no real page that short to learn from) */
    double lo, hi;
    int min_units;
} attune__cmodel;

/* The model compiled in from models/content.model (generated source). */
extern const attune__cmodel attune__content_model;

/* Features of units [0, n) (after attune__units_classify and levels) into
 * x[i * ATTUNE__CF_COUNT + f]. Returns ATTUNE_OK or ATTUNE_ENOMEM. */
int32_t attune__cfeatures(const attune__unit *u, size_t n, float *x);

/* Whether a unit takes part in the model's decision (titles, summaries and
 * blank-text units do not: the head of a page keeps the cascade's role). */
int attune__cmodel_applies(const attune__unit *u);

/* Decides main / boilerplate for every unit with model m: the logistic
 * score of its features, then the second pass and the band; a unit the cascade called
 * boilerplate that the model keeps becomes a paragraph (a list item when
 * bulleted), and a content unit the model drops becomes boilerplate of its
 * cue's kind (chrome when it has none). Titles keep their role, and a page
 * the model would leave with no main content keeps the cascade's. Returns
 * ATTUNE_OK or ATTUNE_ENOMEM (then the units are unchanged). */
int32_t attune__cmodel_apply(const attune__cmodel *m, attune__unit *u, size_t n);

/* attune__doc_parse_mode with content model `cm` (NULL: the rule cascade's
 * decisions alone), for the fitting tool's cross-validation (doc.c). */
int32_t attune__doc_parse_model(const char *s, size_t len, const attune_parse_options *opts,
                                int ref, const attune__cmodel *cm, attune_doc **out,
                                attune_error *err);

#endif
