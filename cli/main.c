/* attune: command-line front end to libattune. */
#include "cli.h"

#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} command;

static const command commands[] = {
    {"validate", cli_cmd_validate, "validate FILE...             check that files are valid UTF-8"},
    {"normalize", cli_cmd_normalize,
     "normalize [FLAGS] [FILE|-]   normalize text (see 'attune normalize --help')"},
    {"outline", cli_cmd_outline, "outline FILE                 the document tree of a page"},
    {"text", cli_cmd_text, "text FILE                    the main content of a page"},
    {"json", cli_cmd_json, "json FILE...                 the document tree as JSON Lines"},
    {"classify", cli_cmd_classify, "classify [--model M] [--jsonl] FILE...  themes of pages"},
    {"train", cli_cmd_train, "train -i FILE -o MODEL [OPTIONS]        train a theme model"},
    {"predict", cli_cmd_predict, "predict -m MODEL [-k N] [-t T] [FILE|-] predict labels per line"},
    {"test", cli_cmd_test, "test -m MODEL FILE           precision, recall and F1 on labeled data"},
};

static void usage(FILE *out) {
    fprintf(out, "usage: attune COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %s\n", commands[i].usage);
    fprintf(out, "\n  --version                    print the library version\n"
                 "  --help                       print this help\n"
                 "\nexit status: 0 all went well; 1 an input was refused (ill-formed UTF-8 with\n"
                 "--strict, not text, over a limit, a bad model or data file; commands over\n"
                 "several files go on with the others); 2 a usage error, a file that cannot be\n"
                 "read or written, or out of memory\n");
}

int main(int argc, char **argv) {
    if (argc < 2) {
        usage(stderr);
        return CLI_ERROR;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("attune %s (ABI %u)\n", attune_version(), (unsigned)attune_abi_version());
        return CLI_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "attune: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return CLI_ERROR;
}
