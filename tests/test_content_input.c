/* Content model on bad and extreme input: argument errors, empty and blank
 * pages, NUL bytes, mixed line ends, ill-formed UTF-8 (repaired or
 * rejected), size limits, one huge line, a very long list, and every
 * allocation failing in turn. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *seed(size_t i, size_t *len) {
    const char *dir = test_require_corpus();
    char fn[512];
    snprintf(fn, sizeof fn, "seeds/%s.txt", test_seed_name(i));
    return test_read_file(test_path(dir, fn), len);
}

static void test_arguments(void **state) {
    (void)state;
    attune_doc *doc = (attune_doc *)&doc;
    attune_error err;
    assert_int_equal(attune_doc_parse("x", 1, NULL, NULL, &err), ATTUNE_EINVAL);
    assert_int_equal(err.code, ATTUNE_EINVAL);
    assert_int_equal(attune_doc_parse(NULL, 3, NULL, &doc, &err), ATTUNE_EINVAL);
    assert_null(doc);
    attune_parse_options o;
    assert_int_equal(attune_parse_options_init(NULL), ATTUNE_EINVAL);
    assert_int_equal(attune_parse_options_init(&o), ATTUNE_OK);
    assert_int_equal(o.size, sizeof o);
    o.size = 3; /* not even the size field (the rule: tests/test_options.c) */
    assert_int_equal(attune_doc_parse("x", 1, &o, &doc, &err), ATTUNE_EINVAL);
    attune_parse_options_init(&o);
    o.flags = 0x80u;
    assert_int_equal(attune_doc_parse("x", 1, &o, &doc, &err), ATTUNE_EINVAL);
    attune_parse_options_init(&o);
    o.max_input = 10;
    assert_int_equal(attune_doc_parse("01234567890", 11, &o, &doc, &err), ATTUNE_ELIMIT);
    assert_int_equal(err.code, ATTUNE_ELIMIT);
    assert_null(doc);
    assert_int_equal(attune_doc_parse("0123456789", 10, &o, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    attune_doc_free(NULL);
    /* accessors on NULL */
    assert_null(attune_doc_root(NULL));
    assert_null(attune_doc_title(NULL));
    assert_int_equal(attune_doc_block_count(NULL), 0);
    assert_int_equal(attune_block_kind(NULL), ATTUNE_BLOCK_NONE);
    const char *p;
    size_t n;
    assert_int_equal(attune_block_text(NULL, &p, &n), ATTUNE_EINVAL);
    assert_int_equal(attune_block_source_offset(NULL, 0), ATTUNE_NO_OFFSET);
    assert_string_equal(attune_block_kind_name(ATTUNE_BLOCK_LIST_ITEM), "list_item");
    assert_string_equal(attune_block_kind_name(99), "unknown");
    assert_string_equal(attune_boilerplate_name(ATTUNE_BOILER_TOC), "toc");
    assert_string_equal(attune_pii_type_name(ATTUNE_PII_BIRTHDATE), "birthdate");
    attune_iter *it = (attune_iter *)&it;
    assert_int_equal(attune_iter_new(NULL, &it), ATTUNE_EINVAL);
    assert_null(it);
    attune_iter_free(NULL);
}

static void expect_empty(const char *s, size_t len) {
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(s, len, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_doc_block_count(doc), 1);
    assert_null(attune_doc_title(doc));
    assert_null(attune_block_first_child(attune_doc_root(doc)));
    char *out;
    size_t n;
    assert_int_equal(attune_render_text(doc, NULL, &out, &n, NULL), ATTUNE_OK);
    assert_int_equal(n, 0);
    attune_free(out);
    assert_int_equal(attune_render_json(doc, NULL, &out, &n, NULL), ATTUNE_OK);
    assert_string_equal(out, "{\"source\":null,\"title\":null,\"blocks\":[]}");
    attune_free(out);
    attune_doc_free(doc);
}

static void test_empty_and_blank(void **state) {
    (void)state;
    expect_empty(NULL, 0);
    expect_empty("", 0);
    static const char blank[] = "  \n\t\r\n \xC2\xA0 \r\r\n\xE2\x80\x8B\n\f\v";
    expect_empty(blank, sizeof blank - 1);
    static const char nuls[] = "\0\0 \n\0";
    expect_empty(nuls, sizeof nuls - 1);
}

/* Kinds, boilerplate kinds, levels and lines of every block, as a string. */
static char *signature(const attune_doc *doc) {
    size_t cap = attune_doc_block_count(doc) * 48 + 1, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        size_t l1, l2;
        attune_block_lines(b, &l1, &l2);
        n += (size_t)snprintf(s + n, cap - n, "%d.%d.%d.%zu.%zu;", attune_block_kind(b),
                              attune_block_boilerplate(b), attune_block_level(b), l1, l2);
    }
    return s;
}

static void test_line_ends(void **state) {
    (void)state;
    for (size_t k = 0; k < test_seed_count(); k++) {
        size_t len;
        char *lf = seed(k, &len);
        attune_doc *a = NULL, *b = NULL, *c = NULL;
        assert_int_equal(attune_doc_parse(lf, len, NULL, &a, NULL), ATTUNE_OK);
        /* CRLF everywhere, CR everywhere, and a mix line by line */
        char *crlf = malloc(len * 2 + 1), *cr = malloc(len + 1);
        assert_non_null(crlf);
        assert_non_null(cr);
        size_t m = 0, nl = 0;
        for (size_t i = 0; i < len; i++) {
            if (lf[i] == '\n') {
                if (nl++ % 3 != 2)
                    crlf[m++] = '\r';
                if (nl % 3 != 1)
                    crlf[m++] = '\n';
                else if (m && crlf[m - 1] != '\r')
                    crlf[m++] = '\r';
                else if (!m || crlf[m - 1] == '\r')
                    crlf[m++] = '\n';
            } else {
                crlf[m++] = lf[i];
            }
            cr[i] = lf[i] == '\n' ? '\r' : lf[i];
        }
        assert_int_equal(attune_doc_parse(crlf, m, NULL, &b, NULL), ATTUNE_OK);
        assert_int_equal(attune_doc_parse(cr, len, NULL, &c, NULL), ATTUNE_OK);
        char *sa = signature(a), *sb = signature(b), *sc = signature(c);
        assert_string_equal(sa, sb);
        assert_string_equal(sa, sc);
        /* block texts do not depend on the line ends */
        for (size_t i = 0; i < attune_doc_block_count(a); i++) {
            const char *ta, *tb;
            size_t na, nb;
            attune_block_text(attune_doc_block(a, i), &ta, &na);
            attune_block_text(attune_doc_block(b, i), &tb, &nb);
            assert_int_equal(na, nb);
            assert_memory_equal(ta, tb, na);
        }
        free(sa);
        free(sb);
        free(sc);
        attune_doc_free(a);
        attune_doc_free(b);
        attune_doc_free(c);
        free(crlf);
        free(cr);
        free(lf);
    }
}

static void test_nul_bytes(void **state) {
    (void)state;
    size_t len;
    char *src = seed(0, &len);
    /* a NUL after every 97th byte */
    char *s = malloc(len + len / 97 + 1);
    assert_non_null(s);
    size_t m = 0;
    for (size_t i = 0; i < len; i++) {
        s[m++] = src[i];
        if (i % 97 == 96)
            s[m++] = '\0';
    }
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(s, m, NULL, &doc, NULL), ATTUNE_OK);
    const char *p;
    size_t n;
    assert_int_equal(attune_doc_source(doc, &p, &n), ATTUNE_OK);
    assert_int_equal(n, m);
    assert_memory_equal(p, s, m);
    size_t paragraphs = 0;
    for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        assert_int_equal(attune_block_text(b, &p, &n), ATTUNE_OK);
        assert_int_equal(strlen(p), n); /* no NUL inside a text */
        paragraphs += attune_block_kind(b) == ATTUNE_BLOCK_PARAGRAPH;
    }
    assert_true(paragraphs >= 4);
    attune_doc_free(doc);
    free(s);
    free(src);
}

static void test_invalid_utf8(void **state) {
    (void)state;
    size_t len;
    char *src = seed(2, &len);
    /* an ill-formed byte inside the first paragraph of the page */
    char *p = strstr(src, "buzzword");
    assert_non_null(p);
    size_t at = (size_t)(p - src) + 3;
    src[at] = (char)0xFF;
    attune_doc *doc = NULL;
    attune_error err;
    assert_int_equal(attune_doc_parse(src, len, NULL, &doc, &err), ATTUNE_OK);
    int repaired = 0;
    for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        const char *t;
        size_t n;
        attune_block_text(b, &t, &n);
        assert_int_equal(attune_utf8_validate(t, n, NULL), ATTUNE_OK);
        const char *r = strstr(t, "buz\xEF\xBF\xBDword");
        if (r) {
            repaired = 1;
            /* the replacement character maps back to the bad byte */
            assert_int_equal(attune_block_source_offset(b, (size_t)(r - t) + 3), at);
            assert_int_equal(attune_block_source_offset(b, (size_t)(r - t) + 6), at + 1);
        }
    }
    assert_true(repaired);
    attune_doc_free(doc);
    attune_parse_options o;
    attune_parse_options_init(&o);
    o.flags = ATTUNE_PARSE_STRICT_UTF8;
    doc = (attune_doc *)&doc;
    assert_int_equal(attune_doc_parse(src, len, &o, &doc, &err), ATTUNE_EUTF8);
    assert_null(doc);
    assert_int_equal(err.code, ATTUNE_EUTF8);
    assert_int_equal(err.offset, at);
    /* truncated sequence at the very end */
    src[at] = 'z';
    src[len - 1] = (char)0xE2;
    assert_int_equal(attune_doc_parse(src, len, &o, &doc, &err), ATTUNE_EUTF8);
    assert_int_equal(err.offset, len - 1);
    assert_int_equal(attune_doc_parse(src, len, NULL, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    free(src);
}

static void test_huge_line(void **state) {
    (void)state;
    /* one line of running text of 24 MB: one paragraph, parsed in one pass */
    static const char sentence[] = "The client and the therapist talk about what matters to them. ";
    size_t unit = sizeof sentence - 1, len = (size_t)24 << 20;
    char *s = malloc(len);
    assert_non_null(s);
    for (size_t i = 0; i < len; i++)
        s[i] = sentence[i % unit];
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(s, len, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_doc_block_count(doc), 2);
    const attune_block *b = attune_doc_block(doc, 1);
    assert_int_equal(attune_block_kind(b), ATTUNE_BLOCK_PARAGRAPH);
    const char *t;
    size_t n;
    attune_block_text(b, &t, &n);
    size_t want = len;
    while (want && s[want - 1] == ' ')
        want--; /* trailing spaces are trimmed */
    assert_int_equal(n, want);
    assert_int_equal(attune_block_source_offset(b, n / 2), n / 2);
    attune_doc_free(doc);
    free(s);
}

static void test_long_list(void **state) {
    (void)state;
    /* a million bullet lines: one list of a million items */
    static const char item[] = "  \xE2\x80\xA2 Clients feel heard and understood here\n";
    size_t unit = sizeof item - 1, count = 1000000, len = unit * count;
    char *s = malloc(len);
    assert_non_null(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * unit, item, unit);
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(s, len, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_doc_block_count(doc), count + 2);
    const attune_block *list = attune_block_first_child(attune_doc_root(doc));
    assert_int_equal(attune_block_kind(list), ATTUNE_BLOCK_LIST);
    const attune_block *last = attune_block_last_child(list);
    assert_int_equal(attune_block_kind(last), ATTUNE_BLOCK_LIST_ITEM);
    size_t l1, l2;
    attune_block_lines(last, &l1, &l2);
    assert_int_equal(l1, count);
    const char *t;
    size_t n;
    attune_block_text(last, &t, &n);
    assert_string_equal(t, "Clients feel heard and understood here");
    attune_doc_free(doc);
    free(s);
}

static void test_allocation_failures(void **state) {
    (void)state;
    size_t len;
    char *src = seed(4, &len);
    test_alloc_install(0);
    size_t points = 0;
    for (test_alloc_fail_at = 1;; test_alloc_fail_at++) {
        test_alloc_n = 0;
        attune_doc *doc = (attune_doc *)&doc;
        attune_error err;
        int32_t rc = attune_doc_parse(src, len, NULL, &doc, &err);
        if (rc == ATTUNE_OK) {
            /* then each render under the same failures */
            size_t base = test_alloc_n;
            int all_ok = 1;
            for (int r = 0; r < 3; r++) {
                for (size_t f = 1;; f++) {
                    test_alloc_n = 0;
                    test_alloc_fail_at = f;
                    char *out = (char *)&out;
                    size_t n;
                    int32_t rr = r == 0   ? attune_render_json(doc, NULL, &out, &n, &err)
                                 : r == 1 ? attune_render_outline(doc, NULL, &out, &n, &err)
                                          : attune_render_text(doc, NULL, &out, &n, &err);
                    if (rr == ATTUNE_OK) {
                        attune_free(out);
                        break;
                    }
                    assert_int_equal(rr, ATTUNE_ENOMEM);
                    assert_null(out);
                    points++;
                }
            }
            (void)base;
            (void)all_ok;
            attune_doc_free(doc);
            break;
        }
        assert_int_equal(rc, ATTUNE_ENOMEM);
        assert_int_equal(err.code, ATTUNE_ENOMEM);
        assert_null(doc);
        points++;
    }
    test_alloc_fail_at = 0;
    test_alloc_uninstall();
    printf("allocation failure points checked: %zu\n", points);
    assert_true(points > 10);
    free(src);
}


/* Pages made by mutating the seeds (random bytes, cut lines, repeated
 * lines, stray bullets, CRs and NULs): every parse succeeds, the tree is
 * consistent, the offsets stay inside the input, and the renders work. */
static void test_mutated_pages(void **state) {
    (void)state;
    uint64_t rng = 0x5eed1234abcdULL;
    static const char *const pieces[] = {
        "\xE2\x80\xA2 ", "- ",        "1. ",         "\r", "\n",      "\0",
        "\xFF",          "\xE2\x80",  ": ",          "@",  "http://", "##",
        "\xC2\xA0",      "Subscribe", "\xE2\x80\x8B"};
    for (int round = 0; round < 300; round++) {
        size_t len;
        char *src = seed((size_t)(test_rand(&rng) % test_seed_count()), &len);
        size_t cap = len * 2 + 64, m = 0;
        char *s = malloc(cap);
        assert_non_null(s);
        for (size_t i = 0; i < len && m + 16 < cap; i++) {
            uint64_t r = test_rand(&rng) % 200;
            if (r == 0) {
                const char *p = pieces[test_rand(&rng) % (sizeof pieces / sizeof pieces[0])];
                size_t pl = strlen(p) ? strlen(p) : 1;
                memcpy(s + m, p, pl);
                m += pl;
            } else if (r == 1) {
                s[m++] = (char)(test_rand(&rng) & 0xFF);
            } else if (r == 2) {
                continue; /* drop a byte */
            }
            s[m++] = src[i];
        }
        attune_doc *doc = NULL;
        /* (any bytes: the parser's robustness, not the not-text check) */
        attune_parse_options any;
        attune_parse_options_init(&any);
        any.flags = ATTUNE_PARSE_ANY_BYTES;
        assert_int_equal(attune_doc_parse(s, m, &any, &doc, NULL), ATTUNE_OK);
        for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
            const attune_block *b = attune_doc_block(doc, i);
            size_t a, z, l1, l2;
            attune_block_span(b, &a, &z);
            attune_block_lines(b, &l1, &l2);
            assert_true(a <= z && z <= m && l1 <= l2);
            const char *t;
            size_t n;
            attune_block_text(b, &t, &n);
            assert_int_equal(attune_utf8_validate(t, n, NULL), ATTUNE_OK);
            for (size_t k = 0; k <= n; k += 7) {
                size_t o = attune_block_source_offset(b, k);
                assert_true(o <= z && o >= a);
            }
            for (size_t k = 0; k < attune_block_spam_count(b); k++) {
                attune_block_spam_span(b, k, &l1, &l2);
                assert_true(a <= l1 && l1 < l2 && l2 <= z);
            }
            for (size_t k = 0; k < attune_block_pii_count(b); k++) {
                int32_t type;
                attune_block_pii(b, k, &type, &l1, &l2);
                assert_true(a <= l1 && l1 < l2 && l2 <= z);
            }
        }
        char *out;
        size_t n;
        assert_int_equal(attune_render_json(doc, NULL, &out, &n, NULL), ATTUNE_OK);
        assert_int_equal(attune_utf8_validate(out, n, NULL), ATTUNE_OK);
        attune_free(out);
        assert_int_equal(attune_render_text(doc, NULL, &out, &n, NULL), ATTUNE_OK);
        attune_free(out);
        assert_int_equal(attune_render_outline(doc, NULL, &out, &n, NULL), ATTUNE_OK);
        attune_free(out);
        attune_doc_free(doc);
        free(s);
        free(src);
    }
}

/* Input that is not text is refused with its offset unless the caller asks
 * for any bytes; real text with a few stray NULs or controls is parsed. */
static void test_not_text(void **state) {
    (void)state;
    size_t len;
    char *src = seed(0, &len);
    attune_doc *doc = (attune_doc *)&doc;
    attune_error err;
    /* a control character every 16 bytes (6%), the first at byte 7 */
    char *bin = malloc(len);
    assert_non_null(bin);
    memcpy(bin, src, len);
    for (size_t i = 7; i < len; i += 16)
        bin[i] = 0x01;
    assert_int_equal(attune_doc_parse(bin, len, NULL, &doc, &err), ATTUNE_ENOTTEXT);
    assert_null(doc);
    assert_int_equal(err.code, ATTUNE_ENOTTEXT);
    assert_int_equal(err.offset, 7);
    assert_string_equal(attune_strerror(ATTUNE_ENOTTEXT), "not text");
    attune_parse_options o;
    attune_parse_options_init(&o);
    o.flags = ATTUNE_PARSE_ANY_BYTES;
    assert_int_equal(attune_doc_parse(bin, len, &o, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    /* UTF-16: half NULs */
    size_t n16 = 2 * (len < 4000 ? len : 4000);
    char *u16 = calloc(n16, 1);
    assert_non_null(u16);
    for (size_t i = 0; i < n16 / 2; i++)
        u16[2 * i] = src[i] & 0x7f;
    assert_int_equal(attune_doc_parse(u16, n16, NULL, &doc, &err), ATTUNE_ENOTTEXT);
    assert_int_equal(err.offset, 1);
    /* a few stray NULs and controls in text stay text */
    memcpy(bin, src, len);
    for (size_t i = 100; i < len && i < 800; i += 100)
        bin[i] = (char)(i % 200 ? 0x00 : 0x02);
    assert_int_equal(attune_doc_parse(bin, len, NULL, &doc, &err), ATTUNE_OK);
    attune_doc_free(doc);
    /* a program, when the system has one where Debian puts it */
    size_t blen = 0;
    FILE *f = fopen("/bin/sh", "rb");
    if (f) {
        char *b = malloc(1 << 16);
        assert_non_null(b);
        blen = fread(b, 1, 1 << 16, f);
        fclose(f);
        assert_int_equal(attune_doc_parse(b, blen, NULL, &doc, &err), ATTUNE_ENOTTEXT);
        assert_true(err.offset < blen);
        free(b);
    }
    free(u16);
    free(bin);
    free(src);
}

static void test_iter_new2(void **state) {
    (void)state;
    attune_iter *it = (attune_iter *)&it;
    attune_error err;
    assert_int_equal(attune_iter_new2(NULL, &it, &err), ATTUNE_EINVAL);
    assert_int_equal(err.code, ATTUNE_EINVAL);
    assert_null(it);
    attune_doc *doc = NULL;
    static const char page[] = "Title\n\nSome text here.\n";
    assert_int_equal(attune_doc_parse(page, sizeof page - 1, NULL, &doc, NULL), ATTUNE_OK);
    assert_int_equal(attune_iter_new2(attune_doc_root(doc), &it, &err), ATTUNE_OK);
    int32_t ev = 0;
    const attune_block *b = NULL;
    size_t enters = 0;
    while (attune_iter_next(it, &ev, &b) == ATTUNE_OK && ev != ATTUNE_EVENT_DONE)
        enters += ev == ATTUNE_EVENT_ENTER;
    assert_true(enters >= 2);
    attune_iter_free(it);
    attune_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),     cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_line_ends),     cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_long_list),     cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_mutated_pages), cmocka_unit_test(test_iter_new2),
        cmocka_unit_test(test_not_text),
    };
    const char *only = getenv("ATTUNE_TEST_FILTER");
    if (only && *only)
        cmocka_set_test_filter(only);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
