/*
 * timerfd: timers that count their expirations behind an fd, readable,
 * pollable and epoll-able like any file.
 *
 * Armed timers sit on one list, sorted by nothing: there are few. One
 * kernel thread, started when the first timer is armed, sleeps until the
 * earliest deadline, adds the expirations that passed to each due timer
 * and wakes its readers and pollers. Deadlines are monotonic times:
 * absolute CLOCK_REALTIME settings are converted when they are made, so a
 * later clock_settime does not move them (Linux does; and
 * TFD_TIMER_CANCEL_ON_SET is accepted but never cancels).
 *
 * Locking: tfd_lock (a spinlock) guards every timer's state and the list;
 * the wake-ups run under it (they take only spinlocks: the file's poll
 * lock, then eventpoll's ready-list lock). The poll op reads without it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/posix_clock.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/timerfd.h>
#include <uk/wait.h>

#define NSEC_PER_SEC 1000000000LL

/* Linux's clocks for timerfd (no <time.h> name in musl for the alarms). */
#define TFD_CLOCK_REALTIME_ALARM 8
#define TFD_CLOCK_BOOTTIME_ALARM 9

struct timerfd {
	struct uk_file file;
	int clock;
	/* Next expiration (monotonic ns), 0 when disarmed. */
	__nsec next;
	__nsec interval;
	/* Expirations not read yet. */
	uint64_t count;
	struct uk_list_head node; /* on tfd_armed while next != 0 */
	struct uk_waitq wq;	  /* blocked readers */
};

static struct uk_spinlock tfd_lock = UK_SPINLOCK_INITIALIZER;
static struct uk_list_head tfd_armed = UK_LIST_HEAD_INIT(tfd_armed);
/* Changed at every arming: the service thread looks again. */
static unsigned long tfd_gen;
static struct uk_waitq tfd_service_wq = UK_WAITQ_INIT(tfd_service_wq);
static struct uk_thread *tfd_service;

static inline struct timerfd *tfd_of(struct uk_file *f)
{
	return uk_container_of(f, struct timerfd, file);
}

/* Sets the deadline that the poll op reads without the lock; lock held. */
static void tfd_set_next_locked(struct timerfd *t, __nsec next)
{
	__atomic_store_n(&t->next, next, __ATOMIC_RELEASE);
}

static void tfd_disarm_locked(struct timerfd *t)
{
	if (t->next)
		uk_list_del(&t->node);
	tfd_set_next_locked(t, 0);
}

/*
 * Adds the expirations due at now to t's count and moves its deadline on
 * (or disarms a one-shot timer); wakes readers and pollers if any were
 * due. Lock held.
 */
static void tfd_expire_locked(struct timerfd *t, __nsec now)
{
	uint64_t n;

	if (!t->next || now < t->next)
		return;
	if (t->interval) {
		n = 1 + (now - t->next) / t->interval;
		tfd_set_next_locked(t, t->next + n * t->interval);
	} else {
		n = 1;
		tfd_disarm_locked(t);
	}
	__atomic_store_n(&t->count, t->count + n, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&t->wq);
	uk_file_poll_wake(&t->file, POLLIN);
}

/* The service thread: expires due timers, sleeps until the next one. */
static void tfd_service_main(void *arg __unused)
{
	struct timerfd *t, *n;
	unsigned long gen;
	__nsec now, first;

	for (;;) {
		uk_spin_lock(&tfd_lock);
		now = uk_sched_now();
		first = 0;
		uk_list_for_each_entry_safe(t, n, &tfd_armed, node) {
			tfd_expire_locked(t, now);
			if (t->next && (!first || t->next < first))
				first = t->next;
		}
		gen = tfd_gen;
		uk_spin_unlock(&tfd_lock);
		uk_waitq_wait_event_deadline(
			&tfd_service_wq,
			__atomic_load_n(&tfd_gen, __ATOMIC_ACQUIRE) != gen,
			first);
	}
}

static int tfd_service_start(void)
{
	struct uk_thread *t;

	if (__atomic_load_n(&tfd_service, __ATOMIC_ACQUIRE))
		return 0;
	t = uk_thread_create("timerfd", tfd_service_main, NULL, 0);
	if (UK_PTRISERR(t))
		return UK_PTR2ERR(t);
	uk_thread_detach(t);
	__atomic_store_n(&tfd_service, t, __ATOMIC_RELEASE);
	return 0;
}

static uint64_t tfd_take(struct timerfd *t)
{
	uint64_t n;

	uk_spin_lock(&tfd_lock);
	tfd_expire_locked(t, uk_sched_now());
	n = t->count;
	__atomic_store_n(&t->count, 0, __ATOMIC_RELEASE);
	uk_spin_unlock(&tfd_lock);
	return n;
}

/* The expiration count as 8 bytes; blocks while it is 0. */
static ssize_t tfd_read(struct uk_file *f, void *buf, size_t len)
{
	struct timerfd *t = tfd_of(f);
	uint64_t n;

	if (len < sizeof(n))
		return -EINVAL;
	while (!(n = tfd_take(t))) {
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		uk_waitq_wait_event(&t->wq, __atomic_load_n(&t->count,
							    __ATOMIC_ACQUIRE));
	}
	memcpy(buf, &n, sizeof(n));
	return sizeof(n);
}

/* POLLIN once an expiration is due, even before the service thread ran. */
static int tfd_poll(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain __unused)
{
	struct timerfd *t = tfd_of(f);
	__nsec next = __atomic_load_n(&t->next, __ATOMIC_ACQUIRE);

	*revents = 0;
	if (__atomic_load_n(&t->count, __ATOMIC_ACQUIRE) ||
	    (next && uk_sched_now() >= next))
		*revents = POLLIN;
	return 0;
}

static int tfd_release(struct uk_file *f)
{
	struct timerfd *t = tfd_of(f);

	uk_spin_lock(&tfd_lock);
	tfd_disarm_locked(t);
	uk_spin_unlock(&tfd_lock);
	uk_free(uk_alloc_get_default(), t);
	return 0;
}

static const struct uk_file_ops tfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.release = tfd_release,
};

UK_SYSCALL_DEFINE(int, timerfd_create, int, clockid, int, flags)
{
	struct timerfd *t;
	int fd;

	switch (clockid) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case TFD_CLOCK_REALTIME_ALARM:
	case TFD_CLOCK_BOOTTIME_ALARM:
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	t = uk_calloc(uk_alloc_get_default(), 1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	uk_file_init(&t->file, &tfd_ops,
		     O_RDONLY | ((flags & TFD_NONBLOCK) ? O_NONBLOCK : 0),
		     NULL);
	t->clock = clockid;
	uk_list_init(&t->node);
	uk_waitq_init(&t->wq);
	fd = uk_fdtab_install(&t->file, 0,
			      (flags & TFD_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(&t->file);
	return fd;
}

/* The timer behind fd with a reference, or NULL and the errno in *rc. */
static struct timerfd *tfd_get(int fd, int *rc)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f) {
		*rc = -EBADF;
		return NULL;
	}
	if (f->ops != &tfd_ops) {
		uk_file_release(f);
		*rc = -EINVAL;
		return NULL;
	}
	return tfd_of(f);
}

static __nsec tfd_ns(const struct timespec *ts)
{
	return (__nsec)ts->tv_sec * NSEC_PER_SEC + (__nsec)ts->tv_nsec;
}

static struct timespec tfd_ts(__nsec ns)
{
	return (struct timespec){
		.tv_sec = (time_t)(ns / NSEC_PER_SEC),
		.tv_nsec = (long)(ns % NSEC_PER_SEC),
	};
}

static bool tfd_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < NSEC_PER_SEC;
}

/* The setting of t as timerfd_gettime reports it; lock held. */
static void tfd_setting_locked(struct timerfd *t, struct itimerspec *out)
{
	__nsec now = uk_sched_now();

	tfd_expire_locked(t, now);
	out->it_value = tfd_ts(t->next ? t->next - now : 0);
	out->it_interval = tfd_ts(t->interval);
}

UK_SYSCALL_DEFINE(int, timerfd_settime, int, fd, int, flags,
		  const struct itimerspec *, new_value,
		  struct itimerspec *, old_value)
{
	struct itimerspec old;
	struct timerfd *t;
	__nsec value, deadline = 0;
	int rc = 0;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (!new_value)
		return -EFAULT;
	if (!tfd_valid(&new_value->it_value) ||
	    !tfd_valid(&new_value->it_interval))
		return -EINVAL;
	t = tfd_get(fd, &rc);
	if (!t)
		return rc;
	value = tfd_ns(&new_value->it_value);
	if (value) {
		if (!(flags & TFD_TIMER_ABSTIME)) {
			deadline = uk_sched_now() + value;
		} else {
			rc = posix_clock_to_monotonic(t->clock, (int64_t)value,
						      &deadline);
			/* A time already past expires at once. */
			if (!rc && !deadline)
				deadline = 1;
		}
		if (!rc)
			rc = tfd_service_start();
		if (rc) {
			uk_file_release(&t->file);
			return rc;
		}
	}
	uk_spin_lock(&tfd_lock);
	tfd_setting_locked(t, &old);
	tfd_disarm_locked(t);
	__atomic_store_n(&t->count, 0, __ATOMIC_RELEASE);
	t->interval = tfd_ns(&new_value->it_interval);
	if (deadline) {
		tfd_set_next_locked(t, deadline);
		uk_list_add_tail(&t->node, &tfd_armed);
		__atomic_store_n(&tfd_gen, tfd_gen + 1, __ATOMIC_RELEASE);
	}
	uk_spin_unlock(&tfd_lock);
	if (deadline)
		uk_waitq_wake_up(&tfd_service_wq);
	uk_file_release(&t->file);
	if (old_value)
		*old_value = old;
	return 0;
}

UK_SYSCALL_DEFINE(int, timerfd_gettime, int, fd, struct itimerspec *,
		  curr_value)
{
	struct timerfd *t;
	int rc;

	if (!curr_value)
		return -EFAULT;
	t = tfd_get(fd, &rc);
	if (!t)
		return rc;
	uk_spin_lock(&tfd_lock);
	tfd_setting_locked(t, curr_value);
	uk_spin_unlock(&tfd_lock);
	uk_file_release(&t->file);
	return 0;
}
