/* Internals of the themes module: the per-call scanner (tokens, stem cache,
 * longest-match phrase matching) and the result under construction. */
#ifndef ATTUNE_THEMES_INTERNAL_H
#define ATTUNE_THEMES_INTERNAL_H

#include "attune/themes.h"
#include "model/model_internal.h"

#define ATTUNE__CACHE_SLOTS 512u /* power of two; most words hit the model's form table first */
#define ATTUNE__CACHE_KEY 23

typedef struct attune__cache_slot {
    uint32_t hash;
    int32_t id;
    uint8_t len; /* 0: empty */
    char key[ATTUNE__CACHE_KEY];
} attune__cache_slot;

/* A matched entry: source byte span and entry index. */
typedef struct attune__match {
    size_t start, end;
    uint32_t entry;
} attune__match;

typedef struct attune__unit {
    int32_t kind;
    const attune_block *block; /* see attune_result_unit_block */
    size_t start, end;         /* source span; start > end when empty */
    size_t words;
    size_t line;               /* sections */
    const char *heading;
    size_t heading_len;
    size_t m0, m1;             /* matches [m0, m1) */
} attune__unit;

struct attune_result {
    const attune_model *model;
    const attune_doc *doc;
    uint32_t nlabels;
    size_t nunits, units_cap;
    size_t nsections;
    attune__unit *units;
    double *sums;   /* nunits * nlabels raw weight sums, then scores */
    uint8_t *present;
    attune__match *matches;
    size_t nmatches, matches_cap;
    size_t *ev_off; /* nunits * nlabels + 1 */
    uint32_t *ev;
    size_t *rank_off; /* nunits + 1 */
    uint32_t *rank;
};

/* A token waiting in the matcher's window. */
typedef struct attune__wtok {
    size_t start, end; /* offsets in the scanned text */
    int32_t id;        /* stem id or -1 */
    bool boundary;
} attune__wtok;

/* Per-call scanner. Allocated once per classification call; nothing is
 * allocated per token (the cache and the window are fixed-size, the match
 * list grows geometrically). */
typedef struct attune__scan {
    const attune_model *m;
    struct sb_stemmer *st;
    attune__cache_slot *cache;
    attune__wtok win[2 * ATTUNE__MAX_PHRASE];
} attune__scan;

int32_t attune__scan_init(attune__scan *s, const attune_model *m);
void attune__scan_free(attune__scan *s);

/* Maps an offset in the scanned text to a source offset, and says whether a
 * token starting there is to be skipped (an injected spam sentence). */
typedef struct attune__span_map {
    const void *ctx;
    /* NULL: identity */
    size_t (*to_source)(const void *ctx, size_t text_offset);
    /* NULL: nothing skipped; else whether a token at this source offset is
     * to be ignored */
    bool (*skip)(const void *ctx, size_t source_offset);
} attune__span_map;

/* Scans text[0..len) into unit u of r: adds to r's sums for u, counts words,
 * appends matches (source offsets through map). ATTUNE_ENOMEM on failure. */
int32_t attune__scan_text(attune__scan *s, attune_result *r, size_t u, const char *text,
                          size_t len, const attune__span_map *map, double factor);

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
/* Appends a unit; returns its index through *u. */
int32_t attune__result_add_unit(attune_result *r, int32_t kind, const attune_block *b,
                                size_t *u);
/* Adds unit `from`'s sums, words, span and (when it extends r's match range)
 * matches into unit `to`. */
void attune__result_merge(attune_result *r, size_t to, size_t from);
/* Turns sums into scores and presence, builds the evidence and ranking
 * indexes. */
int32_t attune__result_finish(attune_result *r);

#endif
