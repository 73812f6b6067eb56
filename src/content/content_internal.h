/* Private declarations of the content module: the document and block
 * layout, the per-line units the classifier works on, and the lexicon of
 * layout and language cues. Nothing here is exported. */
#ifndef ATTUNE_CONTENT_INTERNAL_H
#define ATTUNE_CONTENT_INTERNAL_H

#include "attune/content.h"
#include "core/internal.h"
#include "text/text_internal.h"

#define ATTUNE__NIL ((size_t)-1)

/* A typed source span (spam passages have type 0, personal data ATTUNE_PII_*). */
typedef struct attune__span {
    size_t start;
    size_t end;
    int32_t type;
} attune__span;

/* Block indices inside a block are 32-bit (ATTUNE__NIL32 for none): a
 * document has fewer than ATTUNE__MAX_BLOCKS blocks (attune_doc_parse fails
 * with ATTUNE_ELIMIT beyond), and a block fewer than 2^32 spans of a kind.
 * Offsets into the input and the text stay size_t. A block's index is its
 * position in doc->blocks. */
#define ATTUNE__NIL32 UINT32_MAX
#define ATTUNE__MAX_BLOCKS ((size_t)UINT32_MAX - 1)
struct attune_block {
    const attune_doc *doc;
    size_t start, end;
    size_t line_first, line_last;
    size_t text_off, text_len;
    size_t spam_off, pii_off;
    uint32_t parent, first_child, last_child, next, prev;
    uint32_t spam_n, pii_n;
    int8_t kind;
    int8_t level;
    int8_t boiler;
};

struct attune_doc {
    char *src;
    size_t len;
    attune_block *blocks;
    size_t nblocks;
    char *text;
    size_t text_len;
    attune__omap map; /* text bytes to input bytes, for all blocks */
    attune__span *spans;
    size_t nspans;
    size_t title;
};

/* ---- lexicon (lexicon.c) ---- */

/* Word classes a lexicon entry can carry. */
#define ATTUNE__W_STOP 0x01u    /* English function word */
#define ATTUNE__W_LATIN 0x02u   /* lorem-ipsum filler word */
#define ATTUNE__W_PROMO 0x04u   /* promotional / link-bait vocabulary */
#define ATTUNE__W_PHRASE 0x08u  /* first word of a boilerplate cue phrase */
#define ATTUNE__W_COUNTER 0x10u /* view / comment / like counter noun */
#define ATTUNE__W_MONTH 0x20u   /* month name */
#define ATTUNE__W_KEY 0x40u     /* profile field name (name, email, phone, ...) */
#define ATTUNE__W_SELF 0x80u    /* first/second person (we, our, you, your) */
/* a word that consent notices and medical disclaimers turn on (cookie(s),
 * informational, substitute, replacement): lines without one skip those
 * checks (a bit above ATTUNE__TOK_*, so token flags can carry it) */
#define ATTUNE__W_NOTICE 0x400u
/* a strongly promotional word (weight >= 3: what the marker scan looks for) */
#define ATTUNE__W_MARKER 0x1000u

#define ATTUNE__LEX_SLOTS 2048u
#define ATTUNE__LEX_CUES 160u /* room for the cue phrases of lexicon.c */

typedef struct attune__lex_slot {
    uint64_t key[2]; /* the word's bytes, zero-padded (see attune__lex_find) */
    const char *word;
    uint8_t len;
    uint16_t flags;
    uint8_t promo;    /* weight of a promotional word */
    uint8_t key_pii;  /* ATTUNE_PII_* implied by a profile key, 0 if none */
    uint8_t cue_head; /* 1 + the first cue phrase starting with this word, 0 if none */
} attune__lex_slot;

/* Per-token counts of a line's prefix as byte lanes of one 64-bit sum:
 * lanes[flags & (ATTUNE__LANE_FLAGS - 1)] has 1 in the lane of each of
 * these flags the token has (at most 255 tokens are summed). */
#define ATTUNE__LANE_FLAGS 0x400u
#define ATTUNE__LANE_STOP 0   /* ATTUNE__W_STOP */
#define ATTUNE__LANE_LATIN 1  /* ATTUNE__W_LATIN */
#define ATTUNE__LANE_CAP 2    /* ATTUNE__TOK_CAP */
#define ATTUNE__LANE_KEY 3    /* ATTUNE__W_KEY */
#define ATTUNE__LANE_MONTH 4  /* ATTUNE__W_MONTH */
#define ATTUNE__LANE_DIGITS 5 /* ATTUNE__TOK_DIGITS */

/* Lookup table: built once, immutable, shared by every parse. */
typedef struct attune__lex {
    attune__lex_slot slots[ATTUNE__LEX_SLOTS];
    uint64_t lanes[ATTUNE__LANE_FLAGS];
    /* bit n of marker_len[c - 'a']: a strongly promotional word of n
     * letters starts with c (a quick filter before the lookup) */
    uint32_t marker_len[26];
    uint8_t marker_min; /* letters of the shortest strongly promotional word */
    /* per cue phrase: its words' lengths */
    uint8_t cue_len[ATTUNE__LEX_CUES][4];
    /* 1 + the next cue phrase (in table order) with the same first word, 0 if none */
    uint8_t cue_next[ATTUNE__LEX_CUES];
} attune__lex;

/* The shared table (built on first call, thread-safe). Never NULL. */
const attune__lex *attune__lex_get(void);
/* Looks up the ASCII word s[0..n) case-insensitively (’ counts as '). */
const attune__lex_slot *attune__lex_find(const attune__lex *lx, const char *s, size_t n);

/* The same for a word of ASCII letters and apostrophes only; `room` >= n
 * bytes are readable at s. */
const attune__lex_slot *attune__lex_find_plain(const attune__lex *lx, const char *s, size_t n,
                                               size_t room);

/* A word token of a line: offset into the source and byte length. */
typedef struct attune__word {
    size_t off;
    uint32_t len;
    uint32_t flags;
    const attune__lex_slot *lex;
} attune__word;

/* (tokenize.c) Splits s[0..n) into ASCII-letter words (apostrophes inside words kept;
 * digits form their own tokens with ATTUNE__TOK_DIGITS). Stores at most
 * `max` words (offsets relative to `base`) and returns how many. */
#define ATTUNE__TOK_DIGITS 0x100u
#define ATTUNE__TOK_CAP 0x200u    /* starts with an uppercase letter */
#define ATTUNE__TOK_JOINED 0x800u /* letters joined by an apostrophe (' or U+2019) */
size_t attune__tokenize(const attune__lex *lx, const char *s, size_t n, size_t base,
                        attune__word *out, size_t max);
/* The same with `room` >= n bytes readable at s (the masks then read whole
 * 64-byte blocks in place). */
size_t attune__tokenize_in(const attune__lex *lx, const char *s, size_t n, size_t room, size_t base,
                           attune__word *out, size_t max);
/* The same a byte at a time (the reference the equivalence tests compare with). */
size_t attune__tokenize_ref(const attune__lex *lx, const char *s, size_t n, size_t base,
                            attune__word *out, size_t max);

/* Boilerplate cue of a short line: the ATTUNE_BOILER_* kind its phrases point
 * to (0 none); *header set when the phrase opens a block of that kind (e.g.
 * "related posts", "about the author"); *covered = words covered by cues. */
int32_t attune__cue_kind(const attune__lex *lx, const char *src, const attune__word *w, size_t n,
                         int *header, size_t *covered);

/* ---- units (one per non-blank line, hard-wrapped lines joined) ---- */

#define ATTUNE__U_BULLET 0x0001u   /* starts with a bullet or an item number */
#define ATTUNE__U_KV 0x0002u       /* "key : value" */
#define ATTUNE__U_LABEL 0x0004u    /* "word:" alone */
#define ATTUNE__U_PROSE 0x0008u    /* sentence-like running text */
#define ATTUNE__U_LOREM 0x0010u    /* filler text */
#define ATTUNE__U_HEADISH 0x0020u  /* could be a heading by its shape */
#define ATTUNE__U_TERMINAL 0x0040u /* ends with . ! or ... */
#define ATTUNE__U_COLON 0x0080u    /* ends with ':' */
#define ATTUNE__U_QUESTION 0x0100u /* ends with '?' */
#define ATTUNE__U_HEADER 0x0200u   /* cue phrase that opens a boilerplate block */
#define ATTUNE__U_QUOTE 0x0400u    /* quoted line or "> " */
#define ATTUNE__U_COUNTER 0x0800u  /* engagement counters */
#define ATTUNE__U_BYLINE 0x1000u
#define ATTUNE__U_DATE 0x2000u /* the line is essentially a date */
#define ATTUNE__U_NUMBERED 0x4000u
#define ATTUNE__U_ATX 0x8000u        /* "## Heading": marked up, level in atx */
#define ATTUNE__U_SAYS 0x10000u      /* "Jane says:" over a reader's comment */
#define ATTUNE__U_CRED 0x20000u      /* "Sarah Klein, LPC": a name with credentials */
#define ATTUNE__U_CUE_LABEL 0x40000u /* led by a cue and a colon: "Read more: ..." */
#define ATTUNE__U_THREAD 0x80000u    /* "4 thoughts on ...": a comment thread's head */
/* Hints of the unit's bytes (body to end) for the span finders: a finder
 * runs only when the hints say it can find something. */
#define ATTUNE__U_H_AT 0x100000u    /* '@' */
#define ATTUNE__U_H_NUM 0x200000u   /* a digit, '+' or '(' */
#define ATTUNE__U_H_COLON 0x400000u /* ':' */
#define ATTUNE__U_H_URL 0x800000u   /* "://" or "www." */
#define ATTUNE__U_H_PII 0x1000000u  /* from start to end: '@', '+', '(', ':', a digit or "www." */
#define ATTUNE__U_H_SEP 0x2000000u  /* '|' or a byte >= 0x80 (item separators) */
/* The unit's hash was not computed (hash 0 although the unit is short): no
 * other unit has its body length, so no same-text test can match it;
 * attune__units_hash_all computes it when a test without lengths needs it. */
#define ATTUNE__U_NOHASH 0x4000000u
/* a strongly promotional word among the prefix words (see attune__unit.mscan) */
#define ATTUNE__U_H_MARKER 0x8000000u
/* [body, end) is printable ASCII (0x20..0x7E) without two spaces in a row
 * or a space at either end: the block text of those bytes is a copy of them
 * (no hint: the reference parse never sets it, so it is not in U_HINTS) */
#define ATTUNE__U_PLAIN 0x10000000u
#define ATTUNE__U_HINTS                                                                            \
    (ATTUNE__U_H_AT | ATTUNE__U_H_NUM | ATTUNE__U_H_COLON | ATTUNE__U_H_URL | ATTUNE__U_H_PII |    \
     ATTUNE__U_H_SEP | ATTUNE__U_H_MARKER)

typedef struct attune__unit {
    size_t start, end; /* trimmed source bytes of the whole unit */
    size_t body;       /* where the text starts after a bullet */
    size_t line_first, line_last;
    uint64_t hash; /* of the lowercased letters and digits (0: long unit, or see
                               ATTUNE__U_NOHASH) */
    uint32_t flags;
    uint32_t words; /* whole-unit word estimate */
    uint32_t sentences;
    uint32_t cue_cov; /* words covered by cue phrases */
    uint32_t group;   /* classification scratch flags */
    uint16_t pwords;  /* words analysed in the prefix */
    uint16_t stop, latin, caps, keys;
    int8_t cue;  /* ATTUNE_BOILER_* from vocabulary (< 0: weak) */
    int8_t kind; /* final ATTUNE_BLOCK_* */
    int8_t boiler;
    int8_t level;
    uint8_t atx;   /* number of '#' of a marked-up heading (<= 6) */
    uint8_t mscan; /* bytes from body whose words the prefix tokens looked up
                               (strongly promotional ones: ATTUNE__U_H_MARKER); 0 in
                               the reference parse */
} attune__unit;

typedef struct attune__units {
    attune__unit *u;
    size_t n, cap;
} attune__units;

/* Splits the input into units (lines.c). With `ref` the features come from
 * the straightforward per-byte scans and every hint is set
 * (the span finders then run on every unit): the parse that the fast one
 * must agree with, for tests. */
int32_t attune__units_split(const char *s, size_t len, const attune__lex *lx, attune__units *out,
                            int ref);

/* Computes the hashes that attune__units_split left out (ATTUNE__U_NOHASH). */
void attune__units_hash_all(const char *s, attune__unit *u, size_t n);

/* Assigns kind, boilerplate kind and level to every unit (classify.c, with
 * the boxes of boxes.c). The promotional passages it finds on the way are
 * appended to `spam` (in unit order) unless it is NULL; fails only when
 * that runs out of memory. */
typedef struct attune__spans attune__spans;
int32_t attune__units_classify(const char *s, size_t len, const attune__lex *lx, attune__unit *u,
                               size_t n, int ref, attune__spans *spam);

/* The byte scans of a page (attune__scan_unit, attune__tokenize_in,
 * attune__has_marker_word) are also compiled for x86-64-v3 and picked at
 * load time (ATTUNE__CLONES_V3, core/internal.h). Their helpers are forced
 * inline, so that each copy has its own. */
#define ATTUNE__SCAN_CLONES ATTUNE__CLONES_V3

/* ---- whole-unit scans (unitscan.c; the per-byte references are in lines.c and spans.c) ---- */
/* Word count, sentence ends and ATTUNE__U_H_* hints (all but H_PII) of
 * s[a..b), as lines.c defines them, and ATTUNE__U_PLAIN. `lim` >= b: bytes
 * of s that may be read (whole 64-byte blocks past b). */
void attune__scan_unit(const char *s, size_t a, size_t b, size_t lim, uint32_t *words,
                       uint32_t *sentences, uint32_t *hints);
void attune__scan_unit_ref(const char *s, size_t a, size_t b, uint32_t *words, uint32_t *sentences);
/* Whether s[a..b) holds a strongly promotional word (runs of ASCII letters
 * looked up in the lexicon). */
int attune__has_marker_word(const attune__lex *lx, const char *s, size_t a, size_t b, size_t lim);
int attune__has_marker_word_ref(const attune__lex *lx, const char *s, size_t a, size_t b);

/* Heading levels and titles (classify.c). */
void attune__units_levels(const char *s, attune__unit *u, size_t n);
/* Set in attune__unit.group by classification when a paragraph holds
 * promotional passages. */
#define ATTUNE__G_SOMESPAM 0x100u

/* ---- spans (spans.c) ---- */
struct attune__spans {
    attune__span *v;
    size_t n, cap;
};
int32_t attune__spans_push(attune__spans *sp, size_t start, size_t end, int32_t type);
/* Appends the injected promotional passages of a paragraph [start, end).
 * With out == NULL only counts; *covered = bytes the passages cover.
 * `url`: whether [start, end) holds a link ("://" or "www.") or a strongly
 * promotional word is known to be there, -1 when not known (then the
 * reference scans run); `known`: bytes from start known to hold no strongly
 * promotional word (the marker scan starts after them); `lim`: bytes of s
 * that may be read. */
int32_t attune__find_spam(const attune__lex *lx, const char *s, size_t start, size_t end,
                          size_t lim, int url, size_t known, attune__spans *out, size_t *covered);
/* Appends the personal data found in [start, end); `profile` when the block
 * is an author/social box (dates and names count there). `patterns`: the
 * classes of patterns looked for besides "key : value" lines (the caller
 * knows that there is none of the others after the lines' bullets), and
 * ATTUNE__PII_BYTES for a byte-by-byte search (the reference; else the
 * bytes where no pattern can start are passed over 16 at a time). `lim` >=
 * end: bytes of s that may be read. */
#define ATTUNE__PII_AT 1u  /* '@': emails, handles */
#define ATTUNE__PII_URL 2u /* links ("://", "www.") */
#define ATTUNE__PII_NUM 4u /* digits, '+', '(': phone numbers, addresses, dates */
#define ATTUNE__PII_ALL 7u
#define ATTUNE__PII_BYTES 8u
int32_t attune__find_pii(const attune__lex *lx, const char *s, size_t start, size_t end, size_t lim,
                         int profile, int patterns, attune__spans *out);

/* Whether [start, end) holds an email address or a phone number. */
int attune__has_contact(const char *s, size_t start, size_t end);

/* Asks the kernel to back the whole 2 MB pages inside p[0..bytes) with huge
 * pages (Linux; a hint that changes nothing else), for arrays of several
 * megabytes written once (pages.c). */
void attune__hint_huge(void *p, size_t bytes);

/* attune_doc_parse, or with `ref` the reference parse (see
 * attune__units_split) that tests compare it with (doc.c). */
int32_t attune__doc_parse_mode(const char *s, size_t len, const attune_parse_options *opts, int ref,
                               attune_doc **out, attune_error *err);

/* ---- block text normalization (blocktext.c) ---- */
/* Appends the normalized text of source bytes [start, end) (NFC, invisible
 * characters removed, ill-formed UTF-8 repaired, runs of spaces and line
 * breaks folded to one space) to `text` and its offsets to `map`.
 * `strip_bullets` removes a leading bullet or item number on each line. */
int32_t attune__norm_append(const char *s, size_t start, size_t end, int strip_bullets,
                            attune__buf *text, attune__omap *map);
/* The same without the fast path for ASCII stretches (the reference). */
int32_t attune__norm_append_ref(const char *s, size_t start, size_t end, int strip_bullets,
                                attune__buf *text, attune__omap *map);
/* Length of a bullet or item number (with the space after it) at s[0..n),
 * 0 when there is none. */
size_t attune__bullet_len_any(const char *s, size_t n, int *numbered);
static inline size_t attune__bullet_len(const char *s, size_t n, int *numbered) {
    /* (most lines start with a letter: no bullet, and no call) */
    if (n && (unsigned)(((unsigned char)s[0] | 0x20) - 'a') < 26u) {
        *numbered = 0;
        return 0;
    }
    return attune__bullet_len_any(s, n, numbered);
}

#endif
