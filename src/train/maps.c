/* Hash maps of the trainer: interned strings and 64-bit keys, both mapping
 * to dense ids in insertion order (so results never depend on hashing). */
#include "train/train_internal.h"

#include <string.h>

uint32_t attune__hash_bytes(const void *p, size_t n) {
    /* eight bytes at a time, then a final mix so that low bits are usable
     * as an index (ids never depend on the hash, only speed does) */
    const unsigned char *s = p;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t x;
        memcpy(&x, s, 8);
        h = (h ^ x) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
    }
    if (n) {
        uint64_t x = 0;
        for (size_t i = 0; i < n; i++)
            x |= (uint64_t)s[i] << (8 * i);
        h = (h ^ x) * 0x94d049bb133111ebull;
    }
    return (uint32_t)attune__mix64(h);
}

uint32_t attune__strmap_find(const attune__strmap *m, const char *s, size_t n, uint32_t h) {
    if (!m->cap)
        return UINT32_MAX;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t v = m->slots[i];
        if (!v)
            return UINT32_MAX;
        uint32_t id = v - 1;
        if (m->hashes[id] == h && m->lens[id] == n &&
            memcmp(m->arena.data + m->offs[id], s, n) == 0)
            return id;
    }
}

static int32_t strmap_grow(attune__strmap *m) {
    uint32_t ncap = m->cap ? m->cap * 2 : 256;
    if (ncap < m->cap)
        return ATTUNE_ENOMEM;
    uint32_t *slots = attune__calloc(ncap, sizeof *slots);
    if (!slots)
        return ATTUNE_ENOMEM;
    for (uint32_t id = 0; id < m->count; id++) {
        uint32_t i = m->hashes[id] & (ncap - 1);
        while (slots[i])
            i = (i + 1) & (ncap - 1);
        slots[i] = id + 1;
    }
    attune__free(m->slots);
    m->slots = slots;
    m->cap = ncap;
    return ATTUNE_OK;
}

int32_t attune__strmap_intern(attune__strmap *m, const char *s, size_t n, uint32_t h, uint32_t *id,
                              bool *added) {
    uint32_t found = attune__strmap_find(m, s, n, h);
    if (found != UINT32_MAX) {
        *id = found;
        if (added)
            *added = false;
        return ATTUNE_OK;
    }
    if (n > UINT32_MAX || m->count >= UINT32_MAX / 4)
        return ATTUNE_ELIMIT;
    if ((m->count + 1) * 2 > m->cap) {
        int32_t rc = strmap_grow(m);
        if (rc)
            return rc;
    }
    if (m->count == m->ids_cap) {
        uint32_t nc = m->ids_cap ? m->ids_cap * 2 : 256;
        size_t *offs = attune__realloc_array(m->offs, nc, sizeof *offs);
        if (!offs)
            return ATTUNE_ENOMEM;
        m->offs = offs;
        uint32_t *lens = attune__realloc_array(m->lens, nc, sizeof *lens);
        if (!lens)
            return ATTUNE_ENOMEM;
        m->lens = lens;
        uint32_t *hashes = attune__realloc_array(m->hashes, nc, sizeof *hashes);
        if (!hashes)
            return ATTUNE_ENOMEM;
        m->hashes = hashes;
        m->ids_cap = nc;
    }
    size_t off = m->arena.len;
    int32_t rc = attune__buf_reserve(&m->arena, n + 1);
    if (rc)
        return rc;
    if (n)
        memcpy(m->arena.data + off, s, n);
    m->arena.data[off + n] = '\0';
    m->arena.len = off + n + 1;
    uint32_t nid = m->count++;
    m->offs[nid] = off;
    m->lens[nid] = (uint32_t)n;
    m->hashes[nid] = h;
    uint32_t mask = m->cap - 1;
    uint32_t i = h & mask;
    while (m->slots[i])
        i = (i + 1) & mask;
    m->slots[i] = nid + 1;
    *id = nid;
    if (added)
        *added = true;
    return ATTUNE_OK;
}

void attune__strmap_free(attune__strmap *m) {
    attune__free(m->slots);
    attune__buf_free(&m->arena);
    attune__free(m->offs);
    attune__free(m->lens);
    attune__free(m->hashes);
    memset(m, 0, sizeof *m);
}

uint32_t attune__u64map_find(const attune__u64map *m, uint64_t key) {
    if (!m->cap)
        return UINT32_MAX;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = (uint32_t)attune__mix64(key) & mask;; i = (i + 1) & mask) {
        if (!m->vals[i])
            return UINT32_MAX;
        if (m->keys[i] == key)
            return m->vals[i] - 1;
    }
}

static int32_t u64map_grow(attune__u64map *m) {
    uint32_t ncap = m->cap ? m->cap * 2 : 1024;
    if (ncap < m->cap)
        return ATTUNE_ENOMEM;
    uint64_t *keys = attune__alloc_array(ncap, sizeof *keys);
    uint32_t *vals = attune__calloc(ncap, sizeof *vals);
    if (!keys || !vals) {
        attune__free(keys);
        attune__free(vals);
        return ATTUNE_ENOMEM;
    }
    for (uint32_t j = 0; j < m->cap; j++) {
        if (!m->vals[j])
            continue;
        uint32_t i = (uint32_t)attune__mix64(m->keys[j]) & (ncap - 1);
        while (vals[i])
            i = (i + 1) & (ncap - 1);
        keys[i] = m->keys[j];
        vals[i] = m->vals[j];
    }
    attune__free(m->keys);
    attune__free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
    return ATTUNE_OK;
}

int32_t attune__u64map_intern(attune__u64map *m, uint64_t key, uint32_t next_id, uint32_t *id,
                              bool *added) {
    if ((m->count + 1) * 2 > m->cap) {
        if (m->count >= UINT32_MAX / 4)
            return ATTUNE_ELIMIT;
        int32_t rc = u64map_grow(m);
        if (rc)
            return rc;
    }
    uint32_t mask = m->cap - 1;
    uint32_t i = (uint32_t)attune__mix64(key) & mask;
    while (m->vals[i]) {
        if (m->keys[i] == key) {
            *id = m->vals[i] - 1;
            *added = false;
            return ATTUNE_OK;
        }
        i = (i + 1) & mask;
    }
    m->keys[i] = key;
    m->vals[i] = next_id + 1;
    m->count++;
    *id = next_id;
    *added = true;
    return ATTUNE_OK;
}

void attune__u64map_free(attune__u64map *m) {
    attune__free(m->keys);
    attune__free(m->vals);
    memset(m, 0, sizeof *m);
}
