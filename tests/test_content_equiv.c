/* The content parser's fast paths (64-byte class masks, hints that skip the
 * span finders, the ASCII copy in block texts, the packed lexicon keys)
 * against the reference parse (attune__doc_parse_mode with ref = 1: per-byte
 * scans, every finder on every unit, the text module's normalization for
 * every stretch). Both must build the same document, byte for byte, on the
 * seeds, the sample page, CounselChat and mutated and adversarial variants
 * of them: same blocks (kind, level, boilerplate kind, spans, lines, text),
 * same spam and personal-data spans, same offset map. */
#include "support.h"

#include "content/content_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t docs_compared;

static void same_doc(const char *s, size_t len) {
    attune_doc *a = NULL, *b = NULL;
    attune_error ea, eb;
    int32_t ra = attune__doc_parse_mode(s, len, NULL, 0, &a, &ea);
    int32_t rb = attune__doc_parse_mode(s, len, NULL, 1, &b, &eb);
    assert_int_equal(ra, rb);
    if (ra != ATTUNE_OK)
        return;
    docs_compared++;
    assert_int_equal(a->nblocks, b->nblocks);
    assert_int_equal(a->title, b->title);
    assert_int_equal(a->text_len, b->text_len);
    assert_memory_equal(a->text, b->text, a->text_len);
    assert_int_equal(a->nspans, b->nspans);
    for (size_t i = 0; i < a->nspans; i++) {
        assert_int_equal(a->spans[i].start, b->spans[i].start);
        assert_int_equal(a->spans[i].end, b->spans[i].end);
        assert_int_equal(a->spans[i].type, b->spans[i].type);
    }
    assert_int_equal(a->map.n, b->map.n);
    for (size_t i = 0; i < a->map.n; i++) {
        assert_int_equal(a->map.seg[i].out, b->map.seg[i].out);
        assert_int_equal(a->map.seg[i].src, b->map.seg[i].src);
        assert_int_equal(a->map.seg[i].src_end, b->map.seg[i].src_end);
        assert_int_equal(a->map.seg[i].linear, b->map.seg[i].linear);
    }
    for (size_t i = 0; i < a->nblocks; i++) {
        const attune_block *x = &a->blocks[i], *y = &b->blocks[i];
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->level, y->level);
        assert_int_equal(x->boiler, y->boiler);
        assert_int_equal(x->parent, y->parent);
        assert_int_equal(x->first_child, y->first_child);
        assert_int_equal(x->next, y->next);
        assert_int_equal(x->start, y->start);
        assert_int_equal(x->end, y->end);
        assert_int_equal(x->line_first, y->line_first);
        assert_int_equal(x->line_last, y->line_last);
        assert_int_equal(x->text_off, y->text_off);
        assert_int_equal(x->text_len, y->text_len);
        assert_int_equal(x->spam_off, y->spam_off);
        assert_int_equal(x->spam_n, y->spam_n);
        assert_int_equal(x->pii_off, y->pii_off);
        assert_int_equal(x->pii_n, y->pii_n);
    }
    attune_doc_free(a);
    attune_doc_free(b);
}

/* "://" or "www." inside s[a..b), the plain way. */
static int url_ref(const char *s, size_t a, size_t b) {
    for (size_t i = a; i + 3 <= b; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
    for (size_t i = a; i + 4 <= b; i++)
        if ((s[i] | 32) == 'w' && (s[i + 1] | 32) == 'w' && (s[i + 2] | 32) == 'w' &&
            s[i + 3] == '.')
            return 1;
    return 0;
}

/* The whole-unit scans on ranges at every alignment and length mod 64. */
static void same_scans(const char *s, size_t len, uint64_t *rng) {
    const attune__lex *lx = attune__lex_get();
    for (int k = 0; k < 40 && len; k++) {
        size_t a = (size_t)(test_rand(rng) % len);
        size_t b = a + (size_t)(test_rand(rng) % (len - a + 1));
        if (k & 1) {
            size_t sh = a + (size_t)(test_rand(rng) % 200);
            b = sh > len ? len : sh; /* unit-sized */
        }
        uint32_t w1, s1, h1, w2, s2;
        attune__scan_unit(s, a, b, len, &w1, &s1, &h1);
        attune__scan_unit_ref(s, a, b, &w2, &s2);
        assert_int_equal(w1, w2);
        assert_int_equal(s1, s2);
        assert_int_equal((h1 & ATTUNE__U_H_URL) != 0, url_ref(s, a, b));
        assert_int_equal((h1 & ATTUNE__U_H_AT) != 0, memchr(s + a, '@', b - a) != NULL);
        assert_int_equal((h1 & ATTUNE__U_H_COLON) != 0, memchr(s + a, ':', b - a) != NULL);
        int num = 0;
        for (size_t i = a; i < b; i++)
            num |= (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '(';
        assert_int_equal((h1 & ATTUNE__U_H_NUM) != 0, num);
        int sep = 0;
        for (size_t i = a; i < b; i++)
            sep |= s[i] == '|' || (unsigned char)s[i] >= 0x80;
        assert_int_equal((h1 & ATTUNE__U_H_SEP) != 0, sep);
        /* plain: printable ASCII, single spaces, none at either end */
        int plain = b > a && s[a] != ' ' && s[b - 1] != ' ';
        for (size_t i = a; i < b; i++)
            plain &= s[i] >= 0x20 && s[i] < 0x7F && !(s[i] == ' ' && i + 1 < b && s[i + 1] == ' ');
        assert_int_equal((h1 & ATTUNE__U_PLAIN) != 0, plain);
        /* every word's lexicon entry is what the general lookup finds */
        attune__word w[64];
        size_t nw = attune__tokenize(lx, s + a, b - a, a, w, 64);
        for (size_t i = 0; i < nw; i++) {
            if (w[i].flags & ATTUNE__TOK_DIGITS)
                continue;
            const attune__lex_slot *e =
                w[i].len < 24 ? attune__lex_find(lx, s + w[i].off, w[i].len) : NULL;
            assert_ptr_equal(w[i].lex, e);
        }
        /* the mask tokenizer (reading up to the end of the input, or
         * only the unit) and the byte loop give the same tokens */
        for (int whole = 0; whole < 2; whole++) {
            attune__word r[64];
            size_t m = whole ? attune__tokenize_in(lx, s + a, b - a, len - a, a, w, 64)
                             : attune__tokenize(lx, s + a, b - a, a, w, 64);
            assert_int_equal(m, attune__tokenize_ref(lx, s + a, b - a, a, r, 64));
            for (size_t i = 0; i < m; i++) {
                assert_int_equal(w[i].off, r[i].off);
                assert_int_equal(w[i].len, r[i].len);
                assert_int_equal(w[i].flags, r[i].flags);
                assert_ptr_equal(w[i].lex, r[i].lex);
            }
        }
        assert_int_equal(attune__has_marker_word(lx, s, a, b, len),
                         attune__has_marker_word_ref(lx, s, a, b));
    }
}

typedef struct text_key {
    size_t len;
    uint64_t hash;
    int left;
} text_key;

static int cmp_text_key(const void *a, const void *b) {
    const text_key *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return 0;
}

/* The units of both parses: same features, apart from the hints. */
static void same_units(const char *s, size_t len) {
    const attune__lex *lx = attune__lex_get();
    attune__units x = {NULL, 0, 0}, y = {NULL, 0, 0};
    assert_int_equal(attune__units_split(s, len, lx, &x, 0), ATTUNE_OK);
    assert_int_equal(attune__units_split(s, len, lx, &y, 1), ATTUNE_OK);
    assert_int_equal(x.n, y.n);
    for (size_t i = 0; i < x.n; i++) {
        const attune__unit *u = &x.u[i], *v = &y.u[i];
        assert_int_equal(u->flags & ~(ATTUNE__U_HINTS | ATTUNE__U_NOHASH | ATTUNE__U_PLAIN),
                         v->flags & ~ATTUNE__U_HINTS);
        assert_false(v->flags & ATTUNE__U_PLAIN);
        assert_false(v->flags & ATTUNE__U_NOHASH);
        assert_int_equal(u->start, v->start);
        assert_int_equal(u->end, v->end);
        assert_int_equal(u->body, v->body);
        assert_int_equal(u->words, v->words);
        assert_int_equal(u->sentences, v->sentences);
        if (u->flags & ATTUNE__U_NOHASH) {
            /* left out: a short unit no other unit has the same text as
             * (checked with all hashes below) */
            assert_true(u->end - u->body <= 240);
            assert_int_equal(u->hash, 0);
        } else {
            assert_int_equal(u->hash, v->hash);
        }
        assert_int_equal(u->pwords, v->pwords);
        assert_int_equal(u->stop, v->stop);
        assert_int_equal(u->latin, v->latin);
        assert_int_equal(u->caps, v->caps);
        assert_int_equal(u->keys, v->keys);
        assert_int_equal(u->cue, v->cue);
        assert_int_equal(u->cue_cov, v->cue_cov);
        /* the prefix words' marker hint plus the scan of the rest finds what
         * the whole reference scan finds */
        assert_true(u->mscan <= u->end - u->body);
        assert_int_equal(v->mscan, 0);
        int marker = (u->flags & ATTUNE__U_H_MARKER) != 0;
        if (marker)
            assert_true(attune__has_marker_word_ref(lx, s, u->body, u->body + u->mscan));
        assert_int_equal(marker || attune__has_marker_word(lx, s, u->body + u->mscan, u->end, len),
                         attune__has_marker_word_ref(lx, s, u->body, u->end));
    }
    uint8_t *left = test_malloc(x.n + 1);
    for (size_t i = 0; i < x.n; i++)
        left[i] = (x.u[i].flags & ATTUNE__U_NOHASH) != 0;
    attune__units_hash_all(s, x.u, x.n);
    for (size_t i = 0; i < x.n; i++) {
        assert_false(x.u[i].flags & ATTUNE__U_NOHASH);
        assert_int_equal(x.u[i].hash, y.u[i].hash);
    }
    /* a unit left out matches no other unit's text (length and hash):
     * sorted by both, it has no equal neighbour */
    text_key *keys = test_malloc((x.n + 1) * sizeof *keys);
    for (size_t i = 0; i < x.n; i++) {
        keys[i].len = x.u[i].end - x.u[i].body;
        keys[i].hash = x.u[i].hash;
        keys[i].left = left[i];
    }
    qsort(keys, x.n, sizeof *keys, cmp_text_key);
    for (size_t i = 0; i + 1 < x.n; i++)
        if (keys[i].len == keys[i + 1].len && keys[i].hash == keys[i + 1].hash)
            assert_false(keys[i].left || keys[i + 1].left);
    test_free(keys);
    test_free(left);
    attune__free(x.u);
    attune__free(y.u);
}

static void check_all(const char *s, size_t len, uint64_t *rng) {
    same_doc(s, len);
    same_units(s, len);
    same_scans(s, len, rng);
}

/* Pieces the mutations insert: what the hints and fast paths look for, and
 * what trips them (non-ASCII spaces, invisible characters, bad UTF-8). */
static const char *const PIECES[] = {
    "@",
    "www.",
    "WwW.",
    "://",
    "http://example.org/a?b=c",
    "jane.doe@example.com",
    " @handle ",
    "+1 (555) 123-4567",
    "(555) 123 4567",
    "12",
    "1999-12-27",
    "7022 Lucinda Court Suite 7",
    "\xE2\x80\x99",
    "you\xE2\x80\x99re",
    "\xC2\xA0",
    "  ",
    "\t",
    "\xE2\x80\x8B",
    "\xEF\xBB\xBF",
    "\xC2\xAD",
    "\xE2\x80\x83",
    "\xC3",
    "\xFF",
    "\x01",
    "e\xCC\x81",
    "\xEF\xAC\x81",
    "click here",
    "Subscribe",
    "Buy now! ",
    "Visit our website: ",
    "...",
    "? ",
    "!",
    ". A",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "## ",
    "- ",
    "1. ",
    "\xE2\x80\xA2 ",
    "Email: ",
    "Phone: ",
    "Related posts\n",
    "By Jane Doe\n",
    "\xC2\xA9 2025 ",
    "\"",
    "\xE2\x80\x9C",
    "\xE2\x80\x9D",
    ":",
    "www",
    ".",
    /* typographic characters copied as they are, and near misses */
    "\xE2\x80\x94",
    "\xE2\x80\x93",
    "\xE2\x80\xA6",
    "\xE2\x80\x98",
    "\xE2\x80\x9A",
    "\xE2\x80",
    "\xE2\x80\x99\xCC\x81",
    "\xE2\x80\x8D",
    "\xE2\x80\xA2\xE2\x80\xA2",
};
#define NPIECES (sizeof PIECES / sizeof PIECES[0])

/* A copy of s with `edits` pieces inserted and bytes replaced at random. */
static char *mutate(const char *s, size_t len, uint64_t *rng, int edits, size_t *out_len) {
    size_t cap = len + (size_t)edits * 40 + 1;
    char *o = malloc(cap);
    assert_non_null(o);
    size_t n = 0, pos = 0;
    for (int e = 0; e < edits; e++) {
        size_t at = pos + (size_t)(test_rand(rng) % (len - pos + 1) / (size_t)(edits - e));
        memcpy(o + n, s + pos, at - pos);
        n += at - pos;
        pos = at;
        uint64_t r = test_rand(rng);
        if (r % 5 == 0 && pos < len) {
            o[n++] = (char)(test_rand(rng) & 0xFF); /* replace a byte */
            pos++;
        } else {
            const char *p = PIECES[r % NPIECES];
            size_t pl = strlen(p);
            if (r % 7 == 1)
                o[n++] = '\0'; /* and a NUL byte */
            memcpy(o + n, p, pl);
            n += pl;
        }
    }
    memcpy(o + n, s + pos, len - pos);
    n += len - pos;
    *out_len = n;
    return o;
}

/* Line ends rewritten: CRLF everywhere, or CR only. */
static char *line_ends(const char *s, size_t len, const char *eol, size_t *out_len) {
    char *o = malloc(3 * len + 1);
    assert_non_null(o);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            memcpy(o + n, eol, strlen(eol));
            n += strlen(eol);
        } else {
            o[n++] = s[i];
        }
    }
    *out_len = n;
    return o;
}

static void check_variants(const char *s, size_t len, uint64_t *rng, int rounds) {
    check_all(s, len, rng);
    size_t n;
    char *v = line_ends(s, len, "\r\n", &n);
    check_all(v, n, rng);
    free(v);
    v = line_ends(s, len, "\r", &n);
    check_all(v, n, rng);
    free(v);
    v = line_ends(s, len, "   ", &n); /* one long line with runs of spaces */
    check_all(v, n, rng);
    free(v);
    for (int r = 0; r < rounds; r++) {
        v = mutate(s, len, rng, 1 + (int)(test_rand(rng) % 60), &n);
        check_all(v, n, rng);
        free(v);
    }
}

static char *sample_page(size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    assert_non_null(slash);
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../examples/sample-page.txt");
    return test_read_file(path, len);
}

static void test_seeds_and_sample(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    uint64_t rng = 42;
    char name[256];
    size_t total = 0;
    char *all = NULL;
    for (size_t i = 0; i < test_seed_count(); i++) {
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len;
        char *s = test_read_file(test_path(dir, name), &len);
        check_variants(s, len, &rng, 60);
        all = realloc(all, total + len);
        assert_non_null(all);
        memcpy(all + total, s, len);
        total += len;
        free(s);
    }
    check_variants(all, total, &rng, 10); /* the pages as one input */
    free(all);
    size_t len;
    char *s = sample_page(&len);
    check_variants(s, len, &rng, 60);
    free(s);
    printf("equivalence: %zu documents identical in both parses\n", docs_compared);
}

/* CounselChat: the JSON lines with their "\n" escapes turned into line
 * breaks, 25 answers a page (HTML tags, links and addresses included). */
static void test_counselchat(void **state) {
    (void)state;
    test_require_corpus();
    size_t len;
    char *all = test_read_file(test_path(test_data_dir(), "counselchat/dev.jsonl"), &len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (all[i] == '\\' && i + 1 < len && all[i + 1] == 'n') {
            all[n++] = '\n';
            i++;
        } else {
            all[n++] = all[i];
        }
    }
    uint64_t rng = 7;
    size_t start = 0, lines = 0, pages = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i] != '\n' || ++lines % 60 != 0)
            continue;
        if (pages++ % 4 == 0)
            check_variants(all + start, i + 1 - start, &rng, 2);
        else
            same_doc(all + start, i + 1 - start);
        start = i + 1;
    }
    same_doc(all + start, n - start);
    free(all);
    printf("equivalence: %zu documents identical in both parses\n", docs_compared);
}

/* Shapes aimed at the 64-byte blocks: sentence ends, words and "www." on
 * block boundaries, long runs of one class, nothing but separators. */
static void test_block_edges(void **state) {
    (void)state;
    uint64_t rng = 99;
    static const char *const fill[] = {"a",  " ",  ".",   "w",        "\t",
                                       "x.", ". ", "ab ", "\xC3\xA9", "1"};
    char *s = malloc(4096);
    assert_non_null(s);
    for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++) {
        for (size_t len = 0; len < 300; len += 1 + len / 16) {
            size_t n = 0, fl = strlen(fill[f]);
            while (n + fl <= len) {
                memcpy(s + n, fill[f], fl);
                n += fl;
            }
            check_all(s, n, &rng);
            for (int r = 0; r < 4 && n; r++) {
                size_t m;
                char *v = mutate(s, n, &rng, 1 + (int)(test_rand(&rng) % 6), &m);
                check_all(v, m, &rng);
                free(v);
            }
        }
    }
    free(s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds_and_sample),
        cmocka_unit_test(test_counselchat),
        cmocka_unit_test(test_block_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
