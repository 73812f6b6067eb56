/*
 * classify: the themes of a page and of each of its sections, with the
 * evidence for each, using the built-in model.
 *
 *   example_classify FILE
 *
 * Shows themes.h: attune_classify() scores the document, every section and
 * every main-content block; present themes come highest score first; the
 * evidence of a theme is the source byte spans of the words that counted.
 * The result borrows the document and the model, so it is freed first.
 */
#include <attune/attune.h>

#include "common/read_file.h"

#include <stdio.h>
#include <stdlib.h>

/* Prints the present themes of one unit, with up to `max_evidence` words each. */
static void print_themes(const attune_result *r, const attune_model *m, const char *src,
                         size_t unit, size_t max_evidence) {
    size_t n = attune_result_present_count(r, unit);
    for (size_t i = 0; i < n; i++) {
        size_t theme;
        double score;
        attune_result_present_theme(r, unit, i, &theme);
        attune_result_theme(r, unit, theme, &score, NULL);
        printf("%s%s %.2f", i ? ", " : "", attune_model_theme_id(m, theme), score);
        size_t ne = attune_result_evidence_count(r, unit, theme);
        for (size_t e = 0; e < ne && e < max_evidence; e++) {
            size_t start, end;
            attune_result_evidence(r, unit, theme, e, &start, &end);
            printf("%s\"%.*s\"%s", e ? " " : " (", (int)(end - start), src + start,
                   e + 1 == ne || e + 1 == max_evidence ? ")" : "");
        }
    }
    printf("\n");
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
    attune_error err;
    attune_doc *doc = NULL;
    attune_result *result = NULL;
    const attune_model *model = attune_model_default(); /* shared, never freed */
    if (!model) {
        fprintf(stderr, "out of memory\n");
        free(data);
        return 1;
    }
    if (attune_doc_parse(data, len, NULL, &doc, &err) != ATTUNE_OK ||
        attune_classify(model, doc, NULL, &result, &err) != ATTUNE_OK) {
        fprintf(stderr, "%s: %s (byte %zu)\n", argv[1], err.message, err.offset);
        attune_doc_free(doc);
        free(data);
        return 1;
    }
    /* Evidence spans index the input we parsed, so `data` is printed from. */
    printf("document: ");
    print_themes(result, model, data, 0, 3);
    size_t sections = attune_result_section_count(result);
    for (size_t s = 1; s <= sections; s++) {
        const char *heading;
        size_t hlen, line;
        attune_result_section_heading(result, s, &heading, &hlen);
        attune_result_section_line(result, s, &line);
        if (hlen == 0) {
            heading = "(introduction)"; /* a page whose text starts before any title */
            hlen = 14;
        }
        printf("[%zu] %.*s: ", line, (int)hlen, heading);
        print_themes(result, model, data, s, 0);
    }
    attune_result_free(result); /* before the document it borrows */
    attune_doc_free(doc);
    free(data);
    return 0;
}
