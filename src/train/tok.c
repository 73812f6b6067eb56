/* Tokens for the trainer, exactly as classification sees them: the model's
 * tokenizer (attune__next_token: words, folding, sentence boundaries) and
 * its Snowball stemmer. Each distinct folded form is stemmed once and
 * cached, so the hot path does not allocate per token. */
#include "model/model_internal.h"
#include "train/train_internal.h"

#include <string.h>

#define TOK_FOLD_CAP 256

struct attune__ttok {
    struct sb_stemmer *stemmer;
    attune__strmap surface; /* folded word -> id */
    uint32_t *stem_of;      /* surface id -> stem id, UINT32_MAX: no stem */
    uint32_t stem_cap;
    attune__strmap stems; /* the stems, ids in order of first sight */
};

int32_t attune__ttok_new(attune__ttok **out) {
    attune__ttok *t = attune__calloc(1, sizeof *t);
    if (!t)
        return ATTUNE_ENOMEM;
    t->stemmer = attune__stemmer_new();
    if (!t->stemmer) {
        attune__free(t);
        return ATTUNE_ENOMEM;
    }
    *out = t;
    return ATTUNE_OK;
}

void attune__ttok_free(attune__ttok *t) {
    if (!t)
        return;
    attune__stemmer_free(t->stemmer);
    attune__strmap_free(&t->surface);
    attune__free(t->stem_of);
    attune__strmap_free(&t->stems);
    attune__free(t);
}

void attune__ttok_take_stems(attune__ttok *t, attune__strmap *out) {
    *out = t->stems;
    memset(&t->stems, 0, sizeof t->stems);
    /* the cache refers to the stems given away */
    t->surface.count = 0;
    attune__strmap_free(&t->surface);
}

/* The stem id of a folded word (UINT32_MAX when it has no stem a model
 * could hold). */
static int32_t stem_word(attune__ttok *t, const char *w, size_t n, uint32_t *stem_id) {
    uint32_t sid;
    bool added;
    int32_t rc = attune__strmap_intern(&t->surface, w, n, attune__hash_bytes(w, n), &sid, &added);
    if (rc)
        return rc;
    if (added) {
        if (sid >= t->stem_cap) {
            uint32_t nc = t->stem_cap ? t->stem_cap * 2 : 1024;
            uint32_t *p = attune__realloc_array(t->stem_of, nc, sizeof *p);
            if (!p)
                goto nomem;
            t->stem_of = p;
            t->stem_cap = nc;
        }
        size_t sl = 0;
        const char *st = attune__stem(t->stemmer, w, n, &sl);
        if (!st)
            goto nomem;
        t->stem_of[sid] = UINT32_MAX;
        if (sl > 0 && sl <= ATTUNE__MAX_STEM &&
            attune__strmap_intern(&t->stems, st, sl, attune__hash_bytes(st, sl), &t->stem_of[sid],
                                  NULL) != ATTUNE_OK)
            goto nomem;
    }
    *stem_id = t->stem_of[sid];
    return ATTUNE_OK;
nomem:
    /* forget the word (the last one added, so no probe chain passes its
     * slot) so that a later call stems it again */
    for (uint32_t i = 0; i < t->surface.cap; i++)
        if (t->surface.slots[i] == sid + 1)
            t->surface.slots[i] = 0;
    t->surface.arena.len = t->surface.offs[sid];
    t->surface.count--;
    return ATTUNE_ENOMEM;
}

int32_t attune__ttok_run(attune__ttok *t, const char *text, size_t len, attune__ttok_fn fn,
                         void *ud) {
    char fold[TOK_FOLD_CAP];
    attune__token tk;
    size_t pos = 0;
    while (attune__next_token(text, len, &pos, &tk, fold, sizeof fold)) {
        const char *form = NULL;
        size_t form_len = 0;
        uint32_t id = UINT32_MAX;
        if (tk.folded_len) {
            int32_t rc = stem_word(t, fold, tk.folded_len, &id);
            if (rc)
                return rc;
            if (id != UINT32_MAX) {
                form = attune__strmap_str(&t->stems, id);
                form_len = t->stems.lens[id];
            }
        }
        int32_t rc = fn(ud, form, form_len, id, tk.start, tk.end, tk.boundary);
        if (rc)
            return rc;
    }
    return ATTUNE_OK;
}
