/* Fake platform for host unit tests (see fakeplat.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <fakeplat.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/plat/thread.h>
#include <uk/plat/time.h>

__nsec fakeplat_now = 1;
unsigned long fakeplat_halts;

static void fakeplat_abort_deadlock(void)
{
	fprintf(stderr,
		"fakeplat: halt with nothing runnable and no deadline\n");
	abort();
}

void (*fakeplat_deadlock_hook)(void) = fakeplat_abort_deadlock;

static int fakeplat_irqs_off;
static unsigned long fakeplat_tlsp;

__nsec ukplat_monotonic_clock(void)
{
	return fakeplat_now;
}

int ukplat_lcpu_halt_to(__nsec deadline)
{
	fakeplat_halts++;
	if (!deadline) {
		fakeplat_deadlock_hook();
		return -EINTR;
	}
	if (fakeplat_now < deadline)
		fakeplat_now = deadline;
	return 0;
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long f = fakeplat_irqs_off;

	fakeplat_irqs_off = 1;
	return f;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	fakeplat_irqs_off = (int)flags;
}

int ukplat_lcpu_irqs_disabled(void)
{
	return fakeplat_irqs_off;
}

/* One CPU, the boot CPU: nothing else to wake. */
__lcpuidx ukplat_lcpu_idx(void)
{
	return 0;
}

int ukplat_lcpu_wakeup(const __lcpuidx idx[] __unused,
		       unsigned int *num __unused)
{
	return 0;
}

/*
 * A context is a ucontext_t at the top of the thread's stack, so that it
 * goes with the stack (LeakSanitizer found one leaked per thread when it
 * was allocated apart); ctx->sp holds its address. The first switch away
 * from a thread that never had a context (the test's main thread)
 * allocates one.
 */
static void fakeplat_trampoline(unsigned int hi, unsigned int lo,
				unsigned int ahi, unsigned int alo)
{
	void (*entry)(void *) =
		(void (*)(void *))(((unsigned long)hi << 32) | lo);
	void *arg = (void *)(((unsigned long)ahi << 32) | alo);

	entry(arg);
	abort();
}

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack, size_t size,
		     void (*entry)(void *arg), void *arg)
{
	uintptr_t top =
		((uintptr_t)stack + size - sizeof(ucontext_t)) & ~(uintptr_t)63;
	ucontext_t *uc = (ucontext_t *)top;
	unsigned long e = (unsigned long)entry, a = (unsigned long)arg;

	memset(uc, 0, sizeof(*uc));
	getcontext(uc);
	uc->uc_stack.ss_sp = stack;
	uc->uc_stack.ss_size = top - (uintptr_t)stack;
	uc->uc_link = NULL;
	makecontext(uc, (void (*)(void))fakeplat_trampoline, 4,
		    (unsigned int)(e >> 32), (unsigned int)e,
		    (unsigned int)(a >> 32), (unsigned int)a);
	ctx->sp = (unsigned long)uc;
}

void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next)
{
	if (!prev->sp)
		prev->sp = (unsigned long)calloc(1, sizeof(ucontext_t));
	swapcontext((ucontext_t *)prev->sp, (ucontext_t *)next->sp);
}

void ukplat_tlsp_set(unsigned long tp)
{
	fakeplat_tlsp = tp;
}

unsigned long ukplat_tlsp_get(void)
{
	return fakeplat_tlsp;
}

/*
 * Guard pages: the host has no page tables of ours, so the fake only
 * counts the pages guarded (and can be told to fail), for host tests of
 * the callers' bookkeeping; the in-kernel tests check the protection.
 */
unsigned long fakeplat_guarded;
uintptr_t fakeplat_last_guard;
int fakeplat_guard_result;

int ukplat_page_guard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	if (fakeplat_guard_result)
		return fakeplat_guard_result;
	fakeplat_guarded++;
	fakeplat_last_guard = (uintptr_t)va;
	return 0;
}

int ukplat_page_unguard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	fakeplat_guarded--;
	return 0;
}
