/* Wait queues: block until a condition holds, woken by other threads or IRQs. */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <errno.h>
#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/list.h>

struct uk_thread;

struct uk_waitq {
	struct uk_list_head waiters;
};

struct uk_waitq_entry {
	struct uk_thread *thread;
	struct uk_list_head node;
};

#define UK_WAITQ_INIT(name) { UK_LIST_HEAD_INIT((name).waiters) }

static inline void uk_waitq_init(struct uk_waitq *wq)
{
	uk_list_init(&wq->waiters);
}

/* Wakes every waiter of wq. Callable from IRQ handlers and any thread. */
void uk_waitq_wake_up(struct uk_waitq *wq);

/* Wakes the waiter that has waited longest. */
void uk_waitq_wake_one(struct uk_waitq *wq);

/*
 * Whether anyone waits on wq (a hint: may change right after), looked at
 * without the scheduler lock. A full barrier comes first: whatever the
 * caller did to make a waiter's condition true is seen by a thread that
 * queues itself after this look, and a thread queued before it is seen
 * here (_uk_waitq_prepare() has the other barrier). The wake-ups use it
 * to skip the lock when nobody waits.
 */
bool uk_waitq_has_waiters(struct uk_waitq *wq);

/*
 * Building blocks of uk_waitq_wait_event_deadline; do not call directly.
 * _prepare queues the calling thread on wq and marks it blocked;
 * _block switches away until a wake-up or the deadline (0: none) and
 * returns -ETIMEDOUT if the deadline passed; _finish dequeues it.
 */
void _uk_waitq_prepare(struct uk_waitq *wq, struct uk_waitq_entry *e);
int _uk_waitq_block(__nsec deadline);
void _uk_waitq_finish(struct uk_waitq *wq, struct uk_waitq_entry *e);

bool uk_thread_interrupted(void);

/*
 * Blocks the calling thread until cond is true (evaluated first, then
 * after each wake-up, without locks held) or the monotonic clock reaches
 * deadline (0: no deadline); with intr, also until the thread is
 * interrupted (uk_thread_interrupt() in <uk/thread.h>) while cond is
 * false, also before it blocks. Evaluates to 0, -ETIMEDOUT or -EINTR with
 * cond still false. A cond true at once costs no lock; a wake-up between
 * the check of cond and blocking is never lost.
 */
#define _uk_waitq_wait_event(wq, cond, deadline, intr)                         \
	({                                                                     \
		struct uk_waitq_entry __wq_e = {                               \
			NULL, { &__wq_e.node, &__wq_e.node }                   \
		};                                                             \
		int __wq_rc = 0;                                               \
		if (!(cond)) {                                                 \
			for (;;) {                                             \
				_uk_waitq_prepare((wq), &__wq_e);              \
				if (cond)                                      \
					break;                                 \
				if ((intr) && uk_thread_interrupted()) {       \
					__wq_rc = -EINTR;                      \
					break;                                 \
				}                                              \
				if (_uk_waitq_block(deadline) == -ETIMEDOUT) { \
					__wq_rc = (cond) ? 0 : -ETIMEDOUT;     \
					break;                                 \
				}                                              \
			}                                                      \
			_uk_waitq_finish((wq), &__wq_e);                       \
		}                                                              \
		__wq_rc;                                                       \
	})

/* 0, or -ETIMEDOUT with cond still false. */
#define uk_waitq_wait_event_deadline(wq, cond, deadline)                       \
	_uk_waitq_wait_event(wq, cond, deadline, false)

/* 0, -ETIMEDOUT or -EINTR (interrupted) with cond still false. */
#define uk_waitq_wait_event_deadline_intr(wq, cond, deadline)                  \
	_uk_waitq_wait_event(wq, cond, deadline, true)

#define uk_waitq_wait_event(wq, cond)                                          \
	((void)uk_waitq_wait_event_deadline(wq, cond, 0))

#endif /* UK_WAIT_H */
