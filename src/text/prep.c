/* Stage 1 of normalization: repair of ill-formed UTF-8, mojibake repair,
 * removal of invisible characters and typographic folding. Characters are
 * classified by code point against the short lists below (punctuation and
 * format characters named by the Unicode standard); emoji context comes
 * from utf8proc's grapheme-break classes. */
#include "text/text_internal.h"

#include <string.h>
#include <utf8proc.h>

#define REPLACEMENT_CHAR 0xFFFDu
#define ZWJ 0x200Du

typedef struct prep {
    attune__buf *out;
    attune__omap *map;
    size_t base; /* added to input offsets */
    uint32_t flags;
    int after_pict;      /* the last kept character continues an emoji */
    attune__buf scratch; /* mojibake byte images */
    attune__buf scratch2;
    /* code points known to have no folded decomposition (direct-mapped) */
    uint32_t nofold[64];
} prep;

/* ---- character classes ---- */

static int is_invisible(uint32_t c) {
    switch (c) {
    case 0x00AD: /* soft hyphen */
    case 0x061C: /* arabic letter mark */
    case 0x180E: /* mongolian vowel separator */
    case 0xFEFF: /* byte-order mark, zero width no-break space */ return 1;
    default: break;
    }
    return (c >= 0x200B && c <= 0x200F) || /* zero widths, LRM, RLM */
           (c >= 0x202A && c <= 0x202E) || /* bidi embeddings, overrides */
           (c >= 0x2060 && c <= 0x2064) || /* word joiner, invisible operators */
           (c >= 0x2066 && c <= 0x206F);   /* bidi isolates, deprecated formats */
}

/* The ASCII (or short) replacement of a typographic character, or NULL. */
static const char *fold_of(uint32_t c) {
    if (c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
        c == 0x3000)
        return " ";
    if ((c >= 0x2018 && c <= 0x201B) || c == 0x2039 || c == 0x203A)
        return c >= 0x2039 ? NULL : "'";
    if (c >= 0x201C && c <= 0x201F)
        return "\"";
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D ||
        c == 0x2E3A || c == 0x2E3B)
        return "-";
    if (c == 0x2026)
        return "...";
    switch (c) {
    case 0x00B7: /* middle dot */
    case 0x2023: /* triangular bullet */
    case 0x2027: /* hyphenation point */
    case 0x2043: /* hyphen bullet */
    case 0x204C: /* black leftwards bullet */
    case 0x204D: /* black rightwards bullet */
    case 0x2219: /* bullet operator */
    case 0x22C5: /* dot operator */
    case 0x25AA: /* black small square */
    case 0x25AB: /* white small square */
    case 0x25CF: /* black circle */
    case 0x25E6: /* white bullet */
    case 0x2981: /* z notation spot */
    case 0x2E31: /* word separator middle dot */
    case 0x30FB: /* katakana middle dot */
    case 0xFF65: /* halfwidth katakana middle dot */
    case 0x29BE: /* circled white bullet */
    case 0x29BF: /* circled bullet */ return "\xE2\x80\xA2";
    default: return NULL;
    }
}

/* A character that normalization would turn into typographic ones (with
 * NFC, U+0387 GREEK ANO TELEIA into U+00B7; with NFKC also U+FE58 SMALL EM
 * DASH, U+FE19 PRESENTATION FORM FOR VERTICAL HORIZONTAL ELLIPSIS, U+013F
 * into L and U+00B7, ...) is replaced by its decomposition with those
 * folded, since folding runs before normalization. Returns the length
 * written to out (0 when nothing folds). */
static size_t normalized_fold(uint32_t c, int compat, char out[160]) {
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)c);
    if (p->decomp_seqindex == UINT16_MAX || (p->decomp_type && !compat))
        return 0;
    utf8proc_int32_t d[32];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(
        (utf8proc_int32_t)c, d, 32,
        (utf8proc_option_t)(UTF8PROC_DECOMPOSE | (compat ? UTF8PROC_COMPAT : 0)), &last);
    if (n <= 0 || n > 32)
        return 0;
    size_t len = 0;
    int folded = 0;
    for (utf8proc_ssize_t k = 0; k < n; k++) {
        const char *f = fold_of((uint32_t)d[k]);
        if (f) {
            size_t fl = strlen(f);
            memcpy(out + len, f, fl);
            len += fl;
            folded = 1;
        } else {
            len += attune__utf8_encode((uint32_t)d[k], (unsigned char *)out + len);
        }
    }
    return folded ? len : 0;
}

static int is_pict(uint32_t c) {
    int bc = utf8proc_get_property((utf8proc_int32_t)c)->boundclass;
    return bc == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC || bc == UTF8PROC_BOUNDCLASS_E_ZWG;
}

static int is_extend(uint32_t c) {
    int bc = utf8proc_get_property((utf8proc_int32_t)c)->boundclass;
    return bc == UTF8PROC_BOUNDCLASS_EXTEND || bc == UTF8PROC_BOUNDCLASS_E_MODIFIER;
}

/* Windows-1252 (and Latin-1 for the bytes Windows-1252 leaves undefined)
 * byte of a character, or -1. */
static int cp1252_byte(uint32_t c) {
    static const uint16_t hi[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    if (c >= 0xA0 && c <= 0xFF)
        return (int)c;
    if (c >= 0x80 && c <= 0x9F)
        return (int)c; /* Latin-1 decoding of the C1 range */
    if (c < 0x100 || c > 0x2122)
        return -1;
    for (int k = 0; k < 32; k++)
        if (hi[k] == c)
            return 0x80 + k;
    return -1;
}

/* ---- emitting ---- */

static int32_t emit(prep *p, const void *bytes, size_t n, size_t src, size_t src_end, int linear) {
    size_t at = p->out->len;
    int32_t rc = attune__buf_append(p->out, bytes, n);
    if (rc)
        return rc;
    return attune__omap_add(p->map, at, n, p->base + src, p->base + src_end, linear);
}

/* Is the next character (in s[i..len)) an emoji? */
static int next_is_pict(const unsigned char *s, size_t i, size_t len) {
    if (i >= len)
        return 0;
    uint32_t c;
    size_t ill;
    return attune__utf8_decode(s + i, len - i, &c, &ill) && is_pict(c);
}

/* One well-formed non-ASCII character c from input [src, src_end).
 * `own` says whether its bytes are those of the input at src (so an
 * unchanged character is a linear copy); `next`/`next_len` is the text that
 * follows it (for the ZWJ rule). */
static int32_t put_char(prep *p, uint32_t c, const unsigned char *bytes, size_t n, size_t src,
                        size_t src_end, int own, const unsigned char *next, size_t next_len) {
    if (p->flags & ATTUNE_NORM_STRIP_INVISIBLE) {
        if (c == ZWJ) {
            if (!(p->after_pict && next_is_pict(next, 0, next_len)))
                return ATTUNE_OK;
        } else if (is_invisible(c)) {
            return ATTUNE_OK;
        }
    }
    if (p->flags & ATTUNE_NORM_FOLD_TYPOGRAPHY) {
        const char *f = fold_of(c);
        if (f) {
            p->after_pict = 0;
            return emit(p, f, strlen(f), src, src_end, 0);
        }
        if (p->flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD)) {
            char tmp[160];
            uint32_t *slot = &p->nofold[c % 64];
            size_t tn =
                *slot == c ? 0 : normalized_fold(c, (p->flags & ATTUNE_NORM_NFKC) != 0, tmp);
            if (!tn)
                *slot = c;
            if (tn) {
                p->after_pict = 0;
                return emit(p, tmp, tn, src, src_end, 0);
            }
        }
    }
    if (is_pict(c))
        p->after_pict = 1;
    else if (c != ZWJ && !is_extend(c))
        p->after_pict = 0;
    return emit(p, bytes, n, src, src_end, own);
}

/* Appends to img the Windows-1252 byte image of the characters of
 * t[0..tn); returns 0 (img incomplete) when one has no byte value. */
static int32_t byte_image(attune__buf *img, const unsigned char *t, size_t tn, int *ok) {
    size_t k = 0;
    img->len = 0;
    *ok = 0;
    while (k < tn && t[k] >= 0x80) {
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(t + k, tn - k, &c, &ill);
        int b = n ? cp1252_byte(c) : -1;
        if (b < 0)
            break;
        unsigned char ch = (unsigned char)b;
        int32_t rc = attune__buf_append(img, &ch, 1);
        if (rc)
            return rc;
        k += n;
    }
    *ok = k == tn;
    return ATTUNE_OK;
}

/* Tries to undo mojibake for the run of Windows-1252-mappable non-ASCII
 * characters starting at s[i]. Stores the run's end in *end; *fixed tells
 * whether the run round-tripped and was emitted repaired. */
static int32_t try_mojibake(prep *p, const unsigned char *s, size_t i, size_t len, size_t *end,
                            int *fixed) {
    *fixed = 0;
    size_t j = i;
    while (j < len && s[j] >= 0x80) {
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(s + j, len - j, &c, &ill);
        if (!n || cp1252_byte(c) < 0)
            break;
        j += n;
    }
    *end = j;
    if (j == i)
        return ATTUNE_OK;
    int ok;
    int32_t rc = byte_image(&p->scratch, s + i, j - i, &ok);
    if (rc)
        return rc;
    if (p->scratch.len < 2 ||
        attune__utf8_valid_prefix(p->scratch.data, p->scratch.len) != p->scratch.len)
        return ATTUNE_OK;
    /* Undo further layers while the repaired run is itself a whole
     * round-tripping run (text encoded two or three times). */
    for (int layer = 0; layer < 2; layer++) {
        rc = byte_image(&p->scratch2, (const unsigned char *)p->scratch.data, p->scratch.len, &ok);
        if (rc)
            return rc;
        if (!ok || p->scratch2.len < 2 ||
            attune__utf8_valid_prefix(p->scratch2.data, p->scratch2.len) != p->scratch2.len)
            break;
        attune__buf t = p->scratch;
        p->scratch = p->scratch2;
        p->scratch2 = t;
    }
    *fixed = 1;
    const unsigned char *t = (const unsigned char *)p->scratch.data;
    size_t tn = p->scratch.len, k = 0;
    while (k < tn) {
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(t + k, tn - k, &c, &ill);
        const unsigned char *nx = k + n < tn ? t + k + n : s + j;
        size_t nl = k + n < tn ? tn - k - n : len - j;
        rc = put_char(p, c, t + k, n, i, j, 0, nx, nl);
        if (rc)
            return rc;
        k += n;
    }
    return ATTUNE_OK;
}

int32_t attune__prep_append(attune__buf *out, attune__omap *map, const char *str, size_t len,
                            size_t src_base, uint32_t flags, attune_error *err) {
    const unsigned char *s = (const unsigned char *)str;
    prep p = {out, map, src_base, flags, 0, ATTUNE__BUF_INIT, ATTUNE__BUF_INIT, {0}};
    memset(p.nofold, 0xFF, sizeof p.nofold);
    size_t old_len = out->len, old_n = map ? map->n : 0;
    int32_t rc = attune__buf_reserve(out, len);
    if (rc)
        goto fail;
    size_t i = 0, mojibake_end = 0;
    while (i < len) {
        size_t a = attune__ascii_run(s + i, len - i);
        if (a) {
            rc = emit(&p, s + i, a, i, i + a, 1);
            if (rc)
                goto fail;
            p.after_pict = 0;
            i += a;
            continue;
        }
        if ((flags & ATTUNE_NORM_FIX_MOJIBAKE) && i >= mojibake_end) {
            int fixed;
            size_t end;
            rc = try_mojibake(&p, s, i, len, &end, &fixed);
            if (rc)
                goto fail;
            if (fixed) {
                i = end;
                continue;
            }
            mojibake_end = end; /* not a run: take its characters one by one */
        }
        uint32_t c;
        size_t ill;
        size_t n = attune__utf8_decode(s + i, len - i, &c, &ill);
        if (!n) {
            if (!(flags & ATTUNE_NORM_REPAIR)) {
                rc = attune__fail(err, ATTUNE_EUTF8, "ill-formed UTF-8", src_base + i);
                goto fail_reported;
            }
            rc = emit(&p, "\xEF\xBF\xBD", 3, i, i + ill, 0);
            if (rc)
                goto fail;
            p.after_pict = 0;
            i += ill;
            continue;
        }
        rc = put_char(&p, c, s + i, n, i, i + n, 1, s + i + n, len - i - n);
        if (rc)
            goto fail;
        i += n;
    }
    attune__buf_free(&p.scratch);
    attune__buf_free(&p.scratch2);
    return ATTUNE_OK;
fail:
    attune__fail(err, rc, "out of memory", ATTUNE_NO_OFFSET);
fail_reported:
    attune__buf_free(&p.scratch);
    attune__buf_free(&p.scratch2);
    out->len = old_len;
    if (out->data)
        out->data[old_len] = '\0';
    if (map)
        map->n = old_n;
    return rc;
}
