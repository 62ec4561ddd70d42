/*
 * Frame-pointer backtraces on every architecture: every kernel object is
 * built with frame pointers, and a frame record is {caller's frame
 * pointer, return address} on x86_64 (what `push %rbp; mov %rsp, %rbp`
 * leaves at RBP) and on arm64 (AAPCS64: x29 points at {x29, x30}).
 * Only whether a record can be read is the platform's
 * (ukplat_frame_readable()).
 */
#include <uk/essentials.h>
#include <uk/plat/backtrace.h>
#include <uk/print.h>

struct frame {
	uintptr_t fp; /* the caller's frame */
	uintptr_t ret; /* return address into the caller */
};

static bool frame_readable(uintptr_t fp)
{
	if (fp == 0 || fp % sizeof(uintptr_t) != 0)
		return false;
	if (fp + sizeof(struct frame) < fp)
		return false;
	return ukplat_frame_readable(fp, sizeof(struct frame));
}

unsigned int ukplat_backtrace(uintptr_t fp, uintptr_t *addrs, unsigned int max)
{
	const struct frame *f;
	unsigned int n = 0;

	while (n < max && frame_readable(fp)) {
		f = (const struct frame *)fp;
		if (f->ret == 0)
			break;
		addrs[n++] = f->ret;
		/* Callers' frames lie higher on the stack: this ends cycles. */
		if (f->fp <= fp)
			break;
		fp = f->fp;
	}
	return n;
}

/*
 * The boot image is stripped: addresses only. The image's .dbg ELF has
 * the symbols: llvm-symbolizer --obj=<image>.dbg <addresses>. Frames after
 * #0 are printed as return address - 1, inside the call instruction on
 * both architectures, so that the symbolizer names the call's line even
 * when the callee does not return (the return address may then lie past
 * the caller's end). Runs of one address (deep recursion) print once with
 * a count.
 */
void ukplat_backtrace_print(uintptr_t pc, uintptr_t fp)
{
	uintptr_t addrs[UKPLAT_BACKTRACE_MAX];
	unsigned int n, i, same;

	n = ukplat_backtrace(fp, addrs, UKPLAT_BACKTRACE_MAX);
	uk_printk("backtrace (llvm-symbolizer --obj=IMAGE.dbg ADDRESS):\n"
		  "  #0  0x%016lx\n",
		  (unsigned long)pc);
	for (i = 0; i < n; i += same) {
		uk_printk("  #%-2u 0x%016lx\n", i + 1,
			  (unsigned long)addrs[i] - 1);
		for (same = 1; i + same < n && addrs[i + same] == addrs[i];)
			same++;
		if (same > 1)
			uk_printk("      (same frame %u more times)\n",
				  same - 1);
	}
	if (n == UKPLAT_BACKTRACE_MAX)
		uk_printk("  ... (stopped after %u frames)\n", n);
}

/* Images without a scheduler: no CPU runs threads. */
__weak const char *ukplat_crash_thread_name(unsigned int cpu __unused)
{
	return NULL;
}

void ukplat_crash_print_thread(unsigned int cpu)
{
	const char *name = ukplat_crash_thread_name(cpu);

	if (name)
		uk_printk("CRASH: thread %s\n", name);
	else
		uk_printk("CRASH: CPU %u runs no thread\n", cpu);
}
