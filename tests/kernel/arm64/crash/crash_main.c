/*
 * Crash images: main() faults the way its last argument says, and the
 * test checks the crash report and exit status. "null": read through a
 * NULL pointer (data abort, FAR 0); "null_call": call a NULL function
 * pointer (instruction abort); "brk": an unhandled BRK; "bad_stack": the
 * thread stack pointer (SP_EL0) runs into unmapped memory, as a stack
 * overflow past its guard would, and the report still comes from the
 * CPU's own exception stack; "secondary": a NULL read on CPU 1.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>

/* Never mapped: L0 entry 128 of TTBR0 (the direct map is entry 511). */
#define UNMAPPED_STACK_TOP 0x0000400000001000UL

static char cpu1_stack[16 * 1024] __aligned(16);

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static void __attribute__((noinline)) read_null(void)
{
	volatile int *p = NULL;

	/* Hide the NULL from the optimiser, which may turn it into a trap. */
	__asm__ __volatile__("" : "+r"(p));
	uk_printk("read from NULL: %d\n", *p);
}

static void __attribute__((noinline)) call_null(void)
{
	void (*fn)(void) = NULL;

	__asm__ __volatile__("" : "+r"(fn));
	fn();
}

static void __attribute__((noinline)) push_frames(void)
{
	volatile char frame[256];

	frame[0] = 1;
	__asm__ __volatile__("" : : "r"(frame) : "memory");
}

static void bad_stack(void)
{
	uk_printk("switching SP_EL0 to unmapped memory at 0x%lx\n",
		  UNMAPPED_STACK_TOP);
	__asm__ __volatile__("mov x19, sp\n\t"
			     "mov sp, %0\n\t"
			     "blr %1\n\t"
			     "mov sp, x19"
			     :
			     : "r"(UNMAPPED_STACK_TOP), "r"(push_frames)
			     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
			       "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			       "x15", "x16", "x17", "x19", "x30", "memory");
}

static void secondary(void)
{
	__lcpuidx idx[] = { 1 };
	void *sp[] = { cpu1_stack + sizeof(cpu1_stack) };
	ukplat_lcpu_entry_t entry[] = { read_null };
	unsigned int num = 1;
	int rc;

	rc = ukplat_lcpu_start(idx, &num, sp, entry, 0);
	if (rc) {
		uk_pr_err("cannot start CPU 1: %d\n", rc);
		return;
	}
	/* CPU 1 crashes and powers the machine off meanwhile. */
	ukplat_lcpu_wait(idx, &num, 0);
}

int main(int argc, char *argv[])
{
	const char *what = argc > 0 ? argv[argc - 1] : "";

	if (streq(what, "null")) {
		read_null();
	} else if (streq(what, "null_call")) {
		call_null();
	} else if (streq(what, "brk")) {
		__asm__ __volatile__("brk #0x1234");
	} else if (streq(what, "bad_stack")) {
		bad_stack();
	} else if (streq(what, "secondary")) {
		secondary();
	} else {
		uk_pr_err("usage: null | null_call | brk | bad_stack | "
			  "secondary\n");
	}
	/* Still running: the crash did not happen. */
	return 1;
}
