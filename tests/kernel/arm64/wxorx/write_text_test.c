/* W^X: a store to .text faults when w_xor_x is set, else succeeds. */
#include <uk/config.h>
#include <uk/test.h>
#include <arm64/boot.h>

TESTCASE(arm64_wxorx, write_text)
{
	/* The Image header's first word: never executed after boot. */
	volatile uint32_t *p = (volatile uint32_t *)_text;
	uint32_t insn = *p;

	uk_printk("wxorx: writing to .text at 0x%016lx\n", (unsigned long)p);
	*p = insn; /* the same value: harmless where it is allowed */
	EXPECT_FALSE(CONFIG_ENFORCE_W_XOR_X);
	EXPECT_EQ(*p, insn);
}
