/* The POSIX clocks of posix/process, for timers in other libraries. */
#ifndef UK_POSIX_CLOCK_H
#define UK_POSIX_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/list.h>

#ifdef __cplusplus
extern "C" {
#endif

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
