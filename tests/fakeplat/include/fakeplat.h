/*
 * Fake platform for host unit tests: thread contexts on ucontext, a
 * monotonic clock that only moves when a test (or an idle halt) moves it,
 * and IRQ-state calls that only keep a flag.
 */
#ifndef FAKEPLAT_H
#define FAKEPLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fake clock. Halting with a deadline jumps the clock to it. */
extern __nsec fakeplat_now;

/* Number of ukplat_lcpu_halt_to() calls (idle periods) so far. */
extern unsigned long fakeplat_halts;

/*
 * Called when the scheduler halts with no deadline and nothing runnable:
 * on the host that is a deadlock, so the default aborts the test.
 */
extern void (*fakeplat_deadlock_hook)(void);

/*
 * Simulated CPUs, all on the host thread that runs the test: CPU 0 runs
 * the test; fakeplat_cpu_start(cpu, ...) runs entry (e.g.
 * uk_sched_cpu_run) as CPU cpu until that CPU halts. A halted secondary
 * CPU runs again when the boot CPU halts and the secondary has a wake-up
 * IPI pending or its halt deadline passed, or when fakeplat_cpu_resume()
 * says so; its halt then returns to the CPU that resumed it.
 * ukplat_lcpu_idx() is fakeplat_cpu (a test may set it while no other
 * CPU is started); fakeplat_ipis counts the wake-up IPIs sent to each.
 */
#define FAKEPLAT_MAXCPUS 8
extern unsigned int fakeplat_cpu;
extern unsigned long fakeplat_ipis[FAKEPLAT_MAXCPUS];
void fakeplat_cpu_start(unsigned int cpu, void *stack, size_t size,
			void (*entry)(void));
void fakeplat_cpu_resume(unsigned int cpu);
/* Whether a wake-up IPI for CPU cpu is not yet taken by its halt. */
bool fakeplat_cpu_pending(unsigned int cpu);

/*
 * Guard pages (<uk/plat/paging.h>): how many are guarded now, the last
 * one guarded, and a negative errno for ukplat_page_guard() to return
 * instead of succeeding (0: succeed); the calls of ukplat_page_guard_n()
 * (each guards its pages through ukplat_page_guard()).
 */
extern unsigned long fakeplat_guarded;
extern unsigned long fakeplat_guard_runs;
extern uintptr_t fakeplat_last_guard;
extern int fakeplat_guard_result;

#ifdef __cplusplus
}
#endif

#endif /* FAKEPLAT_H */
