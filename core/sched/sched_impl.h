/* Internal interface between the scheduler core and thread management. */
#ifndef UK_SCHED_IMPL_H
#define UK_SCHED_IMPL_H

#include <stdbool.h>
#include <uk/thread.h>

/* The scheduler lock: IRQs off, then the spinlock. Returns the IRQ flags. */
unsigned long _uk_sched_lock(void);
void _uk_sched_unlock(unsigned long flags);

/* Switches to the next runnable thread (idling if none); lock held. */
void _uk_sched_switch_locked(unsigned long irqf);

/* Makes a blocked thread runnable; lock held. */
void _uk_sched_wake_locked(struct uk_thread *t);
void _uk_waitq_wake_locked(struct uk_waitq *wq, bool one);

/* Queues a new thread on the run queue. */
void _uk_sched_enqueue(struct uk_thread *t);

/* First function of every new thread (arg: the thread). */
void _uk_sched_thread_start(void *arg);

/* Queues exited detached t for _uk_sched_reap(); lock held. */
void _uk_sched_reap_add_locked(struct uk_thread *t);

/* Frees the threads that exited detached; lock not held. */
void _uk_sched_reap(void);

/* Releases a thread's memory; it must not be running. */
void _uk_thread_free(struct uk_thread *t);

#endif /* UK_SCHED_IMPL_H */
