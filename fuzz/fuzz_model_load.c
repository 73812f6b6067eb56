/* Fuzz the model loader: corrupt, truncated or foreign bytes give
 * ATTUNE_EMODEL (or ATTUNE_ELIMIT / ATTUNE_ENOMEM), never a crash. A model
 * that loads must save, and the saved text must load again to the same
 * labels. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    attune_model *m = NULL;
    attune_error err;
    int32_t rc = attune_model_load_buffer((const char *)data, size, &m, &err);
    if (rc != ATTUNE_OK) {
        if (m != NULL || (rc != ATTUNE_EMODEL && rc != ATTUNE_ELIMIT && rc != ATTUNE_ENOMEM))
            abort();
        if (err.code != rc || err.message == NULL)
            abort();
        return 0;
    }
    char *saved = NULL;
    size_t saved_len = 0;
    if (attune_model_save_buffer(m, &saved, &saved_len, NULL) != ATTUNE_OK)
        abort();
    attune_model *m2 = NULL;
    if (attune_model_load_buffer(saved, saved_len, &m2, NULL) != ATTUNE_OK)
        abort();
    size_t n = attune_model_theme_count(m);
    if (attune_model_theme_count(m2) != n ||
        attune_model_entry_count(m2) != attune_model_entry_count(m))
        abort();
    for (size_t i = 0; i < n; i++)
        if (strcmp(attune_model_theme_id(m, i), attune_model_theme_id(m2, i)) != 0)
            abort();
    attune_model_free(m2);
    attune_free(saved);
    attune_model_free(m);
    return 0;
}
