/*
 * attune/model.h - theme models: a label set with a weighted lexicon.
 *
 * A model is a linear, evidence-carrying classifier over normalized,
 * case-folded, Snowball-stemmed (English) tokens. It has labels (themes),
 * each with an id, a name, a description, a bias and a threshold, and
 * entries: single stems or multi-stem phrases, each with a weight per label.
 * Entries without weights are exceptions: they match (longest match wins)
 * and so keep shorter entries inside them from counting.
 *
 * Scoring (what attune_classify computes for a block, a section or a whole
 * document, and what a trained logistic regression maps onto): with n the
 * number of word tokens of the text and, for each label l,
 *     S_l = sum over matched entries e of weight(e, l)
 *     z_l = bias_l + S_l / max(n, norm_min) ^ norm_power
 *     score_l = 1 / (1 + exp(-z_l))
 * and the label is present when score_l >= threshold_l. norm_power and
 * norm_min belong to the model (the `norm` line of the text format, see
 * models/README.md).
 *
 * Ownership and threads: a model is immutable once built or loaded and may
 * be used from any number of threads at once. Models from load functions
 * are released with attune_model_free(); the default model is shared and
 * never freed by the caller.
 */
#ifndef ATTUNE_MODEL_H
#define ATTUNE_MODEL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct attune_model attune_model;

/* Returns the built-in therapy theme model (the 15 themes of the project's
 * taxonomy), compiled into the library from models/default.model. It is
 * built once, on first use (thread-safe: concurrent first callers wait for
 * one build), then shared and immutable; it is never freed by the caller
 * (attune_model_free ignores it). Returns NULL only when building it failed
 * (out of memory); a later call then tries to build it again. Thread-safe. */
ATTUNE_API const attune_model *attune_model_default(void);

/* The largest model text the loaders accept, in bytes (256 MiB; the
 * built-in model is about 50 KB, trained ones about 1 MB). */
#define ATTUNE_MODEL_MAX_BYTES (1u << 28)

/* Parses a model in the text format (models/README.md) from `len` bytes at
 * `ptr` (no NUL needed) into a new model stored in *out. Returns ATTUNE_OK;
 * ATTUNE_EINVAL for NULL arguments; ATTUNE_ELIMIT (offset: the limit) when
 * len exceeds ATTUNE_MODEL_MAX_BYTES, before anything is read; ATTUNE_EMODEL for a corrupt, truncated,
 * foreign or inconsistent model (bad header, syntax error, unknown label,
 * checksum mismatch), with err->offset the byte offset of the offending
 * line; ATTUNE_ENOMEM. On failure *out is NULL and nothing needs freeing.
 * The caller releases the model with attune_model_free(). Thread-safe. */
ATTUNE_API int32_t attune_model_load_buffer(const char *ptr, size_t len, attune_model **out,
                                            attune_error *err);

/* As attune_model_load_buffer, reading the file at `path` (NUL-terminated).
 * ATTUNE_EIO when it cannot be read; ATTUNE_ELIMIT as soon as more than
 * ATTUNE_MODEL_MAX_BYTES have been read. Thread-safe. */
ATTUNE_API int32_t attune_model_load(const char *path, attune_model **out, attune_error *err);

/* Serializes the model in the text format, with a checksum line, into a new
 * buffer (*out, *out_len; NUL-terminated, released with attune_free). Loading
 * the result gives a model that classifies identically. Returns ATTUNE_OK,
 * ATTUNE_EINVAL or ATTUNE_ENOMEM (then *out is NULL). Thread-safe. */
ATTUNE_API int32_t attune_model_save_buffer(const attune_model *model, char **out, size_t *out_len,
                                            attune_error *err);

/* Writes the model in the text format to the file at `path`. Returns
 * ATTUNE_OK, ATTUNE_EINVAL, ATTUNE_ENOMEM or ATTUNE_EIO. Thread-safe. */
ATTUNE_API int32_t attune_model_save(const attune_model *model, const char *path,
                                     attune_error *err);

/* Releases a model from attune_model_load*. Accepts NULL and the default
 * model (then does nothing). Not thread-safe with other uses of the model. */
ATTUNE_API void attune_model_free(attune_model *model);

/* Number of labels (themes) of the model; 0 for NULL. */
ATTUNE_API size_t attune_model_theme_count(const attune_model *model);

/* Index of the label with id (`id`, `len`), or -1 when there is none (or
 * model or id is NULL). Kept for compatibility: -1 is also the value of
 * ATTUNE_EINVAL, so new code should call attune_model_theme_find. */
ATTUNE_API int32_t attune_model_theme_index(const attune_model *model, const char *id, size_t len);

/* Id ("empathy"), display name ("Empathy and compassion") and description
 * of label `index`, as NUL-terminated strings borrowed from the model (valid
 * while it lives). NULL when the model is NULL or index is out of range. */
ATTUNE_API const char *attune_model_theme_id(const attune_model *model, size_t index);
ATTUNE_API const char *attune_model_theme_name(const attune_model *model, size_t index);
ATTUNE_API const char *attune_model_theme_description(const attune_model *model, size_t index);

/* Bias and threshold of label `index` (see the scoring rule above). Return
 * ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_model_theme_bias(const attune_model *model, size_t index, double *bias);
ATTUNE_API int32_t attune_model_theme_threshold(const attune_model *model, size_t index,
                                                double *threshold);

/* Number of lexicon entries (phrases and exceptions) of the model. */
ATTUNE_API size_t attune_model_entry_count(const attune_model *model);

/* Appended in 0.2.0. */

/* Stores in *index the index of the label with id (`id`, `len`). Returns
 * ATTUNE_OK; ATTUNE_ENOTFOUND when the model has no such label (*index is
 * then ATTUNE_NO_INDEX); ATTUNE_EINVAL for NULL arguments. Thread-safe. */
ATTUNE_API int32_t attune_model_theme_find(const attune_model *model, const char *id, size_t len,
                                           size_t *index, attune_error *err);

/* attune_model_free for a const pointer, so that the pointer that
 * attune_model_default() returns, or one held as const, can be passed
 * without a cast. Accepts NULL and the default model (then does nothing).
 * Not thread-safe with other uses of the model. */
ATTUNE_API void attune_model_release(const attune_model *model);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_MODEL_H */
