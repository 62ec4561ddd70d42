/*
 * A default allocator for the seed program while core/boot sets none up
 * (issue 5): 2 MiB of .bss, installed only if no default exists by then.
 */
#include <errno.h>
#include <stddef.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/essentials.h>
#include <uk/init.h>

#define SEED_HEAP_SIZE (2UL << 20)

static char seed_heap[SEED_HEAP_SIZE] __aligned(__PAGE_SIZE);

static int seed_heap_init(void)
{
	struct uk_alloc *a;

	if (uk_alloc_get_default())
		return 0;
	a = uk_allocbuddy_init(seed_heap, sizeof(seed_heap));
	if (!a)
		return -ENOMEM;
	uk_alloc_set_default(a);
	return 0;
}

uk_lib_initcall(seed_heap_init);
