/* arm64 bytes of the exec_heap test's function, and cache maintenance. */
#include "wxorx_code.h"

/* mov w0, #42 (0x52800540); ret (0xd65f03c0), little-endian */
const uint8_t wxorx_ret42[] = {
	0x40, 0x05, 0x80, 0x52, 0xc0, 0x03, 0x5f, 0xd6
};
const size_t wxorx_ret42_size = sizeof(wxorx_ret42);

/*
 * Code written as data: clean the data cache to the point of
 * unification, then drop stale instructions (Arm ARM B2.4.4). The
 * function is 8 bytes at a page start: one cache line.
 */
void wxorx_sync_icache(void *p, size_t len __attribute__((unused)))
{
	__asm__ __volatile__("dc cvau, %0\n\t"
			     "dsb ish\n\t"
			     "ic ivau, %0\n\t"
			     "dsb ish\n\t"
			     "isb" ::"r"(p)
			     : "memory");
}
