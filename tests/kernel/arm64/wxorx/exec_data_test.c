/* W^X: running code from .data faults when w_xor_x is set. */
#include <uk/config.h>
#include <uk/test.h>

/* mov w0, #42; ret */
static uint32_t code[2] __aligned(16) = { 0x52800540, 0xd65f03c0 };

TESTCASE(arm64_wxorx, exec_data)
{
	int (*fn)(void) = (int (*)(void))(uintptr_t)code;

	/* Written as data: clean to the point of unification, drop stale
	 * instructions (Arm ARM B2.4.4). */
	__asm__ __volatile__("dc cvau, %0\n\t"
			     "dsb ish\n\t"
			     "ic ivau, %0\n\t"
			     "dsb ish\n\t"
			     "isb" ::"r"(code)
			     : "memory");
	uk_printk("wxorx: calling code in .data at 0x%016lx\n",
		  (unsigned long)code);
	EXPECT_EQ(fn(), 42);
	EXPECT_FALSE(CONFIG_ENFORCE_W_XOR_X);
}
