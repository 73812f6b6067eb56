/* Tokens for the trainer: words (letters and digits, with inner apostrophes),
 * lower-cased and stemmed with Snowball's English stemmer. Each distinct
 * surface form is stemmed once and cached, so the hot path does not allocate
 * per token. */
#include "train/train_internal.h"

#include <libstemmer.h>
#include <string.h>
#include <utf8proc.h>

#define TOK_MAX_WORD 64

struct attune__tokenizer {
    struct sb_stemmer *stemmer;
    attune__strmap surface;  /* lower-cased word -> id */
    uint32_t *stem_of;       /* surface id -> stem id */
    uint32_t stem_cap;
    attune__strmap stems;
};

int32_t attune__tokenizer_new(attune__tokenizer **out) {
    attune__tokenizer *t = attune__calloc(1, sizeof *t);
    if (!t)
        return ATTUNE_ENOMEM;
    t->stemmer = sb_stemmer_new("english", NULL);
    if (!t->stemmer) {
        attune__free(t);
        return ATTUNE_ENOMEM;
    }
    *out = t;
    return ATTUNE_OK;
}

void attune__tokenizer_free(attune__tokenizer *t) {
    if (!t)
        return;
    sb_stemmer_delete(t->stemmer);
    attune__strmap_free(&t->surface);
    attune__strmap_free(&t->stems);
    attune__free(t->stem_of);
    attune__free(t);
}

static int32_t stem_word(attune__tokenizer *t, const char *w, size_t n, const char **form,
                         size_t *form_len) {
    uint32_t h = attune__hash_bytes(w, n);
    uint32_t sid;
    bool added;
    int32_t rc = attune__strmap_intern(&t->surface, w, n, h, &sid, &added);
    if (rc)
        return rc;
    if (added) {
        if (sid >= t->stem_cap) {
            uint32_t nc = t->stem_cap ? t->stem_cap * 2 : 1024;
            uint32_t *p = attune__realloc_array(t->stem_of, nc, sizeof *p);
            if (!p)
                return ATTUNE_ENOMEM;
            t->stem_of = p;
            t->stem_cap = nc;
        }
        const sb_symbol *st = sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)n);
        if (!st)
            return ATTUNE_ENOMEM;
        size_t sl = (size_t)sb_stemmer_length(t->stemmer);
        uint32_t stem_id;
        rc = attune__strmap_intern(&t->stems, (const char *)st, sl,
                                   attune__hash_bytes(st, sl), &stem_id, NULL);
        if (rc)
            return rc;
        t->stem_of[sid] = stem_id;
    }
    uint32_t stem_id = t->stem_of[sid];
    *form = attune__strmap_str(&t->stems, stem_id);
    *form_len = t->stems.lens[stem_id];
    return ATTUNE_OK;
}

static bool word_cp(utf8proc_int32_t cp) {
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

/* Decodes the code point at p[i]; ill-formed bytes count as U+FFFD, one byte. */
static utf8proc_int32_t decode(const unsigned char *p, size_t len, size_t i, size_t *k) {
    if (p[i] < 0x80) {
        *k = 1;
        return p[i];
    }
    utf8proc_int32_t cp;
    size_t avail = len - i < 4 ? len - i : 4;
    utf8proc_ssize_t r = utf8proc_iterate(p + i, (utf8proc_ssize_t)avail, &cp);
    if (r <= 0) {
        *k = 1;
        return 0xfffd;
    }
    *k = (size_t)r;
    return cp;
}

static bool is_apostrophe(utf8proc_int32_t cp) {
    return cp == '\'' || cp == 0x2019;
}

int32_t attune__tokenize(attune__tokenizer *t, const char *text, size_t len,
                         attune__tok_fn fn, void *ud) {
    const unsigned char *p = (const unsigned char *)text;
    char word[TOK_MAX_WORD + 8];
    size_t i = 0;
    while (i < len) {
        size_t k;
        utf8proc_int32_t cp = decode(p, len, i, &k);
        bool w = cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9')
                           : word_cp(cp);
        if (!w) {
            i += k;
            continue;
        }
        size_t start = i, wl = 0;
        bool too_long = false;
        for (;;) {
            if (cp < 0x80) {
                if (wl < TOK_MAX_WORD)
                    word[wl++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
                else
                    too_long = true;
            } else {
                utf8proc_uint8_t enc[4];
                utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(cp), enc);
                if (wl + (size_t)el <= TOK_MAX_WORD) {
                    memcpy(word + wl, enc, (size_t)el);
                    wl += (size_t)el;
                } else {
                    too_long = true;
                }
            }
            i += k;
            if (i >= len)
                break;
            size_t k2;
            utf8proc_int32_t next = decode(p, len, i, &k2);
            bool nw = next < 0x80 ? ((next | 0x20) >= 'a' && (next | 0x20) <= 'z') ||
                                        (next >= '0' && next <= '9')
                                  : word_cp(next);
            if (!nw && is_apostrophe(next) && i + k2 < len) {
                /* an apostrophe between two word characters stays inside */
                size_t k3;
                utf8proc_int32_t after = decode(p, len, i + k2, &k3);
                bool aw = after < 0x80 ? ((after | 0x20) >= 'a' && (after | 0x20) <= 'z')
                                       : word_cp(after);
                if (aw) {
                    if (wl < TOK_MAX_WORD)
                        word[wl++] = '\'';
                    i += k2;
                    cp = after;
                    k = k3;
                    continue;
                }
            }
            if (!nw)
                break;
            cp = next;
            k = k2;
        }
        if (too_long)
            continue; /* not a word: a URL, a hash, a run of letters */
        const char *form;
        size_t form_len;
        int32_t rc = stem_word(t, word, wl, &form, &form_len);
        if (rc)
            return rc;
        rc = fn(ud, form, form_len, start, i);
        if (rc)
            return rc;
    }
    return ATTUNE_OK;
}
