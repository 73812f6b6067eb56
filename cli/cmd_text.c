/* Commands of the text module: validate and normalize. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cli_cmd_validate(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: attune validate FILE...\n"
                "Checks that each FILE ('-' for standard input) is well-formed UTF-8;\n"
                "prints FILE:OFFSET: invalid UTF-8 for each one that is not.\n");
        return argc < 2 ? CLI_ERROR : CLI_OK;
    }
    int status = CLI_OK;
    for (int i = 1; i < argc; i++) {
        char *data;
        size_t len;
        if (cli_read_file(argv[i], &data, &len) != 0) {
            status = CLI_ERROR;
            continue;
        }
        size_t off = 0;
        if (attune_utf8_validate(data, len, &off) != ATTUNE_OK) {
            printf("%s:%zu: invalid UTF-8\n", argv[i], off);
            if (status == CLI_OK)
                status = CLI_BAD_INPUT;
        }
        free(data);
    }
    return status;
}

static void normalize_usage(FILE *f) {
    fprintf(f, "usage: attune normalize [--nfc|--nfkc] [--casefold] [--fold] [--strip-invisible]\n"
               "                        [--repair] [--fix-mojibake] [FILE|-]\n"
               "Writes the normalized text of FILE (standard input by default) to stdout.\n"
               "  --nfc              Unicode NFC\n"
               "  --nfkc             Unicode NFKC\n"
               "  --casefold         Unicode case folding\n"
               "  --fold             typographic quotes, dashes, bullets, spaces, ellipsis\n"
               "  --strip-invisible  remove zero-width, soft hyphen, BOM, bidi controls\n"
               "  --repair           replace ill-formed UTF-8 with U+FFFD\n"
               "  --fix-mojibake     undo UTF-8 decoded as Windows-1252/Latin-1\n");
}

int cli_cmd_normalize(int argc, char **argv) {
    static const struct {
        const char *name;
        uint32_t flag;
    } opts[] = {{"--nfc", ATTUNE_NORM_NFC},
                {"--nfkc", ATTUNE_NORM_NFKC},
                {"--casefold", ATTUNE_NORM_CASEFOLD},
                {"--fold", ATTUNE_NORM_FOLD_TYPOGRAPHY},
                {"--strip-invisible", ATTUNE_NORM_STRIP_INVISIBLE},
                {"--repair", ATTUNE_NORM_REPAIR},
                {"--fix-mojibake", ATTUNE_NORM_FIX_MOJIBAKE}};
    uint32_t flags = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            normalize_usage(stdout);
            return CLI_OK;
        }
        int known = 0;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++)
            if (strcmp(a, opts[k].name) == 0) {
                flags |= opts[k].flag;
                known = 1;
            }
        if (known)
            continue;
        if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "attune: normalize: unknown option '%s'\n", a);
            normalize_usage(stderr);
            return CLI_ERROR;
        }
        if (path) {
            fprintf(stderr, "attune: normalize: only one input file\n");
            return CLI_ERROR;
        }
        path = a;
    }
    if ((flags & ATTUNE_NORM_NFC) && (flags & ATTUNE_NORM_NFKC)) {
        fprintf(stderr, "attune: normalize: --nfc and --nfkc exclude each other\n");
        return CLI_ERROR;
    }
    char *data;
    size_t len;
    if (cli_read_file(path, &data, &len) != 0)
        return CLI_ERROR;
    char *out = NULL;
    size_t out_len = 0;
    attune_error err;
    int32_t rc = attune_normalize(data, len, flags, &out, &out_len, &err);
    free(data);
    if (rc != ATTUNE_OK) {
        cli_report(path && strcmp(path, "-") != 0 ? path : "<stdin>", rc, &err);
        return rc == ATTUNE_EUTF8 ? CLI_BAD_INPUT : CLI_ERROR;
    }
    int w = cli_write(out, out_len);
    attune_free(out);
    return w == 0 ? CLI_OK : CLI_ERROR;
}
