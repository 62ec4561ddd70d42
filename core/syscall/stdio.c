/*
 * stdin/stdout/stderr on the platform console until posix/fdtab brings
 * real file descriptors: write(v) to fd 1 and 2, non-blocking read(v) from
 * fd 0, and the terminal ioctl that musl's stdio asks.
 */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <uk/plat/console.h>
#include <uk/syscall.h>

/* Linux's UIO_MAXIOV: the most iovecs readv/writev accept. */
#define IOV_MAX_LINUX 1024

static long console_write(const char *buf, size_t len)
{
	size_t done = 0;
	unsigned int chunk;

	/* ukplat_coutk takes an unsigned int length. */
	while (done < len) {
		chunk = (unsigned int)UK_MIN(len - done, (size_t)1 << 30);
		done += (size_t)ukplat_coutk(buf + done, chunk);
	}
	return (long)done;
}

static long console_read(char *buf, size_t len)
{
	int n;

	if (!len)
		return 0;
	n = ukplat_cink(buf, (unsigned int)UK_MIN(len, (size_t)1 << 30));
	/* Nothing pending: the console has no blocking read yet. */
	return n > 0 ? n : -EAGAIN;
}

static long sys_write(long fd, long buf, long len, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	if (fd != 1 && fd != 2)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	return console_write((const char *)buf, (size_t)len);
}
UK_SYSCALL_REGISTER(SYS_write, sys_write);

static long sys_writev(long fd, long iovp, long iovcnt, long a4 __unused,
		       long a5 __unused, long a6 __unused)
{
	const struct iovec *iov = (const struct iovec *)iovp;
	long total = 0;
	long i;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX_LINUX)
		return -EINVAL;
	for (i = 0; i < iovcnt; i++)
		total += console_write(iov[i].iov_base, iov[i].iov_len);
	return total;
}
UK_SYSCALL_REGISTER(SYS_writev, sys_writev);

static long sys_read(long fd, long buf, long len, long a4 __unused,
		     long a5 __unused, long a6 __unused)
{
	if (fd != 0)
		return -EBADF;
	if (len < 0)
		return -EINVAL;
	return console_read((char *)buf, (size_t)len);
}
UK_SYSCALL_REGISTER(SYS_read, sys_read);

/* musl's stdin reads with readv: fill the first non-empty buffer. */
static long sys_readv(long fd, long iovp, long iovcnt, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	const struct iovec *iov = (const struct iovec *)iovp;
	long i;

	if (fd != 0)
		return -EBADF;
	if (iovcnt < 0 || iovcnt > IOV_MAX_LINUX)
		return -EINVAL;
	for (i = 0; i < iovcnt; i++)
		if (iov[i].iov_len)
			return console_read(iov[i].iov_base, iov[i].iov_len);
	return 0;
}
UK_SYSCALL_REGISTER(SYS_readv, sys_readv);

/*
 * The console is a terminal: TIOCGWINSZ succeeds on fds 0-2, so musl makes
 * stdout line-buffered and a program's lines (e.g. a server's readiness
 * line) reach the console when printed, not at exit.
 */
static long sys_ioctl(long fd, long req, long arg, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	struct winsize *ws = (struct winsize *)arg;

	if (fd < 0 || fd > 2)
		return -EBADF;
	if ((unsigned long)req != TIOCGWINSZ)
		return -ENOTTY;
	if (ws) {
		ws->ws_row = 24;
		ws->ws_col = 80;
		ws->ws_xpixel = 0;
		ws->ws_ypixel = 0;
	}
	return 0;
}
UK_SYSCALL_REGISTER(SYS_ioctl, sys_ioctl);
