/* Frame-pointer stack walk: every kernel object keeps RBP as frame pointer. */
#include <stdint.h>
#include <x86/backtrace.h>
#include <x86/paging.h>

/* A frame record: what `push %rbp; mov %rsp, %rbp` leaves at RBP. */
struct frame {
	uintptr_t rbp; /* the caller's frame */
	uintptr_t ret; /* return address into the caller */
};

static int frame_readable(uintptr_t fp)
{
	if (fp == 0 || fp % sizeof(uintptr_t) != 0)
		return 0;
	if (fp + sizeof(struct frame) < fp)
		return 0;
	return x86_vaddr_mapped(fp) &&
	       x86_vaddr_mapped(fp + sizeof(struct frame) - 1);
}

unsigned int x86_backtrace(uintptr_t rbp, uintptr_t *addrs, unsigned int max)
{
	const struct frame *f;
	unsigned int n = 0;

	while (n < max && frame_readable(rbp)) {
		f = (const struct frame *)rbp;
		if (f->ret == 0)
			break;
		addrs[n++] = f->ret;
		/* Callers' frames lie higher on the stack: this ends cycles. */
		if (f->rbp <= rbp)
			break;
		rbp = f->rbp;
	}
	return n;
}
