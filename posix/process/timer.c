/*
 * POSIX timers (timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete) and the interval timers (setitimer,
 * getitimer; musl's alarm() is setitimer), on <uk/timer.h>. An
 * expiration sends the timer's signal (SIGEV_SIGNAL: to the process,
 * SIGEV_THREAD_ID: to one thread, which is how musl builds SIGEV_THREAD;
 * SIGEV_NONE: nothing); while that signal is still pending, further
 * expirations count as overruns.
 *
 * Deadlines are monotonic times: an absolute CLOCK_REALTIME time is
 * converted when the timer is set, and again whenever a program sets the
 * clock (posix_timer_realtime_moved), so that it expires at that time of
 * the clock, as on Linux.
 *
 * CPU-time timers (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, the
 * clocks of clock_getcpuclockid and pthread_getcpuclockid; ITIMER_VIRTUAL
 * and ITIMER_PROF, which count the CPU time of all threads: everything
 * runs in one privilege level, so user time is all CPU time and both
 * count the same) keep a deadline in CPU time. Their <uk/timer.h> timer
 * looks at the clock no later than the deadline could first be reached
 * (cputimer.h: the time left over the CPUs that run threads), and at
 * least every CPUTIMER_POLL_NS while armed, so that an expiry comes at
 * most that much wall time late; an idle process costs one short wake-up
 * per CPUTIMER_POLL_NS per armed timer, and nothing without one. While
 * any is armed, the preemption tick also has the busy thread it
 * interrupts take the looks that are due (uk_preempt_cputimer_check),
 * without waiting for the timer thread to get a CPU.
 * timer_lock guards the table; the timers' callbacks run under
 * <uk/timer.h>'s lock and only send signals.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <uk/alloc.h>
#include <uk/preempt.h>
#include <uk/process.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/timer.h>
#include "cputimer.h"
#include "process_impl.h"

#define NSEC_PER_USEC 1000ULL
/* Linux's si_code of a timer's signal, and SIGEV_THREAD_ID. */
#define TIMER_SI_TIMER (-2)
#define TIMER_SIGEV_THREAD_ID 4
/* Timer ids are indexes in this table. */
#define TIMER_MAX 256
/*
 * The longest wait between two looks at the clock of a CPU-time timer,
 * and the shortest unless the deadline is nearer (cputimer.h).
 */
#define CPUTIMER_POLL_NS (10 * 1000 * 1000ULL)
#define CPUTIMER_FLOOR_NS (1000 * 1000ULL)

/* Linux's struct sigevent as the syscall takes it (musl's ksigevent). */
struct timer_ksigevent {
	union sigval value;
	int signo;
	int notify;
	int tid;
};

struct posix_timer {
	struct uk_timer timer;
	clockid_t clock;
	int id;
	int signo;
	int notify;
	int tid; /* SIGEV_THREAD_ID's thread, 0: the process */
	long value;
	int overrun; /* overruns of the signal sent last */
	int last_overrun; /* those of the one delivered before it */
	bool abs_realtime; /* armed for an absolute CLOCK_REALTIME time */
	bool cpu; /* on a CPU-time clock: */
	bool cpu_counted; /* set with a time: counts in timer_cpu_armed */
	int cpu_tid; /* its owner (posix_cpuclock_read) */
	__nsec cpu_deadline; /* CPU time of the next expiry, 0: disarmed */
	__nsec cpu_interval;
};

static struct posix_timer *timer_table[TIMER_MAX];
static struct uk_spinlock timer_lock = UK_SPINLOCK_INITIALIZER;

/* The ITIMER_REAL timer (SIGALRM to the process) and the two CPU ones. */
static struct posix_timer timer_real = {
	.clock = CLOCK_MONOTONIC,
	.id = -1,
	.signo = SIGALRM,
	.notify = SIGEV_SIGNAL,
};
/*
 * CPU-time timers set with a time and not since disarmed by a setting or
 * deleted (one-shots that expired still count): while there are any, the
 * preemption tick has busy threads look at their clocks. timer_lock.
 */
static unsigned int timer_cpu_armed;

static void timer_cpu_poll(struct uk_timer *ut, uint64_t n);
static struct posix_timer timer_virtual = {
	.timer = { .fn = timer_cpu_poll },
	.clock = CLOCK_PROCESS_CPUTIME_ID,
	.id = -1,
	.signo = SIGVTALRM,
	.notify = SIGEV_SIGNAL,
	.cpu = true,
};
static struct posix_timer timer_prof = {
	.timer = { .fn = timer_cpu_poll },
	.clock = CLOCK_PROCESS_CPUTIME_ID,
	.id = -1,
	.signo = SIGPROF,
	.notify = SIGEV_SIGNAL,
	.cpu = true,
};

static int timer_pending(struct posix_thread *rec, void *arg)
{
	struct posix_timer *t = arg;
	const uint64_t *set =
		t->tid ? &rec->pend.set : &posix_signal_shared.set;

	return (!t->tid || rec->tid == t->tid) &&
	       (__atomic_load_n(set, __ATOMIC_ACQUIRE) &
		(1ULL << (t->signo - 1)));
}

/*
 * An expiration: the signal, unless the one sent last is still pending;
 * then it counts as an overrun of that signal (Linux counts them until
 * the signal is delivered).
 */
static void timer_notify(struct posix_timer *t, uint64_t n)
{
	if (t->notify == SIGEV_NONE)
		return;
	if (posix_thread_foreach(timer_pending, t)) {
		t->overrun += (int)n;
		return;
	}
	t->last_overrun = t->overrun;
	t->overrun = (int)n - 1;
	posix_signal_queue(t->tid, t->signo, TIMER_SI_TIMER, t->value);
}

static void timer_fire(struct uk_timer *ut, uint64_t n)
{
	timer_notify(uk_container_of(ut, struct posix_timer, timer), n);
}

static unsigned int timer_cpu_ncpus(struct posix_timer *t)
{
	return t->cpu_tid ? 1 :
			    (unsigned int)__builtin_popcountl(uk_sched_cpus());
}

/* Arms t's look at its clock, at CPU time now. */
static __nsec timer_cpu_next(struct posix_timer *t, __nsec now)
{
	__nsec left = t->cpu_deadline > now ? t->cpu_deadline - now : 0;

	return uk_sched_now() +
	       posix_cputimer_poll_delay(left, timer_cpu_ncpus(t),
					 CPUTIMER_FLOOR_NS, CPUTIMER_POLL_NS);
}

/*
 * A look at a CPU-time timer's clock: its expirations if due, then the
 * next look while it stays armed. A thread's timer stops with the thread.
 */
static void timer_cpu_poll(struct uk_timer *ut, uint64_t n __unused)
{
	struct posix_timer *t = uk_container_of(ut, struct posix_timer, timer);
	__nsec now, deadline = t->cpu_deadline;
	uint64_t due;

	if (posix_cpuclock_read(t->cpu_tid, &now)) {
		__atomic_store_n(&t->cpu_deadline, 0, __ATOMIC_RELAXED);
		return;
	}
	due = posix_cputimer_expire(&deadline, t->cpu_interval, now);
	__atomic_store_n(&t->cpu_deadline, deadline, __ATOMIC_RELAXED);
	if (due)
		timer_notify(t, due);
	if (deadline)
		uk_timer_rearm_locked(ut, timer_cpu_next(t, now));
}

/* The clocks a sleep can be timed on, and the CPU clocks (their owner). */
static int timer_clock_ok(clockid_t clk, int *cpu_tid)
{
	__nsec mono;

	if (posix_clock_is_cpu(clk))
		return posix_cpuclock_owner(clk, cpu_tid);
	return posix_clock_to_monotonic(clk, 0, &mono);
}

UK_SYSCALL_DEFINE(int, timer_create, clockid_t, clk,
		  const struct timer_ksigevent *, sev, int *, id)
{
	struct posix_timer *t;
	int rc, i, cpu_tid = 0;

	rc = timer_clock_ok(clk, &cpu_tid);
	if (rc)
		return rc;
	if (!id)
		return -EFAULT;
	if (sev) {
		switch (sev->notify) {
		case SIGEV_NONE:
			break;
		case TIMER_SIGEV_THREAD_ID:
			if (sev->tid <= 0 || !posix_thread_find(sev->tid))
				return -EINVAL;
			/* fallthrough */
		case SIGEV_SIGNAL:
			if (sev->signo < 1 || sev->signo > 64)
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
	}
	t = uk_calloc(uk_alloc_get_default(), 1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	uk_timer_init(&t->timer,
		      posix_clock_is_cpu(clk) ? timer_cpu_poll : timer_fire);
	uk_spin_lock(&timer_lock);
	for (i = 0; i < TIMER_MAX && timer_table[i]; i++)
		;
	if (i < TIMER_MAX)
		timer_table[i] = t;
	uk_spin_unlock(&timer_lock);
	if (i == TIMER_MAX) {
		uk_free(uk_alloc_get_default(), t);
		return -EAGAIN;
	}
	t->id = i;
	/* Linux's default: SIGALRM to the process, the id as the value. */
	t->signo = sev ? sev->signo : SIGALRM;
	t->notify = sev ? sev->notify : SIGEV_SIGNAL;
	t->tid = sev && sev->notify == TIMER_SIGEV_THREAD_ID ? sev->tid : 0;
	t->value = sev ? (long)sev->value.sival_ptr : i;
	t->clock = clk;
	t->cpu = posix_clock_is_cpu(clk);
	t->cpu_tid = cpu_tid;
	*id = i;
	return 0;
}

/* The timer with id, or NULL; timer_lock held. */
static struct posix_timer *timer_get_locked(int id)
{
	return id >= 0 && id < TIMER_MAX ? timer_table[id] : NULL;
}

static void timer_setting(struct posix_timer *t, struct itimerspec *out)
{
	__nsec interval, deadline, now;

	if (t->cpu) {
		/* Due but not reported yet: 1 ns left, as Linux says. */
		deadline = __atomic_load_n(&t->cpu_deadline, __ATOMIC_RELAXED);
		if (deadline && posix_cpuclock_read(t->cpu_tid, &now))
			deadline = 0;
		out->it_value =
			posix_ns_timespec(!deadline	 ? 0 :
					  deadline > now ? deadline - now :
							   1);
		out->it_interval = posix_ns_timespec(t->cpu_interval);
		return;
	}

	out->it_value =
		posix_ns_timespec(uk_timer_remaining(&t->timer, &interval));
	out->it_interval = posix_ns_timespec(interval);
}

/* timer_set() for a CPU-time timer. */
static int timer_cpu_set(struct posix_timer *t, int flags, __nsec value,
			 __nsec interval, struct itimerspec *old)
{
	__nsec now;
	int rc;

	rc = posix_cpuclock_read(t->cpu_tid, &now);
	if (rc)
		return rc;
	if (old)
		timer_setting(t, old);
	uk_timer_disarm(&t->timer);
	t->overrun = 0;
	t->cpu_interval = interval;
	if (value && !t->cpu_counted)
		__atomic_store_n(&timer_cpu_armed, timer_cpu_armed + 1,
				 __ATOMIC_RELAXED);
	else if (!value && t->cpu_counted)
		__atomic_store_n(&timer_cpu_armed, timer_cpu_armed - 1,
				 __ATOMIC_RELAXED);
	t->cpu_counted = value != 0;
	if (!value) {
		t->cpu_deadline = 0;
		return 0;
	}
	t->cpu_deadline = flags & TIMER_ABSTIME ? value : now + value;
	return uk_timer_arm(&t->timer, timer_cpu_next(t, now), 0);
}

/* Arms t with in (it_value 0 disarms); the old setting in *old. */
static int timer_set(struct posix_timer *t, int flags,
		     const struct itimerspec *in, struct itimerspec *old)
{
	__nsec value, deadline;
	int rc;

	if (!posix_timespec_valid(&in->it_value) ||
	    !posix_timespec_valid(&in->it_interval))
		return -EINVAL;
	value = (__nsec)posix_timespec_ns(&in->it_value);
	if (t->cpu)
		return timer_cpu_set(
			t, flags, value,
			(__nsec)posix_timespec_ns(&in->it_interval), old);
	if (flags & TIMER_ABSTIME) {
		rc = posix_clock_to_monotonic(t->clock, (int64_t)value,
					      &deadline);
		if (rc)
			return rc;
	} else {
		deadline = uk_sched_now() + value;
	}
	if (old)
		timer_setting(t, old);
	uk_timer_disarm(&t->timer);
	t->overrun = 0;
	t->abs_realtime =
		(flags & TIMER_ABSTIME) && posix_clock_is_realtime(t->clock);
	if (!value)
		return 0;
	return uk_timer_arm(&t->timer, deadline,
			    (__nsec)posix_timespec_ns(&in->it_interval));
}

/* The preemption tick's look at the CPU clocks (core/sched/preempt.c). */
bool uk_preempt_cputimer_armed(void)
{
	return __atomic_load_n(&timer_cpu_armed, __ATOMIC_RELAXED) != 0;
}

/* The looks that are due: those the timer thread would take. */
void uk_preempt_cputimer_check(void)
{
	int i;

	uk_spin_lock(&timer_lock);
	for (i = 0; i < TIMER_MAX; i++)
		if (timer_table[i] && timer_table[i]->cpu)
			uk_timer_expire(&timer_table[i]->timer);
	uk_timer_expire(&timer_virtual.timer);
	uk_timer_expire(&timer_prof.timer);
	uk_spin_unlock(&timer_lock);
	/* The signals they sent this thread, outside the timers' locks. */
	posix_signal_deliver_current();
}

void posix_timer_realtime_moved(int64_t delta)
{
	__nsec left, interval, now;
	struct posix_timer *t;
	int64_t next;
	int i;

	if (!delta)
		return;
	uk_spin_lock(&timer_lock);
	for (i = 0; i < TIMER_MAX; i++) {
		t = timer_table[i];
		if (!t || !t->abs_realtime)
			continue;
		left = uk_timer_remaining(&t->timer, &interval);
		if (!left)
			continue;
		/* The same clock time: delta sooner on the monotonic clock. */
		now = uk_sched_now();
		next = (int64_t)(now + left) - delta;
		uk_timer_arm(&t->timer,
			     next > (int64_t)now ? (__nsec)next : now,
			     interval);
	}
	uk_spin_unlock(&timer_lock);
}

UK_SYSCALL_DEFINE(int, timer_settime, int, id, int, flags,
		  const struct itimerspec *, new_value, struct itimerspec *,
		  old_value)
{
	struct posix_timer *t;
	int rc;

	if (!new_value)
		return -EFAULT;
	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	uk_spin_lock(&timer_lock);
	t = timer_get_locked(id);
	rc = t ? timer_set(t, flags, new_value, old_value) : -EINVAL;
	uk_spin_unlock(&timer_lock);
	return rc;
}

UK_SYSCALL_DEFINE(int, timer_gettime, int, id, struct itimerspec *, curr_value)
{
	struct posix_timer *t;

	if (!curr_value)
		return -EFAULT;
	uk_spin_lock(&timer_lock);
	t = timer_get_locked(id);
	if (t)
		timer_setting(t, curr_value);
	uk_spin_unlock(&timer_lock);
	return t ? 0 : -EINVAL;
}

UK_SYSCALL_DEFINE(int, timer_getoverrun, int, id)
{
	struct posix_timer *t;
	int n = -EINVAL;

	uk_spin_lock(&timer_lock);
	t = timer_get_locked(id);
	/* The last signal sent was delivered unless it is still pending. */
	if (t)
		n = posix_thread_foreach(timer_pending, t) ? t->last_overrun :
							     t->overrun;
	uk_spin_unlock(&timer_lock);
	return n;
}

UK_SYSCALL_DEFINE(int, timer_delete, int, id)
{
	struct posix_timer *t;

	uk_spin_lock(&timer_lock);
	t = timer_get_locked(id);
	if (t)
		timer_table[id] = NULL;
	if (t && t->cpu_counted)
		__atomic_store_n(&timer_cpu_armed, timer_cpu_armed - 1,
				 __ATOMIC_RELAXED);
	uk_spin_unlock(&timer_lock);
	if (!t)
		return -EINVAL;
	/* Once disarmed, its callback is not running: free it. */
	uk_timer_disarm(&t->timer);
	uk_free(uk_alloc_get_default(), t);
	return 0;
}

static struct itimerspec timer_from_tv(const struct itimerval *tv)
{
	return (struct itimerspec){
		.it_interval = { tv->it_interval.tv_sec,
				 tv->it_interval.tv_usec *
					 (long)NSEC_PER_USEC },
		.it_value = { tv->it_value.tv_sec,
			      tv->it_value.tv_usec * (long)NSEC_PER_USEC },
	};
}

/* Linux rounds a remaining time up to whole microseconds. */
static struct timeval timer_tv(const struct timespec *ts)
{
	__nsec us = ((__nsec)posix_timespec_ns(ts) + NSEC_PER_USEC - 1) /
		    NSEC_PER_USEC;

	return (struct timeval){ .tv_sec = (time_t)(us / 1000000),
				 .tv_usec = (suseconds_t)(us % 1000000) };
}

/* The timer of setitimer's which, or NULL. */
static struct posix_timer *timer_itimer(int which)
{
	switch (which) {
	case ITIMER_REAL:
		if (!timer_real.timer.fn)
			uk_timer_init(&timer_real.timer, timer_fire);
		return &timer_real;
	case ITIMER_VIRTUAL:
		return &timer_virtual;
	case ITIMER_PROF:
		return &timer_prof;
	default:
		return NULL;
	}
}

static int timer_itimer_get(int which, struct itimerval *out)
{
	struct posix_timer *t = timer_itimer(which);
	struct itimerspec cur;

	if (!t)
		return -EINVAL;
	uk_spin_lock(&timer_lock);
	timer_setting(t, &cur);
	uk_spin_unlock(&timer_lock);
	out->it_value = timer_tv(&cur.it_value);
	out->it_interval = timer_tv(&cur.it_interval);
	return 0;
}

UK_SYSCALL_DEFINE(int, getitimer, int, which, struct itimerval *, value)
{
	if (!value)
		return -EFAULT;
	return timer_itimer_get(which, value);
}

static bool timer_tv_valid(const struct timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* A NULL new_value disarms, as Linux has long accepted. */
UK_SYSCALL_DEFINE(int, setitimer, int, which, const struct itimerval *,
		  new_value, struct itimerval *, old_value)
{
	struct itimerval none = { { 0, 0 }, { 0, 0 } }, old;
	struct itimerspec spec;
	int rc;

	if (!new_value)
		new_value = &none;
	if (!timer_tv_valid(&new_value->it_value) ||
	    !timer_tv_valid(&new_value->it_interval))
		return -EINVAL;
	rc = timer_itimer_get(which, &old);
	if (rc)
		return rc;
	spec = timer_from_tv(new_value);
	uk_spin_lock(&timer_lock);
	rc = timer_set(timer_itimer(which), 0, &spec, NULL);
	uk_spin_unlock(&timer_lock);
	if (!rc && old_value)
		*old_value = old;
	return rc;
}
