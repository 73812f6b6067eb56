/* The attune command-line program: shared helpers and the commands, one
 * group of commands per file (cmd_*.c), each a client of the public API. */
#ifndef ATTUNE_CLI_H
#define ATTUNE_CLI_H

#include <attune/attune.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses: 0 success, 1 the input was bad (invalid file, ...), 2 usage
 * or system error. */
#define CLI_OK 0
#define CLI_BAD_INPUT 1
#define CLI_ERROR 2

/* Reads a whole file ("-" or NULL for standard input) into memory released
 * with free(). Prints a message naming the file and returns -1 on failure. */
int cli_read_file(const char *path, char **data, size_t *len);

/* Prints "attune: WHAT: message (at byte N)" for a failed call. */
void cli_report(const char *what, int32_t code, const attune_error *err);

/* Writes n bytes to stdout; returns -1 (after a message) on failure. */
int cli_write(const void *p, size_t n);

/* Commands: argc/argv start at the command's name. */
int cli_cmd_validate(int argc, char **argv);
int cli_cmd_normalize(int argc, char **argv);
int cli_cmd_outline(int argc, char **argv);
int cli_cmd_text(int argc, char **argv);
int cli_cmd_json(int argc, char **argv);
int cli_cmd_classify(int argc, char **argv);
int cli_cmd_train(int argc, char **argv);
int cli_cmd_predict(int argc, char **argv);
int cli_cmd_test(int argc, char **argv);

#endif
