/* eventfd: a 64-bit counter behind an fd, for wake-ups between threads. */
#ifndef UK_EVENTFD_H
#define UK_EVENTFD_H

#include <sys/eventfd.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * eventfd2(2): a new eventfd whose counter starts at initval. flags: any
 * of EFD_SEMAPHORE (a read takes 1 instead of the whole counter),
 * EFD_NONBLOCK (O_NONBLOCK on the open file), EFD_CLOEXEC (FD_CLOEXEC on
 * the fd); others give -EINVAL. Also -EMFILE, -ENOMEM.
 *
 * On the fd, as on Linux: read and write move 8 bytes (fewer: -EINVAL); a
 * read of a zero counter and a write that would take the counter past
 * 0xfffffffffffffffe block, or give -EAGAIN with O_NONBLOCK; writing
 * 0xffffffffffffffff gives -EINVAL. poll: POLLIN while the counter is
 * non-zero, POLLOUT while a write of 1 would not block.
 */
int uk_sys_eventfd2(unsigned int initval, int flags);

/* eventfd(2): eventfd2 with no flags. */
int uk_sys_eventfd(unsigned int initval);

#ifdef __cplusplus
}
#endif

#endif /* UK_EVENTFD_H */
