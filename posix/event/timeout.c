/* Timeouts of the event system calls as scheduler deadlines. */
#include <errno.h>
#include <uk/thread.h>

#include "posix/event/event_impl.h"

#define NSEC_PER_SEC 1000000000ULL
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
	if (!ts) {
		*deadline = 0;
		return 0;
	}
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 ||
	    (unsigned long)ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (!ts->tv_sec && !ts->tv_nsec) {
		*deadline = POSIX_EVENT_NOWAIT;
		return 0;
	}
	if ((__nsec)ts->tv_sec >
	    (~(__nsec)0 - (__nsec)ts->tv_nsec) / NSEC_PER_SEC) {
		*deadline = 0;
		return 0;
	}
	*deadline = deadline_after((__nsec)ts->tv_sec * NSEC_PER_SEC +
				   (__nsec)ts->tv_nsec);
	return 0;
}

void posix_event_time_left(__nsec deadline, struct timespec *ts)
{
	__nsec now = uk_sched_now();
	__nsec left = deadline > now ? deadline - now : 0;

	ts->tv_sec = (time_t)(left / NSEC_PER_SEC);
	ts->tv_nsec = (long)(left % NSEC_PER_SEC);
}
