/* Sleeping: nanosleep and clock_nanosleep on core/sched (or spinning). */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <uk/cpu_relax.h>
#include <uk/plat/time.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

#define NSEC_PER_SEC 1000000000LL

static int sleep_check(const struct timespec *ts)
{
	if (!ts)
		return -EFAULT;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return 0;
}

/*
 * Sleeps until the monotonic deadline: on core/sched, where a signal
 * interrupts it (-EINTR, with the time left in *rem if rem is not NULL),
 * or spinning where there is no thread to block (see posix_can_block()).
 * Linux never restarts a sleep after a handler ran, SA_RESTART or not.
 */
static int sleep_until(__nsec deadline, struct timespec *rem)
{
	__nsec now, left;

	if (!posix_can_block()) {
		while (ukplat_monotonic_clock() < deadline)
			uk_cpu_relax();
		return 0;
	}
	if (!uk_sched_sleep_until_intr(deadline))
		return 0;
	if (rem) {
		now = ukplat_monotonic_clock();
		left = deadline > now ? deadline - now : 0;
		rem->tv_sec = (time_t)(left / NSEC_PER_SEC);
		rem->tv_nsec = (long)(left % NSEC_PER_SEC);
	}
	return -EINTR;
}

UK_SYSCALL_DEFINE(long, nanosleep, long, req, long, rem)
{
	const struct timespec *ts = (const struct timespec *)req;
	int rc = sleep_check(ts);

	if (rc)
		return rc;
	return sleep_until(ukplat_monotonic_clock() +
				   (__nsec)ts->tv_sec * NSEC_PER_SEC +
				   ts->tv_nsec,
			   (struct timespec *)rem);
}

/* rem is written only for a relative sleep, as on Linux. */
UK_SYSCALL_DEFINE(long, clock_nanosleep, long, clk, long, flags, long, req,
		  long, rem)
{
	const struct timespec *ts = (const struct timespec *)req;
	int64_t t;
	__nsec deadline;
	int rc;

	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	rc = sleep_check(ts);
	if (rc)
		return rc;
	t = ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	if (!(flags & TIMER_ABSTIME)) {
		/* Relative: only the clock's validity matters. */
		rc = posix_clock_to_monotonic(clk, 0, &deadline);
		if (rc)
			return rc;
		return sleep_until(ukplat_monotonic_clock() + (__nsec)t,
				   (struct timespec *)rem);
	}
	rc = posix_clock_to_monotonic(clk, t, &deadline);
	if (rc)
		return rc;
	return sleep_until(deadline, NULL);
}
