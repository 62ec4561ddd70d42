/* select(2) and pselect6: fd sets on top of the poll wait. */
#include <errno.h>
#include <poll.h>
#include <uk/fdtab.h>
#include <uk/poll.h>
#include <uk/syscall.h>

#include "posix/event/event_impl.h"

/* The readiness each set stands for (Linux's POLLIN_SET and friends). */
#define SELECT_IN (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SELECT_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SELECT_EX (POLLPRI)

static bool fd_in(const fd_set *set, int fd)
{
	return set && FD_ISSET(fd, set);
}

/* The interest of fd in the three sets (0: fd is in none). */
static unsigned int select_events(int fd, const fd_set *r, const fd_set *w,
				  const fd_set *e)
{
	return (fd_in(r, fd) ? SELECT_IN : 0) |
	       (fd_in(w, fd) ? SELECT_OUT : 0) | (fd_in(e, fd) ? SELECT_EX : 0);
}

/* Counts the watched fds; -EBADF if one of them is not open. */
static int select_count(int nfds, const fd_set *r, const fd_set *w,
			const fd_set *e)
{
	struct uk_file *f;
	int fd, n = 0;

	for (fd = 0; fd < nfds; fd++) {
		if (!select_events(fd, r, w, e))
			continue;
		f = uk_fdtab_get(fd);
		if (!f)
			return -EBADF;
		uk_file_release(f);
		n++;
	}
	return n;
}

/* Rewrites a set from the entries' revents; returns the bits set. */
static int select_store(fd_set *set, unsigned int mask,
			const struct posix_event_pollent *ents, int n)
{
	int i, bits = 0;

	if (!set)
		return 0;
	for (i = 0; i < n; i++) {
		if (!FD_ISSET(ents[i].fd, set))
			continue;
		if (ents[i].revents & mask)
			bits++;
		else
			FD_CLR(ents[i].fd, set);
	}
	return bits;
}

static int select_fds(int nfds, fd_set *r, fd_set *w, fd_set *e,
		      __nsec deadline)
{
	struct posix_event_pollent stack[POSIX_EVENT_POLL_STACK], *ents;
	int fd, i, n, ret;

	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	n = select_count(nfds, r, w, e);
	if (n < 0)
		return n;
	ents = posix_event_pollents_get(stack, (size_t)n);
	if (!ents)
		return -ENOMEM;
	for (fd = 0, i = 0; fd < nfds; fd++) {
		unsigned int ev = select_events(fd, r, w, e);

		if (!ev)
			continue;
		ents[i].fd = fd;
		ents[i].events = ev;
		i++;
	}
	ret = posix_event_poll_wait(ents, (unsigned int)n, deadline);
	for (i = 0; i < n && ret >= 0; i++) {
		/* Closed by another thread since select_count. */
		if (ents[i].revents & POLLNVAL)
			ret = -EBADF;
	}
	if (ret >= 0) {
		/* Sets are left as they were on errors, as Linux does. */
		ret = select_store(r, SELECT_IN, ents, n) +
		      select_store(w, SELECT_OUT, ents, n) +
		      select_store(e, SELECT_EX, ents, n);
	}
	posix_event_pollents_put(stack, ents);
	return ret;
}

UK_SYSCALL_DEFINE(int, select, int, nfds, fd_set *, readfds, fd_set *, writefds,
		  fd_set *, exceptfds, struct timeval *, tv)
{
	struct timespec ts, *tsp = NULL;
	__nsec deadline;
	int ret;

	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0)
			return -EINVAL;
		/* Linux carries whole seconds of tv_usec over. */
		ts.tv_sec = tv->tv_sec + tv->tv_usec / 1000000;
		ts.tv_nsec = (long)(tv->tv_usec % 1000000) * 1000;
		tsp = &ts;
	}
	ret = posix_event_deadline_ts(tsp, &deadline);
	if (ret)
		return ret;
	ret = select_fds(nfds, readfds, writefds, exceptfds, deadline);
	if (ret >= 0 && tv && deadline > POSIX_EVENT_NOWAIT) {
		posix_event_time_left(deadline, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	return ret;
}

/* pselect6's sixth argument, as Linux lays it out. */
struct select_sigmask {
	const void *ss;
	unsigned long ss_len;
};

UK_SYSCALL_DEFINE(int, pselect6, int, nfds, fd_set *, readfds, fd_set *,
		  writefds, fd_set *, exceptfds, struct timespec *, tsp,
		  const void *, sig)
{
	const struct select_sigmask *sm = sig;
	const void *mask = sm ? sm->ss : NULL;
	uint64_t saved;
	__nsec deadline;
	int ret;

	ret = posix_event_deadline_ts(tsp, &deadline);
	if (ret)
		return ret;
	if (mask && sm->ss_len != POSIX_EVENT_SIGSET_SIZE)
		return -EINVAL;
	ret = posix_event_sigmask_begin(mask, &saved);
	if (ret)
		return ret;
	ret = select_fds(nfds, readfds, writefds, exceptfds, deadline);
	posix_event_sigmask_end(mask, saved);
	if (ret >= 0 && tsp && deadline > POSIX_EVENT_NOWAIT)
		posix_event_time_left(deadline, tsp);
	return ret;
}
