/* Timeouts of the event system calls as scheduler deadlines. */
#include <errno.h>
#include <uk/posix_clock.h>
#include <uk/thread.h>

#include "posix/event/event_impl.h"

#define NSEC_PER_MSEC 1000000ULL

/* now + ns, or 0 (no deadline) when that does not fit. */
static __nsec deadline_after(__nsec ns)
{
	__nsec now = uk_sched_now();

	return ns > ~(__nsec)0 - now ? 0 : now + ns;
}

__nsec posix_event_deadline_ms(int ms)
{
	if (ms < 0)
		return 0;
	if (ms == 0)
		return POSIX_EVENT_NOWAIT;
	return deadline_after((__nsec)ms * NSEC_PER_MSEC);
}

int posix_event_deadline_ts(const struct timespec *ts, __nsec *deadline)
{
	int64_t ns;

	if (!ts) {
		*deadline = 0;
		return 0;
	}
	if (!posix_timespec_valid(ts))
		return -EINVAL;
	if (!ts->tv_sec && !ts->tv_nsec) {
		*deadline = POSIX_EVENT_NOWAIT;
		return 0;
	}
	ns = posix_timespec_ns(ts);
	/* Saturated: a timeout that long is no deadline. */
	*deadline = ns == INT64_MAX ? 0 : deadline_after((__nsec)ns);
	return 0;
}

void posix_event_time_left(__nsec deadline, struct timespec *ts)
{
	__nsec now = uk_sched_now();
	__nsec left = deadline > now ? deadline - now : 0;

	*ts = posix_ns_timespec(left);
}
