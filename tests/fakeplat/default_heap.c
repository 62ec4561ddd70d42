/*
 * A default allocator for host tests whose fixtures set none: libraries
 * that take memory from uk_alloc_get_default() (the fd table as it grows,
 * socket files) then run unchanged. A buddy heap on host memory, installed
 * before main(); a fixture that installs its own replaces it.
 */
#include <stdlib.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>

#define FAKEPLAT_HEAP_SIZE (64UL << 20)

__attribute__((constructor)) static void fakeplat_default_heap(void)
{
	void *mem;

	if (uk_alloc_get_default())
		return;
	mem = aligned_alloc(__PAGE_SIZE, FAKEPLAT_HEAP_SIZE);
	if (!mem)
		abort();
	uk_alloc_set_default(uk_allocbuddy_init(mem, FAKEPLAT_HEAP_SIZE));
}
