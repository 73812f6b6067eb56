/*
 * attune/common.h - status codes, errors, memory, versions.
 *
 * Every other attune header includes this one. Nothing here allocates except
 * through the allocator hooks.
 *
 * State the library keeps beyond the objects you hold (all of it; nothing
 * else in src/ is mutable at file scope):
 *  - the allocator hooks, process-wide, set with attune_set_allocator()
 *    (src/core/alloc.c);
 *  - the built-in theme model, built on the first attune_model_default()
 *    call under a lock and then immutable (src/model/model_access.c);
 *  - the content module's table of cue words, built once (pthread_once) and
 *    then immutable (src/content/lexicon.c);
 *  - a counter that gives every model a serial number when it is built, so
 *    that caches can tell models apart (src/model/model.c, atomic);
 *  - per thread, a cache of stem ids of 128 KiB, kept across classification
 *    calls and emptied when the thread classifies with another model, and a
 *    test switch that makes the scan take its plain path
 *    (src/themes/match.c). Its memory is the thread's own (thread-local
 *    storage, not the allocator hooks) and is released when the thread ends.
 */
#ifndef ATTUNE_COMMON_H
#define ATTUNE_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* One export macro. Define ATTUNE_STATIC when linking the static library
 * (pkg-config --static and the attune::attune_static CMake target do). */
#if defined(ATTUNE_STATIC)
#define ATTUNE_API
#elif defined(_WIN32)
#if defined(ATTUNE_BUILDING)
#define ATTUNE_API __declspec(dllexport)
#else
#define ATTUNE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define ATTUNE_API __attribute__((visibility("default")))
#else
#define ATTUNE_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header. attune_version() tells the version of the library
 * actually loaded, which may be newer. */
#define ATTUNE_VERSION_MAJOR 0
#define ATTUNE_VERSION_MINOR 1
#define ATTUNE_VERSION_PATCH 0
#define ATTUNE_VERSION_STRING "0.1.0"
/* (major << 16) | (minor << 8) | patch, comparable with attune_version_number(). */
#define ATTUNE_VERSION_NUMBER                                                                      \
    ((ATTUNE_VERSION_MAJOR << 16) | (ATTUNE_VERSION_MINOR << 8) | ATTUNE_VERSION_PATCH)
/* ABI major: the number in the SONAME (libattune.so.N). It changes only when
 * a released function or struct changes incompatibly. */
#define ATTUNE_ABI_VERSION 1

/* Status codes. Functions return ATTUNE_OK (0) or one of these negative
 * values. Codes are only ever appended, never renumbered. */
#define ATTUNE_OK 0
#define ATTUNE_EINVAL (-1)    /* invalid argument (NULL where not allowed, bad flag) */
#define ATTUNE_ENOMEM (-2)    /* an allocation failed; nothing was half-written */
#define ATTUNE_EUTF8 (-3)     /* ill-formed UTF-8; the offset says where */
#define ATTUNE_EPARSE (-4)    /* input could not be parsed; the offset says where */
#define ATTUNE_EMODEL (-5)    /* model file corrupt, truncated, foreign or inconsistent */
#define ATTUNE_EIO (-6)       /* reading or writing a file failed */
#define ATTUNE_ELIMIT (-7)    /* a documented limit was exceeded */
#define ATTUNE_ENOTFOUND (-8) /* the thing asked for does not exist (e.g. a theme id) */
#define ATTUNE_ENOTTEXT (-9)  /* the input is not text (binary data); the offset says where */

/* Offset value meaning "no byte offset applies". */
#define ATTUNE_NO_OFFSET ((size_t)-1)
/* "No index": returned where a position in a list is asked for and there is
 * none (attune_result_block_unit). The same value as ATTUNE_NO_OFFSET. */
#define ATTUNE_NO_INDEX ((size_t)-1)

/* Error details, owned by the caller (usually on the stack). Functions that
 * take an `attune_error *` fill it on failure and leave it untouched on
 * success; passing NULL is always allowed. `message` points to static storage
 * and never needs freeing. `offset` is a byte offset into the input the
 * function was given (or ATTUNE_NO_OFFSET). */
typedef struct attune_error {
    int32_t code;
    const char *message;
    size_t offset;
} attune_error;

/* Returns a static, human-readable description of a status code (an
 * "unknown status" text for codes this version does not know). Never NULL.
 * Thread-safe. */
ATTUNE_API const char *attune_strerror(int32_t code);

/* Resets *err to {ATTUNE_OK, "no error", ATTUNE_NO_OFFSET}. Accepts NULL.
 * Thread-safe on distinct objects. */
ATTUNE_API void attune_error_clear(attune_error *err);

/* Returns the version of the loaded library as a static string such as
 * "0.1.0". Thread-safe. */
ATTUNE_API const char *attune_version(void);

/* Returns the version of the loaded library as ATTUNE_VERSION_NUMBER would
 * spell it. Thread-safe. */
ATTUNE_API uint32_t attune_version_number(void);

/* Returns the ABI major of the loaded library (ATTUNE_ABI_VERSION of the
 * headers it was built from). Thread-safe. */
ATTUNE_API uint32_t attune_abi_version(void);

/* Allocator hooks. All memory attune allocates goes through these, with
 * one exception: the Snowball stemmer's working state, which libstemmer
 * allocates itself with the C library's malloc when attune makes a stemmer
 * (while loading or building a model, training, or classifying a word that
 * no table knows yet) and frees when attune drops it; a failure there is
 * still reported as ATTUNE_ENOMEM.
 * `size` must be sizeof(attune_allocator) (set by attune_allocator_init).
 * Each function gets `ctx` as its first argument. realloc_fn(ctx, NULL, n)
 * must behave as malloc_fn; free_fn(ctx, NULL) must be a no-op. */
typedef struct attune_allocator {
    uint32_t size;
    void *ctx;
    void *(*malloc_fn)(void *ctx, size_t n);
    void *(*realloc_fn)(void *ctx, void *ptr, size_t n);
    void (*free_fn)(void *ctx, void *ptr);
} attune_allocator;

/* Fills *a with the defaults (the C library's malloc, realloc, free) and its
 * size. Returns ATTUNE_OK, or ATTUNE_EINVAL when a is NULL. Thread-safe. */
ATTUNE_API int32_t attune_allocator_init(attune_allocator *a);

/* Installs process-wide allocator hooks (copied; NULL restores the C
 * library's). Returns ATTUNE_OK, or ATTUNE_EINVAL when a field is NULL or the
 * size is unknown. NOT thread-safe: call it before any other attune function
 * runs, and free every object made under one allocator before installing
 * another. */
ATTUNE_API int32_t attune_set_allocator(const attune_allocator *a);

/* Releases a buffer that attune returned as owned (normalized text, JSON,
 * ...). Accepts NULL. Never pass memory that attune did not allocate.
 * Thread-safe. */
ATTUNE_API void attune_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* ATTUNE_COMMON_H */
