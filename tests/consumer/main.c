/* A program outside the project that links an installed attune. */
#include <attune/attune.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    if (attune_abi_version() != ATTUNE_ABI_VERSION)
        return 1;
    if (strcmp(attune_version(), ATTUNE_VERSION_STRING) != 0)
        return 1;
    printf("consumer linked attune %s: %s\n", attune_version(), attune_strerror(ATTUNE_EUTF8));
    return 0;
}
