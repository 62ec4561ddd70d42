/* Calls that make sockets: socket, socketpair, accept and accept4. */
#include <errno.h>
#include <uk/fdtab.h>
#include <uk/socket.h>
#include <uk/syscall.h>

#include "posix/socket/sockfile.h"

/* Linux's SOCK_TYPE_MASK: the type bits below the flags of socket(2). */
#define SOCK_TYPE_BITS 0xf
#define SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)

/* Wraps sock and gives it an fd; on failure, sock is closed. */
static int sock_open(struct posix_socket_driver *d, void *sock, int flags)
{
	struct posix_socket_file *sf;
	int ret;

	ret = posix_socket_file_new(d, sock, flags & SOCK_NONBLOCK, &sf);
	if (ret < 0)
		return ret;
	return posix_socket_file_install(sf, flags & SOCK_CLOEXEC);
}

UK_SYSCALL_DEFINE(int, socket, int, family, int, type, int, protocol)
{
	struct posix_socket_driver *d;
	void *sock;

	if (type & ~(SOCK_TYPE_BITS | SOCK_FLAGS))
		return -EINVAL;
	d = posix_socket_family_get(family);
	if (!d)
		return -EAFNOSUPPORT;
	sock = d->ops->create(d, family, type & ~SOCK_FLAGS, protocol);
	if (UK_PTRISERR(sock))
		return UK_PTR2ERR(sock);
	return sock_open(d, sock, type);
}

UK_SYSCALL_DEFINE(int, socketpair, int, family, int, type, int, protocol, int *,
		  usockvec)
{
	struct posix_socket_file *sf[2];
	struct posix_socket_driver *d;
	void *sock[2];
	int fd0, ret;

	if (type & ~(SOCK_TYPE_BITS | SOCK_FLAGS))
		return -EINVAL;
	d = posix_socket_family_get(family);
	if (!d)
		return -EAFNOSUPPORT;
	if (!usockvec)
		return -EFAULT;
	if (!d->ops->socketpair)
		return -EOPNOTSUPP;
	ret = d->ops->socketpair(d, family, type & ~SOCK_FLAGS, protocol, sock);
	if (ret < 0)
		return ret;
	ret = posix_socket_file_new(d, sock[0], type & SOCK_NONBLOCK, &sf[0]);
	if (ret < 0) {
		if (d->ops->close)
			d->ops->close(d, sock[1]);
		return ret;
	}
	ret = posix_socket_file_new(d, sock[1], type & SOCK_NONBLOCK, &sf[1]);
	if (ret < 0) {
		posix_socket_file_put(sf[0]);
		return ret;
	}
	fd0 = posix_socket_file_install(sf[0], type & SOCK_CLOEXEC);
	if (fd0 < 0) {
		posix_socket_file_put(sf[1]);
		return fd0;
	}
	ret = posix_socket_file_install(sf[1], type & SOCK_CLOEXEC);
	if (ret < 0) {
		/* fd0 was never returned: nobody else closes it. */
		uk_sys_close(fd0);
		return ret;
	}
	usockvec[0] = fd0;
	usockvec[1] = ret;
	return 0;
}

UK_SYSCALL_DEFINE(int, accept4, int, fd, struct sockaddr *, addr, socklen_t *,
		  addr_len, int, flags)
{
	struct posix_socket_file *sf;
	void *sock;
	int ret;

	if (flags & ~SOCK_FLAGS)
		return -EINVAL;
	sf = posix_socket_file_get(fd);
	if (UK_PTRISERR(sf))
		return UK_PTR2ERR(sf);
	if (addr && !addr_len)
		ret = -EFAULT;
	else if (addr && (int)*addr_len < 0)
		ret = -EINVAL;
	else if (!sf->d->ops->accept4)
		ret = -EOPNOTSUPP;
	else
		ret = 0;
	if (ret < 0)
		goto out;
	/* The family fills an address only when asked for one. */
	sock = sf->d->ops->accept4(sf->d, sf->sock, addr,
				   addr ? addr_len : NULL, flags & ~SOCK_FLAGS);
	if (UK_PTRISERR(sock))
		ret = UK_PTR2ERR(sock);
	else
		ret = sock_open(sf->d, sock, flags);
out:
	posix_socket_file_put(sf);
	return ret;
}

UK_SYSCALL_DEFINE(int, accept, int, fd, struct sockaddr *, addr, socklen_t *,
		  addr_len)
{
	return uk_sys_accept4(fd, addr, addr_len, 0);
}
