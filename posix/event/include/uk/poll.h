/* poll, ppoll, select and pselect6: wait for readiness of a set of fds. */
#ifndef UK_POLL_H
#define UK_POLL_H

#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Each function returns the number of ready entries (poll, ppoll) or of
 * bits set in the three sets (select, pselect6), 0 on timeout, or a
 * negative errno. They block the calling thread on a wait queue until an
 * fd becomes ready or the timeout passes; no signal ever interrupts them.
 * Thread context only.
 */

/*
 * poll(2): timeout in ms (< 0: forever, 0: do not block). An entry with a
 * negative fd is ignored (revents 0), one with an fd that is not open
 * reports POLLNVAL. POLLERR and POLLHUP are reported whether asked or not.
 * -EINVAL if nfds is above RLIMIT_NOFILE (uk_fdtab_limit()), -EFAULT if
 * fds is NULL with nfds > 0, -ENOMEM.
 */
int uk_sys_poll(struct pollfd *fds, nfds_t nfds, int timeout);

/*
 * ppoll(2) as the system call: tsp NULL waits forever, else it is
 * validated (-EINVAL for a negative time or tv_nsec >= 1e9) and updated
 * with the time left. With sigmask (sigsetsize must be 8, else -EINVAL)
 * the wait runs under that signal mask (<uk/sigwait.h>): -EINTR at once
 * if it unblocks a pending signal, whose handler runs.
 */
int uk_sys_ppoll(struct pollfd *fds, nfds_t nfds, struct timespec *tsp,
		 const void *sigmask, unsigned long sigsetsize);

/*
 * select(2): fds below nfds set in readfds, writefds or exceptfds (each
 * may be NULL) are watched; on return each set holds the fds ready for
 * it. tv NULL waits forever, else it is updated with the time left.
 * -EINVAL if nfds < 0 or nfds > FD_SETSIZE or tv is negative, -EBADF if a
 * set holds an fd that is not open, -ENOMEM.
 */
int uk_sys_select(int nfds, fd_set *readfds, fd_set *writefds,
		  fd_set *exceptfds, struct timeval *tv);

/*
 * pselect6, the system call behind pselect(3) (and select(3) where the
 * architecture has no select): select with a timespec, and sig pointing
 * at { const sigset_t *ss; size_t ss_len; } or NULL. A mask ss is applied
 * as ppoll's sigmask; -EINVAL if ss is set and ss_len is not 8.
 */
int uk_sys_pselect6(int nfds, fd_set *readfds, fd_set *writefds,
		    fd_set *exceptfds, struct timespec *tsp, const void *sig);

#ifdef __cplusplus
}
#endif

#endif /* UK_POLL_H */
