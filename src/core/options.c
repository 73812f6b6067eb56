/* The one rule for versioned options structs (see internal.h). */
#include "internal.h"

#include <assert.h>
#include <string.h>

int32_t attune__options_read(void *dst, size_t known, const void *src, attune_error *err) {
    assert(dst && src && known >= sizeof(uint32_t) && known <= UINT32_MAX);
    uint32_t size;
    memcpy(&size, src, sizeof size);
    if (size < sizeof(uint32_t))
        return attune__fail(
            err, ATTUNE_EINVAL,
            "options size is too small (initialise with the *_options_init function)",
            ATTUNE_NO_OFFSET);
    const unsigned char *p = src;
    for (size_t i = known; i < size; i++)
        if (p[i])
            return attune__fail(err, ATTUNE_EINVAL,
                                "options set a field this version of the library does not know", i);
    size_t n = size < known ? size : known;
    memcpy((char *)dst + sizeof(uint32_t), p + sizeof(uint32_t), n - sizeof(uint32_t));
    memcpy(dst, &(uint32_t){(uint32_t)known}, sizeof(uint32_t));
    return ATTUNE_OK;
}
