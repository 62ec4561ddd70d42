/* Fake platform for host unit tests (see fakeplat.h). */
#include <errno.h>
#include <stdbool.h>
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
unsigned int fakeplat_cpu;
unsigned long fakeplat_ipis[FAKEPLAT_MAXCPUS];

static void fakeplat_abort_deadlock(void)
{
	fprintf(stderr,
		"fakeplat: halt with nothing runnable and no deadline\n");
	abort();
}

void (*fakeplat_deadlock_hook)(void) = fakeplat_abort_deadlock;

/*
 * Simulated CPUs: each started secondary CPU has a context (where it
 * halted), the CPU that resumed it, its halt deadline and whether a
 * wake-up IPI is pending for it. IRQ state and TLS pointer are per CPU.
 */
static int fakeplat_irqs_off[FAKEPLAT_MAXCPUS];
static unsigned long fakeplat_tlsp[FAKEPLAT_MAXCPUS];
static ucontext_t fakeplat_cpu_ctx[FAKEPLAT_MAXCPUS];
static bool fakeplat_started[FAKEPLAT_MAXCPUS];
static bool fakeplat_pending[FAKEPLAT_MAXCPUS];
static __nsec fakeplat_halt_deadline[FAKEPLAT_MAXCPUS];
static unsigned int fakeplat_resumer[FAKEPLAT_MAXCPUS];

/* Whether started CPU cpu, halted, has a reason to run. */
static bool fakeplat_cpu_ready(unsigned int cpu)
{
	return fakeplat_started[cpu] &&
	       (fakeplat_pending[cpu] ||
		(fakeplat_halt_deadline[cpu] &&
		 fakeplat_halt_deadline[cpu] <= fakeplat_now));
}

void fakeplat_cpu_resume(unsigned int cpu)
{
	unsigned int from = fakeplat_cpu;

	fakeplat_resumer[cpu] = from;
	fakeplat_cpu = cpu;
	swapcontext(&fakeplat_cpu_ctx[from], &fakeplat_cpu_ctx[cpu]);
	fakeplat_cpu = from;
}

static void fakeplat_cpu_entry(unsigned int hi, unsigned int lo)
{
	void (*entry)(void) = (void (*)(void))(((unsigned long)hi << 32) | lo);

	entry();
	abort();
}

void fakeplat_cpu_start(unsigned int cpu, void *stack, size_t size,
			void (*entry)(void))
{
	unsigned long e = (unsigned long)entry;

	getcontext(&fakeplat_cpu_ctx[cpu]);
	fakeplat_cpu_ctx[cpu].uc_stack.ss_sp = stack;
	fakeplat_cpu_ctx[cpu].uc_stack.ss_size = size;
	fakeplat_cpu_ctx[cpu].uc_link = NULL;
	makecontext(&fakeplat_cpu_ctx[cpu], (void (*)(void))fakeplat_cpu_entry,
		    2, (unsigned int)(e >> 32), (unsigned int)e);
	fakeplat_started[cpu] = true;
	fakeplat_cpu_resume(cpu);
}

bool fakeplat_cpu_pending(unsigned int cpu)
{
	return fakeplat_pending[cpu];
}

__nsec ukplat_monotonic_clock(void)
{
	return fakeplat_now;
}

int ukplat_lcpu_halt_to(__nsec deadline)
{
	unsigned int self = fakeplat_cpu, cpu;
	bool ran = false;

	fakeplat_halts++;
	if (fakeplat_pending[self]) {
		/* The IPI came before the halt: it ends at once. */
		fakeplat_pending[self] = false;
		return 0;
	}
	if (self != 0) {
		/* Back to the CPU that resumed this one until it runs again. */
		fakeplat_halt_deadline[self] = deadline;
		fakeplat_cpu = fakeplat_resumer[self];
		swapcontext(&fakeplat_cpu_ctx[self],
			    &fakeplat_cpu_ctx[fakeplat_resumer[self]]);
		fakeplat_pending[self] = false;
		fakeplat_halt_deadline[self] = 0;
		return 0;
	}
	/* The boot CPU halts: the other CPUs that have a reason run. */
	for (cpu = 1; cpu < FAKEPLAT_MAXCPUS; cpu++) {
		if (fakeplat_cpu_ready(cpu)) {
			fakeplat_cpu_resume(cpu);
			ran = true;
		}
	}
	if (ran || fakeplat_pending[0]) {
		fakeplat_pending[0] = false;
		return 0;
	}
	if (!deadline) {
		fakeplat_deadlock_hook();
		return -EINTR;
	}
	if (fakeplat_now < deadline)
		fakeplat_now = deadline;
	for (cpu = 1; cpu < FAKEPLAT_MAXCPUS; cpu++) {
		if (fakeplat_cpu_ready(cpu))
			fakeplat_cpu_resume(cpu);
	}
	return 0;
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long f = fakeplat_irqs_off[fakeplat_cpu];

	fakeplat_irqs_off[fakeplat_cpu] = 1;
	return f;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	fakeplat_irqs_off[fakeplat_cpu] = (int)flags;
}

int ukplat_lcpu_irqs_disabled(void)
{
	return fakeplat_irqs_off[fakeplat_cpu];
}

__lcpuidx ukplat_lcpu_idx(void)
{
	return fakeplat_cpu;
}

int ukplat_lcpu_wakeup(const __lcpuidx idx[], unsigned int *num)
{
	unsigned int i;

	for (i = 0; i < *num; i++) {
		if (idx[i] >= FAKEPLAT_MAXCPUS)
			return -EINVAL;
		fakeplat_ipis[idx[i]]++;
		fakeplat_pending[idx[i]] = true;
	}
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
	fakeplat_tlsp[fakeplat_cpu] = tp;
}

unsigned long ukplat_tlsp_get(void)
{
	return fakeplat_tlsp[fakeplat_cpu];
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

unsigned long fakeplat_guard_runs;

int ukplat_page_guard_n(void *va, unsigned long n)
{
	unsigned long i;
	int rc = 0;

	fakeplat_guard_runs++;
	for (i = 0; i < n && !rc; i++)
		rc = ukplat_page_guard((char *)va + i * __PAGE_SIZE);
	if (rc)
		for (i--; i-- > 0;)
			ukplat_page_unguard((char *)va + i * __PAGE_SIZE);
	return rc;
}

int ukplat_page_unguard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	fakeplat_guarded--;
	return 0;
}
