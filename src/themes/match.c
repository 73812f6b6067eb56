/* The hot path: tokens -> stem ids (through a per-thread cache, then the
 * model's form table, prefix filter and the stemmer) -> longest-match phrase
 * matching -> weight sums and evidence. Nothing here allocates per token.
 *
 * A token is read once: most (ASCII words after spaces) from one 16-byte
 * load of the text, which gives their key words without a copy
 * (attune__next_token_wide); the others by the tokenizer, which folds them
 * into a buffer. A token of up to 8 bytes is then one word, looked up in
 * one 64-byte set of the cache (longer ones by their key: two words,
 * length, hash, model_internal.h). Tokens are settled in a loop where a
 * token that starts some entry of two or more stems waits for the next
 * one: when their stems start no such entry (the model's pair set says so,
 * for nearly every token) it counts its one-word entry, if any; only the
 * others go through the window (out of line) that reads as far ahead as
 * the longest entry. Match offsets and the span of a block's words
 * stay offsets in the block's text and are mapped to source offsets when
 * read. */
#include "model/tokenize_ascii.h"
#include "themes/themes_internal.h"

#include <string.h>

/* The per-token functions are forced inline into the scan loop (a call
 * and its register saves cost as much as a probe of the cache). */

/* The stem cache: one per thread, kept across calls (the stem id of a folded
 * token is a pure function of the model and the token, so a warm cache
 * changes no result). It belongs to one model at a time, told apart by the
 * model's serial; a call with another model empties it. Models stay
 * immutable and shared; each thread only touches its own cache. A set keeps
 * its newest ATTUNE__CACHE_WAYS tokens. */
typedef struct attune__cache {
    _Alignas(64) attune__short_slot short_slot[ATTUNE__SHORT_SETS][ATTUNE__CACHE_WAYS];
    attune__cache_slot slot[ATTUNE__CACHE_SETS][ATTUNE__CACHE_WAYS];
    uint64_t serial;
} attune__cache;

static _Thread_local attune__cache t_cache;
static _Thread_local bool t_plain;

void attune__scan_set_plain(bool plain) { t_plain = plain; }

int32_t attune__scan_init(attune__scan *s, const attune_model *m) {
    s->m = m;
    s->st = NULL;
    s->cache = NULL;
    s->short_cache = NULL;
    s->plain = t_plain;
    s->rc = ATTUNE_OK;
    if (!s->plain) {
        s->cache = t_cache.slot;
        s->short_cache = t_cache.short_slot;
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
    s->short_cache = NULL;
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

/* The bytes of a folded token of 1 to 8 bytes as one word, zero past its
 * end (fold has 8 initialized bytes from its start). */
static inline uint64_t short_word(const char *fold, size_t n) {
#if ATTUNE__SWAR
    return attune__load64(fold) & (~0ull >> (64 - 8 * n));
#else
    uint64_t w = 0;
    memcpy(&w, fold, n);
    return w;
#endif
}

static inline uint32_t short_set(uint64_t w) {
    return (uint32_t)((w * 0x9e3779b97f4a7c15ull) >> 40) & (ATTUNE__SHORT_SETS - 1);
}

/* The key of the folded token fold[0..n); fold has ATTUNE__KEY_PAD
 * initialized bytes past n (they are masked off or zeroed here). */
static inline void token_key(attune__key *k, char *fold, size_t n) {
#if ATTUNE__SWAR
    if (n <= 16) {
        /* little-endian: the token's bytes are the low bytes of the words */
        size_t n1 = n > 8 ? n - 8 : 0;
        uint64_t w0 = attune__load64(fold) & (~0ull >> (64 - 8 * (n < 8 ? n : 8)));
        uint64_t w1 = n1 ? attune__load64(fold + 8) & (~0ull >> (64 - 8 * n1)) : 0;
        uint64_t h = attune__key_mix(w0, w1, n);
        k->w0 = w0;
        k->w1 = w1;
        k->hash = (uint32_t)(h >> 32);
        k->len = (uint32_t)n;
        return;
    }
#endif
    memset(fold + n, 0, ATTUNE__KEY_PAD);
    attune__key_make(k, fold, n);
}

/* Stem id of a token that the cache does not know: through the form table,
 * else the prefix filter and the stemmer; then remembered by the cache. */
static ATTUNE__NOINLINE int32_t token_id_miss(attune__scan *s, char *fold, size_t n) {
    attune__key k;
    token_key(&k, fold, n);
    int32_t id = attune__model_form_id(s->m, &k, fold);
    if (id < 0 && attune__model_may_match(s->m, fold, k.len)) {
        id = stem_id(s, fold, k.len, &s->rc);
        if (s->rc)
            return -1;
    }
    if (n <= 8) {
        attune__short_slot *set = s->short_cache[short_set(k.w0)];
        memmove(set + 1, set, (ATTUNE__CACHE_WAYS - 1) * sizeof *set);
        set[0] = (attune__short_slot){k.w0, id, (uint32_t)n};
    } else if (n <= 16) {
        attune__cache_slot *set = s->cache[k.hash & (ATTUNE__CACHE_SETS - 1)];
        memmove(set + 1, set, (ATTUNE__CACHE_WAYS - 1) * sizeof *set);
        set[0] = (attune__cache_slot){k.w0, k.w1, k.hash | (uint64_t)k.len << 32, id};
    }
    return id;
}

/* Looks a token of 1 to 16 bytes up in the cache by its key words w0, w1
 * (zero past its end): true with its id when the cache knows it. */
static ATTUNE__FORCE_INLINE bool cache_find(const attune__scan *s, uint64_t w0, uint64_t w1,
                                            size_t n, int32_t *id) {
    if (n <= 8) {
        const attune__short_slot *set = s->short_cache[short_set(w0)];
        /* a folded token has no zero byte, so w0 (zero past the token's end)
         * also says its length, and is never the 0 of an empty slot */
        for (int i = 0; i < ATTUNE__CACHE_WAYS; i++)
            if (set[i].w == w0) {
                *id = set[i].id;
                return true;
            }
        return false;
    }
    uint32_t hash = (uint32_t)(attune__key_mix(w0, w1, n) >> 32);
    const attune__cache_slot *set = s->cache[hash & (ATTUNE__CACHE_SETS - 1)];
    uint64_t hl = hash | (uint64_t)n << 32;
    for (int i = 0; i < ATTUNE__CACHE_WAYS; i++)
        if (set[i].hash_len == hl && set[i].w0 == w0 && set[i].w1 == w1) {
            *id = set[i].id;
            return true;
        }
    return false;
}

/* Stem id of the folded token fold[0..n), or -1 (also when out of memory:
 * then s->rc is ATTUNE_ENOMEM, and the scan reports it when it ends). fold
 * has ATTUNE__KEY_PAD initialized bytes past n. */
static ATTUNE__FORCE_INLINE int32_t token_id(attune__scan *s, char *fold, size_t n) {
    int32_t id;
    if (n <= 8) {
        if (cache_find(s, short_word(fold, n), 0, n, &id))
            return id;
    } else if (n <= 16) {
        attune__key k;
        token_key(&k, fold, n);
        if (cache_find(s, k.w0, k.w1, n, &id))
            return id;
    }
    return token_id_miss(s, fold, n);
}

static inline void store64(char *p, uint64_t v) { memcpy(p, &v, sizeof v); }

/* token_id of a token of 1 to 15 bytes given as its key words w0, w1
 * (attune__next_token_wide); fold gets its bytes only when the cache does
 * not know it. */
static ATTUNE__FORCE_INLINE int32_t key_id(attune__scan *s, char *fold, uint64_t w0, uint64_t w1,
                                           size_t n) {
    int32_t id;
    if (cache_find(s, w0, w1, n, &id))
        return id;
    store64(fold, w0);
    store64(fold + 8, w1);
    memset(fold + 16, 0, ATTUNE__KEY_PAD);
    return token_id_miss(s, fold, n);
}

size_t attune__unit_source(const attune_result *r, size_t u, size_t off) {
    const attune_block *b = r->units[u].block;
    return b ? attune_block_source_offset(b, off) : off;
}

static int32_t push_match(attune_result *r, size_t start, size_t end, uint32_t entry, size_t u) {
    if (r->nmatches == r->matches_cap) {
        attune__match *q = attune__grow(r->matches, &r->matches_cap, sizeof *q, 64);
        if (!q)
            return ATTUNE_ENOMEM;
        r->matches = q;
    }
    r->matches[r->nmatches++] = (attune__match){start, end, entry, (uint32_t)u};
    return ATTUNE_OK;
}

/* The token reader of one scan_text call. */
typedef struct reader {
    attune__scan *s;
    const attune_result *r;
    size_t u;
    const char *text;
    size_t len, pos;
    const attune__skip *skip;
    char *fold;       /* ATTUNE__MAX_STEM + 1 + ATTUNE__KEY_PAD bytes */
    const char *tail; /* attune__tail_init */
    attune__wide_src at;
    bool eof;
} reader;

static ATTUNE__FORCE_INLINE bool skipped(const reader *rd, size_t start) {
    return rd->skip && rd->skip->skip(rd->skip->ctx, attune__unit_source(rd->r, rd->u, start));
}

/* read_token without attune__next_token_wide, out of line: for the tokens
 * that it does not read (the loop of attune__scan_text keeps its reader's
 * position in registers and calls this with it stored in rd), and every
 * token of the plain path (which stems each one). */
static ATTUNE__NOINLINE bool read_other(reader *rd, attune__wtok *w) {
    for (;;) {
        attune__token t;
        int got = attune__next_token_ascii(rd->text, rd->len, &rd->pos, &t, rd->fold,
                                           ATTUNE__MAX_STEM + 1);
        if (got < 0)
            got = attune__next_token_mixed(rd->text, rd->len, &rd->pos, &t, rd->fold,
                                           ATTUNE__MAX_STEM + 1);
        if (!got) {
            rd->eof = true;
            return false;
        }
        if (skipped(rd, t.start))
            continue;
        w->start = t.start;
        w->end = t.end;
        w->boundary = t.boundary;
        w->id = !t.folded_len  ? -1
                : rd->s->plain ? stem_id(rd->s, rd->fold, t.folded_len, &rd->s->rc)
                               : token_id(rd->s, rd->fold, t.folded_len);
        return true;
    }
}

/* Reads the next token (skipping spam) into *w; false at the end. Most
 * tokens are read by attune__next_token_wide, the others by read_other.
 * The reader's position and load base are *pos and *at (in registers in
 * the loop of attune__scan_text, where rd's own are stale), the rest of it
 * is rd. */
static ATTUNE__FORCE_INLINE bool fast_read(reader *rd, size_t *pos, attune__wide_src *at,
                                           attune__wtok *w) {
#if ATTUNE__SSE2
    for (;;) {
        size_t start, n;
        uint64_t w0, w1;
        int got = attune__next_token_wide(rd->len, rd->tail, at, pos, &start, &n, &w0, &w1);
        if (got == 0) {
            rd->eof = true;
            return false;
        }
        if (got < 0)
            break;
        /* (the id first: the key words need not outlive the call) */
        int32_t id = key_id(rd->s, rd->fold, w0, w1, n);
        if (skipped(rd, start))
            continue;
        w->start = start;
        w->end = start + n;
        w->boundary = false;
        w->id = id;
        return true;
    }
    rd->at = *at;
#else
    (void)at; /* no wide reads without SSE2: every token goes to read_other */
#endif
    rd->pos = *pos;
    bool got = read_other(rd, w);
    *pos = rd->pos;
    return got;
}

/* Reads the next token (skipping spam) into *w; false at the end: the
 * window's reader, fast_read on the reader's own position. */
static ATTUNE__FORCE_INLINE bool read_token(reader *rd, attune__wtok *w) {
    return fast_read(rd, &rd->pos, &rd->at, w);
}

/* The first entry of list[k..end) (entries of two or more stems, longest
 * first; an entry of one stem ends the walk) that matches at the window's
 * head (count tokens read), knowing that its first j0 stems do; or
 * ATTUNE__NO_ENTRY. Its length through *used. */
static uint32_t match_long(const attune_model *m, const attune__wtok *win, size_t head,
                           size_t count, const uint32_t *list, uint32_t k, uint32_t end,
                           uint32_t j0, size_t *used) {
    const size_t wcap = 2 * ATTUNE__MAX_PHRASE;
    for (; k < end; k++) {
        uint32_t c = list[k];
        const attune__entry *en = &m->entries[c];
        if (en->len < 2)
            break; /* longest first: the one-word entry is last */
        if (en->len > count)
            continue;
        uint32_t j = j0;
        for (; j < en->len; j++) {
            const attune__wtok *wj = &win[(head + j) % wcap];
            if (wj->boundary || wj->id != (int32_t)m->tok[en->first + j])
                break;
        }
        if (j == en->len) {
            *used = en->len;
            return c;
        }
    }
    return ATTUNE__NO_ENTRY;
}

/* What a scan_text call carries from token to token. */
typedef struct scan_state {
    double *sums;
    double factor;
    size_t words;
    size_t first, last;
    bool any;
    uint32_t negated; /* words still covered by a negation cue */
} scan_state;

/* Settles the `used` tokens from `w0` to `wl` as entry e (ATTUNE__NO_ENTRY:
 * as words that match nothing). maybe_first: w0 may be the first word of
 * the call (else the caller has recorded that one). */
static ATTUNE__FORCE_INLINE int32_t settle(const attune_model *m, attune_result *r, size_t u,
                                           scan_state *st, const attune__wtok *w0,
                                           const attune__wtok *wl, size_t used, uint32_t e,
                                           bool maybe_first) {
    bool cue = false;
    if (w0->boundary)
        st->negated = 0;
    if (e != ATTUNE__NO_ENTRY) {
        const attune__entry *en = &m->entries[e];
        cue = en->negation;
        if (en->wcount && !st->negated) {
            for (uint32_t q = 0; q < en->wcount; q++) {
                const attune__weight *wt = &m->w[en->wfirst + q];
                st->sums[wt->label] += wt->weight * st->factor;
            }
            /* evidence when some weight is positive */
            if (m->pos_off[e + 1] != m->pos_off[e]) {
                int32_t rc = push_match(r, w0->start, wl->end, e, u);
                if (rc)
                    return rc;
            }
        }
    }
    if (maybe_first && !st->any) {
        st->first = w0->start;
        st->any = true;
    }
    st->last = wl->end;
    if (st->negated | (uint32_t)cue) { /* rare: only near a negation cue */
        uint32_t n = st->negated;
        st->negated = cue ? m->negation_scope : (n > used ? n - (uint32_t)used : 0);
    }
    st->words += used;
    return ATTUNE_OK;
}

/* Settles the tokens of the window, win[0..count) (none on the plain path),
 * reading more as the entries that start at its head need them, until it
 * is empty (the plain path: until the end of the text). Out of line: the
 * loop of attune__scan_text keeps its own state in registers. */
static ATTUNE__NOINLINE int32_t run_window(attune__scan *s, attune_result *r, size_t u, reader *rd,
                                           scan_state *st, size_t count) {
    const attune_model *m = s->m;
    const attune__start_info *info = m->start_info;
    attune__wtok *win = s->win;
    const size_t wcap = 2 * ATTUNE__MAX_PHRASE;
    const bool plain = s->plain;
    size_t head = 0; /* ring buffer */
    /* tokens wanted in the window before the head can be settled: one, or
     * more when the head starts an entry of several stems (then the loop
     * reads them and looks at the same head again) */
    size_t want = 1;
    for (;;) {
        while (count < want && !rd->eof)
            if (plain ? read_other(rd, &win[(head + count) % wcap])
                      : read_token(rd, &win[(head + count) % wcap]))
                count++;
        if (count == 0)
            return ATTUNE_OK;
        const attune__wtok *w0 = &win[head];
        size_t used = 1;
        uint32_t e = ATTUNE__NO_ENTRY;
        int32_t id0 = w0->id;
        if (id0 >= 0 && info[id0].max) {
            const attune__start_info *si = &info[id0];
            e = si->single;
            if (si->max >= 2) {
                if (count < 2 && !rd->eof) {
                    want = 2;
                    continue;
                }
                const attune__wtok *w1 = &win[(head + 1) % wcap];
                /* the plain path walks the entries of every such token; the
                 * other, only those that start with the head and the token
                 * after it (longest first: the first one's length is as far
                 * as it needs to read) */
                uint32_t slot = UINT32_MAX;
                if (!plain && count >= 2 && !w1->boundary && w1->id >= 0)
                    slot = attune__model_pair_at(m, si, (uint32_t)id0, (uint32_t)w1->id);
                if (plain || slot != UINT32_MAX) {
                    const uint32_t *list = plain ? m->start_list : m->pair_list;
                    uint32_t k = plain ? m->start_off[id0] : m->pair_first[slot];
                    uint32_t end = plain ? m->start_off[id0 + 1] : k + m->pair_n[slot];
                    size_t need = plain ? si->max : m->entries[list[k]].len;
                    if (count < need && !rd->eof) {
                        want = need;
                        continue;
                    }
                    uint32_t c =
                        match_long(m, win, head, count, list, k, end, plain ? 1 : 2, &used);
                    if (c != ATTUNE__NO_ENTRY)
                        e = c;
                }
            }
        }
        int32_t rc = settle(m, r, u, st, w0, &win[(head + used - 1) % wcap], used, e, true);
        if (rc)
            return rc;
        head = (head + used) % wcap;
        count -= used;
        want = 1;
        if (count == 0 && !plain)
            return ATTUNE_OK;
    }
}

ATTUNE__CLONES_V3
int32_t attune__scan_text(attune__scan *s, attune_result *r, size_t u, const char *text, size_t len,
                          const attune__skip *skip, double factor) {
    const attune_model *m = s->m;
    const attune__start_info *info = m->start_info;
    char fold[ATTUNE__MAX_STEM + 1 + ATTUNE__KEY_PAD] = {0};
    char tail[ATTUNE__TAIL];
    attune__tail_init(tail, text, len);
    /* rd and st stay in memory (their addresses go to the functions out of
     * line), apart from the position the loop below keeps in registers */
    reader rd = {.s = s,
                 .r = r,
                 .u = u,
                 .text = text,
                 .len = len,
                 .skip = skip && skip->skip ? skip : NULL,
                 .fold = fold,
                 .tail = tail};
#if ATTUNE__SSE2
    rd.at = attune__wide_init(text, len, tail);
#endif
    int32_t rc = ATTUNE_OK;
    scan_state st = {.sums = r->sums + u * r->nlabels, .factor = factor};
    if (r->units[u].m0 == SIZE_MAX)
        r->units[u].m0 = r->nmatches;
    if (s->plain) {
        rc = run_window(s, r, u, &rd, &st, 0);
        if (rc)
            return rc;
    } else {
        /* Tokens are settled here as long as no entry of two or more stems
         * can start at them. A token that starts some such entry waits
         * (prev) for the next one: when their stems are not a pair of the
         * model, only its one-word entry can match; else the window takes
         * over from it. */
        size_t pos = 0;
        attune__wide_src at = rd.at;
        attune__wtok cur, prev;
        const attune__start_info *psi = NULL; /* prev's, while it waits */
        bool got = fast_read(&rd, &pos, &at, &cur);
        if (got) {
            st.first = cur.start;
            st.any = true;
        }
        /* (a do-while: the first token is read above, and `continue` reads
         * the next one in the loop's condition) */
        do {
            if (psi) {
                uint32_t slot = UINT32_MAX;
                if (got && !cur.boundary && cur.id >= 0)
                    slot = attune__model_pair_at(m, psi, (uint32_t)prev.id, (uint32_t)cur.id);
                if (slot != UINT32_MAX) {
                    /* when the longest entry starting with the two has two
                     * stems, so do all: the first matches */
                    uint32_t pe = m->pair_list[m->pair_first[slot]];
                    if (m->entries[pe].len == 2) {
                        rc = settle(m, r, u, &st, &prev, &cur, 2, pe, false);
                    } else {
                        s->win[0] = prev;
                        s->win[1] = cur;
                        rd.pos = pos;
#if ATTUNE__SSE2
                        rd.at = at;
#endif
                        rc = run_window(s, r, u, &rd, &st, 2);
                        pos = rd.pos;
#if ATTUNE__SSE2
                        at = rd.at;
#endif
                    }
                    if (rc)
                        return rc;
                    psi = NULL;
                    continue;
                }
                rc = settle(m, r, u, &st, &prev, &prev, 1, psi->single, false);
                if (rc)
                    return rc;
                psi = NULL;
            }
            if (!got)
                break;
            uint32_t e = ATTUNE__NO_ENTRY;
            if (cur.id >= 0) {
                const attune__start_info *si = &info[cur.id];
                if (si->max >= 2) {
                    prev = cur;
                    psi = si;
                    continue;
                }
                e = si->single;
            }
            rc = settle(m, r, u, &st, &cur, &cur, 1, e, false);
            if (rc)
                return rc;
        } while (got = fast_read(&rd, &pos, &at, &cur), true);
    }
    if (s->rc)
        return s->rc;
    size_t words = st.words, first = st.first, last = st.last;
    bool any = st.any;
    attune__runit *unit = &r->units[u];
    unit->words += words;
    unit->m1 = r->nmatches;
    if (any) {
        if (unit->start > unit->end) {
            unit->start = first;
            unit->end = last;
        } else {
            if (first < unit->start)
                unit->start = first;
            if (last > unit->end)
                unit->end = last;
        }
    }
    return ATTUNE_OK;
}
