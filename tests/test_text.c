/* The text module: validation offsets on Markus Kuhn's stress-test cases,
 * repair, typographic folding, invisible characters, mojibake, emoji, and
 * NFC/NFKC/case folding compared byte for byte with utf8proc_map on the
 * seeds and on CounselChat. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct vcase {
    const char *bytes;
    size_t len;
    size_t offset; /* (size_t)-1 for valid */
} vcase;

#define V(s)                                                                                       \
    { s, sizeof(s) - 1, (size_t)-1 }
#define BAD(s, off)                                                                                \
    { s, sizeof(s) - 1, off }

static const vcase kuhn[] = {
    /* 2: boundary cases, all well-formed */
    V(""),
    {"\x00", 1, (size_t)-1},
    V("\xc2\x80"),
    V("\xe0\xa0\x80"),
    V("\xf0\x90\x80\x80"),
    V("\x7f"),
    V("\xdf\xbf"),
    V("\xef\xbf\xbf"),
    V("\xf4\x8f\xbf\xbf"),
    V("\xed\x9f\xbf"),
    V("\xee\x80\x80"),
    V("\xef\xbf\xbd"),
    V("\xef\xbf\xbe"),                                 /* 5.3 noncharacters are well-formed */
    V("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"), /* 1: Greek "kosme" */
    /* 2.3 beyond U+10FFFF */
    BAD("\xf4\x90\x80\x80", 0),
    BAD("ab\xf7\xbf\xbf\xbf", 2),
    /* 3.1 unexpected continuation bytes */
    BAD("\x80", 0),
    BAD("\xbf", 0),
    BAD("ab\x80\xbf", 2),
    BAD("\xc2\x80\x80", 2),
    /* 3.2 lonely start bytes followed by a space */
    BAD("\xc0 ", 0),
    BAD("\xdf ", 0),
    BAD("\xe0 ", 0),
    BAD("\xef ", 0),
    BAD("\xf0 ", 0),
    BAD("\xf7 ", 0),
    BAD("\xf8 ", 0),
    BAD("\xfc ", 0),
    /* 3.3 sequences with the last byte missing */
    BAD("\xc2", 0),
    BAD("x\xe0\xa0", 1),
    BAD("xy\xf0\x90\x80", 2),
    BAD("\xdf", 0),
    BAD("\xef\xbf", 0),
    BAD("\xf4\x8f\xbf", 0),
    BAD("\xe1\x80 z", 0),
    /* 3.5 impossible bytes */
    BAD("\xfe", 0),
    BAD("\xff", 0),
    BAD("a\xfe\xfe\xff\xff", 1),
    /* 4.1 overlong slash */
    BAD("\xc0\xaf", 0),
    BAD("\xe0\x80\xaf", 0),
    BAD("\xf0\x80\x80\xaf", 0),
    BAD("\xf8\x80\x80\x80\xaf", 0),
    BAD("\xfc\x80\x80\x80\x80\xaf", 0),
    /* 4.2 maximum overlongs */
    BAD("\xc1\xbf", 0),
    BAD("\xe0\x9f\xbf", 0),
    BAD("\xf0\x8f\xbf\xbf", 0),
    /* 4.3 overlong NUL */
    BAD("\xc0\x80", 0),
    BAD("\xe0\x80\x80", 0),
    BAD("\xf0\x80\x80\x80", 0),
    /* 5.1 single surrogates, 5.2 paired surrogates */
    BAD("\xed\xa0\x80", 0),
    BAD("\xed\xad\xbf", 0),
    BAD("\xed\xae\x80", 0),
    BAD("\xed\xb0\x80", 0),
    BAD("\xed\xbf\xbf", 0),
    BAD("ok\xed\xa0\x80\xed\xb0\x80", 2),
    BAD("\xed\xaf\xbf\xed\xbf\xbf", 0),
};

static void test_kuhn_cases(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof kuhn / sizeof kuhn[0]; i++) {
        size_t off = 12345;
        int32_t rc = attune_utf8_validate(kuhn[i].bytes, kuhn[i].len, &off);
        if (kuhn[i].offset == (size_t)-1) {
            assert_int_equal(rc, ATTUNE_OK);
            assert_int_equal(off, 12345);
        } else {
            assert_int_equal(rc, ATTUNE_EUTF8);
            assert_int_equal(off, kuhn[i].offset);
        }
        /* the same case after a long ASCII prefix (the vector path) */
        char buf[256];
        memset(buf, 'a', 150);
        memcpy(buf + 150, kuhn[i].bytes, kuhn[i].len);
        rc = attune_utf8_validate(buf, 150 + kuhn[i].len, &off);
        if (kuhn[i].offset == (size_t)-1)
            assert_int_equal(rc, ATTUNE_OK);
        else
            assert_int_equal(off, 150 + kuhn[i].offset);
        /* normalize reports the same offset, and writes nothing */
        char *out = (char *)&off;
        size_t out_len = 99;
        attune_error err;
        rc = attune_normalize(kuhn[i].bytes, kuhn[i].len, ATTUNE_NORM_NFC, &out, &out_len, &err);
        if (kuhn[i].offset == (size_t)-1) {
            assert_int_equal(rc, ATTUNE_OK);
            attune_free(out);
        } else {
            assert_int_equal(rc, ATTUNE_EUTF8);
            assert_int_equal(err.code, ATTUNE_EUTF8);
            assert_int_equal(err.offset, kuhn[i].offset);
            assert_null(out);
        }
    }
    assert_int_equal(attune_utf8_validate(NULL, 0, NULL), ATTUNE_OK);
    assert_int_equal(attune_utf8_validate(NULL, 1, NULL), ATTUNE_EINVAL);
}

static char *norm(const char *s, size_t len, uint32_t flags, size_t *out_len) {
    char *out = NULL;
    attune_error err;
    int32_t rc = attune_normalize(s, len, flags, &out, out_len, &err);
    assert_int_equal(rc, ATTUNE_OK);
    assert_non_null(out);
    assert_int_equal(out[*out_len], '\0');
    return out;
}

static void expect_norm(const char *in, uint32_t flags, const char *want) {
    size_t n;
    char *out = norm(in, strlen(in), flags, &n);
    if (n != strlen(want) || memcmp(out, want, n) != 0)
        fail_msg("normalize(\"%s\", %#x) gave \"%s\", want \"%s\"", in, (unsigned)flags, out, want);
    attune_free(out);
}

static void test_repair(void **state) {
    (void)state;
    /* Unicode's example of maximal subparts (Table 3-8) */
    static const char in[] = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
    size_t n;
    char *out = norm(in, sizeof in - 1, ATTUNE_NORM_REPAIR, &n);
    static const char want[] = "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                               "b\xEF\xBF\xBD"
                               "c\xEF\xBF\xBD\xEF\xBF\xBD"
                               "d";
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(out, want, n);
    assert_int_equal(attune_utf8_validate(out, n, NULL), ATTUNE_OK);
    attune_free(out);
    expect_norm("\xc0\xaf/\xed\xa0\x80!", ATTUNE_NORM_REPAIR,
                "\xEF\xBF\xBD\xEF\xBF\xBD/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
    /* repair then compose: U+FFFD never composes, e + U+0301 does */
    expect_norm("\xff"
                "e\xcc\x81",
                ATTUNE_NORM_REPAIR | ATTUNE_NORM_NFC, "\xEF\xBF\xBD\xc3\xa9");
    /* without the flag: the error */
    char *o = NULL;
    size_t ol;
    attune_error err;
    assert_int_equal(attune_normalize("ab\xff", 3, ATTUNE_NORM_FOLD_TYPOGRAPHY, &o, &ol, &err),
                     ATTUNE_EUTF8);
    assert_int_equal(err.offset, 2);
    assert_null(o);
    assert_int_equal(attune_normalize("ab", 2, 1u << 20, &o, &ol, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_normalize("ab", 2, 0, NULL, &ol, &err), ATTUNE_EINVAL);
}

static void test_fold_and_strip(void **state) {
    (void)state;
    const uint32_t F = ATTUNE_NORM_FOLD_TYPOGRAPHY, S = ATTUNE_NORM_STRIP_INVISIBLE;
    expect_norm("\xe2\x80\x9cIt\xe2\x80\x99s fine\xe2\x80\x9d \xe2\x80\x94 really\xe2\x80\xa6", F,
                "\"It's fine\" - really...");
    expect_norm("a\xc2\xa0"
                "b\xe2\x80\x89"
                "c\xe3\x80\x80"
                "d",
                F, "a b c d");
    expect_norm("\xc2\xb7 one \xe2\x97\x8f two \xe2\x81\x83 three", F,
                "\xe2\x80\xa2 one \xe2\x80\xa2 two \xe2\x80\xa2 three");
    expect_norm("10\xe2\x80\x93"
                "20 \xe2\x88\x92"
                "5",
                F, "10-20 -5");
    /* with NFKC, what NFKC turns into typography is folded too */
    expect_norm("a\xef\xb9\x98"
                "b\xef\xb8\x99",
                F | ATTUNE_NORM_NFKC, "a-b...");
    /* folding leaves what it does not know alone */
    expect_norm("caf\xc3\xa9 \xc2\xab\xc2\xbb", F, "caf\xc3\xa9 \xc2\xab\xc2\xbb");
    expect_norm("\xef\xbb\xbfsoft\xc2\xadware zero\xe2\x80\x8bwidth \xe2\x80\x8fRTL\xe2\x80\xaa", S,
                "software zerowidth RTL");
    /* ZWJ inside an emoji sequence stays, elsewhere it goes */
    const char *family = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
    expect_norm(family, S, family);
    const char *skin = "\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd\xe2\x80\x8d\xe2\x9d\xa4\xef\xb8\x8f";
    expect_norm(skin, S, skin);
    expect_norm("a\xe2\x80\x8d"
                "b \xf0\x9f\x98\x80\xe2\x80\x8d",
                S, "ab \xf0\x9f\x98\x80");
    /* emoji sequences survive every flag */
    uint32_t all = ATTUNE_NORM_ALL_FLAGS & ~ATTUNE_NORM_NFKC;
    expect_norm(family, all, family);
}

/* Characters that folding and stripping promise to remove. */
static int typographic(uint32_t c) {
    return (c >= 0x2018 && c <= 0x201F) || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
           c == 0x2026 || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0x1680 || c == 0xB7 || c == 0x2219 || c == 0x25CF || c == 0x25E6 ||
           c == 0x2043 || c == 0x2023;
}
static int invisible(uint32_t c) {
    return c == 0xAD || c == 0xFEFF || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x061C || c == 0x180E;
}

/* Every code point, with folding, stripping and each normal form: none of
 * the folded or stripped characters is left, whatever normalization makes
 * of the others. */
static void test_fold_every_code_point(void **state) {
    (void)state;
    static const uint32_t forms[] = {ATTUNE_NORM_NFC, ATTUNE_NORM_NFKC,
                                     ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD};
    char *buf = malloc(4 * 4096 + 16);
    assert_non_null(buf);
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        uint32_t flags = forms[f] | ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE;
        for (uint32_t base = 0x80; base < 0x30000; base += 2048) {
            size_t n = 0;
            for (uint32_t c = base; c < base + 2048; c++) {
                if (c >= 0xD800 && c < 0xE000)
                    continue;
                n += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)buf + n);
                buf[n++] = ' ';
            }
            size_t on;
            char *out = norm(buf, n, flags, &on);
            for (size_t k = 0; k < on;) {
                utf8proc_int32_t c;
                utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)out + k,
                                                      (utf8proc_ssize_t)(on - k), &c);
                assert_true(l > 0);
                if (typographic((uint32_t)c) || invisible((uint32_t)c))
                    fail_msg("U+%04X left by flags %#x (block at U+%04X)", (unsigned)c,
                             (unsigned)flags, (unsigned)base);
                k += (size_t)l;
            }
            attune_free(out);
        }
    }
    free(buf);
}

static void test_mojibake(void **state) {
    (void)state;
    const uint32_t M = ATTUNE_NORM_FIX_MOJIBAKE;
    /* curly apostrophe, e acute, em dash, emoji: UTF-8 read as cp1252 */
    expect_norm("don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t", M, "don\xe2\x80\x99t");
    expect_norm("caf\xc3\x83\xc2\xa9", M, "caf\xc3\xa9");
    expect_norm("a \xc3\xa2\xe2\x82\xac\xe2\x80\x9d b", M, "a \xe2\x80\x94 b");
    expect_norm("\xc3\xb0\xc5\xb8\xcb\x9c\xe2\x82\xac", M, "\xf0\x9f\x98\x80");
    /* decoded as Latin-1 (C1 controls) */
    expect_norm("\xc3\xa2\xc2\x80\xc2\x99", M, "\xe2\x80\x99");
    /* twice */
    expect_norm("\xc3\x83\xc2\xa2\xc3\xa2\xe2\x80\x9a\xc2\xac\xc3\xa2\xe2\x80\x9e\xc2\xa2", M,
                "\xe2\x80\x99");
    /* genuine Latin-1 text is left alone */
    const char *genuine[] = {"caf\xc3\xa9",         "na\xc3\xafve",   "\xc3\xa9t\xc3\xa9",
                             "Stra\xc3\x9f\x65",    "\xc2\xa9 2024",  "\xc3\xa9\xc3\xa9",
                             "\xc2\xbfQu\xc3\xa9?", "50\xe2\x82\xac", "se\xc3\xb1or"};
    for (size_t i = 0; i < sizeof genuine / sizeof genuine[0]; i++)
        expect_norm(genuine[i], M, genuine[i]);
    /* only whole runs: a genuine letter glued to mojibake keeps both */
    expect_norm("\xc3\xa9\xc3\xa2\xe2\x82\xac\xe2\x84\xa2", M,
                "\xc3\xa9\xc3\xa2\xe2\x82\xac\xe2\x84\xa2");
    /* repaired then folded */
    expect_norm("don\xc3\xa2\xe2\x82\xac\xe2\x84\xa2t", M | ATTUNE_NORM_FOLD_TYPOGRAPHY, "don't");
    /* round trip: every BMP letter block, encoded to mojibake and back */
    for (uint32_t c = 0x80; c < 0x3000; c += 7) {
        unsigned char u[4];
        size_t n = (size_t)utf8proc_encode_char((utf8proc_int32_t)c, u);
        char moj[32];
        size_t mn = 0;
        for (size_t k = 0; k < n; k++) {
            /* Latin-1 decode of each byte, then UTF-8 encode */
            mn += (size_t)utf8proc_encode_char(u[k], (utf8proc_uint8_t *)moj + mn);
        }
        char in[64];
        memcpy(in, "x ", 2);
        memcpy(in + 2, moj, mn);
        memcpy(in + 2 + mn, " y", 3);
        char want[16];
        memcpy(want, "x ", 2);
        memcpy(want + 2, u, n);
        memcpy(want + 2 + n, " y", 3);
        expect_norm(in, M, want);
    }
}

/* utf8proc_map's result for the same flags, or NULL when it rejects s. */
static char *reference(const char *s, size_t len, uint32_t flags, size_t *n) {
    int o = 0;
    if (flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD))
        o |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        o |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    utf8proc_uint8_t *r = NULL;
    utf8proc_ssize_t rn =
        utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &r, (utf8proc_option_t)o);
    if (rn < 0)
        return NULL;
    *n = (size_t)rn;
    return (char *)r;
}

static const uint32_t unicode_flags[] = {ATTUNE_NORM_NFC, ATTUNE_NORM_NFKC, ATTUNE_NORM_CASEFOLD,
                                         ATTUNE_NORM_NFC | ATTUNE_NORM_CASEFOLD,
                                         ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD};

static void check_against_utf8proc(const char *s, size_t len) {
    for (size_t f = 0; f < sizeof unicode_flags / sizeof unicode_flags[0]; f++) {
        size_t rn = 0, n = 0;
        char *r = reference(s, len, unicode_flags[f], &rn);
        char *out = NULL;
        attune_error err;
        int32_t rc = attune_normalize(s, len, unicode_flags[f], &out, &n, &err);
        if (!r) {
            assert_int_equal(rc, ATTUNE_EUTF8);
            continue;
        }
        assert_int_equal(rc, ATTUNE_OK);
        if (n != rn || memcmp(out, r, n) != 0) {
            size_t k = 0;
            while (k < n && k < rn && out[k] == r[k])
                k++;
            fail_msg("flags %#x: output differs from utf8proc_map at byte %zu (len %zu vs %zu)",
                     (unsigned)unicode_flags[f], k, n, rn);
        }
        attune_free(out);
        free(r);
    }
}

static void test_seeds_match_utf8proc(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    for (size_t i = 0; i < test_seed_count(); i++) {
        char name[256];
        snprintf(name, sizeof name, "seeds/%s.txt", test_seed_name(i));
        size_t len;
        char *s = test_read_file(test_path(dir, name), &len);
        assert_int_equal(attune_utf8_validate(s, len, NULL), ATTUNE_OK);
        check_against_utf8proc(s, len);
        free(s);
    }
    size_t len;
    char *cc = test_read_file(test_path(test_data_dir(), "counselchat/dev.jsonl"), &len);
    assert_int_equal(attune_utf8_validate(cc, len, NULL), ATTUNE_OK);
    check_against_utf8proc(cc, len);
    free(cc);
}

/* Code points that exercise composition, reordering, Hangul, compatibility
 * and case folding. */
static const uint32_t pool[] = {
    'a',    'e',     'A',    'K',     'o',     's',     ' ',    '.',    0x300,  0x301,  0x308,
    0x323,  0x327,   0x31B,  0x345,   0x3B9,   0xE9,    0xC9,   0xDF,   0x1E9E, 0x212B, 0x212A,
    0x2126, 0xFB01,  0xFB03, 0x1100,  0x1161,  0x11A8,  0xAC00, 0xAC01, 0x3131, 0xA0,   0x2019,
    0x2026, 0x1F600, 0x200D, 0xFE0F,  0x1F3FD, 0xB3E,   0xB47,  0x9BE,  0x9C7,  0x1B35, 0x1B05,
    0x0F73, 0x0F71,  0x0F72, 0x130,   0x131,   0x1E9B,  0x1F80, 0x1FBE, 0x3099, 0x304B, 0xFF76,
    0x2460, 0xFDFA,  0x4E2D, 0x10400, 0x1D15E, 0x1D165, 0x0345, 0x05B0, 0x0591};

static size_t random_text(uint64_t *rng, char *buf, size_t cap) {
    size_t n = 0;
    size_t chars = test_rand(rng) % 24;
    for (size_t k = 0; k < chars && n + 4 <= cap; k++) {
        uint64_t r = test_rand(rng);
        uint32_t c;
        if (r % 4 == 0) {
            c = (uint32_t)(test_rand(rng) % 0x30000);
            if (c >= 0xD800 && c < 0xE000)
                c = 'x';
        } else {
            c = pool[r % (sizeof pool / sizeof pool[0])];
        }
        n += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)buf + n);
    }
    return n;
}

static void test_random_against_utf8proc(void **state) {
    (void)state;
    uint64_t rng = 0x5eed;
    char buf[128];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = random_text(&rng, buf, sizeof buf);
        check_against_utf8proc(buf, n);
    }
}

/* Reference validator: utf8proc_iterate from the start. */
static size_t iterate_offset(const char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k < 0)
            return i;
        i += (size_t)k;
    }
    return (size_t)-1;
}

static void test_random_bytes(void **state) {
    (void)state;
    uint64_t rng = 42;
    char buf[96];
    static const unsigned char interesting[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                                0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5,
                                                0xFF, 0x9F, 0xA0, 0x8F, 0x90, 'a'};
    for (int iter = 0; iter < 40000; iter++) {
        size_t n = test_rand(&rng) % sizeof buf;
        size_t ascii = test_rand(&rng) % (n + 1);
        for (size_t k = 0; k < n; k++) {
            uint64_t r = test_rand(&rng);
            buf[k] = k < ascii ? (char)('a' + r % 26) : (char)interesting[r % sizeof interesting];
        }
        size_t want = iterate_offset(buf, n), off = (size_t)-1;
        int32_t rc = attune_utf8_validate(buf, n, &off);
        assert_int_equal(rc, want == (size_t)-1 ? ATTUNE_OK : ATTUNE_EUTF8);
        assert_int_equal(off, want);
        if (iter % 8 == 0)
            check_against_utf8proc(buf, n);
        /* repaired output is always valid */
        size_t rn;
        char *rep = norm(buf, n, ATTUNE_NORM_REPAIR | ATTUNE_NORM_NFC, &rn);
        assert_int_equal(attune_utf8_validate(rep, rn, NULL), ATTUNE_OK);
        attune_free(rep);
    }
}


static void test_text_handle_basics(void **state) {
    (void)state;
    attune_text *t = NULL;
    attune_error err;
    const char *in = "a\xe2\x80\x99"
                     "b \xe2\x80\x8b"
                     "e\xcc\x81x";
    assert_int_equal(
        attune_text_new(in, strlen(in),
                        ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE | ATTUNE_NORM_NFC,
                        &t, &err),
        ATTUNE_OK);
    const char *p;
    size_t n;
    assert_int_equal(attune_text_get(t, &p, &n), ATTUNE_OK);
    assert_int_equal(n, 7);
    assert_memory_equal(p, "a'b \xc3\xa9x", 7);
    assert_int_equal(p[n], '\0');
    assert_int_equal(attune_text_source_length(t), strlen(in));
    static const size_t want[] = {0, 1, 4, 5, 9, 9, 12, 13};
    for (size_t k = 0; k <= n; k++)
        assert_int_equal(attune_text_source_offset(t, k), want[k]);
    assert_int_equal(attune_text_source_offset(t, n + 1), ATTUNE_NO_OFFSET);
    size_t a, b;
    assert_int_equal(attune_text_source_span(t, 1, 2, &a, &b), ATTUNE_OK);
    assert_int_equal(a, 1);
    assert_int_equal(b, 4);
    assert_int_equal(attune_text_source_span(t, 4, 6, &a, &b), ATTUNE_OK);
    assert_int_equal(a, 9);
    assert_int_equal(b, 12);
    assert_int_equal(attune_text_source_span(t, 0, n, &a, &b), ATTUNE_OK);
    assert_int_equal(a, 0);
    assert_int_equal(b, strlen(in));
    assert_int_equal(attune_text_source_span(t, 3, 3, &a, &b), ATTUNE_OK);
    assert_int_equal(a, 5);
    assert_int_equal(b, 5);
    assert_int_equal(attune_text_source_span(t, 3, 2, &a, &b), ATTUNE_EINVAL);
    assert_int_equal(attune_text_source_span(t, 0, n + 1, &a, &b), ATTUNE_EINVAL);
    attune_text_free(t);
    attune_text_free(NULL);
    /* empty input, NULL with length 0 */
    assert_int_equal(attune_text_new(NULL, 0, ATTUNE_NORM_ALL_FLAGS, &t, &err), ATTUNE_OK);
    assert_int_equal(attune_text_get(t, &p, &n), ATTUNE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(p[0], '\0');
    assert_int_equal(attune_text_source_offset(t, 0), 0);
    assert_int_equal(attune_text_source_offset(t, 1), ATTUNE_NO_OFFSET);
    attune_text_free(t);
    assert_int_equal(attune_text_get(NULL, &p, &n), ATTUNE_EINVAL);
    assert_int_equal(attune_text_source_offset(NULL, 0), ATTUNE_NO_OFFSET);
    assert_int_equal(attune_text_new("a", 1, 0, NULL, &err), ATTUNE_EINVAL);
    assert_int_equal(attune_text_new(NULL, 3, 0, &t, &err), ATTUNE_EINVAL);
    assert_null(t);
    t = (attune_text *)&a;
    assert_int_equal(attune_text_new("x\xff", 2, ATTUNE_NORM_NFC, &t, &err), ATTUNE_EUTF8);
    assert_null(t);
    assert_int_equal(err.offset, 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kuhn_cases),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_fold_and_strip),
        cmocka_unit_test(test_fold_every_code_point),
        cmocka_unit_test(test_mojibake),
        cmocka_unit_test(test_text_handle_basics),
        cmocka_unit_test(test_seeds_match_utf8proc),
        cmocka_unit_test(test_random_against_utf8proc),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
