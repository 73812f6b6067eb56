/*
 * attune/train.h - training theme models on labeled examples.
 *
 * A trainer collects examples (a text and its labels, or whole files in
 * fastText's supervised format) and fits a one-vs-rest logistic regression
 * over the stemmed words and word pairs the classifier matches, with the
 * features computed exactly as model.h's scoring rule reads a text (longest
 * match, each occurrence counted, divided by the square root of the word
 * count). The result is an ordinary attune_model (`attune_model_save`
 * writes it in the documented text format, with its checksum): its themes
 * are the labels, its entries the kept words and word pairs with a weight
 * per label (weights too small to matter are dropped, their average effect
 * moved into the label's bias), and each theme's threshold was chosen by
 * cross-validation on the training data, so classification needs no tuning:
 * starting from each label's best held-out F1, the thresholds are adjusted
 * to maximise the mean of micro- and macro-F1 over the held-out scores.
 * Cross-validation folds keep together examples that begin with the same
 * twelve words (answers that repeat their question, say).
 *
 * Determinism: the same examples, options and seed give the same model, byte
 * for byte once saved, whatever the number of threads.
 *
 * Labels: a label name is 1 to 200 bytes of UTF-8 without white space,
 * control characters, '=' or ':' (what a model file can hold). Limits: at
 * most 4096 distinct labels, at most 2^30 - 1 examples (ATTUNE_ELIMIT
 * beyond).
 *
 * Thread safety: a trainer belongs to one thread at a time; fitting reads
 * it only, so one trainer may be fitted from several threads at once once no
 * thread adds examples.
 */
#ifndef ATTUNE_TRAIN_H
#define ATTUNE_TRAIN_H

#include "common.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct attune_trainer attune_trainer;

/* Fitting options. Always initialise with attune_train_options_init();
 * fields are only ever appended. Zero in a field means its default. */
typedef struct attune_train_options {
    uint32_t size;
    uint32_t epochs;           /* passes over the examples (default 12) */
    double learning_rate;      /* initial SGD step (default 1.0) */
    double l2;                 /* L2 regularization strength (default 1e-4) */
    uint32_t word_ngrams;      /* 1: words only; 2: words and adjacent pairs (default 2) */
    uint32_t min_count;        /* a feature must occur in this many examples (default 2) */
    uint64_t seed;             /* example order and folds (default 1; any value is valid) */
    uint32_t threads;          /* worker threads (default 1); never changes the result */
    uint32_t cv_folds;         /* folds for choosing thresholds (default 3; 1: fixed 0.5) */
    uint32_t min_count_ngrams; /* a word pair must occur in this many examples
                                  (default 4 * min_count) */
} attune_train_options;

/* Fills *opts with the defaults and its size. Returns ATTUNE_OK, or
 * ATTUNE_EINVAL when opts is NULL. Thread-safe. */
ATTUNE_API int32_t attune_train_options_init(attune_train_options *opts);

/* Creates an empty trainer in *out (release with attune_trainer_free).
 * Returns ATTUNE_OK, ATTUNE_EINVAL or ATTUNE_ENOMEM. Thread-safe. */
ATTUNE_API int32_t attune_trainer_new(attune_trainer **out, attune_error *err);

/* Releases a trainer. Accepts NULL. */
ATTUNE_API void attune_trainer_free(attune_trainer *trainer);

/* Adds one example: the text (UTF-8, copied) and its nlabels labels, each
 * given as labels[i] with length label_lens[i] (see "Labels" above; without
 * any "__label__" prefix; repeated labels count once). An example with no
 * labels is a negative example for every label. Returns ATTUNE_OK,
 * ATTUNE_EINVAL, ATTUNE_EUTF8 (offset into text), ATTUNE_ELIMIT or
 * ATTUNE_ENOMEM; on failure the trainer is unchanged. */
ATTUNE_API int32_t attune_trainer_add(attune_trainer *trainer, const char *text, size_t len,
                                      const char *const *labels, const size_t *label_lens,
                                      size_t nlabels, attune_error *err);

/* Adds every example of a buffer in fastText's supervised format: one
 * example a line, `__label__a __label__b text` (tokens separated by ASCII
 * white space; every token starting with "__label__" is a label), LF or CRLF
 * line ends, blank lines skipped. All or nothing: on failure no example of
 * the buffer is kept and err->offset is the byte offset in data of the
 * problem (ATTUNE_EUTF8: ill-formed UTF-8; ATTUNE_EPARSE: a NUL byte, an
 * empty label name or one with '=' or ':'; ATTUNE_ELIMIT: a label name over
 * 200 bytes or too many labels). Returns ATTUNE_OK or one of these codes, or ATTUNE_ENOMEM. */
ATTUNE_API int32_t attune_trainer_add_fasttext(attune_trainer *trainer, const char *data,
                                               size_t len, attune_error *err);

/* Fits a model on the examples added so far (opts may be NULL for the
 * defaults) and stores it in *out, released with attune_model_free(). The
 * model's themes are the labels, in order of first appearance, with the
 * label as id and name. Returns ATTUNE_OK; ATTUNE_EINVAL for NULL
 * arguments, bad options, or a trainer with no labeled example;
 * ATTUNE_ENOMEM. On failure *out is NULL. The trainer is only read, so it
 * may be fitted again (with other options, say). Uses opts->threads threads;
 * the model does not depend on their number. */
ATTUNE_API int32_t attune_trainer_fit(const attune_trainer *trainer,
                                      const attune_train_options *opts, attune_model **out,
                                      attune_error *err);

/* Number of examples and of distinct labels added so far (0 for NULL). */
ATTUNE_API size_t attune_trainer_example_count(const attune_trainer *trainer);
ATTUNE_API size_t attune_trainer_label_count(const attune_trainer *trainer);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_TRAIN_H */
