/*
 * Clocks: clock_gettime, clock_getres, clock_settime, gettimeofday and
 * settimeofday on the platform's monotonic clock.
 *
 * CLOCK_REALTIME starts at boot from the platform's real-time clock
 * (ukplat_rtc_read), or at a fixed time, POSIX_REALTIME_BOOT
 * (2022-01-01T00:00:00Z), without one, and runs from there with the
 * monotonic clock until clock_settime/settimeofday sets it. The RTC counts
 * whole seconds, so at boot the clock is up to a second behind; a
 * short-lived thread, "rtc-edge", then watches the RTC's next
 * RTC_EDGE_COUNT changes (time_rtc_edge_main) and moves the clock forward
 * to the time the platform gives them (ukplat_rtc_edge): the host's time
 * to within the reads' delay where the platform can place the changes.
 * Waiting for a change at boot would cost up to a second of boot time;
 * the thread costs a thread creation and a few hundred short wake-ups.
 * CLOCK_TAI is CLOCK_REALTIME (no leap second table).
 * CLOCK_PROCESS_CPUTIME_ID is the time the scheduler's CPUs ran threads (the
 * process is alone on the machine), CLOCK_THREAD_CPUTIME_ID the calling
 * thread's own CPU time (core/sched); musl's clock_getcpuclockid and
 * pthread_getcpuclockid clocks (Linux's negative ids) read the same.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <uk/init.h>
#include <uk/plat/rtc.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <uk/process.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include "cputimer.h"
#include "process_impl.h"

#define POSIX_REALTIME_BOOT 1640995200LL /* 2022-01-01T00:00:00Z */
#define NSEC_PER_SEC 1000000000LL
#define NSEC_PER_USEC 1000LL
/* Linux's limit for setting the clock (include/linux/time64.h). */
#define TIME_SETTOD_SEC_MAX                                                   \
	(INT64_MAX / NSEC_PER_SEC - 30LL * 365 * 24 * 3600)
/* settimeofday's time zone: at most 15 hours from UTC, as on Linux. */
#define TIME_TZ_MINUTES_MAX (15 * 60)
/* rtc-edge: changes watched, poll interval, early wake-up, give-up time. */
#define RTC_EDGE_COUNT 8
#define RTC_EDGE_POLL_NS 1000000LL
#define RTC_EDGE_EARLY_NS 20000000LL
#define RTC_EDGE_GIVE_UP_NS (3 * NSEC_PER_SEC / 2)

/* Linux clock ids without a <time.h> name in musl. */
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9

/* CLOCK_REALTIME minus the monotonic clock, in nanoseconds. */
static int64_t time_realtime_offset = POSIX_REALTIME_BOOT * NSEC_PER_SEC;
/* Set once a program has set CLOCK_REALTIME: rtc-edge leaves it alone. */
static bool time_realtime_set;
/* Bumped whenever a program sets it: absolute sleeps on it wait here. */
static unsigned long time_realtime_gen;
static struct uk_waitq time_realtime_wq = UK_WAITQ_INIT(time_realtime_wq);
/* The watchers (<uk/posix_clock.h>), under time_watch_lock. */
static struct uk_spinlock time_watch_lock = UK_SPINLOCK_INITIALIZER;
static struct uk_list_head time_watches = UK_LIST_HEAD_INIT(time_watches);

/*
 * The clock's offset from the monotonic timeline; -EINVAL if unknown. The
 * CPU-time clocks have none: they run only while threads do.
 */
static int time_clock_offset(long clk, int64_t *off)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*off = __atomic_load_n(&time_realtime_offset, __ATOMIC_RELAXED);
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*off = 0;
		return 0;
	default:
		return -EINVAL;
	}
}

int posix_cpuclock_owner(long clk, int *tid)
{
	bool perthread;
	int id;

	if (clk == CLOCK_PROCESS_CPUTIME_ID) {
		*tid = 0;
		return 0;
	}
	if (clk == CLOCK_THREAD_CPUTIME_ID) {
		*tid = posix_thread_current()->tid;
		return 0;
	}
	if (posix_cpuclock_decode(clk, &id, &perthread))
		return -EINVAL;
	if (!perthread)
		/* One process: pid 0 (the caller) or its own. */
		return id == 0 || id == UK_PROCESS_PID ? (*tid = 0, 0) :
							 -EINVAL;
	if (!id)
		id = posix_thread_current()->tid;
	else if (!posix_thread_find(id))
		return -EINVAL;
	*tid = id;
	return 0;
}

struct time_cpu_read {
	int tid;
	__nsec ns;
};

/* Under the thread list's lock: the thread cannot be freed meanwhile. */
static int time_thread_cpu(struct posix_thread *rec, void *arg)
{
	struct time_cpu_read *r = arg;

	if (rec->tid != r->tid)
		return 0;
	/* A new thread's record is live before its thread starts. */
	r->ns = rec->thread ? uk_thread_cpu_time(rec->thread) : 0;
	return 1;
}

int posix_cpuclock_read(int tid, __nsec *now)
{
	struct time_cpu_read r = { .tid = tid };

	if (!tid) {
		*now = uk_sched_busy_time();
		return 0;
	}
	if (!posix_thread_foreach(time_thread_cpu, &r))
		return -EINVAL;
	*now = r.ns;
	return 0;
}

/* The current time of clock clk; -EINVAL if unknown. */
static int time_clock_now(long clk, int64_t *now)
{
	__nsec cpu = 0;
	int64_t off;
	int rc, tid;

	if (posix_clock_is_cpu(clk)) {
		rc = posix_cpuclock_owner(clk, &tid);
		if (!rc)
			rc = posix_cpuclock_read(tid, &cpu);
		*now = (int64_t)cpu;
		return rc;
	}
	rc = time_clock_offset(clk, &off);
	if (rc)
		return rc;
	*now = (int64_t)uk_sched_now() + off;
	return 0;
}

/* The CPU-time clocks have no place on it: timer.c and sleep.c poll them. */
int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono)
{
	int64_t off;

	if (time_clock_offset(clk, &off))
		return -EINVAL;
	*mono = t > off ? (__nsec)(t - off) : 0;
	return 0;
}

UK_SYSCALL_DEFINE(long, clock_gettime, long, clk, long, ts)
{
	struct timespec *out = (struct timespec *)ts;
	int64_t now;
	int rc;

	rc = time_clock_now(clk, &now);
	if (rc)
		return rc;
	if (!out)
		return -EFAULT;
	out->tv_sec = now / NSEC_PER_SEC;
	out->tv_nsec = now % NSEC_PER_SEC;
	return 0;
}

/*
 * The platform clocks count nanoseconds (the TSC and the arm64 generic
 * timer are scaled to them): report 1 ns, as Linux does for hrtimers.
 */
UK_SYSCALL_DEFINE(long, clock_getres, long, clk, long, ts)
{
	struct timespec *out = (struct timespec *)ts;
	int64_t now;
	int rc;

	rc = time_clock_now(clk, &now);
	if (rc)
		return rc;
	if (out) {
		out->tv_sec = 0;
		out->tv_nsec = 1;
	}
	return 0;
}

static void time_set_offset(int64_t ns)
{
	__atomic_store_n(&time_realtime_offset, ns - (int64_t)uk_sched_now(),
			 __ATOMIC_RELAXED);
}

/*
 * A program sets the clock to sec seconds and nsec nanoseconds (both
 * already checked non-negative, nsec below a second): absolute
 * CLOCK_REALTIME timers and sleeps follow it, as on Linux (re-armed for
 * the same time on the new clock). Returns -EINVAL, changing nothing, for
 * a time Linux refuses too (do_settimeofday64): from TIME_SETTOD_SEC_MAX
 * on, which leaves 30 years of uptime before the nanosecond count
 * overflows, or before the monotonic clock (a boot time in the future).
 */
static int time_set_realtime(int64_t sec, int64_t nsec)
{
	int64_t old = __atomic_load_n(&time_realtime_offset, __ATOMIC_RELAXED);
	struct posix_realtime_watch *w;
	int64_t ns, delta;

	if (sec >= TIME_SETTOD_SEC_MAX)
		return -EINVAL;
	ns = sec * NSEC_PER_SEC + nsec;
	if (ns < (int64_t)uk_sched_now())
		return -EINVAL;
	__atomic_store_n(&time_realtime_set, true, __ATOMIC_SEQ_CST);
	time_set_offset(ns);
	delta = __atomic_load_n(&time_realtime_offset, __ATOMIC_RELAXED) - old;
	posix_timer_realtime_moved(delta);
	if (delta) {
		uk_spin_lock(&time_watch_lock);
		uk_list_for_each_entry(w, &time_watches, node)
			w->moved(w, delta);
		uk_spin_unlock(&time_watch_lock);
	}
	__atomic_add_fetch(&time_realtime_gen, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&time_realtime_wq);
	return 0;
}

void posix_realtime_watch_add(struct posix_realtime_watch *w)
{
	uk_spin_lock(&time_watch_lock);
	if (!w->added)
		uk_list_add_tail(&w->node, &time_watches);
	w->added = true;
	uk_spin_unlock(&time_watch_lock);
}

void posix_realtime_watch_del(struct posix_realtime_watch *w)
{
	uk_spin_lock(&time_watch_lock);
	if (w->added)
		uk_list_del(&w->node);
	w->added = false;
	uk_spin_unlock(&time_watch_lock);
}

int posix_realtime_sleep(long clk, int64_t t)
{
	unsigned long gen;
	__nsec deadline;
	int rc;

	for (;;) {
		gen = __atomic_load_n(&time_realtime_gen, __ATOMIC_ACQUIRE);
		rc = posix_clock_to_monotonic(clk, t, &deadline);
		if (rc)
			return rc;
		if (deadline <= uk_sched_now())
			return 0;
		rc = uk_waitq_wait_event_deadline_intr(
			&time_realtime_wq,
			__atomic_load_n(&time_realtime_gen, __ATOMIC_ACQUIRE) !=
				gen,
			deadline);
		if (rc == -ETIMEDOUT)
			return 0;
		if (rc)
			return rc;
	}
}

/* Only CLOCK_REALTIME can be set, as on Linux. */
UK_SYSCALL_DEFINE(long, clock_settime, long, clk, long, ts)
{
	const struct timespec *in = (const struct timespec *)ts;

	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	if (!in)
		return -EFAULT;
	if (!posix_timespec_valid(in))
		return -EINVAL;
	return time_set_realtime(in->tv_sec, in->tv_nsec);
}

/* The time zone is always UTC. */
UK_SYSCALL_DEFINE(long, gettimeofday, long, tv, long, tz)
{
	struct timeval *out = (struct timeval *)tv;
	struct timezone *zone = (struct timezone *)tz;
	int64_t now;

	if (out) {
		now = (int64_t)uk_sched_now() +
		      __atomic_load_n(&time_realtime_offset, __ATOMIC_RELAXED);
		out->tv_sec = now / NSEC_PER_SEC;
		out->tv_usec = now % NSEC_PER_SEC / NSEC_PER_USEC;
	}
	if (zone) {
		zone->tz_minuteswest = 0;
		zone->tz_dsttime = 0;
	}
	return 0;
}

/* A time zone is checked as Linux checks it, then ignored: it stays UTC. */
UK_SYSCALL_DEFINE(long, settimeofday, long, tv, long, tz)
{
	const struct timeval *in = (const struct timeval *)tv;
	const struct timezone *zone = (const struct timezone *)tz;

	if (in && (in->tv_sec < 0 || in->tv_usec < 0 ||
		   in->tv_usec >= 1000000))
		return -EINVAL;
	if (zone && (zone->tz_minuteswest > TIME_TZ_MINUTES_MAX ||
		     zone->tz_minuteswest < -TIME_TZ_MINUTES_MAX))
		return -EINVAL;
	if (!in)
		return 0;
	return time_set_realtime(in->tv_sec, in->tv_usec * NSEC_PER_USEC);
}

/*
 * Moves CLOCK_REALTIME forward to offset, unless a program has set the
 * clock or it is already ahead of that. Returns false once a program has
 * set it.
 */
static bool time_realtime_advance(int64_t offset)
{
	int64_t off = __atomic_load_n(&time_realtime_offset, __ATOMIC_SEQ_CST);

	do {
		if (__atomic_load_n(&time_realtime_set, __ATOMIC_SEQ_CST))
			return false;
		if (offset <= off)
			return true;
	} while (!__atomic_compare_exchange_n(&time_realtime_offset, &off,
					      offset, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return true;
}

/*
 * Watches RTC_EDGE_COUNT changes of the RTC's count and moves the clock
 * forward to the time ukplat_rtc_edge gives each, taken when the new count
 * was read: each is late by the read's delay after the change (the guest
 * may not run for a while on a loaded host), and the latest wins. Polls
 * every RTC_EDGE_POLL_NS until the first change, then sleeps until
 * RTC_EDGE_EARLY_NS before the next one is due (a second after the last
 * read of the old count). It reads the first count itself: the change may
 * have come before the thread first ran.
 */
static void time_rtc_edge_main(void *arg __unused)
{
	int64_t count, value, ns, seen, now;
	__nsec start;
	int i;

	if (ukplat_rtc_read(&count))
		return;
	seen = (int64_t)uk_sched_now();
	if (ukplat_rtc_edge(count, (uint64_t)seen, &ns))
		return;
	for (i = 0; i < RTC_EDGE_COUNT; i++) {
		start = uk_sched_now();
		do {
			uk_sched_sleep_ns(RTC_EDGE_POLL_NS);
			if (ukplat_rtc_read(&value))
				return;
			now = (int64_t)uk_sched_now();
			if (now - (int64_t)start > RTC_EDGE_GIVE_UP_NS)
				return;
			if (value == count)
				seen = now;
		} while (value == count);
		if (ukplat_rtc_edge(value, (uint64_t)now, &ns) ||
		    !time_realtime_advance(ns - now))
			return;
		count = value;
		uk_sched_sleep_until(
			(__nsec)(seen + NSEC_PER_SEC - RTC_EDGE_EARLY_NS));
	}
	/* A readiness line for tests that compare the clock with the host's. */
	uk_pr_info("realtime: placed on %d changes of the RTC\n",
		   RTC_EDGE_COUNT);
}

/* The wall-clock time of the hardware clock, where there is one. */
static int time_realtime_init(void)
{
	struct uk_thread *t;
	int64_t sec;

	if (ukplat_rtc_read(&sec))
		return 0;
	time_set_offset(sec * NSEC_PER_SEC);
	t = uk_thread_create("rtc-edge", time_rtc_edge_main, NULL, 0);
	if (!UK_PTRISERR(t))
		uk_thread_detach(t);
	return 0;
}
uk_lib_initcall(time_realtime_init);
