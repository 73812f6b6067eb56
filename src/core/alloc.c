/* Allocator hooks: every allocation of the library passes through here. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(void *ctx, size_t n) {
    (void)ctx;
    return malloc(n);
}
static void *default_realloc(void *ctx, void *p, size_t n) {
    (void)ctx;
    return realloc(p, n);
}
static void default_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

/* The one piece of process-wide state: the installed hooks. Written only by
 * attune_set_allocator, which is documented as not thread-safe. */
static attune_allocator g_alloc = {sizeof(attune_allocator), NULL, default_malloc, default_realloc,
                                   default_free};

int32_t attune_allocator_init(attune_allocator *a) {
    if (!a)
        return ATTUNE_EINVAL;
    a->size = sizeof(*a);
    a->ctx = NULL;
    a->malloc_fn = default_malloc;
    a->realloc_fn = default_realloc;
    a->free_fn = default_free;
    return ATTUNE_OK;
}

int32_t attune_set_allocator(const attune_allocator *a) {
    if (!a)
        return attune_allocator_init(&g_alloc);
    if (a->size != sizeof(attune_allocator) || !a->malloc_fn || !a->realloc_fn || !a->free_fn)
        return ATTUNE_EINVAL;
    g_alloc = *a;
    return ATTUNE_OK;
}

void *attune__malloc(size_t n) { return g_alloc.malloc_fn(g_alloc.ctx, n ? n : 1); }

void *attune__realloc(void *p, size_t n) { return g_alloc.realloc_fn(g_alloc.ctx, p, n ? n : 1); }

void attune__free(void *p) {
    if (p)
        g_alloc.free_fn(g_alloc.ctx, p);
}

void attune_free(void *ptr) { attune__free(ptr); }

void *attune__alloc_array(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size)
        return NULL;
    return attune__malloc(count * size);
}

void *attune__realloc_array(void *p, size_t count, size_t size) {
    if (size && count > SIZE_MAX / size)
        return NULL;
    return attune__realloc(p, count * size);
}

void *attune__calloc(size_t count, size_t size) {
    void *p = attune__alloc_array(count, size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

void *attune__grow(void *p, size_t *cap, size_t elem, size_t first) {
    size_t n = *cap ? *cap * 2 : first;
    if (n < *cap)
        return NULL;
    void *q = attune__realloc_array(p, n, elem);
    if (q)
        *cap = n;
    return q;
}

char *attune__strndup(const char *s, size_t n) {
    if (n == SIZE_MAX)
        return NULL;
    char *p = attune__malloc(n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
