/* x86_64 bytes of the exec_heap test's function. */
#include "wxorx_code.h"

/* mov $42, %eax; ret */
const uint8_t wxorx_ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
const size_t wxorx_ret42_size = sizeof(wxorx_ret42);

/* Instruction fetches snoop stores on x86 (SDM Vol. 3A 8.1.3). */
void wxorx_sync_icache(void *p __attribute__((unused)),
		       size_t len __attribute__((unused)))
{
	__asm__ __volatile__("" ::: "memory");
}
