/* Sleeping mutexes: ownership is taken atomically, waiters sleep. */
#include <errno.h>
#include <uk/mutex.h>
#include <uk/thread.h>

void uk_mutex_init(struct uk_mutex *m, bool recursive)
{
	m->owner = NULL;
	m->depth = 0;
	m->recursive = recursive;
	uk_waitq_init(&m->wq);
}

static bool mutex_take(struct uk_mutex *m, struct uk_thread *self)
{
	struct uk_thread *expected = NULL;

	return __atomic_compare_exchange_n(&m->owner, &expected, self, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

bool uk_mutex_is_mine(struct uk_mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) ==
	       uk_thread_current();
}

int uk_mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();

	if (uk_mutex_is_mine(m)) {
		if (!m->recursive)
			return -EDEADLK;
		m->depth++;
		return 0;
	}
	uk_waitq_wait_event(&m->wq, mutex_take(m, self));
	m->depth = 1;
	return 0;
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();

	if (uk_mutex_is_mine(m)) {
		if (!m->recursive)
			return -EBUSY;
		m->depth++;
		return 0;
	}
	if (!mutex_take(m, self))
		return -EBUSY;
	m->depth = 1;
	return 0;
}

int uk_mutex_unlock(struct uk_mutex *m)
{
	if (!uk_mutex_is_mine(m))
		return -EPERM;
	if (--m->depth)
		return 0;
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	uk_waitq_wake_one(&m->wq);
	return 0;
}
