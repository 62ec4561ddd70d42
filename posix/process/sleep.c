/*
 * Sleeping: nanosleep and clock_nanosleep on core/sched (or spinning).
 * A sleep on a CPU-time clock looks at the clock when it could first
 * have reached the deadline, and at least every CPUSLEEP_POLL_NS (see
 * cputimer.h): it ends within that much wall time of the deadline, busy
 * or idle.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <uk/cpu_relax.h>
#include <uk/plat/time.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "cputimer.h"
#include "process_impl.h"

#define CPUSLEEP_POLL_NS (10 * 1000 * 1000ULL)
#define CPUSLEEP_FLOOR_NS (1000 * 1000ULL)

static int sleep_check(const struct timespec *ts)
{
	if (!ts)
		return -EFAULT;
	return posix_timespec_valid(ts) ? 0 : -EINVAL;
}

/*
 * Sleeps until the monotonic deadline: on core/sched, where a signal
 * interrupts it (-EINTR, with the time left in *rem if rem is not NULL),
 * or spinning where there is no thread to block (see posix_can_block()).
 * Linux never restarts a sleep after a handler ran, SA_RESTART or not.
 */
static int sleep_until(__nsec deadline, struct timespec *rem)
{
	__nsec now;

	if (!posix_can_block()) {
		while (ukplat_monotonic_clock() < deadline)
			uk_cpu_relax();
		return 0;
	}
	if (!uk_sched_sleep_until_intr(deadline))
		return 0;
	if (rem) {
		now = ukplat_monotonic_clock();
		*rem = posix_ns_timespec(deadline > now ? deadline - now : 0);
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
				   (__nsec)posix_timespec_ns(ts),
			   (struct timespec *)rem);
}

/*
 * Sleeps until CPU clock clk reads t (relative: t from now). Linux lets
 * no thread sleep on its own CPU clock (EINVAL); rem as for other clocks.
 */
static int sleep_cpu(long clk, bool abs, __nsec t, struct timespec *rem)
{
	unsigned int ncpus = 1;
	__nsec now, deadline;
	int rc, tid;

	rc = posix_cpuclock_owner(clk, &tid);
	if (rc)
		return rc;
	if (clk == CLOCK_THREAD_CPUTIME_ID ||
	    tid == posix_thread_current()->tid)
		return -EINVAL;
	if (!tid)
		ncpus = (unsigned int)__builtin_popcountl(uk_sched_cpus());
	rc = posix_cpuclock_read(tid, &now);
	if (rc)
		return rc;
	deadline = abs ? t : now + t;
	while (now < deadline) {
		rc = sleep_until(
			ukplat_monotonic_clock() +
				posix_cputimer_poll_delay(deadline - now, ncpus,
							  CPUSLEEP_FLOOR_NS,
							  CPUSLEEP_POLL_NS),
			NULL);
		if (rc) {
			if (posix_cpuclock_read(tid, &now) || now > deadline)
				now = deadline;
			if (rem && !abs)
				*rem = posix_ns_timespec(deadline - now);
			return rc;
		}
		/* The thread ended: its clock reads no more, as on Linux. */
		rc = posix_cpuclock_read(tid, &now);
		if (rc)
			return rc;
	}
	return 0;
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
	t = posix_timespec_ns(ts);
	if (posix_clock_is_cpu(clk))
		return sleep_cpu(clk, flags & TIMER_ABSTIME, (__nsec)t,
				 (struct timespec *)rem);
	if (!(flags & TIMER_ABSTIME)) {
		/* Relative: only the clock's validity matters. */
		rc = posix_clock_to_monotonic(clk, 0, &deadline);
		if (rc)
			return rc;
		return sleep_until(ukplat_monotonic_clock() + (__nsec)t,
				   (struct timespec *)rem);
	}
	/* It follows clock_settime, as on Linux. */
	if (posix_clock_is_realtime(clk) && posix_can_block())
		return posix_realtime_sleep(clk, t);
	rc = posix_clock_to_monotonic(clk, t, &deadline);
	if (rc)
		return rc;
	return sleep_until(deadline, NULL);
}
