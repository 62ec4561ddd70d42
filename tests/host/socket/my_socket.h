/*
 * The glue functions of the "mysock" family from the release notes' example:
 * one per member of struct posix_socket_ops, named as the notes' ops table
 * names them. mysock_family.c implements them.
 */
#ifndef MY_SOCKET_H
#define MY_SOCKET_H

#include <uk/socket.h>

#include "mysock_types.h"

#ifdef __cplusplus
extern "C" {
#endif

int mysock_init(struct posix_socket_driver *d);
void *mysock_create(struct posix_socket_driver *d, int family, int type,
		    int protocol);
void *mysock_accept4(struct posix_socket_driver *d, void *sock,
		     struct sockaddr *addr, socklen_t *addr_len, int flags);
int mysock_bind(struct posix_socket_driver *d, void *sock,
		const struct sockaddr *addr, socklen_t addr_len);
int mysock_shutdown(struct posix_socket_driver *d, void *sock, int how);
int mysock_getpeername(struct posix_socket_driver *d, void *sock,
		       struct sockaddr *addr, socklen_t *addr_len);
int mysock_getsockname(struct posix_socket_driver *d, void *sock,
		       struct sockaddr *addr, socklen_t *addr_len);
int mysock_getsockopt(struct posix_socket_driver *d, void *sock, int level,
		      int optname, void *optval, socklen_t *optlen);
int mysock_setsockopt(struct posix_socket_driver *d, void *sock, int level,
		      int optname, const void *optval, socklen_t optlen);
int mysock_connect(struct posix_socket_driver *d, void *sock,
		   const struct sockaddr *addr, socklen_t addr_len);
int mysock_listen(struct posix_socket_driver *d, void *sock, int backlog);
ssize_t mysock_recvfrom(struct posix_socket_driver *d, void *sock, void *buf,
			size_t len, int flags, struct sockaddr *from,
			socklen_t *from_len);
ssize_t mysock_recvmsg(struct posix_socket_driver *d, void *sock,
		       struct msghdr *msg, int flags);
ssize_t mysock_sendmsg(struct posix_socket_driver *d, void *sock,
		       const struct msghdr *msg, int flags);
ssize_t mysock_sendto(struct posix_socket_driver *d, void *sock,
		      const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t to_len);
ssize_t mysock_read(struct posix_socket_driver *d, void *sock,
		    const struct iovec *iov, int iovcnt);
ssize_t mysock_write(struct posix_socket_driver *d, void *sock,
		     const struct iovec *iov, int iovcnt);
int mysock_close(struct posix_socket_driver *d, void *sock);
int mysock_ioctl(struct posix_socket_driver *d, void *sock,
		 unsigned long request, void *argp);
int mysock_poll(struct posix_socket_driver *d, void *sock,
		unsigned int *revents, struct uk_poll_chain *chain);

/* For the test: the example's ops table and its registered driver. */
const struct posix_socket_ops *mysock_example_ops(void);

/* For the test: the example's glue for bind (mysock_glue.c). */
posix_socket_bind_func_t mysock_example_glue_bind(void);

/* For the test: the socket mysock_create made last, and inits so far. */
struct my_socket *mysock_example_last(void);
int mysock_example_inits(void);

#ifdef __cplusplus
}
#endif

#endif /* MY_SOCKET_H */
