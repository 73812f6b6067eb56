/* Commands predict and test (placeholders until classification lands). */
#include "cli.h"

int cli_cmd_predict(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: predict: unavailable in this build\n");
    return CLI_ERROR;
}

int cli_cmd_test(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: test: unavailable in this build\n");
    return CLI_ERROR;
}
