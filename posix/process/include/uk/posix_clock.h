/* The POSIX clocks of posix/process, for timers in other libraries. */
#ifndef UK_POSIX_CLOCK_H
#define UK_POSIX_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/list.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Whether ts is a time or a duration the system calls take: tv_sec >= 0
 * and tv_nsec in [0, 1e9). They return -EINVAL for another.
 */
static inline bool posix_timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < (long)UK_NSEC_PER_SEC;
}

/*
 * A valid ts (see posix_timespec_valid) in ns, saturated at INT64_MAX
 * (292 years) where it does not fit, as Linux's timespec64_to_ns.
 */
static inline int64_t posix_timespec_ns(const struct timespec *ts)
{
	const int64_t sec = (int64_t)UK_NSEC_PER_SEC;

	if (ts->tv_sec > (INT64_MAX - ts->tv_nsec) / sec)
		return INT64_MAX;
	return (int64_t)ts->tv_sec * sec + ts->tv_nsec;
}

/* ns as a struct timespec. */
static inline struct timespec posix_ns_timespec(__nsec ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / UK_NSEC_PER_SEC);
	ts.tv_nsec = (long)(ns % UK_NSEC_PER_SEC);
	return ts;
}

/*
 * Converts a time t (ns) of clock clk (CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_BOOTTIME, CLOCK_TAI, the alarm clocks) to the monotonic timeline
 * (nanoseconds of ukplat_monotonic_clock()), clamped at 0. Returns 0, or
 * -EINVAL for another clock (the CPU-time clocks have no such time).
 */
int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono);

/*
 * A watcher of CLOCK_REALTIME: after a program sets the clock (moving it
 * by delta ns, not 0; negative: back), moved(w, delta) runs with the
 * watchers' spinlock held: it must not block, nor add or remove watchers;
 * it may arm <uk/timer.h> timers and wake threads.
 */
struct posix_realtime_watch {
	void (*moved)(struct posix_realtime_watch *w, int64_t delta);
	struct uk_list_head node;
	bool added; /* private */
};

/* Adds w unless it is added already. */
void posix_realtime_watch_add(struct posix_realtime_watch *w);

/*
 * Removes w if it is added. Once it returns, moved is not running for w:
 * w may be freed.
 */
void posix_realtime_watch_del(struct posix_realtime_watch *w);

#ifdef __cplusplus
}
#endif

#endif /* UK_POSIX_CLOCK_H */
