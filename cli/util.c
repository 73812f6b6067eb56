/* Helpers shared by the commands: reading input, reporting errors. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_read_file(const char *path, char **data, size_t *len) {
    int use_stdin = !path || strcmp(path, "-") == 0;
    const char *name = use_stdin ? "<stdin>" : path;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "attune: %s: %s\n", name, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        goto nomem;
    for (;;) {
        if (n == cap) {
            if (cap > ((size_t)-1) / 2)
                goto nomem;
            char *p = realloc(buf, cap * 2);
            if (!p)
                goto nomem;
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fprintf(stderr, "attune: %s: read error: %s\n", name, strerror(errno));
                free(buf);
                if (!use_stdin)
                    fclose(f);
                return -1;
            }
            break;
        }
    }
    if (!use_stdin)
        fclose(f);
    *data = buf;
    *len = n;
    return 0;
nomem:
    fprintf(stderr, "attune: %s: out of memory\n", name);
    free(buf);
    if (!use_stdin)
        fclose(f);
    return -1;
}

void cli_report(const char *what, int32_t code, const attune_error *err) {
    const char *msg =
        err && err->code == code && err->message ? err->message : attune_strerror(code);
    if (code == ATTUNE_ENOTTEXT && err && err->code == code)
        fprintf(stderr, "attune: %s: %s (at byte %zu); --binary reads it anyway\n", what, msg,
                err->offset);
    else if (err && err->code == code && err->offset != ATTUNE_NO_OFFSET)
        fprintf(stderr, "attune: %s: %s (at byte %zu)\n", what, msg, err->offset);
    else
        fprintf(stderr, "attune: %s: %s\n", what, msg);
}

int cli_write(const void *p, size_t n) {
    if (n && fwrite(p, 1, n, stdout) != n) {
        fprintf(stderr, "attune: write error: %s\n", strerror(errno));
        return -1;
    }
    return 0;
}
