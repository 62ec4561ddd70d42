/* read, write, readv and writev on open files. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>

/* Linux's MAX_RW_COUNT: the most one read or write transfers. */
#define RW_MAX ((size_t)(INT_MAX & ~0xfff))

/* Whether f's access mode allows reading (rd) or writing (!rd). */
static bool file_mode_allows(struct uk_file *f, bool rd)
{
	unsigned int mode = uk_file_flags(f) & UK_FILE_ACCMODE;

	return rd ? mode != O_WRONLY : mode != O_RDONLY;
}

/* Checks an iovec array as Linux's import_iovec does. */
static int iov_check(const struct iovec *iov, int iovcnt)
{
	size_t total = 0;
	int i;

	if (iovcnt < 0 || iovcnt > UK_IOV_MAX)
		return -EINVAL;
	if (iovcnt && !iov)
		return -EFAULT;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - total)
			return -EINVAL;
		if (iov[i].iov_len && !iov[i].iov_base)
			return -EFAULT;
		total += iov[i].iov_len;
	}
	return 0;
}

/*
 * Runs a one-buffer op over each buffer in turn until one comes back
 * short; an error after some bytes went through returns the byte count.
 */
static ssize_t file_rw_each(struct uk_file *f, const struct iovec *iov,
			    int iovcnt, bool rd)
{
	ssize_t total = 0, n;
	int i;

	for (i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_len)
			continue;
		n = rd ? f->ops->read(f, iov[i].iov_base, iov[i].iov_len) :
			 f->ops->write(f, iov[i].iov_base, iov[i].iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total;
}

static ssize_t file_rw(struct uk_file *f, void *buf, size_t len, bool rd)
{
	struct iovec iov = { buf, UK_MIN(len, RW_MAX) };

	if (!file_mode_allows(f, rd))
		return -EBADF;
	if (len && !buf)
		return -EFAULT;
	if (rd && f->ops->read)
		return f->ops->read(f, iov.iov_base, iov.iov_len);
	if (!rd && f->ops->write)
		return f->ops->write(f, iov.iov_base, iov.iov_len);
	if (rd && f->ops->readv)
		return f->ops->readv(f, &iov, 1);
	if (!rd && f->ops->writev)
		return f->ops->writev(f, &iov, 1);
	return -EINVAL;
}

static ssize_t file_rwv(struct uk_file *f, const struct iovec *iov, int iovcnt,
			bool rd)
{
	int ret;

	if (!file_mode_allows(f, rd))
		return -EBADF;
	ret = iov_check(iov, iovcnt);
	if (ret)
		return ret;
	if (!iovcnt)
		return 0;
	if (rd && f->ops->readv)
		return f->ops->readv(f, iov, iovcnt);
	if (!rd && f->ops->writev)
		return f->ops->writev(f, iov, iovcnt);
	if ((rd && f->ops->read) || (!rd && f->ops->write))
		return file_rw_each(f, iov, iovcnt, rd);
	return -EINVAL;
}

UK_SYSCALL_DEFINE(ssize_t, read, int, fd, void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = file_rw(f, buf, len, true);
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, write, int, fd, const void *, buf, size_t, len)
{
	struct uk_file *f = uk_fdtab_get(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	/* The op gets a const buffer back: file_rw only passes it on. */
	ret = file_rw(f, (void *)(uintptr_t)buf, len, false);
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, readv, int, fd, const struct iovec *, iov, int,
		  iovcnt)
{
	struct uk_file *f = uk_fdtab_get(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = file_rwv(f, iov, iovcnt, true);
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, writev, int, fd, const struct iovec *, iov, int,
		  iovcnt)
{
	struct uk_file *f = uk_fdtab_get(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = file_rwv(f, iov, iovcnt, false);
	uk_file_release(f);
	return ret;
}
