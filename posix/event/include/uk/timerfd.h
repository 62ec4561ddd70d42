/* timerfd: the timerfd_create/settime/gettime system calls of posix/event. */
#ifndef UK_TIMERFD_H
#define UK_TIMERFD_H

#include <sys/timerfd.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * timerfd_create(2): clockid CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_BOOTTIME or their alarm forms; flags TFD_NONBLOCK, TFD_CLOEXEC.
 * -EINVAL otherwise, -EMFILE, -ENOMEM.
 *
 * On the fd, as on Linux: read (8 bytes or more, else -EINVAL) returns
 * the number of expirations since the last read or settime and resets it;
 * with none it blocks, or gives -EAGAIN with O_NONBLOCK. poll: POLLIN
 * while an expiration is unread.
 */
int uk_sys_timerfd_create(int clockid, int flags);

/*
 * timerfd_settime(2): arms the timer with new_value (it_value 0 disarms;
 * relative unless TFD_TIMER_ABSTIME, then a time of the timer's clock; an
 * it_interval re-arms it after each expiration) and clears the unread
 * expirations. old_value, if given, receives the previous setting.
 * -EBADF (fd not open), -EINVAL (not a timerfd, unknown flags, tv_nsec
 * out of 0..999999999 or negative times), -EFAULT (no new_value).
 */
int uk_sys_timerfd_settime(int fd, int flags,
			   const struct itimerspec *new_value,
			   struct itimerspec *old_value);

/*
 * timerfd_gettime(2): the time until the next expiration (0: disarmed)
 * and the interval. -EBADF, -EINVAL, -EFAULT as timerfd_settime.
 */
int uk_sys_timerfd_gettime(int fd, struct itimerspec *curr_value);

#ifdef __cplusplus
}
#endif

#endif /* UK_TIMERFD_H */
