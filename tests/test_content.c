#define _POSIX_C_SOURCE 200809L
/* Content model on the seed pages: every gold line's role, boilerplate kind
 * and heading level; injected promotional passages out of the main text and
 * the rest of their paragraphs in; personal data found and kept out of the
 * main text; tree shape, spans and offset maps consistent. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct gold_line {
    size_t line;
    char role[64];
    int level;
    char note[1024];
} gold_line;

static size_t read_gold(const char *dir, const char *name, gold_line *g, size_t max) {
    char fn[512];
    snprintf(fn, sizeof fn, "seeds/%s.gold.tsv", name);
    char *data = test_read_file(test_path(dir, fn), NULL);
    size_t n = 0;
    char *save = NULL;
    int header = 1;
    for (char *ln = strtok_r(data, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
        if (header) {
            header = 0;
            continue;
        }
        char *cols[5] = {0};
        char *p = ln;
        for (int c = 0; c < 5; c++) {
            cols[c] = p;
            char *tab = p ? strchr(p, '\t') : NULL;
            if (tab) {
                *tab = '\0';
                p = tab + 1;
            } else {
                p = NULL;
            }
        }
        assert_true(n < max);
        g[n].line = (size_t)strtoul(cols[0], NULL, 10);
        snprintf(g[n].role, sizeof g[n].role, "%s", cols[1] ? cols[1] : "");
        g[n].level = cols[2] && *cols[2] ? atoi(cols[2]) : 0;
        snprintf(g[n].note, sizeof g[n].note, "%s", cols[4] ? cols[4] : "");
        n++;
    }
    free(data);
    return n;
}

static attune_doc *parse_seed(const char *dir, const char *name, char **src, size_t *len) {
    char fn[512];
    snprintf(fn, sizeof fn, "seeds/%s.txt", name);
    *src = test_read_file(test_path(dir, fn), len);
    attune_doc *doc = NULL;
    attune_error err;
    assert_int_equal(attune_doc_parse(*src, *len, NULL, &doc, &err), ATTUNE_OK);
    assert_non_null(doc);
    return doc;
}

/* The leaf block (no children) whose lines hold `line`. */
static const attune_block *leaf_at(const attune_doc *doc, size_t line) {
    for (size_t i = 1; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        size_t a, z;
        attune_block_lines(b, &a, &z);
        if (!attune_block_first_child(b) && a <= line && line <= z)
            return b;
    }
    return NULL;
}

static void role_of(const attune_block *b, char *out, size_t n) {
    int32_t k = attune_block_kind(b);
    if (k == ATTUNE_BLOCK_BOILERPLATE)
        snprintf(out, n, "boilerplate:%s", attune_boilerplate_name(attune_block_boilerplate(b)));
    else if (k == ATTUNE_BLOCK_QUOTE)
        snprintf(out, n, "paragraph");
    else
        snprintf(out, n, "%s", attune_block_kind_name(k));
}

static char *main_text(const attune_doc *doc, size_t *len) {
    char *out = NULL;
    assert_int_equal(attune_render_text(doc, NULL, &out, len, NULL), ATTUNE_OK);
    assert_non_null(out);
    return out;
}

static void test_gold_roles(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t total = 0, good = 0;
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *name = test_seed_name(s);
        static gold_line g[512];
        size_t ng = read_gold(dir, name, g, 512);
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(dir, name, &src, &len);
        size_t ok = 0;
        for (size_t i = 0; i < ng; i++) {
            const attune_block *b = leaf_at(doc, g[i].line);
            char role[64] = "(none)";
            int level = 0;
            if (b) {
                role_of(b, role, sizeof role);
                level = attune_block_level(b);
            }
            int match;
            if (strcmp(g[i].role, "summary") == 0) /* kept or dropped: both accepted */
                match = strcmp(role, "summary") == 0 || strncmp(role, "boilerplate", 11) == 0;
            else
                match = strcmp(role, g[i].role) == 0 && (g[i].level == 0 || level == g[i].level);
            if (match)
                ok++;
            else
                printf("  %s line %zu: want %s %d, got %s %d\n", name, g[i].line, g[i].role,
                       g[i].level, role, level);
        }
        printf("seed %s: %zu/%zu gold lines (%.1f%%)\n", name, ok, ng,
               100.0 * (double)ok / (double)ng);
        total += ng;
        good += ok;
        attune_doc_free(doc);
        free(src);
    }
    printf("all seeds: %zu/%zu gold lines (%.1f%%)\n", good, total,
           100.0 * (double)good / (double)total);
    assert_true(total > 0);
    assert_int_equal(good, total);
}

/* Splits a note's "spam: ..." text into sentences and checks them. */
static void test_gold_spam(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t passages = 0;
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *name = test_seed_name(s);
        static gold_line g[512];
        size_t ng = read_gold(dir, name, g, 512);
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(dir, name, &src, &len);
        size_t tlen;
        char *text = main_text(doc, &tlen);
        for (size_t i = 0; i < ng; i++) {
            const attune_block *b = leaf_at(doc, g[i].line);
            assert_non_null(b);
            if (strncmp(g[i].note, "spam: ", 6) != 0) {
                /* no passage is marked where the gold has none */
                if (attune_block_kind(b) == ATTUNE_BLOCK_PARAGRAPH)
                    assert_int_equal(attune_block_spam_count(b), 0);
                continue;
            }
            const char *spam = g[i].note + 6;
            passages++;
            assert_true(attune_block_spam_count(b) >= 1);
            /* the passage is out of the main text ... */
            assert_null(strstr(text, spam));
            char first[48];
            snprintf(first, sizeof first, "%s", spam);
            assert_null(strstr(text, first));
            /* ... and the rest of the paragraph is in it */
            size_t a, z;
            attune_block_span(b, &a, &z);
            char *line = strndup(src + a, z - a);
            char *at = strstr(line, spam);
            assert_non_null(at);
            *at = '\0';
            size_t keep = strlen(line);
            while (keep && line[keep - 1] == ' ')
                line[--keep] = '\0';
            assert_true(keep > 40);
            assert_non_null(strstr(text, line));
            const char *after = at + strlen(spam);
            while (*after == ' ')
                after++;
            if (*after)
                assert_non_null(strstr(text, after));
            /* the span is exactly the passage */
            size_t ss, se;
            assert_int_equal(attune_block_spam_span(b, 0, &ss, &se), ATTUNE_OK);
            int found = 0;
            for (size_t k = 0; k < attune_block_spam_count(b); k++) {
                attune_block_spam_span(b, k, &ss, &se);
                if (se - ss == strlen(spam) && memcmp(src + ss, spam, se - ss) == 0)
                    found = 1;
            }
            assert_true(found);
            free(line);
        }
        attune_free(text);
        attune_doc_free(doc);
        free(src);
    }
    printf("injected passages checked: %zu\n", passages);
    assert_true(passages >= 2);
}

static int32_t pii_type_named(const char *word) {
    for (int32_t t = 1; t <= ATTUNE_PII_BIRTHDATE; t++)
        if (strcmp(attune_pii_type_name(t), word) == 0)
            return t;
    return 0;
}

static void test_gold_personal_data(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    size_t checked = 0, spans = 0;
    for (size_t s = 0; s < test_seed_count(); s++) {
        const char *name = test_seed_name(s);
        static gold_line g[512];
        size_t ng = read_gold(dir, name, g, 512);
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(dir, name, &src, &len);
        size_t tlen;
        char *text = main_text(doc, &tlen);
        /* no personal data of any block in the main text */
        for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
            const attune_block *b = attune_doc_block(doc, i);
            for (size_t k = 0; k < attune_block_pii_count(b); k++) {
                int32_t type;
                size_t a, z;
                assert_int_equal(attune_block_pii(b, k, &type, &a, &z), ATTUNE_OK);
                assert_true(type >= ATTUNE_PII_EMAIL && type <= ATTUNE_PII_BIRTHDATE);
                assert_true(a < z && z <= len);
                char *v = strndup(src + a, z - a);
                if (strlen(v) >= 5)
                    assert_null(strstr(text, v));
                free(v);
                spans++;
            }
        }
        /* the types a gold note lists as personal data are found in the box */
        for (size_t i = 0; i < ng; i++) {
            const char *p = strstr(g[i].note, "personal data:");
            if (!p)
                continue;
            const attune_block *b = leaf_at(doc, g[i].line);
            assert_non_null(b);
            char words[1024];
            snprintf(words, sizeof words, "%s", p + 14);
            char *save = NULL;
            for (char *w = strtok_r(words, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
                int32_t want = pii_type_named(w);
                if (!want)
                    continue;
                /* the box may span several blocks: look at this one and its siblings */
                int found = 0;
                const attune_block *par = attune_block_parent(b);
                for (const attune_block *c = attune_block_first_child(par); c && !found;
                     c = attune_block_next_sibling(c)) {
                    if (attune_block_boilerplate(c) != attune_block_boilerplate(b))
                        continue;
                    for (size_t k = 0; k < attune_block_pii_count(c); k++) {
                        int32_t type;
                        size_t a, z;
                        attune_block_pii(c, k, &type, &a, &z);
                        if (type == want)
                            found = 1;
                    }
                }
                if (!found)
                    printf("  %s line %zu: no %s found\n", name, g[i].line, w);
                assert_true(found);
                checked++;
            }
        }
        attune_free(text);
        attune_doc_free(doc);
        free(src);
    }
    printf("personal-data types checked: %zu, spans found: %zu\n", checked, spans);
    assert_true(checked >= 4);
}

/* Tree shape: pre-order indices, parents, sections opened by their heading,
 * lists of items, spans nested, texts mapped back to the source. */
static void check_tree(const attune_doc *doc, const char *src, size_t len) {
    const attune_block *root = attune_doc_root(doc);
    assert_non_null(root);
    assert_int_equal(attune_block_kind(root), ATTUNE_BLOCK_DOCUMENT);
    assert_null(attune_block_parent(root));
    attune_iter *it = NULL;
    assert_int_equal(attune_iter_new(root, &it), ATTUNE_OK);
    size_t expect = 0, depth = 0, enters = 0;
    for (;;) {
        int32_t ev;
        const attune_block *b;
        assert_int_equal(attune_iter_next(it, &ev, &b), ATTUNE_OK);
        if (ev == ATTUNE_EVENT_DONE) {
            assert_null(b);
            break;
        }
        if (ev == ATTUNE_EVENT_EXIT) {
            depth--;
            continue;
        }
        assert_int_equal(ev, ATTUNE_EVENT_ENTER);
        enters++;
        depth++;
        assert_int_equal(attune_block_index(b), expect);
        assert_ptr_equal(attune_doc_block(doc, expect), b);
        expect++;
        int32_t k = attune_block_kind(b);
        const attune_block *p = attune_block_parent(b);
        size_t s, e, ps, pe;
        attune_block_span(b, &s, &e);
        assert_true(s <= e && e <= len);
        if (p) {
            attune_block_span(p, &ps, &pe);
            assert_true(ps <= s && e <= pe);
        }
        if (k == ATTUNE_BLOCK_SECTION) {
            const attune_block *h = attune_block_first_child(b);
            assert_int_equal(attune_block_kind(h), ATTUNE_BLOCK_HEADING);
            assert_int_equal(attune_block_level(h), attune_block_level(b));
            if (attune_block_kind(p) == ATTUNE_BLOCK_SECTION)
                assert_true(attune_block_level(b) > attune_block_level(p));
        }
        if (k == ATTUNE_BLOCK_HEADING)
            assert_ptr_equal(attune_block_first_child(p), b);
        if (k == ATTUNE_BLOCK_LIST_ITEM)
            assert_int_equal(attune_block_kind(p), ATTUNE_BLOCK_LIST);
        if (k == ATTUNE_BLOCK_TITLE || k == ATTUNE_BLOCK_SUMMARY)
            assert_ptr_equal(p, root);
        const char *t;
        size_t tl;
        assert_int_equal(attune_block_text(b, &t, &tl), ATTUNE_OK);
        assert_int_equal(strlen(t), tl);
        if (k == ATTUNE_BLOCK_SECTION || k == ATTUNE_BLOCK_LIST || k == ATTUNE_BLOCK_DOCUMENT) {
            assert_int_equal(tl, 0);
            continue;
        }
        /* texts: no doubled, leading or trailing spaces; ASCII bytes map to themselves */
        if (tl) {
            assert_true(t[0] != ' ' && t[tl - 1] != ' ');
            assert_null(strstr(t, "  "));
        }
        size_t prev = 0;
        for (size_t i = 0; i < tl; i++) {
            size_t o = attune_block_source_offset(b, i);
            assert_true(o >= s && o < e);
            assert_true(o >= prev);
            prev = o;
            unsigned char c = (unsigned char)t[i];
            if (c > ' ' && c < 0x7F)
                assert_int_equal((unsigned char)src[o], c);
        }
        assert_true(attune_block_source_offset(b, tl) <= e);
        assert_int_equal(attune_block_source_offset(b, tl + 1), ATTUNE_NO_OFFSET);
    }
    assert_int_equal(depth, 0);
    assert_int_equal(enters, attune_doc_block_count(doc));
    attune_iter_free(it);
}

static void test_tree_shape(void **state) {
    (void)state;
    const char *dir = test_require_corpus();
    for (size_t s = 0; s < test_seed_count(); s++) {
        char *src;
        size_t len;
        attune_doc *doc = parse_seed(dir, test_seed_name(s), &src, &len);
        check_tree(doc, src, len);
        /* document children: title, summary, intro, then sections */
        int seen_section = 0;
        for (const attune_block *c = attune_block_first_child(attune_doc_root(doc)); c;
             c = attune_block_next_sibling(c)) {
            int32_t k = attune_block_kind(c);
            if (k == ATTUNE_BLOCK_SECTION)
                seen_section = 1;
            else if (seen_section)
                assert_int_equal(k, ATTUNE_BLOCK_BOILERPLATE);
        }
        attune_doc_free(doc);
        free(src);
    }
}

static void test_sample_page(void **state) {
    (void)state;
    char *src;
    size_t len;
    char path[1024];
    /* the sample page of the README, beside the tests in the source tree */
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    assert_non_null(slash);
    snprintf(slash, sizeof path - (size_t)(slash - path), "/../examples/sample-page.txt");
    src = test_read_file(path, &len);
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(src, len, NULL, &doc, NULL), ATTUNE_OK);
    check_tree(doc, src, len);
    const attune_block *t = attune_doc_title(doc);
    assert_non_null(t);
    size_t counts[16] = {0}, boiler[16] = {0}, spam = 0, pii = 0;
    for (size_t i = 0; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        counts[attune_block_kind(b)]++;
        boiler[attune_block_boilerplate(b)]++;
        spam += attune_block_spam_count(b);
        pii += attune_block_pii_count(b);
    }
    /* a page with sections, a list, an injected sales sentence, an author box
     * with personal data, and the usual furniture around the article */
    assert_true(counts[ATTUNE_BLOCK_SECTION] >= 3);
    assert_true(counts[ATTUNE_BLOCK_LIST_ITEM] >= 3);
    assert_true(counts[ATTUNE_BLOCK_PARAGRAPH] >= 5);
    assert_true(boiler[ATTUNE_BOILER_CHROME] >= 1 && boiler[ATTUNE_BOILER_BYLINE] >= 1 &&
                boiler[ATTUNE_BOILER_ENGAGEMENT] >= 1 && boiler[ATTUNE_BOILER_CTA] >= 1 &&
                boiler[ATTUNE_BOILER_RELATED] >= 1 && boiler[ATTUNE_BOILER_AUTHOR] >= 1 &&
                boiler[ATTUNE_BOILER_DUPLICATE] >= 1);
    assert_true(spam >= 1);
    assert_true(pii >= 3);
    size_t tl;
    char *text = main_text(doc, &tl);
    assert_null(strstr(text, "@"));
    assert_null(strstr(text, "Subscribe"));
    assert_null(strstr(text, "Related posts"));
    attune_free(text);
    attune_doc_free(doc);
    free(src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold_roles),         cmocka_unit_test(test_gold_spam),
        cmocka_unit_test(test_gold_personal_data), cmocka_unit_test(test_tree_shape),
        cmocka_unit_test(test_sample_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
