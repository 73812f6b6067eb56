/* Commands of the content module: outline, text and json, thin clients of
 * attune_doc_parse and the render functions. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef int32_t (*render_fn)(const attune_doc *, const attune_render_options *, char **, size_t *,
                             attune_error *);

/* Parses one file and writes what `fn` renders of it; `newline` adds a line
 * end after the output. Returns a CLI status. */
static int render_file(const char *path, uint32_t parse_flags, render_fn fn, int newline) {
    char *data;
    size_t len;
    if (cli_read_file(path, &data, &len) != 0)
        return CLI_ERROR;
    attune_parse_options po;
    attune_parse_options_init(&po);
    po.flags = parse_flags;
    attune_doc *doc = NULL;
    attune_error err;
    attune_error_clear(&err);
    int32_t rc = attune_doc_parse(data, len, &po, &doc, &err);
    free(data);
    const char *name = path ? path : "-";
    if (rc != ATTUNE_OK) {
        cli_report(name, rc, &err);
        return rc == ATTUNE_ENOMEM ? CLI_ERROR : CLI_BAD_INPUT;
    }
    attune_render_options ro;
    attune_render_options_init(&ro);
    ro.source = name;
    attune_result *themes = NULL;
    if (fn == attune_render_json) {
        /* JSON carries the themes of every block and section */
        rc = attune_classify(NULL, doc, NULL, &themes, &err);
        if (rc != ATTUNE_OK) {
            attune_doc_free(doc);
            cli_report(name, rc, &err);
            return CLI_ERROR;
        }
        ro.result = themes;
    }
    char *out = NULL;
    size_t olen = 0;
    rc = fn(doc, &ro, &out, &olen, &err);
    attune_result_free(themes);
    attune_doc_free(doc);
    if (rc != ATTUNE_OK) {
        cli_report(name, rc, &err);
        return CLI_ERROR;
    }
    int status =
        cli_write(out, olen) == 0 && (!newline || cli_write("\n", 1) == 0) ? CLI_OK : CLI_ERROR;
    attune_free(out);
    return status;
}

/* Shared argument handling: [--strict] [--binary] FILE... (exactly one unless `many`). */
static int run(int argc, char **argv, const char *usage, render_fn fn, int many, int newline) {
    uint32_t flags = 0;
    int first = 1;
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    for (; first < argc; first++) {
        if (strcmp(argv[first], "--strict") == 0)
            flags |= ATTUNE_PARSE_STRICT_UTF8;
        else if (strcmp(argv[first], "--binary") == 0)
            flags |= ATTUNE_PARSE_ANY_BYTES;
        else
            break;
    }
    int files = argc - first;
    if (files < 1 || (!many && files != 1)) {
        fputs(usage, stderr);
        return CLI_ERROR;
    }
    int status = CLI_OK;
    for (int i = first; i < argc; i++) {
        int st = render_file(argv[i], flags, fn, newline);
        if (st > status)
            status = st;
    }
    return status;
}

int cli_cmd_outline(int argc, char **argv) {
    return run(argc, argv,
               "usage: attune outline [--strict] [--binary] FILE\n"
               "Prints the document tree of a page (FILE, '-' for standard input), indented,\n"
               "with kinds, heading levels, boilerplate kinds and line numbers.\n"
               "  --strict  reject ill-formed UTF-8 instead of repairing it\n"
               "  --binary  read a file that is not text too (else it is refused: exit 1)\n",
               attune_render_outline, 0, 0);
}

int cli_cmd_text(int argc, char **argv) {
    return run(argc, argv,
               "usage: attune text [--strict] [--binary] FILE\n"
               "Prints the main content of a page: title, headings, paragraphs, list items,\n"
               "separated by blank lines; no boilerplate, injected promotion or personal data.\n"
               "  --strict  reject ill-formed UTF-8 instead of repairing it\n"
               "  --binary  read a file that is not text too (else it is refused: exit 1)\n",
               attune_render_text, 0, 0);
}

int cli_cmd_json(int argc, char **argv) {
    return run(
        argc, argv,
        "usage: attune json [--strict] [--binary] FILE...\n"
        "Prints one JSON object per FILE, one per line: the document tree with kinds,\n"
        "levels, boilerplate kinds, line numbers, byte spans, texts, spam and personal data,\n"
        "and the themes (built-in model) of the document, each section and each block.\n"
        "  --strict  reject ill-formed UTF-8 instead of repairing it\n"
        "  --binary  read a file that is not text too (else it is refused: exit 1)\n",
        attune_render_json, 1, 1);
}
