/*
 * Registers the event system calls of posix/event with core/syscall. Some
 * architectures (aarch64) lack poll, select, epoll_create, epoll_wait and
 * eventfd: musl uses ppoll, pselect6, epoll_create1, epoll_pwait and
 * eventfd2 there, so each is registered only where it exists.
 */
#include <uk/epoll.h>
#include <uk/eventfd.h>
#include <uk/poll.h>
#include <uk/syscall.h>

#ifdef SYS_poll
static long sys_poll(long fds, long nfds, long timeout, long a4 __unused,
		     long a5 __unused, long a6 __unused)
{
	return uk_sys_poll((struct pollfd *)fds, (nfds_t)nfds, (int)timeout);
}
UK_SYSCALL_REGISTER(SYS_poll, sys_poll);
#endif

static long sys_ppoll(long fds, long nfds, long tsp, long sigmask,
		      long sigsetsize, long a6 __unused)
{
	return uk_sys_ppoll((struct pollfd *)fds, (nfds_t)nfds,
			    (struct timespec *)tsp, (const void *)sigmask,
			    (unsigned long)sigsetsize);
}
UK_SYSCALL_REGISTER(SYS_ppoll, sys_ppoll);

#ifdef SYS_select
static long sys_select(long nfds, long rfds, long wfds, long efds, long tv,
		       long a6 __unused)
{
	return uk_sys_select((int)nfds, (fd_set *)rfds, (fd_set *)wfds,
			     (fd_set *)efds, (struct timeval *)tv);
}
UK_SYSCALL_REGISTER(SYS_select, sys_select);
#endif

static long sys_pselect6(long nfds, long rfds, long wfds, long efds,
			 long tsp, long sig)
{
	return uk_sys_pselect6((int)nfds, (fd_set *)rfds, (fd_set *)wfds,
			       (fd_set *)efds, (struct timespec *)tsp,
			       (const void *)sig);
}
UK_SYSCALL_REGISTER(SYS_pselect6, sys_pselect6);

#ifdef SYS_epoll_create
static long sys_epoll_create(long size, long a2 __unused, long a3 __unused,
			     long a4 __unused, long a5 __unused,
			     long a6 __unused)
{
	return uk_sys_epoll_create((int)size);
}
UK_SYSCALL_REGISTER(SYS_epoll_create, sys_epoll_create);
#endif

static long sys_epoll_create1(long flags, long a2 __unused, long a3 __unused,
			      long a4 __unused, long a5 __unused,
			      long a6 __unused)
{
	return uk_sys_epoll_create1((int)flags);
}
UK_SYSCALL_REGISTER(SYS_epoll_create1, sys_epoll_create1);

static long sys_epoll_ctl(long epfd, long op, long fd, long event,
			  long a5 __unused, long a6 __unused)
{
	return uk_sys_epoll_ctl((int)epfd, (int)op, (int)fd,
				(struct epoll_event *)event);
}
UK_SYSCALL_REGISTER(SYS_epoll_ctl, sys_epoll_ctl);

#ifdef SYS_epoll_wait
static long sys_epoll_wait(long epfd, long events, long maxevents,
			   long timeout, long a5 __unused, long a6 __unused)
{
	return uk_sys_epoll_wait((int)epfd, (struct epoll_event *)events,
				 (int)maxevents, (int)timeout);
}
UK_SYSCALL_REGISTER(SYS_epoll_wait, sys_epoll_wait);
#endif

static long sys_epoll_pwait(long epfd, long events, long maxevents,
			    long timeout, long sigmask, long sigsetsize)
{
	return uk_sys_epoll_pwait((int)epfd, (struct epoll_event *)events,
				  (int)maxevents, (int)timeout,
				  (const void *)sigmask,
				  (unsigned long)sigsetsize);
}
UK_SYSCALL_REGISTER(SYS_epoll_pwait, sys_epoll_pwait);

#ifdef SYS_eventfd
static long sys_eventfd(long initval, long a2 __unused, long a3 __unused,
			long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_eventfd((unsigned int)initval);
}
UK_SYSCALL_REGISTER(SYS_eventfd, sys_eventfd);
#endif

static long sys_eventfd2(long initval, long flags, long a3 __unused,
			 long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_eventfd2((unsigned int)initval, (int)flags);
}
UK_SYSCALL_REGISTER(SYS_eventfd2, sys_eventfd2);
