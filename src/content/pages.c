/* Large arrays of a parse (the copy of the input, block texts, units,
 * blocks) are written once from start to end: on Linux the kernel is asked
 * to back them with huge pages where it can (madvise MADV_HUGEPAGE, a hint
 * only; memory and results are the same), which turns hundreds of page
 * faults per megabyte into one or two. Elsewhere this does nothing. */
#if defined(__linux__)
#define _DEFAULT_SOURCE
#include <sys/mman.h>
#endif

#include "content/content_internal.h"

#include <stdint.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

void attune__hint_huge(void *p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || bytes < 2 * HUGE_PAGE)
        return;
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + bytes) & ~(HUGE_PAGE - 1);
    if (e > a)
        (void)madvise((void *)a, (size_t)(e - a), MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}
