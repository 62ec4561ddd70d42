/* Counting semaphores on scheduler wait queues. */
#ifndef UK_SEMAPHORE_H
#define UK_SEMAPHORE_H

#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_semaphore {
	long count;
	struct uk_waitq wq;
};

void uk_semaphore_init(struct uk_semaphore *s, long count);

/* Waits until the count is positive, then decrements it. */
void uk_semaphore_down(struct uk_semaphore *s);

/* Decrements the count if positive: 0, else -EAGAIN. */
int uk_semaphore_down_try(struct uk_semaphore *s);

/*
 * Like uk_semaphore_down, giving up when the monotonic clock reaches
 * deadline (0: never). Returns 0 or -ETIMEDOUT.
 */
int uk_semaphore_down_deadline(struct uk_semaphore *s, __nsec deadline);

/* Increments the count and wakes one waiter. Callable from IRQ handlers. */
void uk_semaphore_up(struct uk_semaphore *s);

#endif /* UK_SEMAPHORE_H */
