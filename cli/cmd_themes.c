/* Commands of the themes module (placeholder until the module lands). */
#include "cli.h"

int cli_cmd_classify(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: classify: unavailable in this build\n");
    return CLI_ERROR;
}

