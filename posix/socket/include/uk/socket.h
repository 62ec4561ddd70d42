/*
 * posix/socket: the POSIX socket calls, dispatched by address family (AF_*)
 * to the socket family drivers that libraries register.
 */
#ifndef UK_SOCKET_H
#define UK_SOCKET_H

#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <uk/essentials.h>
#include <uk/file.h>

#ifdef __cplusplus
extern "C" {
#endif

/* <uk/alloc.h>: a family's preferred allocator. */
struct uk_alloc;
struct posix_socket_driver;

/*
 * Family address numbers 0 .. POSIX_SOCKET_FAMILY_COUNT - 1 can be
 * registered, beyond <sys/socket.h>'s AF_MAX for families of one's own.
 */
#ifndef POSIX_SOCKET_FAMILY_COUNT
#define POSIX_SOCKET_FAMILY_COUNT 256
#endif

/*
 * The glue functions a socket family implements. Each gets the family's
 * driver first and, except create and socketpair, the socket as the
 * family's own handle (void *sock): whatever create or accept4 returned,
 * any value except an error pointer, NULL included (a family may use small
 * integers). Functions returning int or ssize_t give a count or 0, or a
 * negative errno. posix/socket has checked the fd, the NULL pointers and
 * the lengths as the member says, and converts nothing: a family returns
 * Linux's errno for its own cases (e.g. -EINVAL for listen on a socket that
 * cannot listen). A NULL member makes the call fail with -EOPNOTSUPP
 * unless it says otherwise. SOCK_NONBLOCK and SOCK_CLOEXEC never reach a
 * family: posix/socket keeps them on the fd and passes O_NONBLOCK on with
 * ioctl(FIONBIO).
 */

/*
 * Called once when the family is registered, before any other function.
 * May set d->allocator and d->priv. A negative errno leaves the family
 * unregistered.
 */
typedef int (*posix_socket_init_func_t)(struct posix_socket_driver *d);

/*
 * socket(2): a new socket of family (the one the driver was registered
 * for), type without SOCK_NONBLOCK/SOCK_CLOEXEC, and protocol. Returns the
 * socket handle or UK_ERR2PTR(-errno) (e.g. -EPROTONOSUPPORT).
 */
typedef void *(*posix_socket_create_func_t)(struct posix_socket_driver *d,
					    int family, int type, int protocol);

/*
 * accept4(2): waits for a connection (or fails with -EAGAIN if sock is in
 * non-blocking mode) and returns the new socket handle, in blocking mode,
 * or UK_ERR2PTR(-errno). addr and addr_len are both NULL or both valid,
 * *addr_len >= 0; store the peer address truncated to *addr_len and set
 * *addr_len to its full length. flags: accept4 flags other than
 * SOCK_NONBLOCK and SOCK_CLOEXEC (none exist yet: 0).
 */
typedef void *(*posix_socket_accept4_func_t)(struct posix_socket_driver *d,
					     void *sock, struct sockaddr *addr,
					     socklen_t *addr_len, int flags);

/*
 * bind(2), connect(2): addr is valid for addr_len bytes, and
 * sizeof(sa_family_t) <= addr_len <= sizeof(struct sockaddr_storage).
 */
typedef int (*posix_socket_bind_func_t)(struct posix_socket_driver *d,
					void *sock, const struct sockaddr *addr,
					socklen_t addr_len);
typedef int (*posix_socket_connect_func_t)(struct posix_socket_driver *d,
					   void *sock,
					   const struct sockaddr *addr,
					   socklen_t addr_len);

/* shutdown(2): how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
typedef int (*posix_socket_shutdown_func_t)(struct posix_socket_driver *d,
					    void *sock, int how);

/*
 * getpeername(2), getsockname(2): addr and addr_len valid, *addr_len >= 0;
 * store the address truncated to *addr_len, set *addr_len to its length.
 */
typedef int (*posix_socket_getpeername_func_t)(struct posix_socket_driver *d,
					       void *sock,
					       struct sockaddr *addr,
					       socklen_t *addr_len);
typedef int (*posix_socket_getsockname_func_t)(struct posix_socket_driver *d,
					       void *sock,
					       struct sockaddr *addr,
					       socklen_t *addr_len);

/* getsockopt(2): optlen valid, *optlen >= 0. */
typedef int (*posix_socket_getsockopt_func_t)(struct posix_socket_driver *d,
					      void *sock, int level,
					      int optname, void *optval,
					      socklen_t *optlen);

/* setsockopt(2): optlen >= 0; optval non-NULL when optlen > 0. */
typedef int (*posix_socket_setsockopt_func_t)(struct posix_socket_driver *d,
					      void *sock, int level,
					      int optname, const void *optval,
					      socklen_t optlen);

/* listen(2): backlog as the application passed it. */
typedef int (*posix_socket_listen_func_t)(struct posix_socket_driver *d,
					  void *sock, int backlog);

/*
 * recvfrom(2): buf valid for len bytes; from and from_len both NULL or both
 * valid with *from_len >= 0 (store as getpeername). send(2) and recv(2)
 * come here and to sendto with NULL addresses.
 */
typedef ssize_t (*posix_socket_recvfrom_func_t)(struct posix_socket_driver *d,
						void *sock, void *buf,
						size_t len, int flags,
						struct sockaddr *from,
						socklen_t *from_len);

/* sendto(2): buf valid for len bytes; to as bind's addr, or NULL. */
typedef ssize_t (*posix_socket_sendto_func_t)(struct posix_socket_driver *d,
					      void *sock, const void *buf,
					      size_t len, int flags,
					      const struct sockaddr *to,
					      socklen_t to_len);

/*
 * recvmsg(2), sendmsg(2): msg valid; msg_iovlen <= UK_IOV_MAX with
 * msg_iov valid; msg_namelen and msg_controllen >= 0 as ints.
 */
typedef ssize_t (*posix_socket_recvmsg_func_t)(struct posix_socket_driver *d,
					       void *sock, struct msghdr *msg,
					       int flags);
typedef ssize_t (*posix_socket_sendmsg_func_t)(struct posix_socket_driver *d,
					       void *sock,
					       const struct msghdr *msg,
					       int flags);

/*
 * read(2)/readv(2) and write(2)/writev(2) on the socket's fd: 0 < iovcnt <=
 * UK_IOV_MAX, buffers valid, total length fits ssize_t. Without these,
 * read and write on the fd fail with -EINVAL.
 */
typedef ssize_t (*posix_socket_read_func_t)(struct posix_socket_driver *d,
					    void *sock, const struct iovec *iov,
					    int iovcnt);
typedef ssize_t (*posix_socket_write_func_t)(struct posix_socket_driver *d,
					     void *sock,
					     const struct iovec *iov,
					     int iovcnt);

/*
 * The socket's last fd reference is gone: free it. Called exactly once per
 * socket; after it returns, the family must not use the poll chain it was
 * given. Its result is what the close(2) that dropped the last reference
 * returns. NULL: nothing to free.
 */
typedef int (*posix_socket_close_func_t)(struct posix_socket_driver *d,
					 void *sock);

/*
 * ioctl(2) on the socket's fd, and FIONBIO (arg: const int *) when the
 * fd's O_NONBLOCK changes (fcntl F_SETFL, ioctl FIONBIO, SOCK_NONBLOCK on
 * socket, socketpair or accept4). FIONBIO is called with a spinlock held:
 * it must not block. NULL: -ENOTTY for ioctl(2); O_NONBLOCK changes are
 * accepted without telling the family.
 */
typedef int (*posix_socket_ioctl_func_t)(struct posix_socket_driver *d,
					 void *sock, unsigned long request,
					 void *argp);

/*
 * Readiness: store the socket's current poll events (POLLIN, POLLOUT,
 * POLLERR, POLLHUP, POLLRDHUP, ...) in *revents and return 0. chain: NULL
 * for a query; else, from now until close, call
 * chain->wake(chain, events) whenever the readiness may have changed
 * (events: the bits that may have become set, 0 if unknown), from thread
 * context, never concurrently with close. posix/socket passes a chain
 * once per socket, right after create, accept4 or socketpair made it, so
 * one pointer per socket is enough to store it; an error then fails the
 * call that made the socket. NULL member: the socket is always readable
 * and writable, and no wake-ups are expected.
 */
typedef int (*posix_socket_poll_func_t)(struct posix_socket_driver *d,
					void *sock, unsigned int *revents,
					struct uk_poll_chain *chain);

/*
 * socketpair(2): two connected sockets into usockvec[0] and [1]; family and
 * type as for create. Returns 0 or a negative errno (then nothing must be
 * left allocated).
 */
typedef int (*posix_socket_socketpair_func_t)(struct posix_socket_driver *d,
					      int family, int type,
					      int protocol, void *usockvec[2]);

struct posix_socket_ops {
	/* The initialization function on socket registration. */
	posix_socket_init_func_t init;
	/* POSIX interfaces */
	posix_socket_create_func_t create;
	posix_socket_accept4_func_t accept4;
	posix_socket_bind_func_t bind;
	posix_socket_shutdown_func_t shutdown;
	posix_socket_getpeername_func_t getpeername;
	posix_socket_getsockname_func_t getsockname;
	posix_socket_getsockopt_func_t getsockopt;
	posix_socket_setsockopt_func_t setsockopt;
	posix_socket_connect_func_t connect;
	posix_socket_listen_func_t listen;
	posix_socket_recvfrom_func_t recvfrom;
	posix_socket_recvmsg_func_t recvmsg;
	posix_socket_sendmsg_func_t sendmsg;
	posix_socket_sendto_func_t sendto;
	posix_socket_socketpair_func_t socketpair;
	/* File operations on the socket's fd */
	posix_socket_read_func_t read;
	posix_socket_write_func_t write;
	posix_socket_close_func_t close;
	posix_socket_ioctl_func_t ioctl;
	posix_socket_poll_func_t poll;
};

/* A registered socket family. */
struct posix_socket_driver {
	/* The AF_* number it serves. */
	int family;
	const struct posix_socket_ops *ops;
	/*
	 * The allocator the family prefers for its sockets, NULL until the
	 * family's init sets it. posix/socket does not allocate from it.
	 */
	struct uk_alloc *allocator;
	/* The family's private data. */
	void *priv;
};

/*
 * Registers the socket family ops for address family fam (an AF_* number,
 * 0 <= fam < POSIX_SOCKET_FAMILY_COUNT) at boot: a driver record lands in
 * the .uk_socket_families linker section, so the registering cc_library
 * must be alwayslink. Use at file scope, followed by a semicolon; a library
 * may register any number of families. The section holds pointers to
 * drivers kept in writable data.
 */
#define POSIX_SOCKET_FAMILY_REGISTER(fam, sock_ops)                            \
	_POSIX_SOCKET_FAMILY_REGISTER(fam, sock_ops, __COUNTER__)
#define _POSIX_SOCKET_FAMILY_REGISTER(fam, ops, id)                            \
	__POSIX_SOCKET_FAMILY_REGISTER(fam, ops, id)
#define __POSIX_SOCKET_FAMILY_REGISTER(fam, sock_ops, id)                      \
	static struct posix_socket_driver __posix_socket_driver_##id = {       \
		.family = (fam),                                               \
		.ops = (sock_ops),                                             \
		.allocator = NULL,                                             \
		.priv = NULL,                                                  \
	};                                                                     \
	static struct posix_socket_driver *const __posix_socket_family_##id    \
		__used __section(".uk_socket_families")                        \
			__aligned(sizeof(void *)) =                            \
				&__posix_socket_driver_##id

/*
 * Adds driver d (family and ops set, ops->create non-NULL) to the table
 * that socket() dispatches on, after running ops->init. The section walker
 * at boot uses it; so can code that builds drivers at run time. Returns 0,
 * -EINVAL for a family out of range or no create, -EEXIST if the family is
 * taken, or init's negative errno.
 */
int posix_socket_family_add(struct posix_socket_driver *d);

/* The driver registered for family, or NULL. */
struct posix_socket_driver *posix_socket_family_get(int family);

/*
 * System calls. Each returns what Linux returns on success, or a negative
 * errno: -EBADF for an fd that is not open, -ENOTSOCK for an fd that is
 * not a socket, -EFAULT for a required pointer that is NULL, -EINVAL for a
 * negative length or a length out of range, -EOPNOTSUPP when the family
 * lacks the operation, or the family's error.
 */

/*
 * socket(2): -EAFNOSUPPORT for a family nobody registered, -EINVAL for
 * type flags other than SOCK_NONBLOCK and SOCK_CLOEXEC, -EMFILE when the
 * fd table is full, -ENFILE when no socket file is free.
 */
int uk_sys_socket(int family, int type, int protocol);

/* socketpair(2): as socket; -EFAULT if usockvec is NULL. */
int uk_sys_socketpair(int family, int type, int protocol, int *usockvec);

/*
 * accept4(2): -EINVAL for flags other than SOCK_NONBLOCK and SOCK_CLOEXEC
 * or a negative *addr_len; -EFAULT if addr is set but addr_len is NULL.
 */
int uk_sys_accept4(int sock, struct sockaddr *addr, socklen_t *addr_len,
		   int flags);

/* accept(2): accept4 with flags 0. */
int uk_sys_accept(int sock, struct sockaddr *addr, socklen_t *addr_len);

/*
 * bind(2), connect(2): -EINVAL if addr_len is negative, larger than a
 * struct sockaddr_storage or smaller than a sa_family_t; -EFAULT if addr
 * is NULL with addr_len > 0.
 */
int uk_sys_bind(int sock, const struct sockaddr *addr, socklen_t addr_len);
int uk_sys_connect(int sock, const struct sockaddr *addr, socklen_t addr_len);

/* listen(2). */
int uk_sys_listen(int sock, int backlog);

/* shutdown(2): -EINVAL unless how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
int uk_sys_shutdown(int sock, int how);

/*
 * getsockname(2), getpeername(2): -EFAULT if addr_len is NULL, or addr is
 * NULL with *addr_len > 0; -EINVAL if *addr_len is negative.
 */
int uk_sys_getsockname(int sock, struct sockaddr *addr, socklen_t *addr_len);
int uk_sys_getpeername(int sock, struct sockaddr *addr, socklen_t *addr_len);

/*
 * getsockopt(2): -EFAULT if optlen is NULL, -EINVAL if *optlen is negative.
 * setsockopt(2): -EINVAL if optlen is negative, -EFAULT if optval is NULL
 * with optlen > 0.
 */
int uk_sys_getsockopt(int sock, int level, int optname, void *optval,
		      socklen_t *optlen);
int uk_sys_setsockopt(int sock, int level, int optname, const void *optval,
		      socklen_t optlen);

/*
 * sendto(2): -EFAULT if buf is NULL with len > 0; dest as bind's addr when
 * non-NULL (ignored with its length when NULL). send(2): sendto without a
 * destination. Lengths above INT_MAX are cut to INT_MAX, as Linux does.
 */
ssize_t uk_sys_sendto(int sock, const void *buf, size_t len, int flags,
		      const struct sockaddr *dest, socklen_t dest_len);
ssize_t uk_sys_send(int sock, const void *buf, size_t len, int flags);

/*
 * recvfrom(2): -EFAULT if buf is NULL with len > 0 or src is set but
 * src_len is NULL, -EINVAL if *src_len is negative. recv(2): recvfrom
 * without a source address.
 */
ssize_t uk_sys_recvfrom(int sock, void *buf, size_t len, int flags,
			struct sockaddr *src, socklen_t *src_len);
ssize_t uk_sys_recv(int sock, void *buf, size_t len, int flags);

/*
 * sendmsg(2), recvmsg(2): -EFAULT if msg is NULL, or msg_iov is NULL with
 * msg_iovlen > 0; -EMSGSIZE if msg_iovlen > UK_IOV_MAX; -EINVAL if
 * msg_namelen is negative (as an int); -ENOBUFS if msg_controllen is.
 */
ssize_t uk_sys_sendmsg(int sock, const struct msghdr *msg, int flags);
ssize_t uk_sys_recvmsg(int sock, struct msghdr *msg, int flags);
/*
 * sendmmsg(2)/recvmmsg(2): sendmsg/recvmsg on each of up to 1024 messages
 * (struct mmsghdr needs _GNU_SOURCE); recvmmsg's timeout is validated only.
 */
struct mmsghdr;
struct timespec;
int uk_sys_sendmmsg(int sock, struct mmsghdr *vec, unsigned int vlen,
		    int flags);
int uk_sys_recvmmsg(int sock, struct mmsghdr *vec, unsigned int vlen, int flags,
		    struct timespec *timeout);

#ifdef __cplusplus
}
#endif

#endif /* UK_SOCKET_H */
