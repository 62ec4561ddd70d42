/* close, dup, dup2, dup3, fcntl and ioctl on file descriptors. */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>

#include "posix/fdtab/fdtab_impl.h"

UK_SYSCALL_DEFINE(int, close, int, fd)
{
	struct uk_file *f;
	int ret;

	ret = uk_fdtab_remove(fd, &f);
	if (ret)
		return ret;
	return uk_file_release(f);
}

/* Lowest free fd >= minfd for oldfd's file. */
static int fd_dup_from(int oldfd, int minfd, unsigned int fdflags)
{
	struct uk_file *f = uk_fdtab_get(oldfd);
	int ret;

	if (!f)
		return -EBADF;
	ret = uk_fdtab_install(f, minfd, fdflags);
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(int, dup, int, oldfd)
{
	return fd_dup_from(oldfd, 0, 0);
}

UK_SYSCALL_DEFINE(int, dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd)
		return uk_fdtab_fdflags_get(oldfd) < 0 ? -EBADF : newfd;
	return uk_fdtab_dup_at(oldfd, newfd, 0);
}

UK_SYSCALL_DEFINE(int, dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return uk_fdtab_dup_at(oldfd, newfd,
			       (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
}

static int fd_set_status_flags(int fd, unsigned int mask, unsigned int flags)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = uk_file_set_status_flags(f, mask, flags);
	uk_file_release(f);
	return ret;
}

static int fd_get_status_flags(int fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = (int)uk_file_flags(f);
	uk_file_release(f);
	return ret;
}

/* Commands of the file's own (locks, pipe sizes): its fcntl op. */
static int fd_fcntl_op(int fd, int cmd, unsigned long arg)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int ret;

	/* Even for an unknown command, a bad fd is reported first. */
	if (!f)
		return -EBADF;
	ret = f->ops->fcntl ? f->ops->fcntl(f, cmd, arg) : -EINVAL;
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(int, fcntl, int, fd, int, cmd, unsigned long, arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		/*
		 * Linux checks fd before arg; arg is an int in the ABI and
		 * must be below RLIMIT_NOFILE.
		 */
		if (uk_fdtab_fdflags_get(fd) < 0)
			return -EBADF;
		if ((int)arg < 0 || (unsigned int)arg >= uk_fdtab_limit())
			return -EINVAL;
		return fd_dup_from(fd, (int)arg,
				   cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
	case F_GETFD:
		return uk_fdtab_fdflags_get(fd);
	case F_SETFD:
		return uk_fdtab_fdflags_set(fd, (unsigned int)arg);
	case F_GETFL:
		return fd_get_status_flags(fd);
	case F_SETFL:
		return fd_set_status_flags(fd, O_NONBLOCK | O_APPEND,
					   (unsigned int)arg);
	default:
		return fd_fcntl_op(fd, cmd, arg);
	}
}

UK_SYSCALL_DEFINE(int, ioctl, int, fd, unsigned int, req, void *, arg)
{
	struct uk_file *f;
	int ret;

	switch (req) {
	case FIOCLEX:
		return uk_fdtab_fdflags_set(fd, FD_CLOEXEC);
	case FIONCLEX:
		return uk_fdtab_fdflags_set(fd, 0);
	case FIONBIO:
		if (uk_fdtab_fdflags_get(fd) < 0)
			return -EBADF;
		if (!arg)
			return -EFAULT;
		return fd_set_status_flags(fd, O_NONBLOCK,
					   *(const int *)arg ? O_NONBLOCK : 0);
	default:
		f = uk_fdtab_get(fd);
		if (!f)
			return -EBADF;
		ret = f->ops->ioctl ? f->ops->ioctl(f, req, arg) : -ENOTTY;
		uk_file_release(f);
		return ret;
	}
}
