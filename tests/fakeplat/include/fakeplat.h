/*
 * Fake platform for host unit tests: thread contexts on ucontext, a
 * monotonic clock that only moves when a test (or an idle halt) moves it,
 * and IRQ-state calls that only keep a flag.
 */
#ifndef FAKEPLAT_H
#define FAKEPLAT_H

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
 * Guard pages (<uk/plat/paging.h>): how many are guarded now, the last
 * one guarded, and a negative errno for ukplat_page_guard() to return
 * instead of succeeding (0: succeed).
 */
extern unsigned long fakeplat_guarded;
extern uintptr_t fakeplat_last_guard;
extern int fakeplat_guard_result;

#ifdef __cplusplus
}
#endif

#endif /* FAKEPLAT_H */
