/* Reading the tab-separated tables of the fitting tools, one record a line. */
#ifndef ATTUNE_TOOLS_TSV_H
#define ATTUNE_TOOLS_TSV_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* Reads the next line of f into *line (growing it), splits it at tabs into
 * at most max fields (pointers into the line; the missing ones NULL) and
 * returns how many it has; -1 at the end of the file. */
static inline int tsv_next(FILE *f, char **line, size_t *cap, char **field, int max) {
    ssize_t n = getline(line, cap, f);
    if (n <= 0)
        return -1;
    if ((*line)[n - 1] == '\n')
        (*line)[--n] = 0;
    int k = 0;
    for (char *s = *line; s && k < max;) {
        field[k++] = s;
        s = strchr(s, '\t');
        if (s)
            *s++ = 0;
    }
    for (int j = k; j < max; j++)
        field[j] = NULL;
    return k;
}

#endif
