/* epoll_create, epoll_create1, epoll_ctl, epoll_wait and epoll_pwait. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <uk/epoll.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>

#include "posix/event/event_impl.h"

/* Linux's EP_MAX_EVENTS: the event array's size must fit an int. */
#define EP_MAX_EVENTS ((int)(INT_MAX / sizeof(struct epoll_event)))

/* The bits EPOLLEXCLUSIVE may come with (Linux's EPOLLEXCLUSIVE_OK_BITS). */
#define EP_EXCLUSIVE_OK                                                        \
	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET |    \
	 EPOLLEXCLUSIVE)

UK_SYSCALL_DEFINE(int, epoll_create1, int, flags)
{
	struct uk_file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	f = posix_event_ep_create();
	if (UK_PTRISERR(f))
		return UK_PTR2ERR(f);
	fd = uk_fdtab_install(f, 0, (flags & EPOLL_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(f);
	return fd;
}

UK_SYSCALL_DEFINE(int, epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return uk_sys_epoll_create1(0);
}

/* The checks of epoll_ctl that need no eventpoll state, in Linux's order. */
static int epoll_ctl_check(struct uk_file *epf, int op, struct uk_file *tf,
			   const struct epoll_event *ev)
{
	if (!tf->ops->poll)
		return -EPERM;
	if (epf == tf || !posix_event_is_ep(epf))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE) &&
	    (op == EPOLL_CTL_MOD || posix_event_is_ep(tf) ||
	     (ev->events & ~EP_EXCLUSIVE_OK)))
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE(int, epoll_ctl, int, epfd, int, op, int, fd,
		  struct epoll_event *, event)
{
	struct epoll_event ev = { 0 };
	struct uk_file *epf, *tf;
	int ret;

	if (op != EPOLL_CTL_DEL) {
		if (!event)
			return -EFAULT;
		ev = *event;
	}
	epf = uk_fdtab_get(epfd);
	if (!epf)
		return -EBADF;
	tf = uk_fdtab_get(fd);
	if (!tf) {
		uk_file_release(epf);
		return -EBADF;
	}
	ret = epoll_ctl_check(epf, op, tf, &ev);
	if (!ret)
		ret = posix_event_ep_ctl(epf, op, fd, tf, &ev);
	/* After the eventpoll's locks: a last release detaches chains. */
	uk_file_release(tf);
	uk_file_release(epf);
	return ret;
}

UK_SYSCALL_DEFINE(int, epoll_wait, int, epfd, struct epoll_event *, events, int,
		  maxevents, int, timeout)
{
	struct uk_file *epf;
	int ret;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!events)
		return -EFAULT;
	epf = uk_fdtab_get(epfd);
	if (!epf)
		return -EBADF;
	if (posix_event_is_ep(epf))
		ret = posix_event_ep_wait(epf, events, maxevents,
					  posix_event_deadline_ms(timeout));
	else
		ret = -EINVAL;
	uk_file_release(epf);
	return ret;
}

UK_SYSCALL_DEFINE(int, epoll_pwait, int, epfd, struct epoll_event *, events,
		  int, maxevents, int, timeout, const void *, sigmask,
		  unsigned long, sigsetsize)
{
	uint64_t saved;
	int ret;

	if (sigmask && sigsetsize != POSIX_EVENT_SIGSET_SIZE)
		return -EINVAL;
	ret = posix_event_sigmask_begin(sigmask, &saved);
	if (ret)
		return ret;
	ret = uk_sys_epoll_wait(epfd, events, maxevents, timeout);
	posix_event_sigmask_end(sigmask, saved);
	return ret;
}
