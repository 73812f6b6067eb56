/* Stage 2 of normalization (NFC, NFKC, case folding) and the entry points.
 *
 * utf8proc does all the Unicode work, but only on the stretches of text
 * that can change. A code point is "inert" when utf8proc leaves it alone
 * and nothing can combine with it from before: combining class 0, no
 * decomposition, not the second element of any composition, not Hangul
 * jamo or syllables (composed algorithmically), and, when case folding,
 * without a case folding. ASCII is inert except that case folding lowers
 * A-Z, which is done here directly. A stretch that can change starts at the
 * inert code point before it (which may compose with what follows) and ends
 * before the next inert one; utf8proc normalizes it exactly as it would
 * inside the whole string, because its composition and reordering never
 * cross a starter that is not a second element. */
#include "text/text_internal.h"

#include <string.h>
#include <utf8proc.h>

static utf8proc_option_t up_options(uint32_t flags) {
    int o = 0;
    if (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC))
        o |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        o |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    return (utf8proc_option_t)o;
}

static int inert(uint32_t c, int casefold) {
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7A3))
        return 0;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)c);
    if (p->combining_class || p->decomp_seqindex != UINT16_MAX)
        return 0;
    if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000)
        return 0;
    if (casefold && p->casefold_seqindex != UINT16_MAX)
        return 0;
    return 1;
}

typedef struct unorm {
    attune__buf *out;
    attune__omap *map;
    size_t base;
    int casefold;
    utf8proc_option_t opts;
    utf8proc_int32_t *work; /* utf8proc's code point buffer */
    size_t work_cap;
} unorm;

/* Copies s[a..b) (ASCII lowered when case folding) as a linear piece. */
static int32_t copy_run(unorm *u, const unsigned char *s, size_t a, size_t b) {
    if (a >= b)
        return ATTUNE_OK;
    size_t at = u->out->len;
    int32_t rc = attune__buf_append(u->out, s + a, b - a);
    if (rc)
        return rc;
    if (u->casefold) {
        unsigned char *d = (unsigned char *)u->out->data + at;
        for (size_t k = 0; k < b - a; k++)
            if (d[k] >= 'A' && d[k] <= 'Z')
                d[k] = (unsigned char)(d[k] + 32);
    }
    return attune__omap_add(u->map, at, b - a, u->base + a, u->base + b, 1);
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Normalizes the stretch s[a..b) through utf8proc and appends it; the
 * common prefix and suffix of input and result are recorded as copies. */
static int32_t norm_stretch(unorm *u, const unsigned char *s, size_t a, size_t b) {
    utf8proc_ssize_t n;
    for (;;) {
        n = utf8proc_decompose_custom(s + a, (utf8proc_ssize_t)(b - a), u->work,
                                      (utf8proc_ssize_t)u->work_cap, u->opts,
                                      NULL, NULL);
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
        rc = attune__omap_add(u->map, at + pre, rn - pre - suf, sa + pre,
                              sa + in - suf, 0);
    if (!rc)
        rc = attune__omap_add(u->map, at + rn - suf, suf, sa + in - suf, sa + in, 1);
    return rc;
}

int32_t attune__unorm_append(attune__buf *out, attune__omap *map,
                             const char *str, size_t len, size_t src_base,
                             uint32_t flags, attune_error *err) {
    const unsigned char *s = (const unsigned char *)str;
    unorm u = {out, map, src_base, (flags & ATTUNE_NORM_CASEFOLD) != 0,
               up_options(flags), NULL, 0};
    int active = (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC |
                           ATTUNE_NORM_CASEFOLD)) != 0;
    int32_t rc = attune__buf_reserve(out, len);
    size_t i = 0, run = 0; /* s[run..i) is waiting to be copied */
    size_t prev = 0;       /* start of the code point before s[i] */
    while (!rc && i < len) {
        size_t a = attune__ascii_prefix(s + i, len - i);
        if (a) {
            i += a;
            prev = i - 1;
            continue;
        }
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(s + i, len - i, &c, &ill);
        if (!n) {
            attune__free(u.work);
            return attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8", src_base + i);
        }
        if (!active || inert(c, u.casefold)) {
            prev = i;
            i += n;
            continue;
        }
        size_t st = i > run ? prev : i;
        size_t e = i + n;
        while (e < len && s[e] >= 0x80) {
            size_t m = attune__utf8_decode(s + e, len - e, &c, &ill);
            if (!m) {
                attune__free(u.work);
                return attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8", src_base + e);
            }
            if (inert(c, u.casefold))
                break;
            e += m;
        }
        rc = copy_run(&u, s, run, st);
        if (!rc)
            rc = norm_stretch(&u, s, st, e);
        if (rc == ATTUNE_EUTF8) {
            attune__free(u.work);
            return attune__fail(err, rc, "ill-formed UTF-8", src_base + st);
        }
        run = i = e;
    }
    if (!rc)
        rc = copy_run(&u, s, run, len);
    attune__free(u.work);
    if (rc)
        return attune__fail(err, rc, "out of memory", ATTUNE_NO_OFFSET);
    return ATTUNE_OK;
}
