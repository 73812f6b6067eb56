/*
 * normalize: check that a file is UTF-8 and print it normalized.
 *
 *   example_normalize FILE [--casefold]
 *
 * Shows text.h: attune_utf8_validate() reports where ill-formed UTF-8
 * starts; attune_normalize() returns a new buffer (released with
 * attune_free) in NFC with typographic quotes, dashes and spaces folded,
 * invisible characters removed and ill-formed bytes repaired; an attune_text
 * maps a position of the result back to the input byte it came from.
 */
#include <attune/attune.h>

#include "common/read_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [--casefold]\n", argv[0]);
        return 2;
    }
    size_t len;
    char *data = read_file(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 1;
    }

    /* 1. Validate: where does the first ill-formed sequence start? */
    size_t bad_at;
    if (attune_utf8_validate(data, len, &bad_at) != ATTUNE_OK)
        fprintf(stderr, "%s: invalid UTF-8 at byte %zu (repaired below)\n", argv[1], bad_at);

    /* 2. Normalize into a new buffer that we own. */
    uint32_t flags = ATTUNE_NORM_NFC | ATTUNE_NORM_FOLD_TYPOGRAPHY | ATTUNE_NORM_STRIP_INVISIBLE |
                     ATTUNE_NORM_REPAIR;
    if (argc > 2 && strcmp(argv[2], "--casefold") == 0)
        flags |= ATTUNE_NORM_CASEFOLD;
    char *out = NULL;
    size_t out_len = 0;
    attune_error err;
    if (attune_normalize(data, len, flags, &out, &out_len, &err) != ATTUNE_OK) {
        fprintf(stderr, "%s: %s (byte %zu)\n", argv[1], err.message, err.offset);
        free(data);
        return 1;
    }
    fwrite(out, 1, out_len, stdout);
    attune_free(out);

    /* 3. The same with an offset map: where did the first folded quote come from? */
    fflush(stdout);
    attune_text *text = NULL;
    if (attune_text_new(data, len, flags, &text, &err) == ATTUNE_OK) {
        const char *t;
        size_t tlen;
        attune_text_get(text, &t, &tlen);
        const char *q = memchr(t, '\'', tlen);
        if (q) {
            size_t start, end;
            attune_text_source_span(text, (size_t)(q - t), (size_t)(q - t) + 1, &start, &end);
            printf("first apostrophe: output byte %zu <- input bytes %zu..%zu (\"%.*s\")\n",
                   (size_t)(q - t), start, end, (int)(end - start), data + start);
        }
        attune_text_free(text);
    }
    free(data);
    return 0;
}
