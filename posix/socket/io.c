/*
 * Socket data calls: send, sendto, sendmsg, recv, recvfrom, recvmsg, and
 * sendmmsg/recvmmsg as loops over sendmsg/recvmsg.
 */
/* struct mmsghdr and MSG_WAITFORONE of <sys/socket.h>. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <uk/posix_clock.h>
#include <uk/socket.h>
#include <uk/syscall.h>

#include "posix/socket/sockfile.h"

/* Linux's copy_msghdr_from_user checks. */
static int msg_check(const struct msghdr *msg)
{
	if (!msg)
		return -EFAULT;
	if (msg->msg_namelen > INT_MAX)
		return -EINVAL;
	if ((size_t)msg->msg_iovlen > UK_IOV_MAX)
		return -EMSGSIZE;
	if (msg->msg_iovlen && !msg->msg_iov)
		return -EFAULT;
	if ((size_t)msg->msg_controllen > INT_MAX)
		return -ENOBUFS;
	return 0;
}

UK_SYSCALL_DEFINE(ssize_t, sendto, int, fd, const void *, buf, size_t, len, int,
		  flags, const struct sockaddr *, dest, socklen_t, dest_len)
{
	struct posix_socket_file *sf;
	ssize_t ret = 0;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	len = UK_MIN(len, (size_t)INT_MAX);
	if (len && !buf)
		ret = -EFAULT;
	else if (dest)
		ret = posix_socket_addr_in_check(dest, dest_len);
	if (!ret)
		ret = SOCK_OP(sf, sendto, buf, len, flags, dest,
			      dest ? dest_len : 0);
	posix_socket_file_put(sf);
	return ret;
}

ssize_t uk_sys_send(int fd, const void *buf, size_t len, int flags)
{
	return uk_sys_sendto(fd, buf, len, flags, NULL, 0);
}

UK_SYSCALL_DEFINE(ssize_t, recvfrom, int, fd, void *, buf, size_t, len, int,
		  flags, struct sockaddr *, src, socklen_t *, src_len)
{
	struct posix_socket_file *sf;
	ssize_t ret = 0;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	len = UK_MIN(len, (size_t)INT_MAX);
	if (len && !buf)
		ret = -EFAULT;
	else if (src && !src_len)
		ret = -EFAULT;
	else if (src && (int)*src_len < 0)
		ret = -EINVAL;
	if (!ret)
		ret = SOCK_OP(sf, recvfrom, buf, len, flags, src,
			      src ? src_len : NULL);
	posix_socket_file_put(sf);
	return ret;
}

ssize_t uk_sys_recv(int fd, void *buf, size_t len, int flags)
{
	return uk_sys_recvfrom(fd, buf, len, flags, NULL, NULL);
}

UK_SYSCALL_DEFINE(ssize_t, sendmsg, int, fd, const struct msghdr *, msg, int,
		  flags)
{
	struct posix_socket_file *sf;
	ssize_t ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	ret = msg_check(msg);
	if (!ret)
		ret = SOCK_OP(sf, sendmsg, msg, flags);
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, recvmsg, int, fd, struct msghdr *, msg, int, flags)
{
	struct posix_socket_file *sf;
	ssize_t ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	ret = msg_check(msg);
	if (!ret)
		ret = SOCK_OP(sf, recvmsg, msg, flags);
	posix_socket_file_put(sf);
	return ret;
}

/* Linux's UIO_MAXIOV: the most messages one *mmsg call handles. */
#define MMSG_MAX 1024U

/* The fd must be a socket before the vector is looked at, as on Linux. */
static int mmsg_check_fd(int fd)
{
	struct posix_socket_file *sf = posix_socket_file_get(fd);

	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	posix_socket_file_put(sf);
	return 0;
}

/*
 * Sends each message with sendmsg until one fails: the number sent, or
 * the error if the first one failed.
 */
UK_SYSCALL_DEFINE(int, sendmmsg, int, fd, struct mmsghdr *, vec, unsigned int,
		  vlen, int, flags)
{
	unsigned int i;
	ssize_t ret;

	ret = mmsg_check_fd(fd);
	if (ret || !vlen)
		return (int)ret;
	if (!vec)
		return -EFAULT;
	vlen = UK_MIN(vlen, MMSG_MAX);
	for (i = 0; i < vlen; i++) {
		ret = uk_sys_sendmsg(fd, &vec[i].msg_hdr, flags);
		if (ret < 0)
			return i ? (int)i : (int)ret;
		vec[i].msg_len = (unsigned int)ret;
	}
	return (int)vlen;
}

/*
 * Receives into each message with recvmsg until one fails; after the
 * first, MSG_WAITFORONE stops waiting. The timeout is checked for
 * validity but bounds nothing (Linux only looks at it between messages);
 * with one, a signal gives EINTR, never a restart (signal(7)).
 */
UK_SYSCALL_DEFINE(int, recvmmsg, int, fd, struct mmsghdr *, vec, unsigned int,
		  vlen, int, flags, struct timespec *, timeout)
{
	unsigned int i;
	ssize_t ret;

	ret = mmsg_check_fd(fd);
	if (ret)
		return (int)ret;
	if (timeout && !posix_timespec_valid(timeout))
		return -EINVAL;
	if (!vlen)
		return 0;
	if (!vec)
		return -EFAULT;
	vlen = UK_MIN(vlen, MMSG_MAX);
	for (i = 0; i < vlen; i++) {
		ret = uk_sys_recvmsg(fd, &vec[i].msg_hdr,
				     flags & ~MSG_WAITFORONE);
		if (ret == -UK_ERESTARTSYS && timeout)
			ret = -EINTR;
		if (ret < 0)
			return i ? (int)i : (int)ret;
		vec[i].msg_len = (unsigned int)ret;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
	}
	return (int)vlen;
}
