/* The lexicon's word keys and lookups, shared by the table (lexicon.c) and
 * the tokenizer (tokenize.c): inline, as the tokenizer's loop needs them. */
#ifndef ATTUNE_CONTENT_LEXICON_KEY_H
#define ATTUNE_CONTENT_LEXICON_KEY_H

#include "content/content_internal.h"

#include <string.h>

/* Words are looked up by their lowercase bytes (U+2019 read as '\''),
 * at most 16, packed little-endian into two 64-bit keys and zero-padded:
 * one comparison of two words instead of a loop over their bytes. */
#define KEY_MAX 16

static inline uint64_t load_le(const unsigned char *p, size_t n) {
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++)
        k |= (uint64_t)p[i] << (8 * i);
    return k;
}

static ATTUNE__FORCE_INLINE size_t slot_of(const uint64_t key[2], size_t n) {
    uint64_t h = (key[0] ^ (key[1] * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
    return (size_t)(h >> 40) & (ATTUNE__LEX_SLOTS - 1);
}

static ATTUNE__FORCE_INLINE const attune__lex_slot *probe(const attune__lex *lx,
                                                          const uint64_t key[2], size_t n) {
    size_t h = slot_of(key, n);
    while (lx->slots[h].word) {
        const attune__lex_slot *sl = &lx->slots[h];
        if (sl->key[0] == key[0] && sl->key[1] == key[1] && sl->len == n)
            return sl;
        h = (h + 1) & (ATTUNE__LEX_SLOTS - 1);
    }
    return NULL;
}

/* The same for a word of ASCII letters and apostrophes only (OR 0x20
 * lowercases all of them). `room` bytes are readable at s (room >= n):
 * with 16 of them the key is two loads and masks. */
static inline const attune__lex_slot *find_plain(const attune__lex *lx, const char *s, size_t n,
                                                 size_t room) {
    if (n > KEY_MAX)
        return NULL;
    uint64_t key[2];
    if (room >= 16) {
        uint64_t k0, k1;
        memcpy(&k0, s, 8);
        memcpy(&k1, s + 8, 8);
        k0 |= 0x2020202020202020ull;
        k1 |= 0x2020202020202020ull;
        if (n < 8) {
            key[0] = k0 & ((1ull << (8 * n)) - 1);
            key[1] = 0;
        } else {
            key[0] = k0;
            key[1] = n == 16 ? k1 : k1 & ((1ull << (8 * (n - 8))) - 1);
        }
    } else {
        const unsigned char *p = (const unsigned char *)s;
        key[0] = load_le(p, n < 8 ? n : 8) | (0x2020202020202020ull >> (8 * (8 - (n < 8 ? n : 8))));
        key[1] = n > 8 ? load_le(p + 8, n - 8) | (0x2020202020202020ull >> (8 * (16 - n))) : 0;
    }
    return probe(lx, key, n);
}

static inline int is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

#endif
