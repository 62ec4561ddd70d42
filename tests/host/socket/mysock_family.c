/*
 * The "mysock" family behind the release notes' example: sockets from a
 * small static array; bind goes through the notes' glue to the stack's
 * errno-style bind; the other calls are minimal.
 */
#include <poll.h>

#include "my_socket.h"

static struct my_socket socks[8];
static int nsocks, inits;

int mysock_init(struct posix_socket_driver *d __unused)
{
	inits++;
	return 0;
}

void *mysock_create(struct posix_socket_driver *d __unused, int family __unused,
		    int type, int protocol __unused)
{
	if (type != SOCK_STREAM)
		return UK_ERR2PTR(-EPROTONOSUPPORT);
	if (nsocks == (int)UK_ARRAY_SIZE(socks))
		return UK_ERR2PTR(-ENOBUFS);
	return &socks[nsocks++];
}

void *mysock_accept4(struct posix_socket_driver *d __unused,
		     void *sock __unused, struct sockaddr *addr __unused,
		     socklen_t *addr_len __unused, int flags __unused)
{
	return UK_ERR2PTR(-EAGAIN);
}

int mysock_bind(struct posix_socket_driver *d, void *sock,
		const struct sockaddr *addr, socklen_t addr_len)
{
	return mysock_example_glue_bind()(d, sock, addr, addr_len);
}

int mysock_shutdown(struct posix_socket_driver *d __unused, void *sock __unused,
		    int how __unused)
{
	return -ENOTCONN;
}

int mysock_getpeername(struct posix_socket_driver *d __unused,
		       void *sock __unused, struct sockaddr *addr __unused,
		       socklen_t *addr_len __unused)
{
	return -ENOTCONN;
}

int mysock_getsockname(struct posix_socket_driver *d __unused,
		       void *sock __unused, struct sockaddr *addr __unused,
		       socklen_t *addr_len)
{
	*addr_len = 0;
	return 0;
}

int mysock_getsockopt(struct posix_socket_driver *d __unused,
		      void *sock __unused, int level __unused,
		      int optname __unused, void *optval __unused,
		      socklen_t *optlen __unused)
{
	return -ENOPROTOOPT;
}

int mysock_setsockopt(struct posix_socket_driver *d __unused,
		      void *sock __unused, int level __unused,
		      int optname __unused, const void *optval __unused,
		      socklen_t optlen __unused)
{
	return -ENOPROTOOPT;
}

int mysock_connect(struct posix_socket_driver *d __unused, void *sock __unused,
		   const struct sockaddr *addr __unused,
		   socklen_t addr_len __unused)
{
	return -ECONNREFUSED;
}

int mysock_listen(struct posix_socket_driver *d __unused, void *sock,
		  int backlog __unused)
{
	return ((struct my_socket *)sock)->bound ? 0 : -EDESTADDRREQ;
}

ssize_t mysock_recvfrom(struct posix_socket_driver *d __unused,
			void *sock __unused, void *buf __unused,
			size_t len __unused, int flags __unused,
			struct sockaddr *from __unused,
			socklen_t *from_len __unused)
{
	return -ENOTCONN;
}

ssize_t mysock_recvmsg(struct posix_socket_driver *d __unused,
		       void *sock __unused, struct msghdr *msg __unused,
		       int flags __unused)
{
	return -ENOTCONN;
}

ssize_t mysock_sendmsg(struct posix_socket_driver *d __unused,
		       void *sock __unused, const struct msghdr *msg __unused,
		       int flags __unused)
{
	return -ENOTCONN;
}

ssize_t mysock_sendto(struct posix_socket_driver *d __unused,
		      void *sock __unused, const void *buf __unused,
		      size_t len __unused, int flags __unused,
		      const struct sockaddr *to __unused,
		      socklen_t to_len __unused)
{
	return -ENOTCONN;
}

ssize_t mysock_read(struct posix_socket_driver *d __unused, void *sock __unused,
		    const struct iovec *iov __unused, int iovcnt __unused)
{
	return -ENOTCONN;
}

ssize_t mysock_write(struct posix_socket_driver *d __unused,
		     void *sock __unused, const struct iovec *iov __unused,
		     int iovcnt __unused)
{
	return -ENOTCONN;
}

int mysock_close(struct posix_socket_driver *d __unused, void *sock)
{
	((struct my_socket *)sock)->bound = 0;
	return 0;
}

int mysock_ioctl(struct posix_socket_driver *d __unused, void *sock __unused,
		 unsigned long request __unused, void *argp __unused)
{
	return -ENOTTY;
}

int mysock_poll(struct posix_socket_driver *d __unused, void *sock __unused,
		unsigned int *revents, struct uk_poll_chain *chain __unused)
{
	*revents = POLLOUT;
	return 0;
}

struct my_socket *mysock_example_last(void)
{
	return nsocks ? &socks[nsocks - 1] : NULL;
}

int mysock_example_inits(void)
{
	return inits;
}
