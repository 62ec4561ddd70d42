/*
 * The signal mask of a wait: ppoll, pselect6 and epoll_pwait (posix/event)
 * replace the calling thread's mask for the time they block, as one step
 * with the check for signals it unblocks. posix/process implements these.
 */
#ifndef UK_SIGWAIT_H
#define UK_SIGWAIT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Makes *mask (Linux's 64-bit kernel sigset) the calling thread's signal
 * mask and stores the old one in *saved. If a signal is pending that the
 * new mask does not block, its handler runs, the old mask is back in
 * place and the result is -EINTR: the caller returns -EINTR without
 * waiting. Else returns 0; the caller waits, then calls
 * posix_sigwait_end(*saved).
 */
int posix_sigwait_begin(const uint64_t *mask, uint64_t *saved);

/*
 * Restores the mask saved by posix_sigwait_begin and runs the handlers of
 * the pending signals it unblocks.
 */
void posix_sigwait_end(uint64_t saved);

#ifdef __cplusplus
}
#endif

#endif /* UK_SIGWAIT_H */
