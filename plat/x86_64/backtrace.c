/* What the common frame-pointer walker may read on x86_64. */
#include <uk/plat/backtrace.h>
#include <x86/paging.h>

/* A frame record is 16 bytes, so it spans at most two pages. */
bool ukplat_frame_readable(uintptr_t va, size_t len)
{
	return x86_vaddr_mapped(va) && x86_vaddr_mapped(va + len - 1);
}
