/* Commands of the train module (placeholder until the module lands). */
#include "cli.h"

int cli_cmd_train(int argc, char **argv) {
    (void)argc;
    (void)argv;
    fprintf(stderr, "attune: train: unavailable in this build\n");
    return CLI_ERROR;
}

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

