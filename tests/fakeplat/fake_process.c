/*
 * What posix/process gives posix/event in the kernel, for host tests and
 * benchmarks that do not test it: no signals (a wait never gets one) and
 * one clock, the fake platform's monotonic clock, which CLOCK_REALTIME
 * equals, and which nothing sets (its watchers are never called). Tests of
 * the signal masks and of timerfd bring their own.
 */
#include <errno.h>
#include <time.h>
#include <uk/posix_clock.h>
#include <uk/sigwait.h>

int posix_sigwait_begin(const uint64_t *mask, uint64_t *saved)
{
	*saved = *mask;
	return 0;
}

void posix_sigwait_end(uint64_t saved __unused)
{
}

void posix_realtime_watch_add(struct posix_realtime_watch *w __unused)
{
}

void posix_realtime_watch_del(struct posix_realtime_watch *w __unused)
{
}

int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono)
{
	if (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME &&
	    clk != CLOCK_BOOTTIME)
		return -EINVAL;
	*mono = (__nsec)t;
	return 0;
}
