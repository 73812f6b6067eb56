/* Fuzz attune_utf8_validate against a byte-by-byte reference decoder built on
 * utf8proc_iterate: both must agree on validity and on the error offset. */
#include <attune/attune.h>
#include <stdint.h>
#include <stdlib.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t off = 12345;
    int32_t rc = attune_utf8_validate((const char *)data, size, &off);
    size_t i = 0, bad = ATTUNE_NO_OFFSET;
    while (i < size) {
        utf8proc_int32_t cp;
        size_t rem = size - i;
        utf8proc_ssize_t n = utf8proc_iterate(data + i, rem > 4 ? 4 : (utf8proc_ssize_t)rem, &cp);
        if (n < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            bad = i;
            break;
        }
        i += (size_t)n;
    }
    if (bad == ATTUNE_NO_OFFSET) {
        if (rc != ATTUNE_OK)
            abort();
    } else if (rc != ATTUNE_EUTF8 || off != bad) {
        abort();
    }
    return 0;
}
