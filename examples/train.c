/*
 * train: fit a theme model on labeled examples, save it, load it back and
 * classify a page with it.
 *
 *   example_train DATA PAGE MODEL_OUT
 *
 * DATA is in fastText's supervised format (`__label__a __label__b text`, one
 * example a line), e.g. ../shared/data/counselchat/dev.fasttext. Shows
 * train.h (trainer, options, fit) and model.h (save, load): the trained
 * model is an ordinary attune_model whose themes are the labels.
 */
#include <attune/attune.h>

#include "common/read_file.h"

#include <stdio.h>
#include <stdlib.h>

static int fail(const char *what, const attune_error *err) {
    fprintf(stderr, "%s: %s", what, err->message);
    if (err->offset != ATTUNE_NO_OFFSET)
        fprintf(stderr, " (byte %zu)", err->offset);
    fprintf(stderr, "\n");
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s DATA PAGE MODEL_OUT\n", argv[0]);
        return 2;
    }
    size_t dlen, plen;
    char *examples = read_file(argv[1], &dlen);
    char *page = read_file(argv[2], &plen);
    if (!examples || !page) {
        perror(examples ? argv[2] : argv[1]);
        free(examples);
        free(page);
        return 1;
    }
    int status = 1;
    attune_error err;
    attune_trainer *trainer = NULL;
    attune_model *trained = NULL, *loaded = NULL;
    attune_doc *doc = NULL;
    attune_result *result = NULL;

    /* 1. Collect the examples (all or nothing; errors carry the byte offset). */
    if (attune_trainer_new(&trainer, &err) != ATTUNE_OK ||
        attune_trainer_add_fasttext(trainer, examples, dlen, &err) != ATTUNE_OK) {
        status = fail(argv[1], &err);
        goto out;
    }
    printf("read %zu examples, %zu labels\n", attune_trainer_example_count(trainer),
           attune_trainer_label_count(trainer));

    /* 2. Fit. Options are a versioned struct: init, then change fields. */
    attune_train_options opts;
    attune_train_options_init(&opts);
    opts.epochs = 6;
    opts.seed = 42; /* same data, options and seed: the same model, byte for byte */
    if (attune_trainer_fit(trainer, &opts, &trained, &err) != ATTUNE_OK) {
        status = fail("fit", &err);
        goto out;
    }

    /* 3. Save it and load it back, as another program would. */
    if (attune_model_save(trained, argv[3], &err) != ATTUNE_OK ||
        attune_model_load(argv[3], &loaded, &err) != ATTUNE_OK) {
        status = fail(argv[3], &err);
        goto out;
    }
    printf("saved %s: %zu themes, %zu entries\n", argv[3], attune_model_theme_count(loaded),
           attune_model_entry_count(loaded));

    /* 4. Classify the page with the loaded model. */
    if (attune_doc_parse(page, plen, NULL, &doc, &err) != ATTUNE_OK ||
        attune_classify(loaded, doc, NULL, &result, &err) != ATTUNE_OK) {
        status = fail(argv[2], &err);
        goto out;
    }
    printf("themes of %s:", argv[2]);
    size_t n = attune_result_present_count(result, 0);
    for (size_t i = 0; i < n; i++) {
        size_t theme;
        double score;
        attune_result_present_theme(result, 0, i, &theme);
        attune_result_theme(result, 0, theme, &score, NULL);
        printf(" %s %.2f", attune_model_theme_id(loaded, theme), score);
    }
    printf("%s\n", n ? "" : " none");
    status = 0;
out:
    attune_result_free(result);
    attune_doc_free(doc);
    attune_model_free(loaded);
    attune_model_free(trained);
    attune_trainer_free(trainer);
    free(examples);
    free(page);
    return status;
}
