/* Commands of the text module (placeholder until the module lands). */
#include "cli.h"

int cli_cmd_validate(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: validate: unavailable in this build\n");
    return CLI_ERROR;
}

int cli_cmd_normalize(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: normalize: unavailable in this build\n");
    return CLI_ERROR;
}

