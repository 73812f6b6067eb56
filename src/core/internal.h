/* Internal helpers shared by every module: memory, errors, growable buffers.
 * Nothing here is exported from the shared library. */
#ifndef ATTUNE_CORE_INTERNAL_H
#define ATTUNE_CORE_INTERNAL_H

#include "attune/common.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define ATTUNE__LIKELY(x) __builtin_expect(!!(x), 1)
#define ATTUNE__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define ATTUNE__LIKELY(x) (x)
#define ATTUNE__UNLIKELY(x) (x)
#endif

/* The hottest loops are also compiled for x86-64-v3 (the AVX2, BMI1/2 and
 * FMA processors of 2013 on: three-operand instructions that spare register
 * copies) and picked at load time where the processor has that level (an
 * ifunc: GCC on x86-64 Linux; the level, not a processor model, so that
 * AMD's processors take it too). The same C code and the same results: the
 * library is built with -ffp-contract=off, so FMA never changes a sum. A
 * function that carries this must force its helpers inline, so that each
 * copy has its own. Not under ThreadSanitizer: the ifunc resolver runs while
 * the program is relocated, before its runtime is set up, and crashes. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) &&       \
    !defined(__SANITIZE_THREAD__) &&                                                               \
    !defined(ATTUNE_NO_CLONES) /* (-DATTUNE_NO_CLONES: the baseline copy only, to test it) */
#define ATTUNE__CLONES_V3 __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define ATTUNE__CLONES_V3
#endif

/* Forcing a helper inline (into each x86-64-v3 copy of its caller, and into
 * hot loops where a call costs as much as the work), or keeping a rare path
 * out of line. The one place these are defined. */
#if defined(__GNUC__)
#define ATTUNE__FORCE_INLINE inline __attribute__((always_inline))
#define ATTUNE__NOINLINE __attribute__((noinline))
#else
#define ATTUNE__FORCE_INLINE inline
#define ATTUNE__NOINLINE
#endif

/* Memory through the installed hooks. attune__malloc(0) returns a unique
 * pointer. attune__alloc_array returns NULL on size overflow too. */
void *attune__malloc(size_t n);
void *attune__calloc(size_t count, size_t size);
void *attune__realloc(void *p, size_t n);
void *attune__alloc_array(size_t count, size_t size);
void *attune__realloc_array(void *p, size_t count, size_t size);
void attune__free(void *p);
/* The grow-array idiom in one place: the array p of *cap elements of elem
 * bytes, reallocated to twice as many (`first` when empty), and *cap updated;
 * NULL when that fails (then p and *cap are unchanged). Call when full:
 *     T *q = attune__grow(a->v, &a->cap, sizeof *q, 16);
 *     if (!q) return ATTUNE_ENOMEM;
 *     a->v = q; */
void *attune__grow(void *p, size_t *cap, size_t elem, size_t first);
char *attune__strndup(const char *s, size_t n);

/* Fills *err (when not NULL) and returns code, so callers can write
 * `return attune__fail(err, ATTUNE_EINVAL, "text is NULL", ATTUNE_NO_OFFSET);`
 * `message` must be a string literal or other static text. */
int32_t attune__fail(attune_error *err, int32_t code, const char *message, size_t offset);

/* Reads a caller's versioned options struct (`uint32_t size` first) into
 * `dst`, which the module's *_options_init has filled with the defaults and
 * whose size is `known` (the struct this build knows). The rule, the same for
 * every options struct (CONTRIBUTING.md):
 *  - size < 4 (not even the size field) is ATTUNE_EINVAL;
 *  - a smaller struct, from a caller built against an older header, is
 *    accepted: its fields are copied and the missing ones keep their defaults;
 *  - a larger struct, from a caller built against a newer header, is accepted
 *    when every byte past `known` is zero (fields it does not know are unset),
 *    else ATTUNE_EINVAL, so a request the library cannot honour never passes
 *    silently.
 * On success dst->size is `known`; on failure dst is unchanged. */
int32_t attune__options_read(void *dst, size_t known, const void *src, attune_error *err);

/* A growable byte buffer. Always NUL-terminated after a successful append
 * (the NUL is not counted in len). Zero-initialise, or use ATTUNE__BUF_INIT. */
typedef struct attune__buf {
    char *data;
    size_t len;
    size_t cap;
} attune__buf;
#define ATTUNE__BUF_INIT                                                                           \
    { NULL, 0, 0 }

int32_t attune__buf_reserve(attune__buf *b, size_t extra);
int32_t attune__buf_append(attune__buf *b, const void *p, size_t n);
int32_t attune__buf_putc(attune__buf *b, char c);
int32_t attune__buf_puts(attune__buf *b, const char *s);
/* Appends the decimal form of v. */
int32_t attune__buf_put_u64(attune__buf *b, uint64_t v);
int32_t attune__buf_put_i64(attune__buf *b, int64_t v);
/* Appends v with up to `digits` digits after the point, trailing zeros cut. */
int32_t attune__buf_put_double(attune__buf *b, double v, int digits);
/* Appends s as a JSON string literal, quotes included. Invalid UTF-8 becomes
 * U+FFFD so the output is always valid JSON. */
int32_t attune__buf_put_json_string(attune__buf *b, const char *s, size_t n);
void attune__buf_free(attune__buf *b);
/* Hands the buffer's memory to the caller (release with attune_free) and
 * resets b. Returns an empty, NUL-terminated allocation for an empty buffer,
 * or NULL when that allocation fails. */
char *attune__buf_detach(attune__buf *b, size_t *len);

#endif
