/* Counting semaphores: the count changes atomically, waiters sleep. */
#include <errno.h>
#include <stdbool.h>
#include <uk/semaphore.h>

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	s->count = count;
	uk_waitq_init(&s->wq);
}

static bool sem_take(struct uk_semaphore *s)
{
	long c = __atomic_load_n(&s->count, __ATOMIC_RELAXED);

	while (c > 0) {
		if (__atomic_compare_exchange_n(&s->count, &c, c - 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	}
	return false;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_waitq_wait_event(&s->wq, sem_take(s));
}

int uk_semaphore_down_try(struct uk_semaphore *s)
{
	return sem_take(s) ? 0 : -EAGAIN;
}

int uk_semaphore_down_deadline(struct uk_semaphore *s, __nsec deadline)
{
	return uk_waitq_wait_event_deadline(&s->wq, sem_take(s), deadline);
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	__atomic_add_fetch(&s->count, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_one(&s->wq);
}
