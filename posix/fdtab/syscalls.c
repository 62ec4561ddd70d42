/* Registers the fd system calls of posix/fdtab with core/syscall. */
#include <uk/fdtab.h>
#include <uk/syscall.h>

static long sys_read(long fd, long buf, long len, long a4 __unused,
		     long a5 __unused, long a6 __unused)
{
	return uk_sys_read((int)fd, (void *)buf, (size_t)len);
}
UK_SYSCALL_REGISTER(SYS_read, sys_read);

static long sys_write(long fd, long buf, long len, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	return uk_sys_write((int)fd, (const void *)buf, (size_t)len);
}
UK_SYSCALL_REGISTER(SYS_write, sys_write);

static long sys_readv(long fd, long iov, long iovcnt, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	return uk_sys_readv((int)fd, (const struct iovec *)iov, (int)iovcnt);
}
UK_SYSCALL_REGISTER(SYS_readv, sys_readv);

static long sys_writev(long fd, long iov, long iovcnt, long a4 __unused,
		       long a5 __unused, long a6 __unused)
{
	return uk_sys_writev((int)fd, (const struct iovec *)iov, (int)iovcnt);
}
UK_SYSCALL_REGISTER(SYS_writev, sys_writev);

static long sys_close(long fd, long a2 __unused, long a3 __unused,
		      long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_close((int)fd);
}
UK_SYSCALL_REGISTER(SYS_close, sys_close);

static long sys_dup(long fd, long a2 __unused, long a3 __unused,
		    long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_dup((int)fd);
}
UK_SYSCALL_REGISTER(SYS_dup, sys_dup);

/* Only some architectures have dup2 (x86_64); musl uses dup3 elsewhere. */
#ifdef SYS_dup2
static long sys_dup2(long oldfd, long newfd, long a3 __unused,
		     long a4 __unused, long a5 __unused, long a6 __unused)
{
	return uk_sys_dup2((int)oldfd, (int)newfd);
}
UK_SYSCALL_REGISTER(SYS_dup2, sys_dup2);
#endif

static long sys_dup3(long oldfd, long newfd, long flags, long a4 __unused,
		     long a5 __unused, long a6 __unused)
{
	return uk_sys_dup3((int)oldfd, (int)newfd, (int)flags);
}
UK_SYSCALL_REGISTER(SYS_dup3, sys_dup3);

static long sys_fcntl(long fd, long cmd, long arg, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	return uk_sys_fcntl((int)fd, (int)cmd, (unsigned long)arg);
}
UK_SYSCALL_REGISTER(SYS_fcntl, sys_fcntl);

static long sys_ioctl(long fd, long req, long arg, long a4 __unused,
		      long a5 __unused, long a6 __unused)
{
	/* Linux takes the request as an unsigned int. */
	return uk_sys_ioctl((int)fd, (unsigned int)req, (void *)arg);
}
UK_SYSCALL_REGISTER(SYS_ioctl, sys_ioctl);
