/* Sleeping mutexes (optionally recursive) on scheduler wait queues. */
#ifndef UK_MUTEX_H
#define UK_MUTEX_H

#include <stdbool.h>
#include <uk/wait.h>

struct uk_thread;

struct uk_mutex {
	struct uk_thread *owner;
	unsigned int depth; /* lock count of a recursive mutex's owner */
	bool recursive;
	struct uk_waitq wq;
};

#define UK_MUTEX_INITIALIZER(name) { NULL, 0, false, UK_WAITQ_INIT((name).wq) }

/* Initialises m; recursive mutexes may be locked again by their owner. */
void uk_mutex_init(struct uk_mutex *m, bool recursive);

/*
 * Takes m, sleeping while another thread holds it. Locking a
 * non-recursive mutex the caller holds returns -EDEADLK; otherwise 0.
 * Must not be called from IRQ handlers.
 */
int uk_mutex_lock(struct uk_mutex *m);

/* Takes m if free (or held recursively by the caller): 0, else -EBUSY. */
int uk_mutex_trylock(struct uk_mutex *m);

/* Releases m. Returns 0, or -EPERM if the caller does not hold it. */
int uk_mutex_unlock(struct uk_mutex *m);

/* Whether the calling thread holds m. */
bool uk_mutex_is_mine(struct uk_mutex *m);

#endif /* UK_MUTEX_H */
