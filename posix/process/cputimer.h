/*
 * The arithmetic of CPU-time timers and sleeps (timer.c, sleep.c, time.c):
 * pure logic, tested on the host.
 *
 * CPU time advances at most as fast as the monotonic clock times the CPUs
 * that run threads (one CPU for a thread's clock), so a deadline left ns
 * of CPU time away is not reached before left / ncpus ns: the next look
 * at the clock is then, or sooner (cap), in case the threads were idle
 * and start running.
 */
#ifndef POSIX_PROCESS_CPUTIMER_H
#define POSIX_PROCESS_CPUTIMER_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Expirations of a timer at CPU time now: 0 before *deadline (or if it
 * is 0, disarmed); else their number, and *deadline moves to the next
 * one after now (interval ns apart), or to 0 for a one-shot timer.
 */
uint64_t posix_cputimer_expire(uint64_t *deadline, uint64_t interval,
			       uint64_t now);

/*
 * Monotonic ns until the next look at a CPU clock whose deadline is left
 * ns of CPU time away, on ncpus CPUs: left / ncpus, but at least floor
 * (or left, if less: one thread busy reaches it then), so that a few
 * looks suffice rather than ever smaller halvings, and at most cap.
 */
uint64_t posix_cputimer_poll_delay(uint64_t left, unsigned int ncpus,
				   uint64_t floor, uint64_t cap);

/*
 * Linux's encoding of the clock of a process or thread (musl's
 * clock_getcpuclockid, pthread_getcpuclockid): a negative id, ~(clk >> 3)
 * the pid or tid (0: the caller), bit 2 set for a thread, bits 0-1 the
 * kind (0 PROF, 1 VIRT, 2 SCHED; 3 is invalid). Returns 0 with the id
 * and whether it names a thread, or -EINVAL if clk is not such a clock.
 */
int posix_cpuclock_decode(long clk, int *id, bool *perthread);

#ifdef __cplusplus
}
#endif

#endif /* POSIX_PROCESS_CPUTIMER_H */
