/* Status codes, their texts, and the library's version. */
#include "internal.h"

const char *attune_strerror(int32_t code) {
    switch (code) {
    case ATTUNE_OK: return "no error";
    case ATTUNE_EINVAL: return "invalid argument";
    case ATTUNE_ENOMEM: return "out of memory";
    case ATTUNE_EUTF8: return "invalid UTF-8";
    case ATTUNE_EPARSE: return "parse error";
    case ATTUNE_EMODEL: return "invalid model";
    case ATTUNE_EIO: return "input/output error";
    case ATTUNE_ELIMIT: return "limit exceeded";
    case ATTUNE_ENOTFOUND: return "not found";
    case ATTUNE_ENOTTEXT: return "not text";
    default: return "unknown status";
    }
}

void attune_error_clear(attune_error *err) {
    if (!err)
        return;
    err->code = ATTUNE_OK;
    err->message = "no error";
    err->offset = ATTUNE_NO_OFFSET;
}

int32_t attune__fail(attune_error *err, int32_t code, const char *message, size_t offset) {
    if (err) {
        err->code = code;
        err->message = message ? message : attune_strerror(code);
        err->offset = offset;
    }
    return code;
}

const char *attune_version(void) { return ATTUNE_VERSION_STRING; }

uint32_t attune_version_number(void) { return ATTUNE_VERSION_NUMBER; }

uint32_t attune_abi_version(void) { return ATTUNE_ABI_VERSION; }
