/*
 * attune/themes.h - what a page is about: themes with scores and evidence.
 *
 * attune_classify() scores every main-content block of a parsed document,
 * every section and the whole document against a model (attune/model.h):
 * for each theme a score in [0, 1], whether it is present by the model's
 * threshold, and the evidence, i.e. the source byte spans of the words and
 * phrases that counted for it. Boilerplate blocks and the promotional
 * sentences injected into paragraphs never count. attune_classify_text()
 * does the same for plain text, as one block.
 *
 * Units. A result holds units, numbered from 0:
 *   - unit 0 is the document;
 *   - then one unit per section, in document order: the introduction (the
 *     title and what precedes the first heading, when there is any), then
 *     one per heading, covering the blocks from that heading up to the next
 *     heading of any level (not its sub-sections);
 *   - then one unit per main-content block (title, summary, heading,
 *     paragraph, list item, quote), in document order.
 * Each block's and section's score follows the model's scoring rule
 * (model.h) over the words of its blocks. The document's score for a theme
 * is its highest section score, and the theme is present in the document
 * when it is present in some section (a sum over a whole page would
 * saturate on any long page); the document's evidence is all of it.
 *
 * Ownership: the caller owns the result and releases it with
 * attune_result_free(). It borrows the model and, for attune_classify, the
 * document: both must outlive it. Thread safety: classification only reads
 * the model and the document, so any number of threads may classify at once
 * with one shared model; a result belongs to one thread at a time.
 */
#ifndef ATTUNE_THEMES_H
#define ATTUNE_THEMES_H

#include "common.h"
#include "content.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct attune_result attune_result;

/* Unit kinds (attune_result_unit_kind). */
#define ATTUNE_UNIT_NONE 0
#define ATTUNE_UNIT_DOCUMENT 1
#define ATTUNE_UNIT_SECTION 2
#define ATTUNE_UNIT_BLOCK 3

/* Classification options. Always initialise with
 * attune_classify_options_init(); fields are only ever appended. `flags` is
 * reserved (0). `max_input` bounds attune_classify_text's input in bytes (0
 * means the library default, 1 GiB); larger input fails with ATTUNE_ELIMIT. */
typedef struct attune_classify_options {
    uint32_t size;
    uint32_t flags;
    size_t max_input;
} attune_classify_options;

/* Fills *opts with the defaults. Returns ATTUNE_OK or ATTUNE_EINVAL (NULL).
 * Thread-safe. */
ATTUNE_API int32_t attune_classify_options_init(attune_classify_options *opts);

/* Classifies a parsed document with `model` (NULL means
 * attune_model_default()). `opts` may be NULL. Stores a new result in *out.
 * Returns ATTUNE_OK; ATTUNE_EINVAL for NULL arguments or a bad options size;
 * ATTUNE_ENOMEM (then *out is NULL and nothing leaks). Thread-safe. */
ATTUNE_API int32_t attune_classify(const attune_model *model, const attune_doc *doc,
                                   const attune_classify_options *opts, attune_result **out,
                                   attune_error *err);

/* Classifies `len` bytes of plain text at `ptr` (no NUL needed; ill-formed
 * UTF-8 bytes separate words) as one block in one section, with `model`
 * (NULL means attune_model_default()). `opts` may be NULL. Evidence spans
 * are byte offsets into `ptr`. Stores a new result in *out. Returns
 * ATTUNE_OK; ATTUNE_EINVAL for NULL arguments or a bad options size;
 * ATTUNE_ELIMIT; ATTUNE_ENOMEM (then *out is NULL and nothing leaks). The
 * result does not borrow `ptr`. Thread-safe. */
ATTUNE_API int32_t attune_classify_text(const attune_model *model, const char *ptr, size_t len,
                                        const attune_classify_options *opts, attune_result **out,
                                        attune_error *err);

/* Releases a result. Accepts NULL. */
ATTUNE_API void attune_result_free(attune_result *r);

/* The model the result was computed with (borrowed). NULL for NULL. */
ATTUNE_API const attune_model *attune_result_model(const attune_result *r);

/* Number of units (at least 1, the document; 0 for NULL) and of themes (the
 * model's label count). */
ATTUNE_API size_t attune_result_unit_count(const attune_result *r);
ATTUNE_API size_t attune_result_theme_count(const attune_result *r);

/* Number of section units; they are units 1 .. section_count. */
ATTUNE_API size_t attune_result_section_count(const attune_result *r);

/* ATTUNE_UNIT_* kind of a unit (ATTUNE_UNIT_NONE when out of range). */
ATTUNE_API int32_t attune_result_unit_kind(const attune_result *r, size_t unit);

/* The block of a unit (borrowed from the document): the block itself for a
 * block unit; the heading for a section (the title for the introduction, or
 * NULL when the page has no title); NULL for the document and for every unit
 * of attune_classify_text. */
ATTUNE_API const attune_block *attune_result_unit_block(const attune_result *r, size_t unit);

/* The unit of a block, or ATTUNE_NO_INDEX when the block has none
 * (boilerplate, containers, another document). (ATTUNE_NO_INDEX has the
 * value of ATTUNE_NO_OFFSET, which older documentation named here.) */
ATTUNE_API size_t attune_result_block_unit(const attune_result *r, const attune_block *block);

/* Source byte span [start, end) that the unit covers (from its first word to
 * its last). Returns ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_result_unit_span(const attune_result *r, size_t unit, size_t *start,
                                           size_t *end);

/* Number of words of the unit that were scored (its n in the scoring rule). */
ATTUNE_API size_t attune_result_unit_words(const attune_result *r, size_t unit);

/* For a section unit: the 1-based source line of its heading (for the
 * introduction, the title's line, or the line of its first block when the
 * page has no title), and the heading's text (borrowed from the document;
 * empty for an introduction without title and for attune_classify_text).
 * ATTUNE_EINVAL when the unit is not a section. */
ATTUNE_API int32_t attune_result_section_line(const attune_result *r, size_t unit, size_t *line);
ATTUNE_API int32_t attune_result_section_heading(const attune_result *r, size_t unit,
                                                 const char **ptr, size_t *len);

/* Score in [0, 1] and presence (1 or 0, by the model's threshold) of theme
 * `theme` (a model label index) in a unit. Either out-parameter may be NULL.
 * Returns ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_result_theme(const attune_result *r, size_t unit, size_t theme,
                                       double *score, int32_t *present);

/* The present themes of a unit, highest score first (ties by theme index):
 * their count, and the theme index of the i-th. ATTUNE_EINVAL when out of
 * range. The document's and the sections' rankings are stored; a block's
 * are worked out on each call from its scores, in time proportional to the
 * model's theme count (times the block's present count for models of more
 * than 64 themes), so a caller that reads them often keeps them. Neither
 * writes to the result: concurrent reads are safe. */
ATTUNE_API size_t attune_result_present_count(const attune_result *r, size_t unit);
ATTUNE_API int32_t attune_result_present_theme(const attune_result *r, size_t unit, size_t i,
                                               size_t *theme);

/* Evidence for a theme in a unit: the matched words and phrases whose weight
 * for the theme is positive, in source order. Count, and the source byte
 * span [start, end) of the i-th. */
ATTUNE_API size_t attune_result_evidence_count(const attune_result *r, size_t unit, size_t theme);
ATTUNE_API int32_t attune_result_evidence(const attune_result *r, size_t unit, size_t theme,
                                          size_t i, size_t *start, size_t *end);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_THEMES_H */
