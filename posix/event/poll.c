/* poll(2) and ppoll(2). */
#include <errno.h>
#include <uk/fdtab.h>
#include <uk/poll.h>
#include <uk/syscall.h>

#include "posix/event/event_impl.h"

static int poll_fds(struct pollfd *fds, nfds_t nfds, __nsec deadline)
{
	struct posix_event_pollent stack[POSIX_EVENT_POLL_STACK], *ents;
	nfds_t i;
	int ret;

	/* Linux's limit: RLIMIT_NOFILE (posix/fdtab enforces it). */
	if (nfds > uk_fdtab_limit())
		return -EINVAL;
	if (!fds && nfds)
		return -EFAULT;
	ents = posix_event_pollents_get(stack, nfds);
	if (!ents)
		return -ENOMEM;
	for (i = 0; i < nfds; i++) {
		ents[i].fd = fds[i].fd;
		/* POLLNVAL is set by the wait for fds that are not open. */
		ents[i].events =
			(unsigned short)fds[i].events | POLLERR | POLLHUP;
	}
	ret = posix_event_poll_wait(ents, (unsigned int)nfds, deadline);
	for (i = 0; i < nfds; i++)
		fds[i].revents = (short)ents[i].revents;
	posix_event_pollents_put(stack, ents);
	return ret;
}

UK_SYSCALL_DEFINE(int, poll, struct pollfd *, fds, nfds_t, nfds, int, timeout)
{
	return poll_fds(fds, nfds, posix_event_deadline_ms(timeout));
}

UK_SYSCALL_DEFINE(int, ppoll, struct pollfd *, fds, nfds_t, nfds,
		  struct timespec *, tsp, const void *, sigmask, unsigned long,
		  sigsetsize)
{
	uint64_t saved;
	__nsec deadline;
	int ret;

	ret = posix_event_deadline_ts(tsp, &deadline);
	if (ret)
		return ret;
	if (sigmask && sigsetsize != POSIX_EVENT_SIGSET_SIZE)
		return -EINVAL;
	ret = posix_event_sigmask_begin(sigmask, &saved);
	if (ret)
		return ret;
	ret = poll_fds(fds, nfds, deadline);
	posix_event_sigmask_end(sigmask, saved);
	if (ret >= 0 && tsp && deadline > POSIX_EVENT_NOWAIT)
		posix_event_time_left(deadline, tsp);
	return ret;
}
