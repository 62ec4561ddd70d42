/*
 * The preemption tick: every UK_PREEMPT_SLICE_NS the timer of a CPU that
 * runs threads interrupts it; a thread that has run a whole slice while
 * another waits, outside kernel code (<uk/preempt.h>), is diverted into
 * a call of uk_sched_yield() on its own stack, after which it resumes
 * exactly where it was (ukplat_irq_divert). A thread with a signal due
 * is diverted the same way into its handlers (uk_preempt_signal_deliver),
 * so that signals reach threads that make no syscalls, within a tick,
 * and, while CPU-time timers are armed, into a look at their clocks
 * (uk_preempt_cputimer_check). A tick that finds the thread in kernel code
 * leaves this work to the syscall's return (uk_preempt_tick_missed).
 * Per-image setting `preempt`
 * (tools/config): off gives a cooperative scheduler.
 */
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/init.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/preempt.h>
#include <uk/preempt.h>
#include <uk/print.h>

static unsigned long preempt_done;

unsigned long uk_preempt_count(void)
{
	return __atomic_load_n(&preempt_done, __ATOMIC_RELAXED);
}

/* Runs as a function of the preempted thread, IRQs enabled. */
static void preempt_yield(void)
{
	uk_preempt_disable();
	uk_sched_yield();
	uk_preempt_enable();
}

__weak bool uk_preempt_signal_due(void)
{
	return false;
}

__weak void uk_preempt_signal_deliver(void)
{
}

__weak bool uk_preempt_cputimer_armed(void)
{
	return false;
}

__weak void uk_preempt_cputimer_check(void)
{
}

/* Runs as a function of the interrupted thread, IRQs enabled. */
static void preempt_cputimer(void)
{
	uk_preempt_disable();
	uk_preempt_cputimer_check();
	uk_preempt_enable();
}

/* Runs as a function of the interrupted thread, IRQs enabled. */
static void preempt_signal(void)
{
	uk_preempt_disable();
	uk_preempt_signal_deliver();
	uk_preempt_enable();
}

/*
 * Whether t has run its slice while another thread waits, or may no
 * longer run on its CPU (which wakes the sleepers that are due): then it
 * is preempted, and counted.
 */
static bool preempt_slice_over(struct uk_thread *t)
{
	if (!uk_sched_want_preempt(uk_sched_now() - t->run_since >=
				   UK_PREEMPT_SLICE_NS))
		return false;
	__atomic_fetch_add(&preempt_done, 1, __ATOMIC_RELAXED);
	return true;
}

static void preempt_tick(struct __regs *regs)
{
	struct uk_thread *t;

	/*
	 * A secondary CPU starts its tick before it joins the scheduler
	 * (lcpu_sched_entry): a tick in between finds no thread to look at
	 * (the scheduler's current thread of that CPU is still NULL).
	 */
	if (!uk_sched_in_thread())
		return;
	t = uk_thread_current();
	uk_sched_balance();
	if (t->state != UK_THREAD_RUNNABLE)
		return;
	/* Kernel code: the syscall's return does this tick's work. */
	if (__atomic_load_n(&t->preempt_off, __ATOMIC_RELAXED)) {
		__atomic_store_n(&t->tick_missed, true, __ATOMIC_RELAXED);
		return;
	}
	/* Divertable first: only then is the scheduler lock free here. */
	if (!ukplat_irq_divertable(regs))
		return;
	/* A signal for a thread that makes no syscalls: its handler now. */
	if (uk_preempt_signal_due()) {
		ukplat_irq_divert(regs, preempt_signal);
		return;
	}
	if (preempt_slice_over(t)) {
		ukplat_irq_divert(regs, preempt_yield);
		return;
	}
	/* CPU-time timers look at their clocks where the time is spent. */
	if (uk_preempt_cputimer_armed())
		ukplat_irq_divert(regs, preempt_cputimer);
}

void uk_preempt_tick_missed(void)
{
	struct uk_thread *t = uk_thread_current();

	/* Still in kernel code (a handler's syscall): the outer return. */
	if (__atomic_load_n(&t->preempt_off, __ATOMIC_RELAXED))
		return;
	__atomic_store_n(&t->tick_missed, false, __ATOMIC_RELAXED);
	/* Only a thread of the scheduler, with IRQs on, as a divert runs. */
	if (!uk_sched_in_thread() || ukplat_lcpu_irqs_disabled())
		return;
	if (preempt_slice_over(t))
		preempt_yield();
	else if (uk_preempt_cputimer_armed())
		preempt_cputimer();
}

int uk_preempt_cpu_start(void)
{
	unsigned long flags;
	int rc;

	if (!CONFIG_UK_PREEMPT)
		return 0;
	flags = ukplat_lcpu_save_irqf();
	rc = ukplat_tick_start(UK_PREEMPT_SLICE_NS, preempt_tick);
	ukplat_lcpu_restore_irqf(flags);
	if (rc < 0)
		uk_pr_warn("preempt: no tick on CPU %u (%d): its threads are "
			   "cooperative\n",
			   (unsigned int)ukplat_lcpu_idx(), rc);
	return rc;
}

/* The boot CPU runs threads from the start; its tick starts here. */
static int preempt_init(void)
{
	uk_preempt_cpu_start();
	return 0;
}
uk_late_initcall(preempt_init);
