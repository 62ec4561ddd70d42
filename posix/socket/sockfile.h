/* Socket files: the open files behind socket fds (internal). */
#ifndef POSIX_SOCKET_SOCKFILE_H
#define POSIX_SOCKET_SOCKFILE_H

#include <uk/file.h>
#include <uk/socket.h>

struct posix_socket_file {
	struct uk_file f;
	struct posix_socket_driver *d;
	/* The family's handle. */
	void *sock;
	/* Handed to the family's poll: forwards to f's poll chains. */
	struct uk_poll_chain chain;
};

/*
 * Wraps a socket the family has just made into an open file (one
 * reference, the caller's) with O_NONBLOCK if nonblock, and hands the
 * family its poll chain. On failure the family's close frees sock; the
 * result is then -ENFILE when no memory is left for the file (as Linux
 * says when it cannot allocate a socket), or the family's
 * FIONBIO or poll error.
 */
int posix_socket_file_new(struct posix_socket_driver *d, void *sock,
			  bool nonblock, struct posix_socket_file **sf);

/* The socket file of f, or NULL if f is no socket. */
struct posix_socket_file *posix_socket_file_of(struct uk_file *f);

/*
 * The socket file open at fd, with a reference for the caller (drop it
 * with posix_socket_file_put), or UK_ERR2PTR(-EBADF / -ENOTSOCK).
 */
struct posix_socket_file *posix_socket_file_get(int fd);

static inline void posix_socket_file_put(struct posix_socket_file *sf)
{
	uk_file_release(&sf->f);
}

/*
 * Installs sf at the lowest free fd, FD_CLOEXEC if cloexec, and drops the
 * caller's reference on sf. Returns the fd or -EMFILE (the socket closed).
 */
int posix_socket_file_install(struct posix_socket_file *sf, bool cloexec);

/* Calls the family's op on sf's socket, or is -EOPNOTSUPP without it. */
#define SOCK_OP(sf, op, ...)                                                   \
	((sf)->d->ops->op ?                                                    \
		 (sf)->d->ops->op((sf)->d, (sf)->sock, __VA_ARGS__) :          \
		 -EOPNOTSUPP)

/*
 * Checks an address passed in as bind(2) does: 0, -EINVAL for a length
 * out of range, -EFAULT for a NULL addr with a length.
 */
int posix_socket_addr_in_check(const struct sockaddr *addr, socklen_t len);

#endif /* POSIX_SOCKET_SOCKFILE_H */
