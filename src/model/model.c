/* attune_model: the builder, finalization into a match index, accessors. */
#include "model/model_internal.h"

#include <math.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static uint64_t hash_ids(const uint32_t *ids, uint32_t n) {
    uint64_t h = 1469598103934665603ull ^ n;
    for (uint32_t i = 0; i < n; i++) {
        h ^= ids[i];
        h *= 1099511628211ull;
        h ^= h >> 31;
    }
    return h;
}

/* Grows an array of `size`-byte items to hold at least `need`. */
static int32_t grow(void **arr, uint32_t *cap, uint32_t need, size_t size) {
    if (need <= *cap)
        return ATTUNE_OK;
    if (need > UINT32_MAX / 2)
        return ATTUNE_ENOMEM;
    uint32_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *p = attune__realloc_array(*arr, c, size);
    if (!p)
        return ATTUNE_ENOMEM;
    *arr = p;
    *cap = c;
    return ATTUNE_OK;
}

int32_t attune__model_new(attune_model **out) {
    if (!out)
        return ATTUNE_EINVAL;
    attune_model *m = attune__calloc(1, sizeof *m);
    *out = m;
    if (!m)
        return ATTUNE_ENOMEM;
    m->norm_power = 0.5;
    m->norm_min = 1.0;
    m->heading_factor = 1.0;
    m->negation_scope = ATTUNE__NEGATION_SCOPE;
    return ATTUNE_OK;
}

int32_t attune__model_set_negation_scope(attune_model *m, uint32_t words) {
    if (!m || m->finalized || words > ATTUNE__MAX_NEGATION_SCOPE)
        return ATTUNE_EINVAL;
    m->negation_scope = words;
    return ATTUNE_OK;
}

int32_t attune__model_set_heading_factor(attune_model *m, double factor) {
    if (!m || m->finalized || !(factor >= 0.0 && factor <= 100.0))
        return ATTUNE_EINVAL;
    m->heading_factor = factor;
    return ATTUNE_OK;
}

int32_t attune__model_set_norm(attune_model *m, double power, double min_tokens) {
    if (!m || m->finalized || !(power >= 0.0 && power <= 4.0) ||
        !(min_tokens >= 1.0 && min_tokens <= 1e9))
        return ATTUNE_EINVAL;
    m->norm_power = power;
    m->norm_min = min_tokens;
    return ATTUNE_OK;
}

static double norm_of(const attune_model *m, size_t words) {
    double n = (double)words;
    if (n < m->norm_min)
        n = m->norm_min;
    return m->norm_power == 0.0 ? 1.0 : pow(n, m->norm_power);
}

double attune__model_norm(const attune_model *m, size_t words) {
    return words < ATTUNE__NORM_TAB && m->norm_tab ? m->norm_tab[words] : norm_of(m, words);
}

void attune_model_release(const attune_model *m) {
    /* the model was allocated by the library, so it may be written */
    attune_model_free((attune_model *)(uintptr_t)m);
}

void attune_model_free(attune_model *m) {
    if (!m || m->is_default)
        return;
    for (uint32_t i = 0; i < m->nlabels; i++) {
        attune__free(m->labels[i].id);
        attune__free(m->labels[i].name);
        attune__free(m->labels[i].desc);
    }
    attune__free(m->labels);
    for (uint32_t i = 0; i < m->nstems; i++)
        attune__free(m->stems[i]);
    attune__free(m->stems);
    attune__free(m->stem_hash);
    attune__free(m->entries);
    attune__free(m->tok);
    attune__free(m->entry_hash);
    attune__free(m->w);
    attune__free(m->norm_tab);
    attune__free(m->start_off);
    attune__free(m->start_list);
    attune__free(m->prefix_set);
    attune__free(m->start_info);
    attune__free(m->pairs);
    attune__free(m->pair_first);
    attune__free(m->pair_n);
    attune__free(m->pair_list);
    attune__free(m->pos_off);
    attune__free(m->pos_label);
    attune__free(m->forms);
    attune__free(m->form_tags);
    attune__free(m->form_text);
    attune__free(m);
}

int32_t attune__model_add_label(attune_model *m, const char *id, size_t id_len, const char *name,
                                size_t name_len, const char *desc, size_t desc_len, double bias,
                                double threshold, uint32_t *index) {
    if (!m || m->finalized || !id || id_len == 0 || id_len > 200 || !isfinite(bias) ||
        !(threshold >= 0.0 && threshold <= 1.0) || (!name && name_len) || (!desc && desc_len))
        return ATTUNE_EINVAL;
    for (size_t i = 0; i < id_len; i++)
        if ((unsigned char)id[i] <= ' ' || id[i] == '=' || id[i] == ':' || id[i] == 0x7f)
            return ATTUNE_EINVAL;
    if (attune_model_theme_index(m, id, id_len) >= 0)
        return ATTUNE_EINVAL;
    if (m->nlabels >= 65535)
        return ATTUNE_EINVAL;
    if (grow((void **)&m->labels, &m->labels_cap, m->nlabels + 1, sizeof *m->labels))
        return ATTUNE_ENOMEM;
    attune__label l = {attune__strndup(id, id_len),
                       attune__strndup(name ? name : "", name_len),
                       attune__strndup(desc ? desc : "", desc_len),
                       bias,
                       threshold,
                       INFINITY,
                       -INFINITY};
    if (threshold >= 1e-3 && threshold <= 1.0 - 1e-3) {
        double lt = log(threshold / (1.0 - threshold)), margin = 1e-6 * (1.0 + fabs(lt));
        l.x_present = lt + margin;
        l.x_absent = lt - margin;
    }
    if (!l.id || !l.name || !l.desc) {
        attune__free(l.id);
        attune__free(l.name);
        attune__free(l.desc);
        return ATTUNE_ENOMEM;
    }
    for (char *c = l.name; *c; c++)
        if ((unsigned char)*c < ' ')
            *c = ' ';
    for (char *c = l.desc; *c; c++)
        if ((unsigned char)*c < ' ')
            *c = ' ';
    m->labels[m->nlabels] = l;
    if (index)
        *index = m->nlabels;
    m->nlabels++;
    return ATTUNE_OK;
}

int32_t attune__model_stem_id(const attune_model *m, const char *s, size_t n) {
    if (!m->stem_hash_cap)
        return -1;
    uint32_t mask = m->stem_hash_cap - 1;
    for (uint32_t i = (uint32_t)hash_bytes(s, n) & mask;; i = (i + 1) & mask) {
        uint32_t id = m->stem_hash[i];
        if (id == UINT32_MAX)
            return -1;
        const char *t = m->stems[id];
        if (strncmp(t, s, n) == 0 && t[n] == '\0')
            return (int32_t)id;
    }
}

static int32_t rehash_stems(attune_model *m, uint32_t cap) {
    uint32_t *h = attune__alloc_array(cap, sizeof *h);
    if (!h)
        return ATTUNE_ENOMEM;
    memset(h, 0xff, (size_t)cap * sizeof *h);
    for (uint32_t id = 0; id < m->nstems; id++) {
        uint32_t i = (uint32_t)hash_bytes(m->stems[id], strlen(m->stems[id])) & (cap - 1);
        while (h[i] != UINT32_MAX)
            i = (i + 1) & (cap - 1);
        h[i] = id;
    }
    attune__free(m->stem_hash);
    m->stem_hash = h;
    m->stem_hash_cap = cap;
    return ATTUNE_OK;
}

/* Id of stem s, adding it when new. */
static int32_t intern_stem(attune_model *m, const char *s, size_t n, uint32_t *id) {
    int32_t found = attune__model_stem_id(m, s, n);
    if (found >= 0) {
        *id = (uint32_t)found;
        return ATTUNE_OK;
    }
    if ((m->nstems + 1) * 2 > m->stem_hash_cap &&
        rehash_stems(m, m->stem_hash_cap ? m->stem_hash_cap * 2 : 64))
        return ATTUNE_ENOMEM;
    if (grow((void **)&m->stems, &m->stems_cap, m->nstems + 1, sizeof *m->stems))
        return ATTUNE_ENOMEM;
    char *copy = attune__strndup(s, n);
    if (!copy)
        return ATTUNE_ENOMEM;
    m->stems[m->nstems] = copy;
    uint32_t mask = m->stem_hash_cap - 1;
    uint32_t i = (uint32_t)hash_bytes(s, n) & mask;
    while (m->stem_hash[i] != UINT32_MAX)
        i = (i + 1) & mask;
    m->stem_hash[i] = m->nstems;
    *id = m->nstems++;
    return ATTUNE_OK;
}

static int64_t find_entry(const attune_model *m, const uint32_t *ids, uint32_t n) {
    if (!m->entry_hash_cap)
        return -1;
    uint32_t mask = m->entry_hash_cap - 1;
    for (uint32_t i = (uint32_t)hash_ids(ids, n) & mask;; i = (i + 1) & mask) {
        uint32_t e = m->entry_hash[i];
        if (e == UINT32_MAX)
            return -1;
        const attune__entry *en = &m->entries[e];
        if (en->len == n && memcmp(m->tok + en->first, ids, n * sizeof *ids) == 0)
            return e;
    }
}

static int32_t rehash_entries(attune_model *m, uint32_t cap) {
    uint32_t *h = attune__alloc_array(cap, sizeof *h);
    if (!h)
        return ATTUNE_ENOMEM;
    memset(h, 0xff, (size_t)cap * sizeof *h);
    for (uint32_t e = 0; e < m->nentries; e++) {
        const attune__entry *en = &m->entries[e];
        uint32_t i = (uint32_t)hash_ids(m->tok + en->first, en->len) & (cap - 1);
        while (h[i] != UINT32_MAX)
            i = (i + 1) & (cap - 1);
        h[i] = e;
    }
    attune__free(m->entry_hash);
    m->entry_hash = h;
    m->entry_hash_cap = cap;
    return ATTUNE_OK;
}

/* Adds (or finds) the entry for stem ids and records the weight. */
static int32_t add_entry_ids(attune_model *m, const uint32_t *ids, uint32_t n, uint32_t label,
                             double weight) {
    int64_t e = find_entry(m, ids, n);
    if (e < 0) {
        if ((m->nentries + 1) * 2 > m->entry_hash_cap &&
            rehash_entries(m, m->entry_hash_cap ? m->entry_hash_cap * 2 : 64))
            return ATTUNE_ENOMEM;
        if (grow((void **)&m->entries, &m->entries_cap, m->nentries + 1, sizeof *m->entries) ||
            grow((void **)&m->tok, &m->tok_cap, m->ntok + n, sizeof *m->tok))
            return ATTUNE_ENOMEM;
        if (label < m->nlabels && grow((void **)&m->w, &m->w_cap, m->nw + 1, sizeof *m->w))
            return ATTUNE_ENOMEM;
        memcpy(m->tok + m->ntok, ids, n * sizeof *ids);
        m->entries[m->nentries] = (attune__entry){m->ntok, n, 0, 0, false};
        m->ntok += n;
        e = m->nentries++;
        uint32_t mask = m->entry_hash_cap - 1;
        uint32_t i = (uint32_t)hash_ids(ids, n) & mask;
        while (m->entry_hash[i] != UINT32_MAX)
            i = (i + 1) & mask;
        m->entry_hash[i] = (uint32_t)e;
    }
    if (label == ATTUNE__NEGATION) {
        if (!m->entries[e].negation)
            m->nnegations++;
        m->entries[e].negation = true;
        return ATTUNE_OK;
    }
    if (label == ATTUNE__NO_LABEL)
        return ATTUNE_OK;
    if (grow((void **)&m->w, &m->w_cap, m->nw + 1, sizeof *m->w))
        return ATTUNE_ENOMEM;
    m->w[m->nw++] = (attune__weight){(uint32_t)e, label, weight};
    return ATTUNE_OK;
}

int32_t attune__model_add_entry(attune_model *m, const char *stems, size_t len, uint32_t label,
                                double weight) {
    if (!m || m->finalized || !stems || !isfinite(weight) ||
        (label != ATTUNE__NO_LABEL && label != ATTUNE__NEGATION && label >= m->nlabels))
        return ATTUNE_EINVAL;
    /* Check first, intern after, so that a bad phrase adds nothing. */
    size_t starts[ATTUNE__MAX_PHRASE], lens[ATTUNE__MAX_PHRASE];
    uint32_t n = 0;
    for (size_t i = 0; i < len;) {
        if (stems[i] == ' ') {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && stems[j] != ' ')
            j++;
        if (n == ATTUNE__MAX_PHRASE || j - i > ATTUNE__MAX_STEM)
            return ATTUNE_EINVAL;
        for (size_t k = i; k < j; k++)
            if ((unsigned char)stems[k] < ' ' || stems[k] == 0x7f)
                return ATTUNE_EINVAL;
        starts[n] = i;
        lens[n++] = j - i;
        i = j;
    }
    if (n == 0)
        return ATTUNE_EINVAL;
    uint32_t ids[ATTUNE__MAX_PHRASE];
    for (uint32_t k = 0; k < n; k++)
        if (intern_stem(m, stems + starts[k], lens[k], &ids[k]))
            return ATTUNE_ENOMEM;
    return add_entry_ids(m, ids, n, label, weight);
}

int32_t attune__model_add_words(attune_model *m, const char *text, size_t len, uint32_t label,
                                double weight, struct sb_stemmer *stemmer) {
    if (!m || !text)
        return ATTUNE_EINVAL;
    struct sb_stemmer *st = stemmer ? stemmer : attune__stemmer_new();
    if (!st)
        return ATTUNE_ENOMEM;
    char stems[(ATTUNE__MAX_STEM + 1) * ATTUNE__MAX_PHRASE];
    size_t slen = 0, pos = 0;
    char fold[ATTUNE__MAX_STEM + 1];
    attune__token t;
    int32_t rc = ATTUNE_OK;
    uint32_t n = 0;
    while (attune__next_token(text, len, &pos, &t, fold, sizeof fold)) {
        size_t sl;
        const char *s = t.folded_len ? attune__stem(st, fold, t.folded_len, &sl) : NULL;
        if (!t.folded_len || n == ATTUNE__MAX_PHRASE) {
            rc = ATTUNE_EINVAL;
            break;
        }
        if (!s) {
            rc = ATTUNE_ENOMEM;
            break;
        }
        if (sl == 0 || sl > ATTUNE__MAX_STEM) {
            rc = ATTUNE_EINVAL;
            break;
        }
        if (slen)
            stems[slen++] = ' ';
        memcpy(stems + slen, s, sl);
        slen += sl;
        n++;
    }
    if (!stemmer)
        attune__stemmer_free(st);
    if (rc)
        return rc;
    return attune__model_add_entry(m, stems, slen, label, weight);
}

static int cmp_weight(const void *a, const void *b) {
    const attune__weight *x = a, *y = b;
    if (x->entry != y->entry)
        return x->entry < y->entry ? -1 : 1;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return 0;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

int32_t attune__model_build_prefix_filter(attune_model *m);

int32_t attune__model_finalize(attune_model *m, attune_error *err) {
    if (!m || m->finalized)
        return attune__fail(err, ATTUNE_EINVAL, "model is NULL or already finalized",
                            ATTUNE_NO_OFFSET);
    if (m->nlabels == 0)
        return attune__fail(err, ATTUNE_EMODEL, "model has no label", ATTUNE_NO_OFFSET);
    /* merge weights per (entry, label) */
    if (m->nw)
        qsort(m->w, m->nw, sizeof *m->w, cmp_weight);
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nw; i++) {
        if (k && m->w[k - 1].entry == m->w[i].entry && m->w[k - 1].label == m->w[i].label)
            m->w[k - 1].weight += m->w[i].weight;
        else
            m->w[k++] = m->w[i];
    }
    m->nw = k;
    for (uint32_t i = 0; i < m->nw; i++) {
        attune__entry *e = &m->entries[m->w[i].entry];
        if (e->wcount == 0)
            e->wfirst = i;
        e->wcount++;
    }
    /* start index: entries by first stem; within one stem, longest first.
     * Keys are (len << 32 | entry) sorted descending by len. */
    uint32_t *off = attune__calloc((size_t)m->nstems + 1, sizeof *off);
    uint32_t *list = attune__alloc_array(m->nentries ? m->nentries : 1, sizeof *list);
    uint64_t *keys = attune__alloc_array(m->nentries ? m->nentries : 1, sizeof *keys);
    if (!off || !list || !keys) {
        attune__free(off);
        attune__free(list);
        attune__free(keys);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    for (uint32_t e = 0; e < m->nentries; e++)
        off[m->tok[m->entries[e].first] + 1]++;
    for (uint32_t s = 0; s < m->nstems; s++)
        off[s + 1] += off[s];
    uint32_t *fill = attune__alloc_array(m->nstems ? m->nstems : 1, sizeof *fill);
    if (!fill) {
        attune__free(off);
        attune__free(list);
        attune__free(keys);
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    }
    memcpy(fill, off, (size_t)m->nstems * sizeof *fill);
    for (uint32_t e = 0; e < m->nentries; e++)
        list[fill[m->tok[m->entries[e].first]]++] = e;
    attune__free(fill);
    for (uint32_t s = 0; s < m->nstems; s++) {
        uint32_t a = off[s], b = off[s + 1];
        if (b - a < 2)
            continue;
        /* sort (ATTUNE__MAX_PHRASE - len) ascending then entry id */
        for (uint32_t i = a; i < b; i++) {
            uint32_t e = list[i];
            keys[i] = ((uint64_t)(ATTUNE__MAX_PHRASE - m->entries[e].len) << 32) | e;
        }
        qsort(keys + a, b - a, sizeof *keys, cmp_u64);
        for (uint32_t i = a; i < b; i++)
            list[i] = (uint32_t)keys[i];
    }
    attune__free(keys);
    m->start_off = off;
    m->start_list = list;
    m->norm_tab = attune__alloc_array(ATTUNE__NORM_TAB, sizeof *m->norm_tab);
    if (!m->norm_tab)
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    for (size_t n = 0; n < ATTUNE__NORM_TAB; n++)
        m->norm_tab[n] = norm_of(m, n);
    if (attune__model_build_starts(m) || attune__model_build_prefix_filter(m) ||
        attune__model_build_forms(m))
        return attune__fail(err, ATTUNE_ENOMEM, "out of memory", ATTUNE_NO_OFFSET);
    static atomic_uint_fast64_t serials;
    m->serial = (uint64_t)atomic_fetch_add(&serials, 1) + 1;
    m->finalized = true;
    return ATTUNE_OK;
}
