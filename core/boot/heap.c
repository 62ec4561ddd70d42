/* The heap: every free memory region of the boot information, in one buddy allocator. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/print.h>
#include <uk/boot.h>
#include "heap.h"

static unsigned long heap_start, heap_end;

/* Widens the bounds to the region [base, base + len). */
static void heap_bounds_add(void *base, size_t len)
{
	unsigned long b = (unsigned long)(uintptr_t)base;

	if (!heap_end || b < heap_start)
		heap_start = b;
	if (b + len > heap_end)
		heap_end = b + len;
}

void uk_boot_heap_bounds(unsigned long *start, unsigned long *end)
{
	*start = heap_start;
	*end = heap_end;
}

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
			else
				heap_bounds_add(base, r->len);
		} else if (uk_allocbuddy_addmem(a, base, r->len) < 0) {
			uk_pr_debug("region %p+%#lx not added to the heap\n",
				    base, (unsigned long)r->len);
		} else {
			heap_bounds_add(base, r->len);
		}
	}
	if (!a)
		return -ENOMEM;
	uk_alloc_set_default(a);
	return 0;
}
