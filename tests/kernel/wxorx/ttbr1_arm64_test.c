/* An access with VA[55] = 1 (TTBR1 range, walks disabled) faults. */
#include <uk/test.h>

TESTCASE(arm64_mmu, ttbr1_faults)
{
	volatile uint64_t *p = (volatile uint64_t *)0xffff000000001000UL;

	uk_printk("ttbr1: reading 0x%016lx\n", (unsigned long)p);
	(void)*p;
	EXPECT_TRUE(0); /* not reached */
}
