/* The match index beside start_off/start_list: what classification needs to
 * settle most tokens without walking their entries. For each stem, the
 * length of its longest entry (how far to read ahead), its one-word entry
 * and a 64-bit filter of the second stems of its longer entries; and the
 * set of (first stem, second stem) pairs of the entries of two or
 * more stems: when a token and the next one are not such a pair, only the
 * token's one-word entry can match there. Also the labels each entry is
 * evidence for (its positive weights), for building results. */
#include "model/model_internal.h"

int32_t attune__model_build_starts(attune_model *m) {
    uint32_t n = m->nstems ? m->nstems : 1, multi = 0;
    attune__start_info *info = attune__alloc_array(n, sizeof *info);
    if (!info)
        return ATTUNE_ENOMEM;
    for (uint32_t s = 0; s < m->nstems; s++) {
        info[s].max = 0;
        info[s].single = ATTUNE__NO_ENTRY;
        info[s].seconds = 0;
        for (uint32_t k = m->start_off[s]; k < m->start_off[s + 1]; k++) {
            uint32_t e = m->start_list[k];
            uint32_t len = m->entries[e].len;
            if (len > info[s].max)
                info[s].max = len;
            if (len == 1) {
                info[s].single = e;
            } else {
                info[s].seconds |= 1ull << attune__second_bit(m->tok[m->entries[e].first + 1]);
                multi++;
            }
        }
    }
    uint32_t cap = 16;
    while (cap < (uint64_t)multi * 2 + 2)
        cap *= 2;
    uint64_t *pairs = attune__calloc(cap, sizeof *pairs);
    if (!pairs) {
        attune__free(info);
        return ATTUNE_ENOMEM;
    }
    uint32_t mask = cap - 1;
    for (uint32_t e = 0; e < m->nentries; e++) {
        const attune__entry *en = &m->entries[e];
        if (en->len < 2)
            continue;
        uint64_t key = ((uint64_t)m->tok[en->first] << 32 | m->tok[en->first + 1]) + 1;
        uint32_t i = (uint32_t)attune__pair_mix(key) & mask;
        while (pairs[i] && pairs[i] != key)
            i = (i + 1) & mask;
        pairs[i] = key;
    }
    m->start_info = info;
    m->pairs = pairs;
    m->pairs_cap = cap;
    /* each pair's entries, in start_list's order (longest first) */
    m->pair_first = attune__calloc(cap, sizeof *m->pair_first);
    m->pair_n = attune__calloc(cap, sizeof *m->pair_n);
    m->pair_list = attune__alloc_array(multi ? multi : 1, sizeof *m->pair_list);
    if (!m->pair_first || !m->pair_n || !m->pair_list)
        return ATTUNE_ENOMEM; /* freed with the model */
    for (uint32_t e = 0; e < m->nentries; e++)
        if (m->entries[e].len >= 2)
            m->pair_n[attune__model_pair_slot(m, m->tok[m->entries[e].first],
                                              m->tok[m->entries[e].first + 1])]++;
    for (uint32_t i = 0, at = 0; i < cap; i++) {
        m->pair_first[i] = at;
        at += m->pair_n[i];
        m->pair_n[i] = 0;
    }
    for (uint32_t s = 0; s < m->nstems; s++)
        for (uint32_t k = m->start_off[s]; k < m->start_off[s + 1]; k++) {
            const attune__entry *en = &m->entries[m->start_list[k]];
            if (en->len < 2)
                continue;
            uint32_t i = attune__model_pair_slot(m, s, m->tok[en->first + 1]);
            m->pair_list[m->pair_first[i] + m->pair_n[i]++] = m->start_list[k];
        }
    /* positive labels per entry */
    uint32_t *off = attune__alloc_array((size_t)m->nentries + 1, sizeof *off);
    uint32_t *lab = attune__alloc_array(m->nw ? m->nw : 1, sizeof *lab);
    if (!off || !lab) {
        attune__free(off);
        attune__free(lab);
        return ATTUNE_ENOMEM;
    }
    uint32_t k = 0;
    for (uint32_t e = 0; e < m->nentries; e++) {
        const attune__entry *en = &m->entries[e];
        off[e] = k;
        for (uint32_t q = 0; q < en->wcount; q++)
            if (m->w[en->wfirst + q].weight > 0)
                lab[k++] = m->w[en->wfirst + q].label;
    }
    off[m->nentries] = k;
    m->pos_off = off;
    m->pos_label = lab;
    return ATTUNE_OK;
}
