/* Byte-class scans of whole units, 64 bytes at a time: one pass gives the
 * word count, the sentence ends and hints of what the span finders could
 * find ('@', digits, ':', links), so that units with nothing in them skip
 * those finders. The masks come from SSE2 compares on x86-64 and from a
 * byte loop elsewhere; both give the same bits. The straightforward
 * per-byte versions these must agree with (attune__scan_unit_ref in lines.c,
 * attune__has_marker_word_ref in spans.c) make the reference parse. */
#include "content/content_internal.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Class bits of one 64-byte block (bit k: byte k). Word separators are
 * these and tabs: a unit with a tab (rare) is counted by the byte loop. */
typedef struct masks {
    uint64_t after; /* space, LF, CR */
    uint64_t end;   /* . ! ? */
} masks;

/* Whether a unit holds any of the rarer bytes the hints name (accumulated
 * over its blocks, read once at the end). */
#if defined(__SSE2__)
typedef struct rare {
    __m128i at;    /* @ */
    __m128i num;   /* digits, + and ( */
    __m128i colon; /* : */
    __m128i sepc;  /* | and bytes >= 0x80 */
    __m128i ww;    /* "ww" in any case (then "www." is looked for) */
    __m128i odd;   /* not printable ASCII: < 0x20, 0x7F, >= 0x80 (see ATTUNE__U_PLAIN) */
    const unsigned char (*splats)[16]; /* SPLAT, behind a veil (see rare_init) */
} rare;
#else
typedef struct rare {
    unsigned at, num, colon, sepc, ww, odd;
} rare;
#endif

/* Bits set in x (without a call: the x86-64 baseline has no popcnt). */
static ATTUNE__FORCE_INLINE unsigned popcount64(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* The 65 bytes from p, of which n (<= 64) are the block's: read in place
 * when `room` (bytes readable at p) allows it, else copied and padded with
 * zero bytes. The mask functions replace the bytes past n with bytes in no
 * class (the 65th byte only makes "ww" pairs, a hint that the exact search
 * then checks). */
#define BLOCK_READ 65
static ATTUNE__FORCE_INLINE const unsigned char *block(const unsigned char *p, size_t n,
                                                       size_t room, unsigned char tmp[80]) {
    if (room >= BLOCK_READ)
        return p;
    memset(tmp, 0, 80);
    memcpy(tmp, p, n);
    return tmp;
}

#if defined(__SSE2__)
static ATTUNE__FORCE_INLINE uint64_t mm(__m128i v, int k) {
    return (uint64_t)(uint32_t)_mm_movemask_epi8(v) << (16 * k);
}

/* 64 bytes 0xFF then 64 zero bytes: loaded at 64 - n + 16 k, keeps the
 * bytes of chunk k that are among the first n of the block. */
static const unsigned char KEEP[128] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static ATTUNE__FORCE_INLINE __m128i keep_of(size_t n, int k) {
    return _mm_loadu_si128((const __m128i *)(const void *)(KEEP + 64 - n + 16 * k));
}

/* Chunk k of the block p[0..n), bytes past n zeroed. */
static ATTUNE__FORCE_INLINE __m128i chunk(const unsigned char *p, size_t n, int k) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    return n < 64 ? _mm_and_si128(v, keep_of(n, k)) : v;
}

/* The bytes the classes compare with, 16 of each. */
enum {
    S_SP,
    S_LF,
    S_CR,
    S_DOT,
    S_BANG,
    S_QM,
    S_W,
    S_X20,
    S_AT,
    S_PLUS,
    S_PAR,
    S_COLON,
    S_PIPE,
    S_D0,
    S_D10,
    S_DEL,
    S_A,
    S_COUNT
};
#define R16(c)                                                                                     \
    { c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c }
static _Alignas(16) const unsigned char SPLAT[S_COUNT][16] = {
    R16(' '), R16('\n'),       R16('\r'),      R16('.'),  R16('!'), R16('?'),
    R16('w'), R16(0x20),       R16('@'),       R16('+'),  R16('('), R16(':'),
    R16('|'), R16(0x80 - '0'), R16(0x80 + 10), R16(0x7F), R16('a')};
#undef R16

static ATTUNE__FORCE_INLINE __m128i splat(const rare *r, int i) {
    return _mm_load_si128((const __m128i *)(const void *)r->splats[i]);
}

static ATTUNE__FORCE_INLINE void rare_init(rare *r) {
    r->at = r->num = r->colon = r->sepc = r->ww = r->odd = _mm_setzero_si128();
    /* the compiler cannot see through the pointer to the constants, so it
     * compares with them in memory instead of building some of them again
     * in each step, three instructions each, when registers run short */
    r->splats = SPLAT;
#if defined(__GNUC__)
    __asm__("" : "+r"(r->splats));
#endif
}

static ATTUNE__FORCE_INLINE uint32_t rare_hints(const rare *r) {
    return (_mm_movemask_epi8(r->at) ? ATTUNE__U_H_AT : 0u) |
           (_mm_movemask_epi8(r->num) ? ATTUNE__U_H_NUM : 0u) |
           (_mm_movemask_epi8(r->colon) ? ATTUNE__U_H_COLON : 0u) |
           (_mm_movemask_epi8(r->sepc) ? ATTUNE__U_H_SEP : 0u);
}

static ATTUNE__FORCE_INLINE int rare_ww(const rare *r) { return _mm_movemask_epi8(r->ww) != 0; }
static ATTUNE__FORCE_INLINE int rare_odd(const rare *r) { return _mm_movemask_epi8(r->odd) != 0; }

/* The classes of chunk k of the block p[0..n) (n < 64: the bytes past n
 * made 'a', which is in none of them, not even the odd bytes). */
static ATTUNE__FORCE_INLINE void class_step(const unsigned char *p, size_t n, int k,
                                            uint64_t *after_m, uint64_t *end_m, rare *r) {
    const __m128i sp = splat(r, S_SP), lf = splat(r, S_LF), cr = splat(r, S_CR),
                  dot = splat(r, S_DOT), bang = splat(r, S_BANG), qm = splat(r, S_QM),
                  w = splat(r, S_W), x20 = splat(r, S_X20), at = splat(r, S_AT),
                  plus = splat(r, S_PLUS), par = splat(r, S_PAR), colon = splat(r, S_COLON),
                  pipe = splat(r, S_PIPE), d0 = splat(r, S_D0), d10 = splat(r, S_D10),
                  del = splat(r, S_DEL);
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
    if (n < 64) {
        __m128i keep = keep_of(n, k);
        v = _mm_or_si128(_mm_and_si128(v, keep), _mm_andnot_si128(keep, splat(r, S_A)));
    }
    __m128i after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, lf)),
                                 _mm_cmpeq_epi8(v, cr));
    *after_m |= mm(after, k);
    *end_m |= mm(_mm_or_si128(_mm_cmpeq_epi8(v, dot),
                              _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, qm))),
                 k);
    /* (signed: bytes >= 0x80 are below 0x20 too) */
    r->odd = _mm_or_si128(r->odd, _mm_or_si128(_mm_cmplt_epi8(v, x20), _mm_cmpeq_epi8(v, del)));
    __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k + 1));
    r->ww = _mm_or_si128(r->ww, _mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(v, x20), w),
                                              _mm_cmpeq_epi8(_mm_or_si128(v1, x20), w)));
    r->at = _mm_or_si128(r->at, _mm_cmpeq_epi8(v, at));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, d0), d10);
    r->num = _mm_or_si128(
        r->num, _mm_or_si128(digit, _mm_or_si128(_mm_cmpeq_epi8(v, plus), _mm_cmpeq_epi8(v, par))));
    r->colon = _mm_or_si128(r->colon, _mm_cmpeq_epi8(v, colon));
    r->sepc = _mm_or_si128(r->sepc, _mm_or_si128(v, _mm_cmpeq_epi8(v, pipe)));
}

/* The chunks of a block, one by one with k known (no loop: a partial block
 * enters at its last chunk; the chunks past n are not read). */
static ATTUNE__FORCE_INLINE void class_masks(const unsigned char *p, size_t n, masks *m, rare *r) {
    uint64_t after_m = 0, end_m = 0;
    switch (n > 48 ? 4 : n > 32 ? 3 : n > 16 ? 2 : 1) {
    case 4:
        class_step(p, n, 3, &after_m, &end_m, r);
        /* fallthrough */
    case 3:
        class_step(p, n, 2, &after_m, &end_m, r);
        /* fallthrough */
    case 2:
        class_step(p, n, 1, &after_m, &end_m, r);
        /* fallthrough */
    default: class_step(p, n, 0, &after_m, &end_m, r);
    }
    m->after = after_m;
    m->end = end_m;
}

static ATTUNE__FORCE_INLINE uint64_t alpha_mask(const unsigned char *p, size_t n) {
    const __m128i x20 = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(0x80 - 'a')),
                  lim = _mm_set1_epi8((char)(-128 + 26));
    uint64_t a = 0;
    int chunks = n >= 64 ? 4 : (int)((n + 15) / 16);
    for (int k = 0; k < chunks; k++) {
        __m128i t = _mm_add_epi8(_mm_or_si128(chunk(p, n, k), x20), shift);
        a |= mm(_mm_cmplt_epi8(t, lim), k);
    }
    return a;
}
#else
static ATTUNE__FORCE_INLINE void rare_init(rare *r) {
    r->at = r->num = r->colon = r->sepc = r->ww = r->odd = 0;
}

static ATTUNE__FORCE_INLINE uint32_t rare_hints(const rare *r) {
    return (r->at ? ATTUNE__U_H_AT : 0u) | (r->num ? ATTUNE__U_H_NUM : 0u) |
           (r->colon ? ATTUNE__U_H_COLON : 0u) | (r->sepc ? ATTUNE__U_H_SEP : 0u);
}

static ATTUNE__FORCE_INLINE int rare_ww(const rare *r) { return r->ww != 0; }
static ATTUNE__FORCE_INLINE int rare_odd(const rare *r) { return r->odd != 0; }

static ATTUNE__FORCE_INLINE void class_masks(const unsigned char *p, size_t n, masks *m, rare *r) {
    memset(m, 0, sizeof *m);
    for (size_t k = 0; k < n; k++) {
        unsigned c = p[k];
        uint64_t bit = 1ull << k;
        if (c == ' ' || c == '\n' || c == '\r')
            m->after |= bit;
        if (c == '.' || c == '!' || c == '?')
            m->end |= bit;
        r->odd |= c < 0x20 || c >= 0x7F;
        r->ww |= (c | 0x20) == 'w' && (p[k + 1] | 0x20) == 'w';
        r->at |= c == '@';
        r->num |= (c >= '0' && c <= '9') || c == '+' || c == '(';
        r->colon |= c == ':';
        r->sepc |= c == '|' || c >= 0x80;
    }
}

static ATTUNE__FORCE_INLINE uint64_t alpha_mask(const unsigned char *p, size_t n) {
    uint64_t a = 0;
    for (size_t k = 0; k < n; k++)
        if ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z')
            a |= 1ull << k;
    return a;
}
#endif

/* Whether s[a..b) holds "://" (all three bytes inside). */
static int has_scheme(const char *s, size_t a, size_t b) {
    for (const char *p = s + a, *e = s + b; p < e;) {
        const char *c = memchr(p, ':', (size_t)(e - p));
        if (!c)
            return 0;
        if (e - c >= 3 && c[1] == '/' && c[2] == '/')
            return 1;
        p = c + 1;
    }
    return 0;
}

/* Whether s[a..b) holds "www." (any case). */
static int has_www(const char *s, size_t a, size_t b) {
    for (size_t i = a; i + 4 <= b; i++)
        if ((s[i] | 32) == 'w' && (s[i + 1] | 32) == 'w' && (s[i + 2] | 32) == 'w' &&
            s[i + 3] == '.')
            return 1;
    return 0;
}

ATTUNE__SCAN_CLONES
void attune__scan_unit(const char *s, size_t a, size_t b, size_t lim, uint32_t *words,
                       uint32_t *sentences, uint32_t *hints) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned char tmp[80];
    uint64_t nw = 0, ns = 0;
    uint64_t prev_nonsep = 0, prev_end = 0;
    uint64_t dbl = 0, prev_space = 0; /* two spaces in a row (for ATTUNE__U_PLAIN) */
    rare r;
    rare_init(&r);
    for (size_t i = a; i < b; i += 64) {
        size_t n = b - i < 64 ? b - i : 64;
        masks m;
        if (n == 64 && lim - i >= BLOCK_READ)
            class_masks(p + i, 64, &m, &r); /* (n known: no bytes to replace) */
        else
            class_masks(block(p + i, n, lim - i, tmp), n, &m, &r);
        uint64_t valid = n == 64 ? ~0ull : (1ull << n) - 1;
        uint64_t nonsep = ~m.after & valid;
        /* a word starts at a non-separator after a separator or the start */
        nw += popcount64(nonsep & ~((nonsep << 1) | prev_nonsep));
        prev_nonsep = nonsep >> 63;
        /* a sentence ends at . ! ? before a space or line break, or the end */
        uint64_t after = m.after | (n < 64 ? 1ull << n : 0);
        ns += popcount64(m.end & (after >> 1)) + (prev_end & after & 1);
        prev_end = m.end >> 63;
        /* (without line breaks, which are odd bytes, `after` holds the spaces) */
        dbl |= (m.after & (m.after >> 1)) | (prev_space & m.after & 1);
        prev_space = m.after >> 63;
    }
    ns += prev_end && (b - a) % 64 == 0 ? 1 : 0;
    *words = (uint32_t)nw;
    *sentences = (uint32_t)ns;
    /* tabs separate words too: a unit with one (an odd byte) is counted
     * by the byte loop */
    if (rare_odd(&r) && memchr(s + a, '\t', b - a))
        attune__scan_unit_ref(s, a, b, words, sentences);
    uint32_t h = rare_hints(&r);
    if (!dbl && !rare_odd(&r) && b > a && s[a] != ' ' && s[b - 1] != ' ')
        h |= ATTUNE__U_PLAIN;
    if (rare_ww(&r) && has_www(s, a, b))
        h |= ATTUNE__U_H_URL;
    if ((h & ATTUNE__U_H_COLON) && !(h & ATTUNE__U_H_URL) && has_scheme(s, a, b))
        h |= ATTUNE__U_H_URL;
    *hints = h;
}

/* Whether the letters s[ws..ws+len) are a strongly promotional word (the
 * lexicon's first-letter and length filter first). */
static ATTUNE__FORCE_INLINE int is_marker(const attune__lex *lx, const char *s, size_t ws,
                                          size_t len, size_t b) {
    unsigned f = (unsigned)((unsigned char)s[ws] | 32) - 'a';
    if (len >= 32 || !((lx->marker_len[f] >> len) & 1u))
        return 0;
    const attune__lex_slot *sl = attune__lex_find_plain(lx, s + ws, len, b - ws);
    return sl && (sl->flags & ATTUNE__W_PROMO) && sl->promo >= 3;
}

ATTUNE__SCAN_CLONES
int attune__has_marker_word(const attune__lex *lx, const char *s, size_t a, size_t b, size_t lim) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned char tmp[80];
    uint64_t prev = 0;
    size_t open = ATTUNE__NIL; /* start of a word that runs past the block */
    for (size_t i = a; i < b; i += 64) {
        size_t n = b - i < 64 ? b - i : 64;
        uint64_t A = alpha_mask(block(p + i, n, lim - i, tmp), n);
        if (open != ATTUNE__NIL) {
            if (A == ~0ull)
                continue; /* still inside the word */
            size_t end = i + (size_t)__builtin_ctzll(~A);
            if (is_marker(lx, s, open, end - open, b))
                return 1;
            open = ATTUNE__NIL;
        }
        /* word starts: only those whose first letter begins a marker word
         * need their length; and the words shorter than the shortest
         * marker word (three letters) none (the words that may go on into
         * the next block stay) */
        uint64_t starts = A & ~((A << 1) | prev);
        prev = A >> 63;
        if (lx->marker_min >= 3)
            starts &= (A >> 1 & A >> 2) | (3ull << 62);
        while (starts) {
            unsigned k = (unsigned)__builtin_ctzll(starts);
            starts &= starts - 1;
            unsigned f = (unsigned)(p[i + k] | 32) - 'a';
            if (!lx->marker_len[f])
                continue;
            uint64_t run = ~(A >> k);
            unsigned len = run ? (unsigned)__builtin_ctzll(run) : 64u;
            if (k + len == 64) {
                open = i + k; /* the last word of the block goes on */
                break;
            }
            if (is_marker(lx, s, i + k, len, b))
                return 1;
        }
    }
    /* a word running to the end */
    return open != ATTUNE__NIL && is_marker(lx, s, open, b - open, b);
}
