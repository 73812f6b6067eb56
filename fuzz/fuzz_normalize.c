/* Fuzz attune_normalize and attune_text_new with every flag combination (the
 * first byte picks the flags): no crash, repaired output is valid UTF-8, the
 * handle agrees with the plain call, offsets are monotonic and in range, and
 * NFC / NFKC / case folding of valid input equal utf8proc_map's bytes. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void check_utf8proc(const uint8_t *s, size_t n, uint32_t flags, const char *out,
                           size_t out_len) {
    int opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (flags & ATTUNE_NORM_NFKC)
        opts |= UTF8PROC_COMPAT;
    if (flags & ATTUNE_NORM_CASEFOLD)
        opts |= UTF8PROC_CASEFOLD;
    if (memchr(s, 0, n))
        return; /* utf8proc_map stops at NUL only with NULLTERM; keep it simple */
    utf8proc_uint8_t *ref = NULL;
    utf8proc_ssize_t r = utf8proc_map(s, (utf8proc_ssize_t)n, &ref, opts);
    if (r < 0)
        abort(); /* input was valid: utf8proc must accept it too */
    if ((size_t)r != out_len || memcmp(ref, out, out_len) != 0)
        abort();
    free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint32_t flags = data[0] & ATTUNE_NORM_ALL_FLAGS;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    char *out = NULL;
    size_t out_len = 0;
    attune_error err;
    int32_t rc = attune_normalize(s, n, flags, &out, &out_len, &err);
    int valid = attune_utf8_validate(s, n, NULL) == ATTUNE_OK;
    if (rc == ATTUNE_OK) {
        if (attune_utf8_validate(out, out_len, NULL) != ATTUNE_OK && (flags & ATTUNE_NORM_REPAIR))
            abort();
        if (out[out_len] != '\0')
            abort();
        uint32_t unicode = flags & (ATTUNE_NORM_NFC | ATTUNE_NORM_NFKC | ATTUNE_NORM_CASEFOLD);
        if (valid && unicode && (flags & ~unicode) == 0)
            check_utf8proc((const uint8_t *)s, n, flags, out, out_len);
    } else if (rc == ATTUNE_EUTF8) {
        if (valid || (flags & ATTUNE_NORM_REPAIR) || out != NULL || err.offset > n)
            abort();
    } else {
        abort();
    }
    attune_text *t = NULL;
    int32_t rc2 = attune_text_new(s, n, flags, &t, NULL);
    if (rc2 != rc)
        abort();
    if (t) {
        const char *p;
        size_t len;
        if (attune_text_get(t, &p, &len) != ATTUNE_OK || len != out_len || memcmp(p, out, len) != 0)
            abort();
        size_t prev = 0;
        for (size_t i = 0; i <= len; i++) {
            size_t o = attune_text_source_offset(t, i);
            if (o > n || o < prev)
                abort();
            prev = o;
        }
        if (attune_text_source_offset(t, len) != n)
            abort();
        attune_text_free(t);
    }
    attune_free(out);
    return 0;
}
