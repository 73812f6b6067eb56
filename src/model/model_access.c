/* Accessors of attune_model and the built-in default model. */
#include "model/model_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* The default model is built on first use from the text compiled into the
 * library and lives until the process ends. Readers load the pointer with
 * acquire order, so a non-NULL pointer is seen complete; the first callers
 * build it under a mutex. A build that fails (an allocation refused) leaves
 * the pointer NULL and a later call tries again: a transient ENOMEM must not
 * disable the default model for the rest of the process. */
static _Atomic(attune_model *) g_default;
static pthread_mutex_t g_default_lock = PTHREAD_MUTEX_INITIALIZER;

const attune_model *attune_model_default(void) {
    attune_model *m = atomic_load_explicit(&g_default, memory_order_acquire);
    if (m)
        return m;
    pthread_mutex_lock(&g_default_lock);
    m = atomic_load_explicit(&g_default, memory_order_relaxed);
    if (!m && attune_model_load_buffer((const char *)attune__default_model,
                                       attune__default_model_len, &m, NULL) == ATTUNE_OK) {
        m->is_default = true;
        atomic_store_explicit(&g_default, m, memory_order_release);
    }
    pthread_mutex_unlock(&g_default_lock);
    return m;
}

size_t attune_model_theme_count(const attune_model *m) { return m ? m->nlabels : 0; }

int32_t attune_model_theme_index(const attune_model *m, const char *id, size_t len) {
    if (!m || !id)
        return -1;
    for (uint32_t i = 0; i < m->nlabels; i++)
        if (strlen(m->labels[i].id) == len && memcmp(m->labels[i].id, id, len) == 0)
            return (int32_t)i;
    return -1;
}

int32_t attune_model_theme_find(const attune_model *m, const char *id, size_t len, size_t *index,
                                attune_error *err) {
    if (index)
        *index = ATTUNE_NO_INDEX;
    if (!m || !index || (!id && len))
        return attune__fail(err, ATTUNE_EINVAL, "model, id or index is NULL", ATTUNE_NO_OFFSET);
    int32_t i = id ? attune_model_theme_index(m, id, len) : -1;
    if (i < 0)
        return attune__fail(err, ATTUNE_ENOTFOUND, "the model has no theme with this id",
                            ATTUNE_NO_OFFSET);
    *index = (size_t)i;
    return ATTUNE_OK;
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

size_t attune_model_entry_count(const attune_model *m) { return m ? m->nentries : 0; }
