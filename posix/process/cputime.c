/*
 * CPU time of the process and its threads: getrusage and times, from the
 * scheduler's accounting (core/sched). Everything runs in one privilege
 * level, so all CPU time counts as user time; there are no children.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <uk/thread.h>

#define NSEC_PER_USEC 1000ULL
#define USEC_PER_SEC 1000000ULL
/* musl's sysconf(_SC_CLK_TCK), Linux's USER_HZ. */
#define CPUTIME_CLK_TCK 100ULL
#define NSEC_PER_TICK (1000000000ULL / CPUTIME_CLK_TCK)

static struct timeval cputime_tv(__nsec ns)
{
	unsigned long long us = ns / NSEC_PER_USEC;

	return (struct timeval){
		.tv_sec = (time_t)(us / USEC_PER_SEC),
		.tv_usec = (suseconds_t)(us % USEC_PER_SEC),
	};
}

/*
 * RUSAGE_SELF: the CPU time of every thread and the heap's high-water mark
 * as the resident set; RUSAGE_THREAD: the caller's CPU time;
 * RUSAGE_CHILDREN: zero (there are none).
 */
UK_SYSCALL_DEFINE(int, getrusage, int, who, struct rusage *, ru)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats st;

	if (who != RUSAGE_SELF && who != RUSAGE_THREAD &&
	    who != RUSAGE_CHILDREN)
		return -EINVAL;
	if (!ru)
		return -EFAULT;
	memset(ru, 0, sizeof(*ru));
	if (who == RUSAGE_CHILDREN)
		return 0;
	if (who == RUSAGE_THREAD) {
		ru->ru_utime =
			cputime_tv(uk_thread_cpu_time(uk_thread_current()));
		return 0;
	}
	ru->ru_utime = cputime_tv(uk_sched_busy_time());
	if (a) {
		uk_alloc_stats_get(a, &st);
		ru->ru_maxrss = (long)(st.max_bytes / 1024); /* in KiB */
	}
	return 0;
}

/*
 * The process's CPU time in clock ticks; returns the ticks since boot (an
 * arbitrary point in the past, as Linux's).
 */
UK_SYSCALL_DEFINE(clock_t, times, struct tms *, buf)
{
	if (buf) {
		memset(buf, 0, sizeof(*buf));
		buf->tms_utime =
			(clock_t)(uk_sched_busy_time() / NSEC_PER_TICK);
	}
	return (clock_t)(uk_sched_now() / NSEC_PER_TICK);
}
