/*
 * outline: print the document tree of a page.
 *
 *   example_outline FILE
 *
 * Shows content.h: attune_doc_parse() turns a page dumped as text into a
 * tree of typed blocks; a pull iterator walks it with enter/exit events;
 * block texts are borrowed from the document (no freeing); boilerplate,
 * injected promotional sentences and personal data are flagged with their
 * source spans.
 */
#include <attune/attune.h>

#include "common/read_file.h"

#include <stdio.h>
#include <stdlib.h>

/* Length of at most `max` bytes of UTF-8 text, not cutting a character. */
static size_t clip(const char *s, size_t len, size_t max) {
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    size_t len;
    char *data = read_file(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 1;
    }
    attune_doc *doc = NULL;
    attune_error err;
    if (attune_doc_parse(data, len, NULL, &doc, &err) != ATTUNE_OK) {
        fprintf(stderr, "%s: %s (byte %zu)\n", argv[1], err.message, err.offset);
        free(data);
        return 1;
    }
    free(data); /* the document keeps its own copy of the input */

    attune_iter *it = NULL;
    if (attune_iter_new(attune_doc_root(doc), &it) != ATTUNE_OK) {
        attune_doc_free(doc);
        return 1;
    }
    int depth = 0;
    size_t boilerplate = 0, spam = 0, pii = 0;
    int32_t event;
    const attune_block *b;
    while (attune_iter_next(it, &event, &b) == ATTUNE_OK && event != ATTUNE_EVENT_DONE) {
        if (event == ATTUNE_EVENT_EXIT) {
            depth--;
            continue;
        }
        depth++;
        int32_t kind = attune_block_kind(b);
        spam += attune_block_spam_count(b);
        pii += attune_block_pii_count(b);
        if (kind == ATTUNE_BLOCK_BOILERPLATE) {
            boilerplate++;
            continue; /* leave site chrome, bylines, forms... out of the outline */
        }
        if (kind == ATTUNE_BLOCK_DOCUMENT || kind == ATTUNE_BLOCK_SECTION)
            continue;
        const char *text;
        size_t tlen, first, last;
        attune_block_text(b, &text, &tlen);
        attune_block_lines(b, &first, &last);
        printf("%*s%-9s", 2 * (depth - 2 > 0 ? depth - 2 : 0), "", attune_block_kind_name(kind));
        if (attune_block_level(b) > 0)
            printf(" %d", (int)attune_block_level(b));
        size_t shown = clip(text, tlen, 60);
        printf(" [%zu] %.*s%s\n", first, (int)shown, text, shown < tlen ? "..." : "");
    }
    attune_iter_free(it);
    printf("%zu boilerplate blocks, %zu promotional sentences, %zu personal-data items left out\n",
           boilerplate, spam, pii);
    attune_doc_free(doc);
    return 0;
}
