/* epoll: the epoll_create/ctl/wait system calls of posix/event. */
#ifndef UK_EPOLL_H
#define UK_EPOLL_H

#include <sys/epoll.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Each function returns what Linux returns on success, or a negative errno.
 * Semantics follow epoll(7): level-triggered unless EPOLLET, EPOLLONESHOT
 * disarms an entry after one report until EPOLL_CTL_MOD, EPOLLERR and
 * EPOLLHUP are always reported, an fd leaves every set when its open file
 * is released, epoll fds can be polled and nested (up to 5 instances on a
 * chain, no cycles). Thread context only; the waits block the calling
 * thread on a wait queue.
 */

/* epoll_create(2): a new epoll fd; -EINVAL if size <= 0, -EMFILE, -ENOMEM. */
int uk_sys_epoll_create(int size);

/* epoll_create1(2): flags 0 or EPOLL_CLOEXEC, else -EINVAL. */
int uk_sys_epoll_create1(int flags);

/*
 * epoll_ctl(2). op: EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL; event
 * may be NULL only for EPOLL_CTL_DEL (else -EFAULT). Errors, in Linux's
 * order: -EBADF (epfd or fd not open), -EPERM (fd's file has no poll op),
 * -EINVAL (fd is epfd's own file, epfd is not an epoll fd, EPOLLEXCLUSIVE
 * with MOD, with an epoll target or with bits other than EPOLLIN, EPOLLOUT,
 * EPOLLERR, EPOLLHUP, EPOLLWAKEUP and EPOLLET; MOD of an entry added with
 * EPOLLEXCLUSIVE; an unknown op), -ELOOP (adding an epoll fd would make a
 * cycle or a chain deeper than the limit), -EEXIST (ADD of a registered
 * fd), -ENOENT (MOD or DEL of an unregistered fd), -ENOMEM.
 */
int uk_sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);

/*
 * epoll_wait(2): waits until an entry is ready or timeout ms pass (< 0:
 * forever, 0: do not block) and stores up to maxevents events. Returns
 * their number (0 on timeout), -EINVAL (maxevents <= 0 or too large,
 * epfd not an epoll fd), -EFAULT (events NULL) or -EBADF.
 */
int uk_sys_epoll_wait(int epfd, struct epoll_event *events, int maxevents,
		      int timeout);

/*
 * epoll_pwait(2): epoll_wait under the signal mask sigmask, if given, as
 * ppoll applies it. -EINVAL if sigmask is given with a sigsetsize other
 * than 8 (Linux's kernel sigset).
 */
int uk_sys_epoll_pwait(int epfd, struct epoll_event *events, int maxevents,
		       int timeout, const void *sigmask,
		       unsigned long sigsetsize);

#ifdef __cplusplus
}
#endif

#endif /* UK_EPOLL_H */
