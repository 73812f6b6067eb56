/* The text module, second part: offset maps against a simple reference on
 * random inputs, every code point with a Unicode mapping in hard contexts
 * against utf8proc_map, every allocation failure, and the whole flag set on
 * the seeds. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/text_internal.h"

static int reference_opts(uint32_t flags) {
    int o = 0;
    if (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD))
        o |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        o |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    return o;
}

/* Pieces random texts are made of: letters with marks, typography, invisible
 * characters, emoji, mojibake, ill-formed bytes. */
static const char *const pieces[] = {"a",
                                     "E",
                                     " ",
                                     "x.",
                                     "e\xcc\x81",
                                     "\xcc\x81",
                                     "\xcc\xa3",
                                     "\xc3\xa9",
                                     "\xc3\x89",
                                     "\xc3\x9f",
                                     "\xe2\x84\xab",
                                     "\xef\xac\x81",
                                     "\xe1\x84\x80",
                                     "\xe1\x85\xa1",
                                     "\xea\xb0\x80",
                                     "\xe2\x80\x99",
                                     "\xe2\x80\x9c",
                                     "\xe2\x80\x94",
                                     "\xe2\x80\xa2",
                                     "\xc2\xb7",
                                     "\xc2\xa0",
                                     "\xe2\x80\xa6",
                                     "\xe2\x80\x8b",
                                     "\xc2\xad",
                                     "\xef\xbb\xbf",
                                     "\xe2\x80\x8f",
                                     "\xe2\x80\x8d",
                                     "\xf0\x9f\x91\xa9",
                                     "\xf0\x9f\x8f\xbd",
                                     "\xef\xb8\x8f",
                                     "\xc3\xa2\xe2\x82\xac\xe2\x84\xa2",
                                     "\xc3\x83\xc2\xa9",
                                     "\xe4\xb8\xad",
                                     "\xff",
                                     "\xc0\xaf",
                                     "\xe2\x82",
                                     "\xed\xa0\x80",
                                     "\xf0\x90\x80",
                                     "\x80",
                                     "\xe0\xb9\x87",
                                     "\xe0\xad\x87",
                                     "\xe0\xac\xbe",
                                     "\xe3\x82\x99",
                                     "\xe3\x81\x8b",
                                     "\xe2\x91\xa0"};

static size_t random_text(uint64_t *rng, char *buf, size_t cap) {
    size_t n = 0, k = test_rand(rng) % 20;
    for (size_t i = 0; i < k; i++) {
        const char *p = pieces[test_rand(rng) % (sizeof pieces / sizeof pieces[0])];
        size_t l = strlen(p);
        if (n + l > cap)
            break;
        memcpy(buf + n, p, l);
        n += l;
    }
    return n;
}

/* The reference: an ASCII byte starts a piece that nothing before it can
 * affect, so the text normalizes as the concatenation of its pieces (each
 * ASCII byte with the non-ASCII bytes after it), and every output byte of
 * a piece must map into that piece; a piece that comes out unchanged maps
 * byte for byte. */
static void check_map(const char *s, size_t len, uint32_t flags) {
    attune_text *t = NULL;
    int32_t rc = attune_text_new(s, len, flags, &t, NULL);
    char *whole = NULL;
    size_t whole_len;
    int32_t rc2 = attune_normalize(s, len, flags, &whole, &whole_len, NULL);
    assert_int_equal(rc, rc2);
    if (rc != ATTUNE_OK) {
        assert_int_equal(rc, ATTUNE_EUTF8);
        assert_null(t);
        return;
    }
    const char *out;
    size_t n;
    assert_int_equal(attune_text_get(t, &out, &n), ATTUNE_OK);
    assert_int_equal(n, whole_len);
    assert_memory_equal(out, whole, n);
    attune_free(whole);
    size_t o = 0, a = 0;
    while (a < len) {
        size_t b = a + 1;
        while (b < len && (unsigned char)s[b] >= 0x80)
            b++;
        char *piece;
        size_t pn;
        assert_int_equal(attune_normalize(s + a, b - a, flags, &piece, &pn, NULL), ATTUNE_OK);
        assert_true(o + pn <= n);
        assert_memory_equal(out + o, piece, pn);
        int same = pn == b - a && memcmp(piece, s + a, pn) == 0;
        for (size_t k = 0; k < pn; k++) {
            size_t src = attune_text_source_offset(t, o + k);
            assert_true(src >= a && src < b);
            if (same)
                assert_int_equal(src, a + k);
            if (k)
                assert_true(src >= attune_text_source_offset(t, o + k - 1));
        }
        if (pn) {
            size_t sa, sb;
            assert_int_equal(attune_text_source_span(t, o, o + pn, &sa, &sb), ATTUNE_OK);
            assert_true(sa >= a && sb <= b && sa < sb);
            if ((unsigned char)s[a] < 0x80)
                assert_int_equal(sa, a);
        }
        attune_free(piece);
        o += pn;
        a = b;
    }
    assert_int_equal(o, n);
    assert_int_equal(attune_text_source_offset(t, n), len);
    attune_text_free(t);
}

static void test_maps_random(void **state) {
    (void)state;
    static const uint32_t flag_sets[] = {
        0,
        ATTUNE_NORM_NFC,
        ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD,
        ATTUNE_NORM_REPAIR,
        ATTUNE_NORM_REPAIR | ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE,
        ATTUNE_NORM_REPAIR | ATTUNE_NORM_FIX_MOJIBAKE | ATTUNE_NORM_NFC,
        ATTUNE_NORM_ALL_FLAGS & ~ATTUNE_NORM_NFKC,
        ATTUNE_NORM_ALL_FLAGS};
    uint64_t rng = 7;
    char buf[160];
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = random_text(&rng, buf, sizeof buf);
        for (size_t f = 0; f < sizeof flag_sets / sizeof flag_sets[0]; f++)
            check_map(buf, n, flag_sets[f]);
    }
}

/* A text longer than the pieces the two stages are run on (64 KiB): the
 * seeds with random pieces between them, every flag. */
static void test_maps_long_text(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t cap = 400000, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    uint64_t rng = 11;
    for (size_t i = 0; i < test_seed_count(); i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len;
        char *s = test_read_file(test_path(dir, name), &len);
        assert_true(n + len + 160 < cap);
        memcpy(big + n, s, len);
        n += len;
        free(s);
        n += random_text(&rng, big + n, 160);
        if (i == 0) {
            /* a long stretch without ASCII, where no piece may end */
            size_t stop = n + 150000;
            while (n < stop) {
                const char *p = pieces[test_rand(&rng) % (sizeof pieces / sizeof pieces[0])];
                if ((unsigned char)p[0] >= 0x80) {
                    memcpy(big + n, p, strlen(p));
                    n += strlen(p);
                }
            }
        }
    }
    check_map(big, n, ATTUNE_NORM_ALL_FLAGS);
    check_map(big, n, ATTUNE_NORM_ALL_FLAGS & ~ATTUNE_NORM_NFKC);
    free(big);
}

/* Every code point that has a decomposition, a case folding or a
 * composition role, in contexts where it may compose, reorder or be
 * composed with, normalized by attune and by utf8proc_map. */
static void test_every_mapped_code_point(void **state) {
    (void)state;
    static const uint32_t modes[] = {ATTUNE_NORM_NFC, ATTUNE_NORM_NFKC, ATTUNE_NORM_CASEFOLD,
                                     ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD};
    size_t tested = 0;
    for (utf8proc_int32_t c = 0x80; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c < 0xE000)
            continue;
        const utf8proc_property_t *p = utf8proc_get_property(c);
        if (p->decomp_seqindex == UINT16_MAX && p->casefold_seqindex == UINT16_MAX &&
            p->comb_index == UINT16_MAX && p->combining_class == 0 &&
            !(c >= 0xAC00 && c <= 0xD7A3) && !(c >= 0x1100 && c <= 0x11FF))
            continue;
        /* c after a letter and before marks; after a letter that c may
         * complete; between Hangul jamo; twice before a voicing mark */
        static const char *const ctx[] = {"a",
                                          "\xcc\xa3\xcc\x81 \xe0\xad\x87",
                                          "\xe0\xac\xbe \xe1\x84\x80",
                                          "\xe1\x85\xa1\xe1\x86\xa8 ",
                                          "",
                                          "\xe3\x82\x99."};
        utf8proc_uint8_t cb[4];
        size_t cn = (size_t)utf8proc_encode_char(c, cb);
        char s[64];
        size_t n = 0;
        for (size_t k = 0; k < sizeof ctx / sizeof ctx[0]; k++) {
            size_t l = strlen(ctx[k]);
            memcpy(s + n, ctx[k], l);
            n += l;
            memcpy(s + n, cb, cn);
            n += cn;
        }
        for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
            utf8proc_uint8_t *r = NULL;
            utf8proc_ssize_t rn = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &r,
                                               (utf8proc_option_t)reference_opts(modes[m]));
            assert_true(rn >= 0);
            char *out;
            size_t on;
            assert_int_equal(attune_normalize(s, n, modes[m], &out, &on, NULL), ATTUNE_OK);
            if (on != (size_t)rn || memcmp(out, r, on) != 0)
                fail_msg("U+%04X, flags %#x: attune differs from utf8proc_map", (unsigned)c,
                         (unsigned)modes[m]);
            attune_free(out);
            free(r);
        }
        tested++;
    }
    assert_true(tested > 5000);
}

/* ---- allocation failures ---- */

static void test_every_allocation_failure(void **state) {
    (void)state;
    test_alloc_install(0);
    /* long enough for buffers to grow; every stage has work to do */
    char in[4096];
    size_t n = 0;
    uint64_t rng = 3;
    while (n + 16 < sizeof in) {
        static const char *const p[] = {"Caf",
                                        "e\xcc\x81",
                                        " \xe2\x80\x9cq\xe2\x80\x9d",
                                        "\xc3\xa2\xe2\x82\xac\xe2\x84\xa2",
                                        "\xff",
                                        "\xe2\x80\x8b",
                                        "\xef\xac\x81",
                                        "word "};
        const char *q = p[test_rand(&rng) % 8];
        memcpy(in + n, q, strlen(q));
        n += strlen(q);
    }
    for (int which = 0; which < 3; which++) {
        int succeeded = 0;
        int fail_at_next = 1;
        for (test_alloc_fail_at = 1; test_alloc_fail_at < 10000 && !succeeded;
             test_alloc_fail_at++) {
            test_alloc_n = 0;
            test_alloc_blocks = 0;
            attune_error err;
            int32_t rc;
            if (which == 0) {
                attune_text *t = (attune_text *)in;
                rc = attune_text_new(in, n, ATTUNE_NORM_ALL_FLAGS, &t, &err);
                if (rc == ATTUNE_OK) {
                    attune_text_free(t);
                    succeeded = 1;
                } else {
                    assert_null(t);
                }
            } else if (which == 2) {
                /* the internal append leaves what was there untouched */
                test_alloc_fail_at = 0;
                attune__buf b = ATTUNE__BUF_INIT;
                attune__omap m = {NULL, 0, 0};
                assert_int_equal(
                    attune__normalize_append(&b, &m, "ab c", 4, 0, ATTUNE_NORM_NFC, NULL),
                    ATTUNE_OK);
                attune__seg last = m.seg[m.n - 1];
                size_t mn = m.n;
                test_alloc_fail_at = test_alloc_n + (size_t)(fail_at_next++);
                rc = attune__normalize_append(&b, &m, in, n, 4, ATTUNE_NORM_ALL_FLAGS, &err);
                if (rc == ATTUNE_OK) {
                    succeeded = 1;
                } else {
                    assert_int_equal(b.len, 4);
                    assert_memory_equal(b.data, "ab c", 5);
                    assert_int_equal(m.n, mn);
                    assert_memory_equal(&m.seg[mn - 1], &last, sizeof last);
                }
                attune__buf_free(&b);
                attune__omap_free(&m);
            } else {
                char *out = in;
                size_t on;
                rc = attune_normalize(in, n, ATTUNE_NORM_ALL_FLAGS & ~ATTUNE_NORM_NFKC, &out, &on,
                                      &err);
                if (rc == ATTUNE_OK) {
                    attune_free(out);
                    succeeded = 1;
                } else {
                    assert_null(out);
                }
            }
            if (!succeeded) {
                assert_int_equal(rc, ATTUNE_ENOMEM);
                assert_int_equal(err.code, ATTUNE_ENOMEM);
            }
            assert_int_equal(test_alloc_blocks, 0);
        }
        assert_true(succeeded);
        assert_true(test_alloc_fail_at > 3);
    }
    test_alloc_fail_at = 0;
    test_alloc_uninstall();
}

/* The seeds with every flag: valid output, no typographic or invisible
 * characters left, the same text as the plain call, spans that cover the
 * input in order, and idempotence. */
static void test_seeds_all_flags(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    const uint32_t all = ATTUNE_NORM_ALL_FLAGS & ~ATTUNE_NORM_NFKC;
    for (size_t i = 0; i < test_seed_count(); i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len;
        char *s = test_read_file(test_path(dir, name), &len);
        attune_text *t;
        assert_int_equal(attune_text_new(s, len, all, &t, NULL), ATTUNE_OK);
        const char *out;
        size_t n;
        assert_int_equal(attune_text_get(t, &out, &n), ATTUNE_OK);
        assert_int_equal(attune_utf8_validate(out, n, NULL), ATTUNE_OK);
        static const char *const gone[] = {"\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d",
                                           "\xe2\x80\x94", "\xe2\x80\x93", "\xc2\xa0",
                                           "\xe2\x80\x8b", "\xe2\x80\xa6", "\xc2\xad"};
        for (size_t g = 0; g < sizeof gone / sizeof gone[0]; g++) {
            size_t gl = strlen(gone[g]);
            for (size_t k = 0; k + gl <= n; k++)
                assert_false(memcmp(out + k, gone[g], gl) == 0);
        }
        /* every ASCII letter maps to the same letter, lowered, in the input */
        size_t last = 0;
        for (size_t k = 0; k < n; k++) {
            size_t src = attune_text_source_offset(t, k);
            assert_true(src < len && src >= last);
            last = src;
            unsigned char c = (unsigned char)out[k];
            if (c >= 'a' && c <= 'z') {
                unsigned char sc = (unsigned char)s[src];
                assert_int_equal(sc | 0x20, c);
            }
        }
        char *again;
        size_t an;
        assert_int_equal(attune_normalize(out, n, all, &again, &an, NULL), ATTUNE_OK);
        assert_int_equal(an, n);
        assert_memory_equal(again, out, n);
        attune_free(again);
        attune_text_free(t);
        free(s);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maps_random),
        cmocka_unit_test(test_maps_long_text),
        cmocka_unit_test(test_every_mapped_code_point),
        cmocka_unit_test(test_every_allocation_failure),
        cmocka_unit_test(test_seeds_all_flags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
