/* Kernel report of allocator corruption: one uk_pr_err line per fault. */
#define UK_LIBNAME "alloc"
#include <uk/print.h>
#include "alloc_impl.h"

void _uk_alloc_corruption_log(struct uk_alloc *a, enum uk_alloc_fault fault,
			      const void *ptr)
{
	uk_pr_err("allocator %p: %s at %p, block left alone\n", (void *)a,
		  uk_alloc_fault_str(fault), ptr);
}
