/*
 * Socket calls that set up and inspect a socket: bind, connect, listen,
 * shutdown, getsockname, getpeername, getsockopt and setsockopt.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/socket.h>
#include <uk/syscall.h>

#include "posix/socket/sockfile.h"

/* Linux's move_addr_to_kernel checks, plus a family field to read. */
int posix_socket_addr_in_check(const struct sockaddr *addr, socklen_t len)
{
	if ((int)len < 0 || len > sizeof(struct sockaddr_storage))
		return -EINVAL;
	if (len && !addr)
		return -EFAULT;
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	return 0;
}

/* Linux's move_addr_to_user checks, before the call instead of after. */
static int addr_out_check(const struct sockaddr *addr, const socklen_t *len)
{
	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	if (*len && !addr)
		return -EFAULT;
	return 0;
}

/* bind and connect: an address passed in, checked, then the family's op. */
static int addr_in_call(int fd, const struct sockaddr *addr, socklen_t addr_len,
			bool connect)
{
	struct posix_socket_file *sf;
	int ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	ret = posix_socket_addr_in_check(addr, addr_len);
	if (!ret)
		ret = connect ? SOCK_OP(sf, connect, addr, addr_len) :
				SOCK_OP(sf, bind, addr, addr_len);
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(int, bind, int, fd, const struct sockaddr *, addr, socklen_t,
		  addr_len)
{
	return addr_in_call(fd, addr, addr_len, false);
}

UK_SYSCALL_DEFINE(int, connect, int, fd, const struct sockaddr *, addr,
		  socklen_t, addr_len)
{
	return addr_in_call(fd, addr, addr_len, true);
}

UK_SYSCALL_DEFINE(int, listen, int, fd, int, backlog)
{
	struct posix_socket_file *sf;
	int ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	ret = SOCK_OP(sf, listen, backlog);
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(int, shutdown, int, fd, int, how)
{
	struct posix_socket_file *sf;
	int ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	if (how != SHUT_RD && how != SHUT_WR && how != SHUT_RDWR)
		ret = -EINVAL;
	else
		ret = SOCK_OP(sf, shutdown, how);
	posix_socket_file_put(sf);
	return ret;
}

/* getsockname and getpeername: checked, then the family's op. */
static int addr_out_call(int fd, struct sockaddr *addr, socklen_t *addr_len,
			 bool peer)
{
	struct posix_socket_file *sf;
	int ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	ret = addr_out_check(addr, addr_len);
	if (!ret)
		ret = peer ? SOCK_OP(sf, getpeername, addr, addr_len) :
			     SOCK_OP(sf, getsockname, addr, addr_len);
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(int, getsockname, int, fd, struct sockaddr *, addr,
		  socklen_t *, addr_len)
{
	return addr_out_call(fd, addr, addr_len, false);
}

UK_SYSCALL_DEFINE(int, getpeername, int, fd, struct sockaddr *, addr,
		  socklen_t *, addr_len)
{
	return addr_out_call(fd, addr, addr_len, true);
}

UK_SYSCALL_DEFINE(int, getsockopt, int, fd, int, level, int, optname, void *,
		  optval, socklen_t *, optlen)
{
	struct posix_socket_file *sf;
	int ret;

	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	if (!optlen)
		ret = -EFAULT;
	else if ((int)*optlen < 0)
		ret = -EINVAL;
	else
		ret = SOCK_OP(sf, getsockopt, level, optname, optval, optlen);
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(int, setsockopt, int, fd, int, level, int, optname,
		  const void *, optval, socklen_t, optlen)
{
	struct posix_socket_file *sf;
	int ret;

	/* Linux rejects a negative length before looking at the fd. */
	if ((int)optlen < 0)
		return -EINVAL;
	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	if (optlen && !optval)
		ret = -EFAULT;
	else
		ret = SOCK_OP(sf, setsockopt, level, optname, optval, optlen);
	posix_socket_file_put(sf);
	return ret;
}
