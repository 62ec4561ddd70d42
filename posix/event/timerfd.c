/*
 * timerfd: timers that count their expirations behind an fd, readable,
 * pollable and epoll-able like any file, on <uk/timer.h>. Deadlines are
 * monotonic times: absolute CLOCK_REALTIME settings are converted when
 * they are made, and again when a program sets the clock (a
 * posix_realtime_watch), as on Linux; with TFD_TIMER_CANCEL_ON_SET that
 * also makes the next read fail with ECANCELED (and the fd readable).
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
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/timer.h>
#include <uk/timerfd.h>
#include <uk/wait.h>

/* Linux's clocks for timerfd (no <time.h> name in musl for the alarms). */
#define TFD_CLOCK_REALTIME_ALARM 8
#define TFD_CLOCK_BOOTTIME_ALARM 9

struct timerfd {
	struct uk_file file;
	int clock;
	struct uk_timer timer;
	/* Expirations not read yet. */
	uint64_t count;
	/* Absolute CLOCK_REALTIME settings follow the clock: */
	struct posix_realtime_watch watch;
	bool cancel_on_set; /* TFD_TIMER_CANCEL_ON_SET given */
	bool cancelled; /* the clock was set since: read gives ECANCELED */
	struct uk_waitq wq; /* blocked readers */
};

static inline struct timerfd *tfd_of(struct uk_file *f)
{
	return uk_container_of(f, struct timerfd, file);
}

/* The timer's callback: count, wake readers and pollers. */
static void tfd_fire(struct uk_timer *timer, uint64_t n)
{
	struct timerfd *t = uk_container_of(timer, struct timerfd, timer);

	__atomic_add_fetch(&t->count, n, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&t->wq);
	uk_file_poll_wake(&t->file, POLLIN);
}

/* Takes the expirations, including those due that the timer thread has
 * not reported yet. */
static uint64_t tfd_take(struct timerfd *t)
{
	uk_timer_expire(&t->timer);
	return __atomic_exchange_n(&t->count, 0, __ATOMIC_ACQ_REL);
}

/* The expiration count as 8 bytes; blocks while it is 0. */
static ssize_t tfd_read(struct uk_file *f, void *buf, size_t len)
{
	struct timerfd *t = tfd_of(f);
	uint64_t n;

	if (len < sizeof(n))
		return -EINVAL;
	for (;;) {
		/* Linux: the expirations go with the cancellation. */
		if (__atomic_exchange_n(&t->cancelled, false,
					__ATOMIC_ACQ_REL)) {
			__atomic_store_n(&t->count, 0, __ATOMIC_RELEASE);
			return -ECANCELED;
		}
		n = tfd_take(t);
		if (n)
			break;
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		/* A signal: restarted after its handler with SA_RESTART. */
		if (uk_waitq_wait_event_deadline_intr(
			    &t->wq,
			    __atomic_load_n(&t->count, __ATOMIC_ACQUIRE) ||
				    __atomic_load_n(&t->cancelled,
						    __ATOMIC_ACQUIRE),
			    0))
			return -UK_ERESTARTSYS;
	}
	memcpy(buf, &n, sizeof(n));
	return sizeof(n);
}

static int tfd_poll(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain __unused)
{
	struct timerfd *t = tfd_of(f);

	*revents = __atomic_load_n(&t->count, __ATOMIC_ACQUIRE) ||
				   __atomic_load_n(&t->cancelled,
						   __ATOMIC_ACQUIRE) ?
			   POLLIN :
			   0;
	return 0;
}

static int tfd_release(struct uk_file *f)
{
	struct timerfd *t = tfd_of(f);

	posix_realtime_watch_del(&t->watch);
	uk_timer_disarm(&t->timer);
	uk_free(uk_alloc_get_default(), t);
	return 0;
}

/*
 * CLOCK_REALTIME moved by delta: an armed timer expires at the same time
 * of the clock; with TFD_TIMER_CANCEL_ON_SET, readers learn of it.
 */
static void tfd_realtime_moved(struct posix_realtime_watch *w, int64_t delta)
{
	struct timerfd *t = uk_container_of(w, struct timerfd, watch);
	__nsec left, interval, now;
	int64_t next;

	left = uk_timer_remaining(&t->timer, &interval);
	if (left) {
		now = uk_sched_now();
		next = (int64_t)(now + left) - delta;
		uk_timer_arm(&t->timer,
			     next > (int64_t)now ? (__nsec)next : now,
			     interval);
	}
	if (!t->cancel_on_set)
		return;
	__atomic_store_n(&t->cancelled, true, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&t->wq);
	uk_file_poll_wake(&t->file, POLLIN);
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
	uk_timer_init(&t->timer, tfd_fire);
	t->watch.moved = tfd_realtime_moved;
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

/* Whether clk is set with CLOCK_REALTIME (Linux: and its alarm clock). */
static bool tfd_realtime(int clk)
{
	return clk == CLOCK_REALTIME || clk == TFD_CLOCK_REALTIME_ALARM;
}

/* The setting of t as timerfd_gettime reports it. */
static void tfd_setting(struct timerfd *t, struct itimerspec *out)
{
	__nsec interval;

	out->it_value =
		posix_ns_timespec(uk_timer_remaining(&t->timer, &interval));
	out->it_interval = posix_ns_timespec(interval);
}

UK_SYSCALL_DEFINE(int, timerfd_settime, int, fd, int, flags,
		  const struct itimerspec *, new_value, struct itimerspec *,
		  old_value)
{
	struct itimerspec old;
	struct timerfd *t;
	__nsec value, deadline = 0;
	int rc = 0;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (!new_value)
		return -EFAULT;
	if (!posix_timespec_valid(&new_value->it_value) ||
	    !posix_timespec_valid(&new_value->it_interval))
		return -EINVAL;
	t = tfd_get(fd, &rc);
	if (!t)
		return rc;
	value = (__nsec)posix_timespec_ns(&new_value->it_value);
	if (value && (flags & TFD_TIMER_ABSTIME)) {
		rc = posix_clock_to_monotonic(t->clock, (int64_t)value,
					      &deadline);
	} else if (value) {
		deadline = uk_sched_now() + value;
	}
	if (!rc) {
		tfd_setting(t, &old);
		/* Unread expirations of the old setting go with it. */
		posix_realtime_watch_del(&t->watch);
		uk_timer_disarm(&t->timer);
		__atomic_store_n(&t->count, 0, __ATOMIC_RELEASE);
		__atomic_store_n(&t->cancelled, false, __ATOMIC_RELEASE);
		/* Linux watches even a disarmed timer's clock (systemd does). */
		t->cancel_on_set = (flags & TFD_TIMER_CANCEL_ON_SET) &&
				   (flags & TFD_TIMER_ABSTIME) &&
				   tfd_realtime(t->clock);
		if (value)
			rc = uk_timer_arm(&t->timer, deadline,
					  (__nsec)posix_timespec_ns(
						  &new_value->it_interval));
		if (!rc && (flags & TFD_TIMER_ABSTIME) &&
		    tfd_realtime(t->clock))
			posix_realtime_watch_add(&t->watch);
	}
	uk_file_release(&t->file);
	if (!rc && old_value)
		*old_value = old;
	return rc;
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
	tfd_setting(t, curr_value);
	uk_file_release(&t->file);
	return 0;
}
