/*
 * Preemption control. A timer tick on each CPU that runs threads
 * (core/sched/preempt.c) preempts a thread that has run past its slice
 * while another thread is runnable, but only while the thread's
 * preempt_off depth is 0: kernel code never is preempted, so that the
 * kernel's short sections under spinlocks stay as on a cooperative
 * scheduler (a preempted lock holder would make a non-preemptible waiter
 * spin forever). Threads start at depth 1; the libc layer enables
 * preemption where application code starts (main, cloned threads), and
 * every entry into the kernel from application code (the syscall
 * dispatcher, malloc and friends) disables it until it returns.
 */
#ifndef UK_PREEMPT_H
#define UK_PREEMPT_H

#include <stdbool.h>
#include <uk/thread.h>

/* The time a thread runs before the tick may preempt it. */
#define UK_PREEMPT_SLICE_NS (10 * 1000 * 1000ULL)

/*
 * Nests: the calling thread is not preempted until as many
 * uk_preempt_enable() calls. Atomic, because code on a CPU that runs no
 * threads (an lcpu function calling malloc or a syscall) counts on the
 * thread uk_thread_current() names there: its +1 and -1 then never tear
 * that thread's own count.
 */
static inline void uk_preempt_disable(void)
{
	__atomic_fetch_add(&uk_thread_current()->preempt_off, 1,
			   __ATOMIC_SEQ_CST);
}

static inline void uk_preempt_enable(void)
{
	__atomic_fetch_sub(&uk_thread_current()->preempt_off, 1,
			   __ATOMIC_SEQ_CST);
}

/*
 * For the tick (IRQ context): wakes the sleepers whose deadline has
 * passed and says whether the running thread must give up its CPU:
 * another thread waits there and its slice is over, or its affinity no
 * longer allows that CPU (sched_setaffinity on a thread running on
 * another CPU, which would otherwise run on there while it does not
 * block). core/sched.
 */
bool uk_sched_want_preempt(bool slice_over);

/*
 * For the tick (IRQ context), whatever code it interrupted: wakes halted
 * CPUs for the threads queued behind the running one that they may run
 * (a thread a kernel thread woke and then went on; core/sched/runq.h).
 */
void uk_sched_balance(void);

/*
 * Starts the calling CPU's preemption tick (nothing when the image's
 * `preempt` setting is off). The boot CPU's starts at boot; a secondary
 * CPU calls it before it enters the scheduler (uk_sched_cpu_run()).
 * Returns 0 or the platform's negative errno (the CPU's threads then
 * stay cooperative, with a warning).
 */
int uk_preempt_cpu_start(void);

/*
 * Signals for threads that make no syscalls (the libc layer overrides
 * these weak defaults, which say "none"): the tick asks, from IRQ
 * context, whether the thread it interrupted in application code has a
 * signal due, and if so diverts it into uk_preempt_signal_deliver(),
 * which runs on the thread's stack with IRQs enabled and runs the
 * handlers as the syscall-return path does.
 */
bool uk_preempt_signal_due(void);
void uk_preempt_signal_deliver(void);

/*
 * CPU-time timers (the libc layer overrides these weak defaults, which
 * say "none"): a tick that does not preempt the thread it interrupted in
 * application code asks, from IRQ context, whether any is armed (one
 * counter load), and if so diverts the thread into
 * uk_preempt_cputimer_check(), on its stack with IRQs enabled, which
 * looks at their clocks where that CPU time is spent, rather than wait
 * for the timer thread to get a CPU from the busy threads.
 */
bool uk_preempt_cputimer_armed(void);
void uk_preempt_cputimer_check(void);

/*
 * What a tick that landed in kernel code could not do: the syscall
 * dispatcher calls this on its way back to application code, preemption
 * enabled again, when the thread's tick_missed flag is set. It preempts
 * the thread if its slice is over and another waits, else has it take
 * the CPU-time timers' due looks, as that tick would have: a thread that
 * spends nearly all its time in syscalls (a loop on clock_gettime) is
 * otherwise seldom interrupted in application code, and neither
 * preempted nor its CPU-time timers looked at.
 */
void uk_preempt_tick_missed(void);

/* Threads preempted by the tick since boot (all CPUs). */
unsigned long uk_preempt_count(void);

#endif /* UK_PREEMPT_H */
