/* Internals of the themes module: the per-call scanner (tokens, stem cache,
 * longest-match phrase matching) and the result under construction. */
#ifndef ATTUNE_THEMES_INTERNAL_H
#define ATTUNE_THEMES_INTERNAL_H

#include "attune/themes.h"
#include "model/model_internal.h"

/* The per-thread stem cache (match.c): it remembers the stem id (or -1) of
 * every token of at most 16 bytes it has seen, whether the form table or
 * the stemmer gave it, so that a token costs one probe once the cache is
 * warm. Tokens of at most 8 bytes: ATTUNE__SHORT_SETS sets of
 * ATTUNE__CACHE_WAYS 16-byte slots (a set is one 64-byte cache line); 9 to
 * 16 bytes: ATTUNE__CACHE_SETS sets of ATTUNE__CACHE_WAYS slots holding the
 * whole key. */
#define ATTUNE__SHORT_SETS 1024u /* power of two */
#define ATTUNE__CACHE_SETS 512u  /* power of two */
#define ATTUNE__CACHE_WAYS 4

typedef struct attune__short_slot {
    uint64_t w; /* the token's bytes, zero past its end */
    int32_t id;
    uint32_t len; /* 0: empty (a token has a length) */
} attune__short_slot;

typedef struct attune__cache_slot {
    uint64_t w0, w1;
    uint64_t hash_len; /* hash | length << 32; 0: empty (a token has a length) */
    int32_t id;
} attune__cache_slot;

/* A matched entry: its span as offsets in the text of block unit `unit`
 * (mapped to source offsets when read, through the unit's block if it has
 * one) and the entry index. */
typedef struct attune__match {
    size_t start, end;
    uint32_t entry;
    uint32_t unit;
} attune__match;

typedef struct attune__runit {
    int32_t kind;
    const attune_block *block; /* see attune_result_unit_block */
    /* a scanned unit: the span of its words as offsets in its text (start >
     * end when it has none), mapped to source offsets when read; a unit
     * that others were merged into: those units, [from0, from1) (from0 ==
     * SIZE_MAX: none), whose spans it covers */
    size_t start, end;
    size_t from0, from1;
    size_t words;
    size_t line; /* sections */
    const char *heading;
    size_t heading_len;
    size_t m0, m1; /* matches [m0, m1) */
} attune__runit;

struct attune_result {
    const attune_model *model;
    const attune_doc *doc;
    uint32_t nlabels;
    size_t nunits, units_cap;
    size_t nsections;
    attune__runit *units;
    /* nunits * nlabels raw weight sums; finish turns the document's and
     * the sections' into the scores' logits (blocks keep theirs, their
     * logits are computed when read) */
    double *sums;
    attune__match *matches;
    size_t nmatches, matches_cap;
    /* set by finish, in two allocations (rank_off with ev_lab and present;
     * ev with rank); present and rank hold the document's and the
     * sections' rows only */
    size_t *rank_off; /* nunits + 1 */
    size_t *ev_lab;   /* nlabels + 1: where each label's evidence list starts in ev */
    uint8_t *present; /* nunits * nlabels */
    uint32_t *ev;     /* match indices, by label, in match order (result.c) */
    uint32_t *rank;
};

/* A token waiting in the matcher's window. */
typedef struct attune__wtok {
    size_t start, end; /* offsets in the scanned text */
    int32_t id;        /* stem id or -1 */
    bool boundary;
} attune__wtok;

/* Per-call scanner. Nothing is allocated per token: the stem cache is the
 * calling thread's (fixed-size, kept across calls, see match.c), the
 * window is fixed-size, the stemmer is made at most once per call and only
 * when a token needs it, the match list grows geometrically. */
typedef struct attune__scan {
    const attune_model *m;
    struct sb_stemmer *st;                                 /* NULL until a token needs stemming */
    attune__short_slot (*short_cache)[ATTUNE__CACHE_WAYS]; /* ATTUNE__SHORT_SETS sets */
    attune__cache_slot (*cache)[ATTUNE__CACHE_WAYS];       /* ATTUNE__CACHE_SETS sets */
    bool plain; /* stem every token (attune__scan_set_plain) */
    int32_t rc; /* ATTUNE_ENOMEM once a token could not be stemmed */
    attune__wtok win[2 * ATTUNE__MAX_PHRASE];
} attune__scan;

int32_t attune__scan_init(attune__scan *s, const attune_model *m);
/* For tests: when true, scans started afterwards on the calling thread
 * stem every token, without the form table, the prefix filter or the
 * cache, and walk all the entries of each token instead of asking the
 * model's pair set first (the straightforward path the fast one must agree
 * with). */
void attune__scan_set_plain(bool plain);
void attune__scan_free(attune__scan *s);

/* Says whether a token starting at a source offset is to be skipped (an
 * injected spam sentence). */
typedef struct attune__skip {
    const void *ctx;
    bool (*skip)(const void *ctx, size_t source_offset);
} attune__skip;

/* Source offset of offset `off` in the text of block unit u: through the
 * unit's block when it has one, else the offset itself. */
size_t attune__unit_source(const attune_result *r, size_t u, size_t off);
/* The source span of unit u's words; false when it has none. */
bool attune__unit_span(const attune_result *r, size_t u, size_t *start, size_t *end);

/* Scans text[0..len) into block unit u of r: adds to r's sums for u, counts
 * words, appends matches. Source offsets are the text's offsets mapped
 * through the unit's block (attune__unit_source); skip may be NULL.
 * ATTUNE_ENOMEM on failure. */
int32_t attune__scan_text(attune__scan *s, attune_result *r, size_t u, const char *text, size_t len,
                          const attune__skip *skip, double factor);

/* A piece of plain text to classify as one block (attune__classify_parts). */
typedef struct attune__part {
    const char *text;
    size_t len;
    bool heading; /* a title or heading: its weights count heading_factor times */
} attune__part;

/* Classifies parts as the blocks of one section of one document (units:
 * document, section, one block per part). Offsets are per part. */
int32_t attune__classify_parts(const attune_model *m, const attune__part *parts, size_t n,
                               attune_result **out, attune_error *err);
int32_t attune__classify_check(const attune_model **model, const attune_classify_options *opts,
                               attune_result **out, attune_error *err);

/* Result building. */
int32_t attune__result_new(const attune_model *m, attune_result **out);
/* Makes room for `units` units in all (ATTUNE_ENOMEM on failure). */
int32_t attune__result_reserve(attune_result *r, size_t units);
/* Appends a unit; returns its index through *u. */
int32_t attune__result_add_unit(attune_result *r, int32_t kind, const attune_block *b, size_t *u);
/* Adds unit `from`'s sums, words, span and (when it extends r's match range)
 * matches into unit `to`. The units merged into one unit must be
 * consecutive (its span is read from theirs). */
void attune__result_merge(attune_result *r, size_t to, size_t from);
/* attune__result_merge without the sums: for the document, whose scores are
 * its sections' (attune__result_finish) whenever it has blocks. */
void attune__result_cover(attune_result *r, size_t to, size_t from);
/* Turns sums into scores (kept as logits) and presence, builds the evidence and ranking
 * indexes. */
int32_t attune__result_finish(attune_result *r);

#endif
