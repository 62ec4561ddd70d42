/*
 * Timers with callbacks on one kernel thread. Armed timers sit on one
 * unsorted list (programs have few); the thread sleeps until the earliest
 * deadline, reports what expired and sleeps again. Arming wakes it to
 * look at the new deadline.
 *
 * Locking: timer_lock (a spinlock, IRQs untouched: timers are armed from
 * threads) guards every timer and the list, and is held while a callback
 * runs, so that uk_timer_disarm() returning means no callback is running.
 */
#include <errno.h>
#include <uk/spinlock.h>
#include <uk/thread.h>
#include <uk/timer.h>
#include <uk/wait.h>

static struct uk_spinlock timer_lock = UK_SPINLOCK_INITIALIZER;
static struct uk_list_head timer_armed = UK_LIST_HEAD_INIT(timer_armed);
/* Bumped at every arming: the thread looks at the list again. */
static unsigned long timer_gen;
static struct uk_waitq timer_wq = UK_WAITQ_INIT(timer_wq);
static struct uk_thread *timer_thread;

void uk_timer_init(struct uk_timer *t, uk_timer_fn fn)
{
	t->next = 0;
	t->interval = 0;
	t->fn = fn;
	uk_list_init(&t->node);
}

static void timer_disarm_locked(struct uk_timer *t)
{
	if (t->next)
		uk_list_del(&t->node);
	t->next = 0;
}

/* Reports the expirations of t due at now and moves it on; lock held. */
static void timer_expire_locked(struct uk_timer *t, __nsec now)
{
	uint64_t n = 1;

	if (!t->next || now < t->next)
		return;
	if (t->interval) {
		n += (now - t->next) / t->interval;
		t->next += n * t->interval;
	} else {
		timer_disarm_locked(t);
	}
	t->fn(t, n);
}

static void timer_thread_main(void *arg __unused)
{
	struct uk_timer *t, *tmp;
	unsigned long gen;
	__nsec now, first;

	for (;;) {
		uk_spin_lock(&timer_lock);
		now = uk_sched_now();
		first = 0;
		uk_list_for_each_entry_safe(t, tmp, &timer_armed, node) {
			timer_expire_locked(t, now);
			if (t->next && (!first || t->next < first))
				first = t->next;
		}
		gen = timer_gen;
		uk_spin_unlock(&timer_lock);
		uk_waitq_wait_event_deadline(
			&timer_wq,
			__atomic_load_n(&timer_gen, __ATOMIC_ACQUIRE) != gen,
			first);
	}
}

/* Starts the timer thread once. */
static int timer_thread_start(void)
{
	struct uk_thread *t;

	if (__atomic_load_n(&timer_thread, __ATOMIC_ACQUIRE))
		return 0;
	t = uk_thread_create("timers", timer_thread_main, NULL, 0);
	if (UK_PTRISERR(t))
		return UK_PTR2ERR(t);
	uk_thread_detach(t);
	__atomic_store_n(&timer_thread, t, __ATOMIC_RELEASE);
	return 0;
}

int uk_timer_arm(struct uk_timer *t, __nsec deadline, __nsec interval)
{
	int rc = timer_thread_start();

	if (rc)
		return rc;
	uk_spin_lock(&timer_lock);
	timer_disarm_locked(t);
	/* 0 means disarmed: a deadline at time 0 is already past anyway. */
	t->next = deadline ? deadline : 1;
	t->interval = interval;
	uk_list_add_tail(&t->node, &timer_armed);
	__atomic_store_n(&timer_gen, timer_gen + 1, __ATOMIC_RELEASE);
	uk_spin_unlock(&timer_lock);
	uk_waitq_wake_up(&timer_wq);
	return 0;
}

void uk_timer_rearm_locked(struct uk_timer *t, __nsec deadline)
{
	timer_disarm_locked(t);
	t->next = deadline ? deadline : 1;
	t->interval = 0;
	uk_list_add_tail(&t->node, &timer_armed);
	/* From uk_timer_remaining(): the thread may sleep past deadline. */
	__atomic_store_n(&timer_gen, timer_gen + 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&timer_wq);
}

void uk_timer_disarm(struct uk_timer *t)
{
	uk_spin_lock(&timer_lock);
	timer_disarm_locked(t);
	uk_spin_unlock(&timer_lock);
}

void uk_timer_expire(struct uk_timer *t)
{
	uk_spin_lock(&timer_lock);
	timer_expire_locked(t, uk_sched_now());
	uk_spin_unlock(&timer_lock);
}

__nsec uk_timer_remaining(struct uk_timer *t, __nsec *interval)
{
	__nsec now, left = 0;

	uk_spin_lock(&timer_lock);
	now = uk_sched_now();
	timer_expire_locked(t, now);
	if (t->next)
		left = t->next - now;
	if (interval)
		*interval = t->interval;
	uk_spin_unlock(&timer_lock);
	return left;
}
