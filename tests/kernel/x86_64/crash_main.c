/*
 * Crash images: main() faults the way argv[1] says, and the test checks
 * the crash report and exit status. "ud": unhandled #UD; "null": NULL
 * dereference (#PF, cr2 0); "overflow": recursion on a test stack into
 * its guard page (#PF while pushing the #PF frame, so #DF on its IST
 * stack); "boot_overflow": the same on the boot stack and its guard page;
 * "tlb": CPU 1 reads a page, CPU 0 makes it a guard page, CPU 1 reads it
 * again and must fault (the TLB shootdown removed its cached entry).
 */
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
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

static char tlb_page[__PAGE_SIZE] __aligned(__PAGE_SIZE);
static char cpu1_stack[16 * 1024] __aligned(16);
static volatile char tlb_read;

static void read_tlb_page(struct __regs *regs __unused, void *arg __unused)
{
	tlb_read = *(volatile char *)tlb_page;
}

static void crash_tlb(void)
{
	struct ukplat_lcpu_func f = { read_tlb_page, NULL };
	void *sp[] = { cpu1_stack + sizeof(cpu1_stack) };
	__lcpuidx one = 1;
	unsigned int num = 1;

	tlb_page[0] = 42;
	if (ukplat_lcpu_start(&one, &num, sp, NULL, 0) ||
	    ukplat_lcpu_wait(&one, &num, 0)) {
		uk_pr_err("cannot start CPU 1\n");
		return;
	}
	/* CPU 1's TLB now holds the page's entry. */
	if (ukplat_lcpu_run(&one, &num, &f, 0) || tlb_read != 42) {
		uk_pr_err("CPU 1 did not read the page\n");
		return;
	}
	if (ukplat_page_guard(tlb_page)) {
		uk_pr_err("cannot guard the page\n");
		return;
	}
	uk_printk("tlb: CPU 1 reads the guard page at %p\n", tlb_page);
	ukplat_lcpu_run(&one, &num, &f, 0);
	uk_pr_err("tlb: CPU 1 read the guard page through a stale TLB "
		  "entry\n");
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
	} else if (streq(what, "tlb")) {
		crash_tlb();
	} else if (streq(what, "boot_overflow")) {
		uk_printk("overflowing the boot stack\n");
		recurse_start();
	} else {
		uk_pr_err(
			"usage: ud | null | overflow | boot_overflow | tlb\n");
	}
	/* Still running: the crash did not happen. */
	return 1;
}
