/* Layout cues on small pages written for the test (the seeds cover the
 * rest): marked-up headings, a table of contents with entries, a list
 * lead-in, numbered items and numbered headings, hard-wrapped paragraphs,
 * a comment form and a contact box after the article. Each page is checked
 * line by line as "line:role" (level for headings). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void roles(const char *page, char *out, size_t cap) {
    attune_doc *doc = NULL;
    assert_int_equal(attune_doc_parse(page, strlen(page), NULL, &doc, NULL), ATTUNE_OK);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 1; i < attune_doc_block_count(doc); i++) {
        const attune_block *b = attune_doc_block(doc, i);
        int32_t k = attune_block_kind(b);
        if (k == ATTUNE_BLOCK_SECTION || k == ATTUNE_BLOCK_LIST)
            continue;
        size_t l1, l2;
        attune_block_lines(b, &l1, &l2);
        if (k == ATTUNE_BLOCK_BOILERPLATE)
            n += (size_t)snprintf(out + n, cap - n, "%zu:%s ", l1,
                                  attune_boilerplate_name(attune_block_boilerplate(b)));
        else if (k == ATTUNE_BLOCK_HEADING || k == ATTUNE_BLOCK_TITLE)
            n += (size_t)snprintf(out + n, cap - n, "%zu:h%d ", l1, attune_block_level(b));
        else
            n += (size_t)snprintf(out + n, cap - n, "%zu:%s ", l1, attune_block_kind_name(k));
    }
    if (n)
        out[n - 1] = '\0';
    attune_doc_free(doc);
}

#define CHECK(page, want)                                                                          \
    do {                                                                                           \
        char got_[2048];                                                                           \
        roles(page, got_, sizeof got_);                                                            \
        if (strcmp(got_, want) != 0)                                                               \
            printf("got:  %s\nwant: %s\n", got_, want);                                            \
        assert_string_equal(got_, want);                                                           \
    } while (0)

static void test_marked_up_headings(void **state) {
    (void)state;
    CHECK("# Coping With Grief\n\nLast updated: 2 February 2025\n\n"
          "Grief is the natural response to losing someone who matters to you. It can\n"
          "arrive in waves, and it rarely follows the stages people expect.\n\n"
          "## Table of contents\n\n- What grief feels like\n- FAQ\n\n"
          "## What grief feels like\n\nMany people describe grief as a heavy fog. You may feel "
          "sad, angry or numb, sometimes all in one afternoon.\n\n"
          "## FAQ\n\nHow long does grief last?\n\nThere is no fixed timeline. For many people the "
          "pain softens over a year or two, but anniversaries can bring it back.\n",
          "1:h1 3:byline 5:paragraph 8:toc 13:h2 15:paragraph 17:h2 19:h3 21:paragraph");
}

static void test_lists_and_numbers(void **state) {
    (void)state;
    CHECK("How Therapy Helps With Anxiety\nPosted on June 5, 2024 by Dr. Lee\n"
          "Anxiety is one of the most common reasons people seek therapy. It can show up as "
          "constant worry or trouble sleeping.\n"
          "Common symptoms include:\n- Racing thoughts that are hard to stop\n"
          "- Trouble falling asleep\n"
          "How therapy helps\n"
          "Cognitive behavioral therapy teaches people to notice anxious thoughts and test them "
          "against the evidence.\n"
          "1. Identify what triggers the anxiety\n2. Challenge unhelpful thoughts\n"
          "3. Practice relaxation every day\n"
          "If you are struggling, reaching out to a licensed counselor is a good first step for "
          "many people.\n"
          "Leave a Reply\nYour email address will not be published.\nName *\nEmail *\n"
          "Post Comment\n",
          "1:h1 2:byline 3:paragraph 4:paragraph 5:list_item 6:list_item 7:h2 8:paragraph "
          "9:list_item 10:list_item 11:list_item 12:paragraph 13:chrome");
    CHECK("1. Listen first\n\nActive listening means giving the speaker your whole attention and "
          "checking that you understood them.\n\n2. Validate feelings\n\nValidation tells a "
          "person that their feelings make sense, even when you see things differently.\n",
          "1:h2 3:paragraph 5:h2 7:paragraph");
}

static void test_boxes_after_the_article(void **state) {
    (void)state;
    CHECK("Skip to content\nMindful Counseling Center\nMenu\n\n"
          "Understanding Burnout in Helping Professions\n\n"
          "By Sarah Jones, LCSW | March 12, 2025 | 5 min read\n\n"
          "Burnout is a state of emotional, physical and mental exhaustion caused by prolonged "
          "stress. For therapists it often builds slowly over months.\n\n"
          "Tags: burnout, self-care\n\nAbout Sarah Jones\n"
          "Sarah is a clinical social worker. Contact her at sarah@mindful.example.org or call "
          "(303) 555-0142.\n\nYou might also like\nHow to Set Boundaries With Clients\n\n"
          "\xC2\xA9 2025 Mindful Counseling Center\n",
          "1:chrome 5:h1 7:byline 9:paragraph 11:chrome 13:author 16:related 19:chrome");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marked_up_headings),
        cmocka_unit_test(test_lists_and_numbers),
        cmocka_unit_test(test_boxes_after_the_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
