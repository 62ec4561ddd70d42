/* Internals of posix/event shared by its files (not a public API). */
#ifndef POSIX_EVENT_IMPL_H
#define POSIX_EVENT_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/file.h>
#include <uk/sigwait.h>

/* Linux's kernel sigset_t: the only sigsetsize the *pwait/ppoll accept. */
#define POSIX_EVENT_SIGSET_SIZE 8

/*
 * The optional signal mask of ppoll, pselect6 and epoll_pwait: NULL
 * changes nothing, else posix_sigwait_begin/end around the wait.
 */
static inline int posix_event_sigmask_begin(const void *sigmask,
					    uint64_t *saved)
{
	return sigmask ? posix_sigwait_begin(sigmask, saved) : 0;
}

static inline void posix_event_sigmask_end(const void *sigmask, uint64_t saved)
{
	if (sigmask)
		posix_sigwait_end(saved);
}

/*
 * Deadlines are monotonic times in ns as <uk/wait.h> takes them: 0 waits
 * forever; POSIX_EVENT_NOWAIT means "do not block" and is never passed to
 * a wait (real deadlines are at least 1 ms away from boot).
 */
#define POSIX_EVENT_NOWAIT ((__nsec)1)

/* Deadline of a timeout of ms milliseconds (< 0: none, 0: no wait). */
__nsec posix_event_deadline_ms(int ms);

/*
 * Deadline of the relative timeout *ts (NULL: none). Returns 0, or
 * -EINVAL for a negative time or tv_nsec outside 0..999999999.
 */
int posix_event_deadline_ts(const struct timespec *ts, __nsec *deadline);

/* Stores the time left until deadline (not 0) in *ts, 0 once passed. */
void posix_event_time_left(__nsec deadline, struct timespec *ts);

/* One fd watched by posix_event_poll_wait, as a struct pollfd. */
struct posix_event_pollent {
	int fd;
	/* Bits to report: revents is the file's readiness masked by these. */
	unsigned int events;
	unsigned int revents;
	/* Private to posix_event_poll_wait. */
	struct uk_file *file;
	bool linked;
	struct uk_poll_chain chain;
};

/*
 * Polls the n entries until at least one reports an event or deadline
 * passes. Entries with fd < 0 are skipped (revents 0); fds that are not
 * open report POLLNVAL. Returns the number of entries with revents != 0.
 */
int posix_event_poll_wait(struct posix_event_pollent *ents, unsigned int n,
			  __nsec deadline);

/*
 * Entries for up to n fds: from a small array on the caller's stack when
 * it fits, else from the default allocator (NULL when out of memory).
 */
#define POSIX_EVENT_POLL_STACK 8
struct posix_event_pollent *
posix_event_pollents_get(struct posix_event_pollent *stack, size_t n);
void posix_event_pollents_put(struct posix_event_pollent *stack,
			      struct posix_event_pollent *ents);

/* The eventpoll object behind an epoll fd (eventpoll.c). */

/* A new eventpoll file with one reference, or UK_ERR2PTR(-ENOMEM). */
struct uk_file *posix_event_ep_create(void);

/* Whether f is an eventpoll file. */
bool posix_event_is_ep(const struct uk_file *f);

/*
 * epoll_ctl on the eventpoll epf for the (file, fd) pair tf, fd, with the
 * checks that need no eventpoll state done by the caller. The caller
 * holds references on epf and tf. Returns 0 or a negative errno.
 */
int posix_event_ep_ctl(struct uk_file *epf, int op, int fd, struct uk_file *tf,
		       const struct epoll_event *ev);

/*
 * Waits on the eventpoll epf until entries are ready or deadline passes;
 * stores up to max (> 0) events. Returns their number, 0 on timeout.
 */
int posix_event_ep_wait(struct uk_file *epf, struct epoll_event *evs, int max,
			__nsec deadline);

#endif /* POSIX_EVENT_IMPL_H */
