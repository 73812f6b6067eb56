/* Commands of the content module (placeholder until the module lands). */
#include "cli.h"

int cli_cmd_outline(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: outline: unavailable in this build\n");
    return CLI_ERROR;
}

int cli_cmd_text(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: text: unavailable in this build\n");
    return CLI_ERROR;
}

int cli_cmd_json(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: json: unavailable in this build\n");
    return CLI_ERROR;
}

