/* W^X: a store to .text faults when w_xor_x is set, else succeeds. */
#include <stdint.h>
#include <uk/config.h>
#include <uk/print.h>
#include <uk/test.h>

/* Start of the image's code, from the platform's link.ld. */
extern char _text[];

TESTCASE(wxorx, write_text)
{
	/* The boot header (multiboot / arm64 Image): never executed. */
	volatile uint32_t *p = (volatile uint32_t *)_text;
	uint32_t word = *p;

	uk_printk("wxorx: writing to .text at 0x%016lx\n", (unsigned long)p);
	*p = word; /* the same value: harmless where it is allowed */
	EXPECT_FALSE(CONFIG_ENFORCE_W_XOR_X);
	EXPECT_EQ(*p, word);
}
