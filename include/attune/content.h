/*
 * attune/content.h - a web page dumped as text, as a tree of typed blocks.
 *
 * attune_doc_parse() reads a whole page (site chrome, bylines, newsletter
 * forms, related-post links, author boxes, the article) and builds a
 * document tree. Main content (title, headings, paragraphs, lists, quotes) is
 * told apart from boilerplate, promotional sentences injected into genuine
 * paragraphs are marked, personal data is flagged, and every block knows the
 * bytes and lines of the input it came from.
 *
 * Ownership: the document owns a copy of the input and every block. Block
 * pointers and text pointers are borrowed and valid until attune_doc_free().
 * Thread safety: a document may be read from several threads at once once
 * parsed (it is never modified after attune_doc_parse returns); an iterator
 * belongs to one thread.
 */
#ifndef ATTUNE_CONTENT_H
#define ATTUNE_CONTENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct attune_doc attune_doc;
typedef struct attune_block attune_block;
typedef struct attune_iter attune_iter;

/* Block kinds (attune_block_kind). */
#define ATTUNE_BLOCK_NONE 0
#define ATTUNE_BLOCK_DOCUMENT 1 /* the root */
#define ATTUNE_BLOCK_TITLE 2    /* the page title (level 1) */
#define ATTUNE_BLOCK_SUMMARY 3  /* a meta description under the title */
#define ATTUNE_BLOCK_SECTION                                                                       \
    4 /* a heading and everything up to the next heading of the same or a higher level */
#define ATTUNE_BLOCK_HEADING 5 /* first child of a section; level 2, 3, ... */
#define ATTUNE_BLOCK_PARAGRAPH 6
#define ATTUNE_BLOCK_LIST 7 /* a run of list items */
#define ATTUNE_BLOCK_LIST_ITEM 8
#define ATTUNE_BLOCK_QUOTE 9
#define ATTUNE_BLOCK_BOILERPLATE 10 /* not main content; attune_block_boilerplate says which kind */

/* Boilerplate kinds (attune_block_boilerplate), as the corpus gold files name them. */
#define ATTUNE_BOILER_NONE 0
#define ATTUNE_BOILER_CHROME                                                                       \
    1 /* site furniture: skip links, search labels, menus, comment widgets */
#define ATTUNE_BOILER_BYLINE 2     /* "By ...", "Posted on ...", "Writer's picture: ..." */
#define ATTUNE_BOILER_ENGAGEMENT 3 /* view / comment / like counters */
#define ATTUNE_BOILER_CTA 4        /* subscribe forms and other calls to action */
#define ATTUNE_BOILER_RELATED 5    /* related-post lead-ins, link texts, cards */
#define ATTUNE_BOILER_TOC 6        /* table-of-contents widgets */
#define ATTUNE_BOILER_AUTHOR 7     /* author boxes, with personal data */
#define ATTUNE_BOILER_SOCIAL 8     /* social-media profile blocks */
#define ATTUNE_BOILER_DUPLICATE 9  /* the title (or a caption) repeated */

/* Personal-data types (attune_block_pii). */
#define ATTUNE_PII_NONE 0
#define ATTUNE_PII_EMAIL 1
#define ATTUNE_PII_PHONE 2
#define ATTUNE_PII_ADDRESS 3 /* street address */
#define ATTUNE_PII_URL 4     /* URL or social-media handle */
#define ATTUNE_PII_BIRTHDATE 5

/* Parse flags (attune_parse_options.flags). */
#define ATTUNE_PARSE_DEFAULT 0u
/* Reject ill-formed UTF-8 with ATTUNE_EUTF8 and its offset instead of
 * repairing it (the default replaces each ill-formed sequence with U+FFFD in
 * block texts; spans always refer to the original bytes). */
#define ATTUNE_PARSE_STRICT_UTF8 (1u << 0)
/* Parse input that does not look like text too (appended in 0.2.0). By
 * default attune_doc_parse refuses with ATTUNE_ENOTTEXT, and the offset of
 * the first NUL or control byte, input whose first 64 KiB hold at least 8
 * NUL bytes making 1 in 20 or more, at least 8 other control characters
 * (not tab, line feed, vertical tab, form feed, carriage return or escape)
 * making 1 in 100 or more, or at least 8 bytes of ill-formed UTF-8 making a
 * fifth or more: an executable, an image, a compressed file, UTF-16. */
#define ATTUNE_PARSE_ANY_BYTES (1u << 1)

/* Iterator events (attune_iter_next). */
#define ATTUNE_EVENT_NONE 0
#define ATTUNE_EVENT_ENTER 1
#define ATTUNE_EVENT_EXIT 2
#define ATTUNE_EVENT_DONE 3

/* Parse options. Always initialise with attune_parse_options_init(); fields
 * are only ever appended. `max_input` bounds the input size in bytes (0 means
 * the library default, 1 GiB); larger input fails with ATTUNE_ELIMIT. */
typedef struct attune_parse_options {
    uint32_t size;
    uint32_t flags;
    size_t max_input;
} attune_parse_options;

/* Fills *opts with the defaults. Returns ATTUNE_OK or ATTUNE_EINVAL (NULL).
 * Thread-safe. */
ATTUNE_API int32_t attune_parse_options_init(attune_parse_options *opts);

/* Parses `len` bytes at `s` (need not be NUL-terminated; may contain NUL
 * bytes) into a new document stored in *out. `opts` may be NULL for the
 * defaults. Returns ATTUNE_OK; ATTUNE_EINVAL for NULL arguments or a bad
 * options size; ATTUNE_EUTF8 (with the offset) under
 * ATTUNE_PARSE_STRICT_UTF8; ATTUNE_ENOTTEXT (with the offset) for input
 * that is not text, unless ATTUNE_PARSE_ANY_BYTES; ATTUNE_ELIMIT;
 * ATTUNE_ENOMEM. On failure *out is
 * set to NULL and nothing needs freeing. The caller owns the document and
 * releases it with attune_doc_free(). Thread-safe (no shared state). */
ATTUNE_API int32_t attune_doc_parse(const char *s, size_t len, const attune_parse_options *opts,
                                    attune_doc **out, attune_error *err);

/* Releases a document and everything borrowed from it. Accepts NULL. */
ATTUNE_API void attune_doc_free(attune_doc *doc);

/* The root block (kind ATTUNE_BLOCK_DOCUMENT); never NULL for a valid doc.
 * Borrowed. */
ATTUNE_API const attune_block *attune_doc_root(const attune_doc *doc);

/* The document's copy of the input (borrowed, valid while doc lives; not
 * NUL-terminated). Returns ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_doc_source(const attune_doc *doc, const char **ptr, size_t *len);

/* The title block, or NULL when the page has none. Borrowed. */
ATTUNE_API const attune_block *attune_doc_title(const attune_doc *doc);

/* Number of blocks (the root included) and the block at `index` in document
 * order (a pre-order walk; index 0 is the root). NULL when out of range. */
ATTUNE_API size_t attune_doc_block_count(const attune_doc *doc);
ATTUNE_API const attune_block *attune_doc_block(const attune_doc *doc, size_t index);

/* Tree navigation; each returns a borrowed block or NULL. */
ATTUNE_API const attune_block *attune_block_parent(const attune_block *b);
ATTUNE_API const attune_block *attune_block_first_child(const attune_block *b);
ATTUNE_API const attune_block *attune_block_last_child(const attune_block *b);
ATTUNE_API const attune_block *attune_block_next_sibling(const attune_block *b);
ATTUNE_API const attune_block *attune_block_prev_sibling(const attune_block *b);

/* Position of the block in document order (as attune_doc_block takes it);
 * ATTUNE_NO_INDEX for NULL. */
ATTUNE_API size_t attune_block_index(const attune_block *b);

/* ATTUNE_BLOCK_* kind (ATTUNE_BLOCK_NONE for NULL). */
ATTUNE_API int32_t attune_block_kind(const attune_block *b);

/* Heading level: 1 for the title, 2, 3, ... for headings and their sections,
 * 0 for other blocks. */
ATTUNE_API int32_t attune_block_level(const attune_block *b);

/* ATTUNE_BOILER_* kind of a boilerplate block, ATTUNE_BOILER_NONE otherwise. */
ATTUNE_API int32_t attune_block_boilerplate(const attune_block *b);

/* The block's normalized text (NFC, spaces and line breaks collapsed to
 * single spaces, invisible characters removed, list bullets and numbering
 * removed, ill-formed UTF-8 repaired), borrowed and valid while the document
 * lives; NUL-terminated for convenience. Containers (document, section,
 * list) have empty text. Returns ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_block_text(const attune_block *b, const char **ptr, size_t *len);

/* Maps a byte offset into the block's text (0..len) to a byte offset into
 * the document's input. Returns ATTUNE_NO_OFFSET when out of range. */
ATTUNE_API size_t attune_block_source_offset(const attune_block *b, size_t text_offset);

/* Source byte span [start, end) of the block in the input; containers span
 * their children. Returns ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_block_span(const attune_block *b, size_t *start, size_t *end);

/* 1-based first and last input line of the block. Returns ATTUNE_OK or
 * ATTUNE_EINVAL (NULL arguments). */
ATTUNE_API int32_t attune_block_lines(const attune_block *b, size_t *first, size_t *last);

/* Promotional sentences injected into a paragraph: their count (0 for NULL)
 * and the source byte span [start, end) of the i-th, which returns ATTUNE_OK
 * or ATTUNE_EINVAL (NULL arguments, i out of range). They are not main
 * content. */
ATTUNE_API size_t attune_block_spam_count(const attune_block *b);
ATTUNE_API int32_t attune_block_spam_span(const attune_block *b, size_t i, size_t *start,
                                          size_t *end);

/* Personal data found in the block: count (0 for NULL), and the i-th item's
 * ATTUNE_PII_* type and source byte span, which returns ATTUNE_OK or
 * ATTUNE_EINVAL (NULL arguments, i out of range). */
ATTUNE_API size_t attune_block_pii_count(const attune_block *b);
ATTUNE_API int32_t attune_block_pii(const attune_block *b, size_t i, int32_t *type, size_t *start,
                                    size_t *end);

/* Static lowercase names: "paragraph", "list_item", ...; "chrome", "byline",
 * ...; "email", "phone", ... ("none" for 0, "unknown" for other values). */
ATTUNE_API const char *attune_block_kind_name(int32_t kind);
ATTUNE_API const char *attune_boilerplate_name(int32_t kind);
ATTUNE_API const char *attune_pii_type_name(int32_t type);

/* A pull iterator over the subtree of `root` (inclusive): each block yields
 * ATTUNE_EVENT_ENTER, then its children, then ATTUNE_EVENT_EXIT; after the
 * last exit, ATTUNE_EVENT_DONE. The caller owns the iterator (free with
 * attune_iter_free). Returns ATTUNE_OK, ATTUNE_EINVAL or ATTUNE_ENOMEM. */
ATTUNE_API int32_t attune_iter_new(const attune_block *root, attune_iter **out);
/* attune_iter_new with an error report (appended in 0.2.0): the same, and
 * on failure *err says why. */
ATTUNE_API int32_t attune_iter_new2(const attune_block *root, attune_iter **out, attune_error *err);
/* Advances; stores the event and its block (NULL with DONE). Returns
 * ATTUNE_OK or ATTUNE_EINVAL. */
ATTUNE_API int32_t attune_iter_next(attune_iter *it, int32_t *event, const attune_block **block);
/* Releases an iterator. Accepts NULL. */
ATTUNE_API void attune_iter_free(attune_iter *it);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_CONTENT_H */
