/* The hot path: tokens -> stem ids (through the model's form table, a
 * per-thread cache and the model's prefix filter) -> longest-match phrase matching -> weight sums and
 * evidence. Nothing here allocates per token. */
#include "themes/themes_internal.h"

#include <string.h>

/* The stem cache: one per thread, kept across calls (the stem id of a folded
 * token is a pure function of the model and the token, so a warm cache
 * changes no result). It belongs to one model at a time, told apart by the
 * model's serial; a call with another model empties it. Models stay
 * immutable and shared; each thread only touches its own cache. */
typedef struct attune__cache {
    uint64_t serial;
    attune__cache_slot slot[ATTUNE__CACHE_SLOTS];
} attune__cache;

static _Thread_local attune__cache t_cache;
static _Thread_local bool t_plain;

void attune__scan_set_plain(bool plain) {
    t_plain = plain;
}

int32_t attune__scan_init(attune__scan *s, const attune_model *m) {
    memset(s, 0, sizeof *s);
    s->m = m;
    s->plain = t_plain;
    if (!s->plain) {
        s->cache = t_cache.slot;
        if (t_cache.serial != m->serial) {
            memset(&t_cache, 0, sizeof t_cache);
            t_cache.serial = m->serial;
        }
    }
    return ATTUNE_OK;
}

void attune__scan_free(attune__scan *s) {
    attune__stemmer_free(s->st);
    s->cache = NULL;
    s->st = NULL;
}

/* Stems a folded token and looks the stem up; the stemmer is made on first
 * use, so calls whose tokens all hit the form table or the cache never make
 * one. */
static int32_t stem_id(attune__scan *s, const char *fold, size_t n, int32_t *rc) {
    if (!s->st) {
        s->st = attune__stemmer_new();
        if (!s->st) {
            *rc = ATTUNE_ENOMEM;
            return -1;
        }
    }
    size_t sl;
    const char *stem = attune__stem(s->st, fold, n, &sl);
    if (!stem) {
        *rc = ATTUNE_ENOMEM;
        return -1;
    }
    return attune__model_stem_id(s->m, stem, sl);
}

/* Stem id of a folded token, or -1; ATTUNE_ENOMEM through *rc. */
static int32_t token_id(attune__scan *s, const char *fold, size_t n, int32_t *rc) {
    if (s->plain)
        return stem_id(s, fold, n, rc);
    uint32_t h = attune__token_hash(fold, n);
    int32_t exact = attune__model_exact_id(s->m, fold, n, h);
    if (exact >= 0)
        return exact;
    attune__cache_slot *slot = NULL;
    if (n <= ATTUNE__CACHE_KEY) {
        slot = &s->cache[h & (ATTUNE__CACHE_SLOTS - 1)];
        if (slot->len == n && slot->hash == h && memcmp(slot->key, fold, n) == 0)
            return slot->id;
    }
    int32_t id = -1;
    if (attune__model_may_match(s->m, fold, n)) {
        id = stem_id(s, fold, n, rc);
        if (*rc)
            return -1;
    }
    if (slot) {
        slot->hash = h;
        slot->len = (uint8_t)n;
        slot->id = id;
        memcpy(slot->key, fold, n);
    }
    return id;
}

static size_t to_source(const attune__span_map *map, size_t off) {
    if (!map || !map->to_source)
        return off;
    return map->to_source(map->ctx, off);
}

static int32_t push_match(attune_result *r, size_t start, size_t end, uint32_t entry) {
    if (r->nmatches == r->matches_cap) {
        size_t cap = r->matches_cap ? r->matches_cap * 2 : 64;
        attune__match *p = attune__realloc_array(r->matches, cap, sizeof *p);
        if (!p)
            return ATTUNE_ENOMEM;
        r->matches = p;
        r->matches_cap = cap;
    }
    r->matches[r->nmatches++] = (attune__match){start, end, entry};
    return ATTUNE_OK;
}

int32_t attune__scan_text(attune__scan *s, attune_result *r, size_t u, const char *text,
                          size_t len, const attune__span_map *map, double factor) {
    const attune_model *m = s->m;
    attune__unit *unit = &r->units[u];
    double *sums = r->sums + u * r->nlabels;
    attune__wtok *win = s->win;
    const size_t wcap = 2 * ATTUNE__MAX_PHRASE;
    size_t head = 0, count = 0; /* ring buffer */
    size_t pos = 0;
    bool eof = false;
    bool spam = map && map->skip;
    char fold[ATTUNE__MAX_STEM + 1];
    int32_t rc = ATTUNE_OK;
    size_t words = 0;
    size_t first_src = 0, last_src = 0;
    bool any = false;
    uint32_t negated = 0; /* words still covered by a negation cue */
    if (unit->m0 == SIZE_MAX)
        unit->m0 = r->nmatches;
    for (;;) {
        /* fill the window up to a full phrase of lookahead */
        while (!eof && count < ATTUNE__MAX_PHRASE) {
            attune__token t;
            if (!attune__next_token(text, len, &pos, &t, fold, sizeof fold)) {
                eof = true;
                break;
            }
            if (spam && map->skip(map->ctx, to_source(map, t.start)))
                continue;
            attune__wtok *w = &win[(head + count) % wcap];
            w->start = t.start;
            w->end = t.end;
            w->boundary = t.boundary;
            w->id = t.folded_len ? token_id(s, fold, t.folded_len, &rc) : -1;
            if (rc)
                return rc;
            count++;
        }
        if (count == 0)
            break;
        const attune__wtok *w0 = &win[head];
        size_t used = 1;
        bool cue = false;
        if (w0->boundary)
            negated = 0;
        if (w0->id >= 0) {
            uint32_t a = m->start_off[w0->id], b = m->start_off[w0->id + 1];
            for (uint32_t k = a; k < b; k++) {
                uint32_t e = m->start_list[k];
                const attune__entry *en = &m->entries[e];
                if (en->len > count)
                    continue;
                uint32_t j = 1;
                for (; j < en->len; j++) {
                    const attune__wtok *wj = &win[(head + j) % wcap];
                    if (wj->boundary || wj->id != (int32_t)m->tok[en->first + j])
                        break;
                }
                if (j < en->len)
                    continue;
                used = en->len;
                cue = en->negation;
                if (en->wcount && !negated) {
                    bool positive = false;
                    for (uint32_t q = 0; q < en->wcount; q++) {
                        const attune__weight *wt = &m->w[en->wfirst + q];
                        sums[wt->label] += wt->weight * factor;
                        positive |= wt->weight > 0;
                    }
                    if (positive) {
                        const attune__wtok *wl = &win[(head + used - 1) % wcap];
                        rc = push_match(r, to_source(map, w0->start), to_source(map, wl->end),
                                        e);
                        if (rc)
                            return rc;
                    }
                }
                break;
            }
        }
        if (!any) {
            first_src = w0->start;
            any = true;
        }
        last_src = win[(head + used - 1) % wcap].end;
        negated = cue ? m->negation_scope : (negated > used ? negated - (uint32_t)used : 0);
        words += used;
        head = (head + used) % wcap;
        count -= used;
    }
    unit = &r->units[u];
    unit->words += words;
    unit->m1 = r->nmatches;
    if (any) {
        size_t a = to_source(map, first_src), b = to_source(map, last_src);
        if (unit->start > unit->end) {
            unit->start = a;
            unit->end = b;
        } else {
            if (a < unit->start)
                unit->start = a;
            if (b > unit->end)
                unit->end = b;
        }
    }
    return ATTUNE_OK;
}
