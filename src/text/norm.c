/* Stage 2 of normalization (NFC, NFKC, case folding) and its fast path.
 *
 * utf8proc does all the Unicode work, but only on the stretches of text
 * that can change. A code point is "inert" when utf8proc gives it back
 * unchanged and nothing before it can combine with it or reorder with it:
 * combining class 0, not the second element of any composition, not a
 * Hangul jamo, and either without a mapping that applies under the options
 * or, for precomposed letters and the like, unchanged when normalized alone
 * with a decomposition that starts with such a starter. ASCII is inert,
 * except that case folding lowers A-Z, which is done here directly. A
 * stretch that can change starts at the code point before it (which may
 * compose with what follows) and ends before the next inert one; utf8proc
 * normalizes it exactly as it would inside the whole string, because its
 * reordering and composition never cross a starter that composes with
 * nothing before it. The differential tests compare with utf8proc_map. */
#include "text/text_internal.h"

#include <string.h>
#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

static utf8proc_option_t up_options(uint32_t flags) {
    int o = 0;
    if (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD))
        o |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        o |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    return (utf8proc_option_t)o;
}

static int is_jamo(uint32_t c) {
    return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}

static int is_second(const utf8proc_property_t *p) {
    return p->comb_index != UINT16_MAX && p->comb_index >= 0x8000;
}

/* Inert without asking utf8proc to normalize: combining class 0, no
 * mapping that applies, not a second element. */
static int simply_inert(uint32_t c, const utf8proc_property_t *p, int compat, int casefold) {
    if (p->combining_class || is_second(p) || is_jamo(c) || (c >= 0xAC00 && c <= 0xD7A3))
        return 0;
    if (p->decomp_seqindex != UINT16_MAX && (compat || !p->decomp_type))
        return 0;
    if (casefold && p->casefold_seqindex != UINT16_MAX)
        return 0;
    return 1;
}

#define CACHE_SIZE 128 /* direct-mapped cache of inertness decisions */

typedef struct unorm {
    attune__buf *out;
    attune__omap *map;
    size_t base;
    int casefold;
    int compat;
    int active;
    utf8proc_option_t opts;
    utf8proc_int32_t *work; /* utf8proc's code point buffer */
    size_t work_cap;
    uint32_t cache[CACHE_SIZE]; /* (code point << 1) | inert, or UINT32_MAX */
} unorm;

/* A code point that has a mapping (precomposed letters, case pairs) is
 * still inert when utf8proc gives it back unchanged on its own and the first
 * code point of its decomposition is a starter that composes with nothing
 * before it: then nothing before or after it can change how it comes out
 * (what follows and could attach to it starts a stretch that includes it). */
static int inert_alone(const unorm *u, const unsigned char *bytes, size_t n) {
    utf8proc_int32_t buf[32];
    utf8proc_ssize_t k =
        utf8proc_decompose_custom(bytes, (utf8proc_ssize_t)n, buf, 32, u->opts, NULL, NULL);
    if (k <= 0 || k > 32)
        return 0;
    uint32_t d0 = (uint32_t)buf[0];
    const utf8proc_property_t *p = utf8proc_get_property(buf[0]);
    if (p->combining_class || is_second(p) || is_jamo(d0))
        return 0;
    k = utf8proc_reencode(buf, k, u->opts);
    return k == (utf8proc_ssize_t)n && memcmp(buf, bytes, n) == 0;
}

static int inert(unorm *u, uint32_t c, const unsigned char *bytes, size_t n) {
    uint32_t *slot = &u->cache[(c ^ (c >> 7)) % CACHE_SIZE];
    if ((*slot >> 1) == c)
        return (int)(*slot & 1);
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)c);
    int r;
    if (simply_inert(c, p, u->compat, u->casefold))
        r = 1;
    else if (p->combining_class || is_second(p) || is_jamo(c))
        r = 0;
    else
        r = inert_alone(u, bytes, n);
    *slot = (c << 1) | (uint32_t)r;
    return r;
}

/* Copies n bytes, lowering ASCII A-Z. */
static void lower_copy(unsigned char *d, const unsigned char *x, size_t n) {
    size_t k = 0;
#if defined(__SSE2__)
    const __m128i a1 = _mm_set1_epi8('A' - 1), z1 = _mm_set1_epi8('Z' + 1),
                  bit = _mm_set1_epi8(0x20);
    for (; k + 16 <= n; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(x + k));
        __m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, a1), _mm_cmplt_epi8(v, z1));
        _mm_storeu_si128((__m128i *)(void *)(d + k), _mm_add_epi8(v, _mm_and_si128(up, bit)));
    }
#endif
    for (; k < n; k++)
        d[k] = (unsigned char)(x[k] >= 'A' && x[k] <= 'Z' ? x[k] + 32 : x[k]);
}

/* Copies s[a..b) (ASCII lowered when case folding) as a linear piece. */
static int32_t copy_run(unorm *u, const unsigned char *s, size_t a, size_t b) {
    if (a >= b)
        return ATTUNE_OK;
    size_t at = u->out->len;
    int32_t rc = attune__buf_reserve(u->out, b - a);
    if (rc)
        return rc;
    unsigned char *d = (unsigned char *)u->out->data + at;
    if (u->casefold)
        lower_copy(d, s + a, b - a);
    else
        memcpy(d, s + a, b - a);
    u->out->len += b - a;
    u->out->data[u->out->len] = '\0';
    return attune__omap_add(u->map, at, b - a, u->base + a, u->base + b, 1);
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Normalizes the stretch s[a..b) through utf8proc and appends it; the
 * common prefix and suffix of input and result are recorded as copies. */
static int32_t norm_stretch(unorm *u, const unsigned char *s, size_t a, size_t b) {
    utf8proc_ssize_t n;
    for (;;) {
        n = utf8proc_decompose_custom(s + a, (utf8proc_ssize_t)(b - a), u->work,
                                      (utf8proc_ssize_t)u->work_cap, u->opts, NULL, NULL);
        if (n < 0)
            return ATTUNE_EUTF8;
        if ((size_t)n <= u->work_cap)
            break;
        size_t cap = (size_t)n + 16;
        utf8proc_int32_t *w = attune__realloc_array(u->work, cap, sizeof *w);
        if (!w)
            return ATTUNE_ENOMEM;
        u->work = w;
        u->work_cap = cap;
    }
    n = utf8proc_reencode(u->work, n, u->opts);
    if (n < 0)
        return ATTUNE_EUTF8;
    const unsigned char *r = (const unsigned char *)u->work;
    size_t rn = (size_t)n, in = b - a;
    const unsigned char *x = s + a;
    size_t pre = 0;
    while (pre < in && pre < rn && x[pre] == r[pre])
        pre++;
    while (pre > 0 && ((pre < in && is_cont(x[pre])) || (pre < rn && is_cont(r[pre]))))
        pre--;
    size_t suf = 0;
    while (suf < in - pre && suf < rn - pre && x[in - 1 - suf] == r[rn - 1 - suf])
        suf++;
    while (suf > 0 && (is_cont(x[in - suf]) || is_cont(r[rn - suf])))
        suf--;
    size_t at = u->out->len;
    int32_t rc = attune__buf_append(u->out, r, rn);
    if (rc)
        return rc;
    size_t sa = u->base + a;
    rc = attune__omap_add(u->map, at, pre, sa, sa + pre, 1);
    if (!rc)
        rc = attune__omap_add(u->map, at + pre, rn - pre - suf, sa + pre, sa + in - suf, 0);
    if (!rc)
        rc = attune__omap_add(u->map, at + rn - suf, suf, sa + in - suf, sa + in, 1);
    return rc;
}

static void unorm_init(unorm *u, attune__buf *out, attune__omap *map, size_t base, uint32_t flags) {
    u->out = out;
    u->map = map;
    u->base = base;
    u->casefold = (flags & ATTUNE_NORM_CASEFOLD) != 0;
    u->compat = (flags & ATTUNE_NORM_NFKC) != 0;
    u->active = (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD)) != 0;
    u->opts = up_options(flags);
    u->work = NULL;
    u->work_cap = 0;
    memset(u->cache, 0xFF, sizeof u->cache);
}

int attune__unorm_changes(const char *str, size_t len, uint32_t flags) {
    if (flags & ATTUNE_NORM_CASEFOLD)
        return 1;
    if (!(flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC)))
        return 0;
    const unsigned char *s = (const unsigned char *)str;
    unorm u;
    unorm_init(&u, NULL, NULL, 0, flags);
    size_t i = 0;
    while (i < len) {
        i += attune__ascii_run(s + i, len - i);
        if (i >= len)
            break;
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(s + i, len - i, &c, &ill);
        if (!n || !inert(&u, c, s + i, n))
            return 1;
        i += n;
    }
    return 0;
}

/* Bytes scanned before the pending copy is flushed, so that copying reads
 * what the scan just brought into the cache. */
#define CHUNK 16384

int32_t attune__unorm_append(attune__buf *out, attune__omap *map, const char *str, size_t len,
                             size_t src_base, uint32_t flags, attune_error *err) {
    const unsigned char *s = (const unsigned char *)str;
    unorm state, *u = &state;
    unorm_init(u, out, map, src_base, flags);
    int32_t rc = attune__buf_reserve(out, len);
    size_t bad = ATTUNE_NO_OFFSET;
    size_t i = 0, run = 0; /* s[run..i) is waiting to be copied */
    size_t prev = 0;       /* start of the code point before s[i] */
    while (!rc && i < len) {
        size_t lim = len - i < CHUNK ? len - i : CHUNK;
        size_t a = attune__ascii_run(s + i, lim);
        if (a) {
            i += a;
            prev = i - 1;
            if (prev - run >= CHUNK) {
                rc = copy_run(u, s, run, prev);
                run = prev;
            }
            continue;
        }
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(s + i, len - i, &c, &ill);
        if (!n) {
            bad = i;
            break;
        }
        if (!u->active || inert(u, c, s + i, n)) {
            prev = i;
            i += n;
            continue;
        }
        size_t st = i > run ? prev : i;
        size_t e = i + n;
        while (e < len && s[e] >= 0x80) {
            size_t m = attune__utf8_decode(s + e, len - e, &c, &ill);
            if (!m) {
                bad = e;
                break;
            }
            if (inert(u, c, s + e, m))
                break;
            e += m;
        }
        if (bad != ATTUNE_NO_OFFSET)
            break;
        rc = copy_run(u, s, run, st);
        if (!rc)
            rc = norm_stretch(u, s, st, e);
        if (rc == ATTUNE_EUTF8) {
            bad = st;
            break;
        }
        run = i = e;
    }
    if (!rc && bad == ATTUNE_NO_OFFSET)
        rc = copy_run(u, s, run, len);
    attune__free(u->work);
    if (bad != ATTUNE_NO_OFFSET)
        return attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8", src_base + bad);
    if (rc)
        return attune__fail(err, rc, "out of memory", ATTUNE_NO_OFFSET);
    return ATTUNE_OK;
}
