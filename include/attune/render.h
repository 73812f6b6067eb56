/*
 * attune/render.h - a parsed document as JSON, as an indented outline, or as
 * its main text.
 *
 * Render never decides anything: it writes what the document (and, when
 * given one, a themes result) says. Every function returns a new buffer owned by the
 * caller, released with attune_free(); the document is only read.
 * Thread safety: rendering only reads the document, so several threads may
 * render the same document at once.
 */
#ifndef ATTUNE_RENDER_H
#define ATTUNE_RENDER_H

#include "common.h"
#include "content.h"
#include "themes.h"

#ifdef __cplusplus
extern "C" {
#endif


/* Render flags (attune_render_options.flags). */
#define ATTUNE_RENDER_DEFAULT 0u
/* JSON: leave out the "text" of blocks (only structure and spans). */
#define ATTUNE_RENDER_NO_TEXT (1u << 0)
/* JSON and outline: leave out boilerplate blocks. */
#define ATTUNE_RENDER_NO_BOILERPLATE (1u << 1)

/* Render options. Always initialise with attune_render_options_init();
 * fields are only ever appended. `source` names the input in the JSON
 * "source" member (NUL-terminated, may be NULL: then null is written).
 * `result` is an optional themes result for the same document (NULL: no
 * themes in the output). */
typedef struct attune_render_options {
    uint32_t size;
    uint32_t flags;
    const attune_result *result;
    const char *source;
} attune_render_options;

/* Fills *opts with the defaults. Returns ATTUNE_OK or ATTUNE_EINVAL (NULL).
 * Thread-safe. */
ATTUNE_API int32_t attune_render_options_init(attune_render_options *opts);

/* The document as one JSON object on one line (no trailing newline):
 * {"source":…,"title":…,"blocks":[{"kind","level","boilerplate","line",
 * "line_end","start","end","text","spam":[[start,end],…],"pii":[{"type",
 * "start","end"},…],"children":[…]},…]} with the root's children in
 * document order; "boilerplate" is null for main content; "line" and
 * "line_end" are 1-based input lines, "start" and "end" byte offsets into
 * the input. With a themes result in the options, the top level gains
 * "themes" (the document's present themes, [{"id","score"},…], highest score
 * first) and "sections" ([{"heading","line","themes"},…], the introduction
 * first, as attune_classify numbers them), and every block gains "themes":
 * its own present themes, or for a section those of the text from its
 * heading to the next heading ([] for blocks without a unit). `opts` may be NULL. *out receives a NUL-terminated buffer
 * (release with attune_free) and *len its length. Returns ATTUNE_OK,
 * ATTUNE_EINVAL (NULL arguments, bad options size) or ATTUNE_ENOMEM; on
 * failure *out is NULL. Thread-safe for distinct outputs. */
ATTUNE_API int32_t attune_render_json(const attune_doc *doc, const attune_render_options *opts,
                                      char **out, size_t *len, attune_error *err);

/* The tree as indented text, one block per line: kind, level, boilerplate
 * kind, line numbers and the start of the text, e.g.
 * "  heading 2 [12] Understanding Empathy". Same ownership and errors as
 * attune_render_json. */
ATTUNE_API int32_t attune_render_outline(const attune_doc *doc, const attune_render_options *opts,
                                         char **out, size_t *len, attune_error *err);

/* The main content only: title, headings, paragraphs, list items and
 * quotes, each followed by a blank line; no boilerplate, no summary, no
 * injected promotional passages (cut out of paragraph texts) and no personal
 * data (each piece replaced by its type in brackets, "[email]", "[phone]",
 * "[address]", "[url]", "[birthdate]", so that its sentence still reads).
 * Same ownership and errors as attune_render_json. */
ATTUNE_API int32_t attune_render_text(const attune_doc *doc, const attune_render_options *opts,
                                      char **out, size_t *len, attune_error *err);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_RENDER_H */
