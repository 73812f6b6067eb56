/* The form table: surface forms of the vocabulary whose stem id is known
 * without running the stemmer. For every stem, the stem itself and the stem
 * with each common suffix are stemmed once when the model is finalized; the
 * forms that stem back to a vocabulary stem are kept with that stem's id.
 * Classification looks a folded token up here first (one probe of a key
 * computed once per token, see model_internal.h) and stems only the tokens
 * the table does not know. The table is immutable after finalize. */
#include "model/model_internal.h"

/* Suffixes tried on every stem to find its common surface forms. Each
 * costs one stemmer call per stem whenever a model is finalized (loading a
 * trained model of thousands of stems included), so the list keeps the
 * inflections running text uses most; a rarer form is stemmed once per
 * thread and then found in the per-thread cache. Measured (callgrind, seeds
 * page by page): the 46 suffixes tried before were 1% faster per byte once
 * warm, and loading CounselChat's trained model cost 2x more. */
static const char *const form_suffixes[] = {"", "s", "es", "e", "ed", "ing", "ly", "er"};

/* Most slots the table may have (the rest of the forms are stemmed). */
#define FORMS_MAX_CAP (1u << 24)

typedef struct forms_build {
    attune__form *slot;
    uint32_t cap, count;
} forms_build;

static bool same_key(const attune_model *m, const attune__form *f, const attune__key *k,
                     const char *s) {
    return f->hash == k->hash && f->len == k->len && f->w0 == k->w0 && f->w1 == k->w1 &&
           (k->len <= 16 || memcmp(m->form_text + f->off, s + 16, k->len - 16) == 0);
}

static void place(attune__form *slot, uint32_t cap, const attune__form *f) {
    uint32_t mask = cap - 1, i = f->hash & mask;
    while (slot[i].len)
        i = (i + 1) & mask;
    slot[i] = *f;
}

/* Doubles the table (load stays at most one half). */
static int32_t grow_table(forms_build *b) {
    uint32_t cap = b->cap * 2;
    attune__form *slot = attune__calloc(cap, sizeof *slot);
    if (!slot)
        return ATTUNE_ENOMEM;
    for (uint32_t i = 0; i < b->cap; i++)
        if (b->slot[i].len)
            place(slot, cap, &b->slot[i]);
    attune__free(b->slot);
    b->slot = slot;
    b->cap = cap;
    return ATTUNE_OK;
}

/* Adds form w (n bytes, padded) with stem id `id` unless it is known. */
static int32_t add_form(attune_model *m, forms_build *b, const char *w, size_t n, int32_t id) {
    attune__key k;
    attune__key_make(&k, w, n);
    uint32_t mask = b->cap - 1;
    for (uint32_t i = k.hash & mask; b->slot[i].len; i = (i + 1) & mask)
        if (same_key(m, &b->slot[i], &k, w))
            return ATTUNE_OK;
    if (b->count + 1 > b->cap / 2) {
        if (b->cap >= FORMS_MAX_CAP)
            return ATTUNE_OK; /* full: such tokens are stemmed instead */
        if (grow_table(b))
            return ATTUNE_ENOMEM;
    }
    attune__form f = {k.w0, k.w1, k.hash, k.len, 0, id};
    if (n > 16) {
        size_t tail = n - 16;
        if (m->form_text_len + tail > m->form_text_cap) {
            uint32_t cap = m->form_text_cap ? m->form_text_cap * 2 : 1024;
            while (cap < m->form_text_len + tail)
                cap *= 2;
            char *p = attune__realloc(m->form_text, cap);
            if (!p)
                return ATTUNE_ENOMEM;
            m->form_text = p;
            m->form_text_cap = cap;
        }
        memcpy(m->form_text + m->form_text_len, w + 16, tail);
        f.off = m->form_text_len;
        m->form_text_len += (uint32_t)tail;
    }
    place(b->slot, b->cap, &f);
    b->count++;
    return ATTUNE_OK;
}

int32_t attune__model_build_forms(attune_model *m) {
    size_t nsuf = sizeof form_suffixes / sizeof form_suffixes[0];
    forms_build b = {NULL, 64, 0};
    while (b.cap < FORMS_MAX_CAP && b.cap < (uint64_t)m->nstems * 8)
        b.cap *= 2;
    b.slot = attune__calloc(b.cap, sizeof *b.slot);
    struct sb_stemmer *st = attune__stemmer_new();
    if (!b.slot || !st) {
        attune__free(b.slot);
        attune__stemmer_free(st);
        return ATTUNE_ENOMEM;
    }
    char w[ATTUNE__MAX_STEM + 16 + ATTUNE__KEY_PAD];
    int32_t rc = ATTUNE_OK;
    for (uint32_t id = 0; id < m->nstems && !rc; id++) {
        const char *s = m->stems[id];
        size_t n = strlen(s);
        for (size_t k = 0; k < nsuf && !rc; k++) {
            size_t sl = strlen(form_suffixes[k]);
            size_t base = n;
            /* a stem ending in i often stands for a word ending in y */
            if (k > 0 && n > 1 && s[n - 1] == 'i' && form_suffixes[k][0] == 'y')
                base = n - 1;
            if (base + sl > ATTUNE__MAX_STEM + 16)
                continue;
            memcpy(w, s, base);
            memcpy(w + base, form_suffixes[k], sl);
            size_t wl = base + sl, rl;
            memset(w + wl, 0, ATTUNE__KEY_PAD);
            const char *r = attune__stem(st, w, wl, &rl);
            if (!r) {
                rc = ATTUNE_ENOMEM;
                break;
            }
            int32_t rid = attune__model_stem_id(m, r, rl);
            if (rid >= 0)
                rc = add_form(m, &b, w, wl, rid);
        }
    }
    attune__stemmer_free(st);
    if (rc) {
        attune__free(b.slot);
        return rc;
    }
    uint32_t *tags = attune__alloc_array(b.cap, sizeof *tags);
    if (!tags) {
        attune__free(b.slot);
        return ATTUNE_ENOMEM;
    }
    for (uint32_t i = 0; i < b.cap; i++)
        tags[i] = b.slot[i].len ? b.slot[i].hash | 1u : 0;
    m->forms = b.slot;
    m->form_tags = tags;
    m->forms_cap = b.cap;
    return ATTUNE_OK;
}
