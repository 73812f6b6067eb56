/* Reading a whole file: the one piece every example needs that is not
 * about attune. Shared by the example programs. */
#ifndef ATTUNE_EXAMPLE_READ_FILE_H
#define ATTUNE_EXAMPLE_READ_FILE_H

#include <stddef.h>

/* Reads the file at `path` into a malloc'd buffer (release with free()) and
 * stores its length in *len. Returns NULL when it cannot be opened or read. */
char *read_file(const char *path, size_t *len);

#endif
