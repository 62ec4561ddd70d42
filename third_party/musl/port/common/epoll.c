/*
 * The epoll wrappers, in place of musl 1.2.3's src/linux/epoll.c, whose
 * epoll_create() drops its size argument: Linux (and musl 1.2.4) reject
 * size <= 0 with EINVAL, and so do we. Every call goes straight to the
 * kernel's handler (posix/event).
 */
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include "syscall.h"

int epoll_create(int size)
{
	if (size <= 0)
		return __syscall_ret(-EINVAL);
	return epoll_create1(0);
}

int epoll_create1(int flags)
{
	return __syscall_ret(__syscall(SYS_epoll_create1, flags));
}

int epoll_ctl(int fd, int op, int fd2, struct epoll_event *ev)
{
	return __syscall_ret(__syscall(SYS_epoll_ctl, fd, op, fd2, ev));
}

int epoll_pwait(int fd, struct epoll_event *ev, int cnt, int to,
		const sigset_t *sigs)
{
	return __syscall_ret(__syscall_cp(SYS_epoll_pwait, fd, ev, cnt, to,
					  sigs, _NSIG / 8));
}

int epoll_wait(int fd, struct epoll_event *ev, int cnt, int to)
{
	return epoll_pwait(fd, ev, cnt, to, 0);
}
