/* Pages in layouts the seeds do not have (tests/pages: written for these
 * tests): a blog with a menu, a dated byline and a comment form; a magazine
 * article under navigation lines that repeat each other; a marked-up post;
 * a listicle with a cookie banner, a table of contents and an FAQ; a post
 * followed by readers' comments; a hard-wrapped news interview; a
 * question-and-answer page with therapists' answers; a health reference
 * page with a menu of inline bullets, a table and a disclaimer; a how-to
 * with "Step N:" headings and wrapped list items; a newsletter box in the
 * middle of an article; an article under an audio player and buttons.
 * Each .expect file gives the role of its key lines ("heading N" checks the
 * level too), which must all match:
 * the rules are general cues of layout, not the seeds' strings. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ATTUNE_TEST_SOURCE_DIR
#error "ATTUNE_TEST_SOURCE_DIR must be defined by the build"
#endif

/* The role of the leaf block covering `line`: "kind", "boilerplate:KIND",
 * or "heading LEVEL" when want_level. */
static const char *role_of(const attune_doc *doc, size_t line, int want_level, char *buf,
                           size_t cap) {
    size_t n = attune_doc_block_count(doc);
    for (size_t i = 0; i < n; i++) {
        const attune_block *b = attune_doc_block(doc, i);
        int32_t k = attune_block_kind(b);
        if (k == ATTUNE_BLOCK_DOCUMENT || k == ATTUNE_BLOCK_SECTION || k == ATTUNE_BLOCK_LIST)
            continue;
        size_t first, last;
        assert_int_equal(attune_block_lines(b, &first, &last), ATTUNE_OK);
        if (line < first || line > last)
            continue;
        if (k == ATTUNE_BLOCK_BOILERPLATE)
            snprintf(buf, cap, "boilerplate:%s",
                     attune_boilerplate_name(attune_block_boilerplate(b)));
        else if (k == ATTUNE_BLOCK_HEADING && want_level)
            snprintf(buf, cap, "heading %d", (int)attune_block_level(b));
        else
            snprintf(buf, cap, "%s", attune_block_kind_name(k));
        return buf;
    }
    return "(none)";
}

static void check_page(const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/pages/%s.txt", ATTUNE_TEST_SOURCE_DIR, name);
    size_t len;
    char *text = test_read_file(path, &len);
    snprintf(path, sizeof path, "%s/tests/pages/%s.expect", ATTUNE_TEST_SOURCE_DIR, name);
    size_t elen;
    char *expect = test_read_file(path, &elen);
    attune_doc *doc;
    assert_int_equal(attune_doc_parse(text, len, NULL, &doc, NULL), ATTUNE_OK);
    size_t checked = 0, wrong = 0;
    for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        size_t ln = (size_t)strtoul(line, NULL, 10);
        const char *want = tab + 1;
        char buf[64];
        const char *got = role_of(doc, ln, strncmp(want, "heading ", 8) == 0, buf, sizeof buf);
        /* "boilerplate" alone accepts any kind of boilerplate */
        int ok = strcmp(want, "boilerplate") == 0 ? strncmp(got, "boilerplate:", 12) == 0
                                                  : strcmp(got, want) == 0;
        if (!ok) {
            printf("%s line %zu: expected %s, got %s\n", name, ln, want, got);
            wrong++;
        }
        checked++;
    }
    printf("%s: %zu/%zu key lines\n", name, checked - wrong, checked);
    assert_true(checked >= 10);
    assert_int_equal(wrong, 0);
    attune_doc_free(doc);
    free(text);
    free(expect);
}

/* One test per page; the page's name is the test's state. */
static void test_page(void **state) { check_page((const char *)*state); }

#define PAGE(name) cmocka_unit_test_prestate(test_page, (void *)(name))

int main(void) {
    const struct CMUnitTest tests[] = {
        PAGE("wordpress-blog"),    PAGE("magazine-article"), PAGE("markdown-post"),
        PAGE("listicle-faq"),      PAGE("comment-thread"),   PAGE("news-interview"),
        PAGE("qa-answers"),        PAGE("health-reference"), PAGE("steps-howto"),
        PAGE("newsletter-inline"), PAGE("player-widgets"),   PAGE("podcast-episode"),
        PAGE("counseling-center"), PAGE("reviewed-article"), PAGE("forum-thread"),
        PAGE("essay-refs"),        PAGE("tips-comments"),    PAGE("newsletter-platform"),
        PAGE("email-archive"),     PAGE("platform-article"), PAGE("blog-platform"),
        PAGE("glossary"),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
