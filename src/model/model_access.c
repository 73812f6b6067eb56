/* Accessors of attune_model and the built-in default model. */
#include "model/model_internal.h"

#include <pthread.h>
#include <string.h>

/* The default model is built once (pthread_once) from the text compiled into
 * the library and lives until the process ends. This pointer is written only
 * inside the once-routine, so readers after pthread_once see it complete. */
static attune_model *g_default;
static pthread_once_t g_default_once = PTHREAD_ONCE_INIT;

static void build_default(void) {
    attune_model *m = NULL;
    if (attune_model_load_buffer((const char *)attune__default_model,
                                 attune__default_model_len, &m, NULL) == ATTUNE_OK) {
        m->is_default = true;
        g_default = m;
    }
}

const attune_model *attune_model_default(void) {
    pthread_once(&g_default_once, build_default);
    return g_default;
}

size_t attune_model_theme_count(const attune_model *m) {
    return m ? m->nlabels : 0;
}

int32_t attune_model_theme_index(const attune_model *m, const char *id, size_t len) {
    if (!m || !id)
        return -1;
    for (uint32_t i = 0; i < m->nlabels; i++)
        if (strncmp(m->labels[i].id, id, len) == 0 && m->labels[i].id[len] == '\0')
            return (int32_t)i;
    return -1;
}

const char *attune_model_theme_id(const attune_model *m, size_t i) {
    return m && i < m->nlabels ? m->labels[i].id : NULL;
}

const char *attune_model_theme_name(const attune_model *m, size_t i) {
    return m && i < m->nlabels ? m->labels[i].name : NULL;
}

const char *attune_model_theme_description(const attune_model *m, size_t i) {
    return m && i < m->nlabels ? m->labels[i].desc : NULL;
}

int32_t attune_model_theme_bias(const attune_model *m, size_t i, double *bias) {
    if (!m || i >= m->nlabels || !bias)
        return ATTUNE_EINVAL;
    *bias = m->labels[i].bias;
    return ATTUNE_OK;
}

int32_t attune_model_theme_threshold(const attune_model *m, size_t i, double *thr) {
    if (!m || i >= m->nlabels || !thr)
        return ATTUNE_EINVAL;
    *thr = m->labels[i].threshold;
    return ATTUNE_OK;
}

size_t attune_model_entry_count(const attune_model *m) {
    return m ? m->nentries : 0;
}
