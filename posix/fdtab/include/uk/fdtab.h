/*
 * The file descriptor table: fd -> open file, and the fd system calls
 * (read, write, close, dup, fcntl, ioctl) on top of it.
 */
#ifndef UK_FDTAB_H
#define UK_FDTAB_H

#include <sys/types.h>
#include <sys/uio.h>
#include <uk/file.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Most file descriptors (0 .. UK_FDTAB_SIZE - 1): RLIMIT_NOFILE's hard
 * limit, as Linux's nr_open. The table grows on demand from the heap up
 * to it, so memory, not this number, bounds the fds in use. Set it for
 * the whole build with --copt=-DUK_FDTAB_SIZE=n; a multiple of the bits
 * in a long.
 */
#ifndef UK_FDTAB_SIZE
#define UK_FDTAB_SIZE 65536
#endif

/*
 * The table is one per kernel (a unikernel runs one process) and
 * SMP-safe: every function may be called from any thread concurrently,
 * not from IRQ handlers. fdflags arguments are 0 or FD_CLOEXEC.
 */

/*
 * Installs f at the lowest free fd >= minfd (0 <= minfd), taking a new
 * reference on f. Returns the fd, -EINVAL if minfd is outside the table,
 * -EMFILE if no fd >= minfd is free, or -ENOMEM if the table could not
 * grow to hold it.
 */
int uk_fdtab_install(struct uk_file *f, int minfd, unsigned int fdflags);

/*
 * Installs f at fd, taking a new reference on f; a file open at fd is
 * closed first (its reference dropped after the switch, as dup2 does).
 * Returns fd, -EBADF if fd is outside the table, or -ENOMEM if the table
 * could not grow to hold it.
 */
int uk_fdtab_install_at(int fd, struct uk_file *f, unsigned int fdflags);

/*
 * Returns the file open at fd with a new reference (drop it with
 * uk_file_release), or NULL if fd is not open.
 */
struct uk_file *uk_fdtab_get(int fd);

/* The lowest open fd >= fd, or -1 if there is none (/dev/fd's listing). */
int uk_fdtab_next(int fd);

/*
 * The limit on new fds (RLIMIT_NOFILE's soft limit), UK_FDTAB_SIZE at
 * boot: uk_fdtab_install hands out fds below it only (-EMFILE when none
 * is free there), uk_fdtab_install_at and dup2/dup3 refuse a target at or
 * above it (-EBADF), fcntl F_DUPFD an arg at or above it (-EINVAL). Fds
 * already open above a lowered limit stay open.
 */
unsigned int uk_fdtab_limit(void);

/* Sets the limit: 0 .. UK_FDTAB_SIZE, else -EPERM (as Linux's nr_open). */
int uk_fdtab_limit_set(unsigned int limit);

/*
 * System calls. Each returns what Linux returns on success, or a negative
 * errno (-EBADF: fd not open; -EFAULT: a NULL buffer with a non-zero
 * length; -EINVAL: bad length, count or flags).
 */

/* read(2): -EBADF also when fd is not open for reading. */
ssize_t uk_sys_read(int fd, void *buf, size_t len);

/* write(2): -EBADF also when fd is not open for writing. */
ssize_t uk_sys_write(int fd, const void *buf, size_t len);

/*
 * readv(2)/writev(2): iovcnt in 0..UK_IOV_MAX and a total length that
 * fits ssize_t, else -EINVAL.
 */
ssize_t uk_sys_readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t uk_sys_writev(int fd, const struct iovec *iov, int iovcnt);

/*
 * close(2): frees fd at once. Returns 0, -EBADF, or the release op's
 * error when this dropped the file's last reference (fd is closed even
 * then).
 */
int uk_sys_close(int fd);

/* dup(2): the lowest free fd for the same open file; -EMFILE when full. */
int uk_sys_dup(int oldfd);

/*
 * dup2(2): newfd becomes a copy of oldfd (a file open at newfd is closed);
 * returns newfd. oldfd == newfd: newfd if open, else -EBADF. -EBADF also
 * when newfd is outside the table. FD_CLOEXEC of newfd is cleared.
 */
int uk_sys_dup2(int oldfd, int newfd);

/*
 * dup3(2): dup2 with flags 0 or O_CLOEXEC (sets FD_CLOEXEC on newfd).
 * -EINVAL if oldfd == newfd or for other flags.
 */
int uk_sys_dup3(int oldfd, int newfd, int flags);

/*
 * fcntl(2) commands: F_DUPFD, F_DUPFD_CLOEXEC (lowest free fd >= arg;
 * -EINVAL if arg is outside the table, -EMFILE when none is free),
 * F_GETFD, F_SETFD (FD_CLOEXEC), F_GETFL (access mode and status flags),
 * F_SETFL (changes O_NONBLOCK and O_APPEND, ignores the other bits as
 * Linux does). Other commands go to the file's fcntl op (-EINVAL without
 * one).
 */
int uk_sys_fcntl(int fd, int cmd, unsigned long arg);

/*
 * ioctl(2): FIONBIO (arg: const int *; non-zero sets O_NONBLOCK), FIOCLEX
 * and FIONCLEX are handled here; other requests go to the file's ioctl op
 * (-ENOTTY without one). -EFAULT for FIONBIO with a NULL arg.
 */
int uk_sys_ioctl(int fd, unsigned int req, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* UK_FDTAB_H */
