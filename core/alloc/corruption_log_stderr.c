/* Host report of allocator corruption, for host builds without a console. */
#include <stdio.h>
#include "alloc_impl.h"

void _uk_alloc_corruption_log(struct uk_alloc *a, enum uk_alloc_fault fault,
			      const void *ptr)
{
	fprintf(stderr, "allocator %p: %s at %p, block left alone\n", (void *)a,
		uk_alloc_fault_str(fault), ptr);
}
