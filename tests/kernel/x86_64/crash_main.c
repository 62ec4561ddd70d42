/*
 * Crash images: main() faults the way argv[1] says, and the test checks
 * the crash report and exit status. "ud": unhandled #UD; "null": NULL
 * dereference (#PF, cr2 0); "overflow": recursion on a test stack into
 * its guard page (#PF while pushing the #PF frame, so #DF on its IST
 * stack); "boot_overflow": the same on the boot stack and its guard page.
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <x86/paging.h>

#define OVERFLOW_STACK_SIZE (64 * 1024)

/* The lowest page is the guard. */
static char overflow_stack[OVERFLOW_STACK_SIZE] __aligned(__PAGE_SIZE);
/* Never reached; keeps the compiler from proving endless recursion. */
static volatile int overflow_limit = 1 << 30;

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == overflow_limit)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void __attribute__((noinline)) recurse_start(void)
{
	recurse(0);
}

static void crash_overflow(void)
{
	uintptr_t top = (uintptr_t)overflow_stack + sizeof(overflow_stack);

	if (x86_page_unmap_4k((uintptr_t)overflow_stack) < 0) {
		uk_pr_err("cannot unmap the guard page\n");
		return;
	}
	uk_printk("overflowing a stack into its guard page at %p\n",
		  overflow_stack);
	__asm__ __volatile__("movq %%rsp, %%rbx\n\t"
			     "movq %0, %%rsp\n\t"
			     "callq *%1\n\t"
			     "movq %%rbx, %%rsp"
			     :
			     : "r"(top), "r"(recurse_start)
			     : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8",
			       "r9", "r10", "r11", "memory");
}

static void crash_null(void)
{
	volatile int *p = NULL;

	/* Page 0 is mapped by the boot identity map: take it away first. */
	if (x86_page_unmap_4k(0) < 0) {
		uk_pr_err("cannot unmap page 0\n");
		return;
	}
	/* Hide the NULL from the optimiser, which may turn it into ud2. */
	__asm__ __volatile__("" : "+r"(p));
	uk_printk("read from NULL: %d\n", *p);
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[argc - 1] : "";

	if (streq(what, "ud")) {
		uk_printk("executing ud2\n");
		__asm__ __volatile__("ud2");
	} else if (streq(what, "null")) {
		crash_null();
	} else if (streq(what, "overflow")) {
		crash_overflow();
	} else if (streq(what, "boot_overflow")) {
		uk_printk("overflowing the boot stack\n");
		recurse_start();
	} else {
		uk_pr_err("usage: ud | null | overflow | boot_overflow\n");
	}
	/* Still running: the crash did not happen. */
	return 1;
}
