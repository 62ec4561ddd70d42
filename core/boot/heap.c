/* The heap: every free memory region of the boot information, in one buddy allocator. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/print.h>
#include "heap.h"

int uk_boot_heap_init(const struct ukplat_bootinfo *bi)
{
	struct uk_alloc *a = NULL;
	unsigned int i;

	for (i = 0; i < bi->mrd_count; i++) {
		const struct ukplat_memregion *r = &bi->mrd[i];
		void *base = (void *)(uintptr_t)r->pbase;

		if (!(r->flags & UKPLAT_MEMRF_FREE))
			continue;
		if (!a) {
			a = uk_allocbuddy_init(base, r->len);
			if (!a)
				uk_pr_debug(
					"region %p+%#lx too small for a heap\n",
					base, (unsigned long)r->len);
		} else if (uk_allocbuddy_addmem(a, base, r->len) < 0) {
			uk_pr_debug("region %p+%#lx not added to the heap\n",
				    base, (unsigned long)r->len);
		}
	}
	if (!a)
		return -ENOMEM;
	uk_alloc_set_default(a);
	return 0;
}
