/* Fuzz the fastText-format reader of the trainer: any bytes either add
 * examples or fail with ATTUNE_EUTF8 / ATTUNE_EPARSE / ATTUNE_ELIMIT (an
 * offset inside the input) leaving the trainer empty, never a crash. Small
 * inputs that read are also fitted (few epochs) and the model saved and
 * loaded again. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    attune_trainer *t = NULL;
    attune_error err;
    if (attune_trainer_new(&t, &err) != ATTUNE_OK)
        abort();
    int32_t rc = attune_trainer_add_fasttext(t, (const char *)data, size, &err);
    if (rc != ATTUNE_OK) {
        if (rc != ATTUNE_EUTF8 && rc != ATTUNE_EPARSE && rc != ATTUNE_ELIMIT &&
            rc != ATTUNE_ENOMEM)
            abort();
        if (err.code != rc || !err.message || (rc != ATTUNE_ENOMEM && err.offset >= size))
            abort();
        if (attune_trainer_example_count(t) != 0 || attune_trainer_label_count(t) != 0)
            abort();
        attune_trainer_free(t);
        return 0;
    }
    if (size <= 4096 && attune_trainer_label_count(t) > 0) {
        attune_train_options o;
        attune_train_options_init(&o);
        o.epochs = 2;
        o.min_count = 1;
        attune_model *m = NULL;
        if (attune_trainer_fit(t, &o, &m, &err) != ATTUNE_OK)
            abort();
        char *saved = NULL;
        size_t len = 0;
        attune_model *m2 = NULL;
        if (attune_model_save_buffer(m, &saved, &len, NULL) != ATTUNE_OK ||
            attune_model_load_buffer(saved, len, &m2, NULL) != ATTUNE_OK ||
            attune_model_theme_count(m2) != attune_trainer_label_count(t))
            abort();
        attune_model_free(m2);
        attune_free(saved);
        attune_model_free(m);
    }
    attune_trainer_free(t);
    return 0;
}
