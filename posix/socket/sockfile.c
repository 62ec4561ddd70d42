/*
 * Socket files: open files whose operations forward to the socket family,
 * taken from a static pool sized from the fd table (below), so that
 * creating a socket never allocates and the limit is the fd table's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <uk/fdtab.h>

#include "posix/socket/sockfile.h"

/*
 * Socket files that can exist at once: one per fd, so that a full fd table
 * gives EMFILE rather than ENFILE, and some for sockets whose fds are
 * closed while calls in progress still hold them.
 */
#ifndef POSIX_SOCKET_FILE_COUNT
#define POSIX_SOCKET_FILE_COUNT (UK_FDTAB_SIZE + 64)
#endif

#define POOL_WORD_BITS (sizeof(unsigned long) * CHAR_BIT)
#define POOL_WORDS                                                             \
	((POSIX_SOCKET_FILE_COUNT + POOL_WORD_BITS - 1) / POOL_WORD_BITS)

static struct posix_socket_file pool[POSIX_SOCKET_FILE_COUNT];
/* Bit i set: pool[i] is in use. Changed by atomic operations only. */
static unsigned long pool_used[POOL_WORDS];

static struct posix_socket_file *pool_get(void)
{
	unsigned long old, bit;
	size_t w, i;

	for (w = 0; w < POOL_WORDS; w++) {
		old = __atomic_load_n(&pool_used[w], __ATOMIC_RELAXED);
		while (~old) {
			bit = ~old & -~old;
			i = w * POOL_WORD_BITS + (size_t)__builtin_ctzl(bit);
			if (i >= POSIX_SOCKET_FILE_COUNT)
				break;
			if (__atomic_compare_exchange_n(
				    &pool_used[w], &old, old | bit, false,
				    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return &pool[i];
		}
	}
	return NULL;
}

static void pool_put(struct posix_socket_file *sf)
{
	size_t i = (size_t)(sf - pool);

	__atomic_fetch_and(&pool_used[i / POOL_WORD_BITS],
			   ~(1UL << (i % POOL_WORD_BITS)), __ATOMIC_RELEASE);
}

static ssize_t sockfile_readv(struct uk_file *f, const struct iovec *iov,
			      int iovcnt)
{
	struct posix_socket_file *sf = f->priv;

	if (!sf->d->ops->read)
		return -EINVAL;
	return sf->d->ops->read(sf->d, sf->sock, iov, iovcnt);
}

static ssize_t sockfile_writev(struct uk_file *f, const struct iovec *iov,
			       int iovcnt)
{
	struct posix_socket_file *sf = f->priv;

	if (!sf->d->ops->write)
		return -EINVAL;
	return sf->d->ops->write(sf->d, sf->sock, iov, iovcnt);
}

static int sockfile_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct posix_socket_file *sf = f->priv;

	if (!sf->d->ops->ioctl)
		return -ENOTTY;
	return sf->d->ops->ioctl(sf->d, sf->sock, req, arg);
}

/* The family's poll got sf->chain at creation: only query here. */
static int sockfile_poll(struct uk_file *f, unsigned int *revents,
			 struct uk_poll_chain *chain __unused)
{
	struct posix_socket_file *sf = f->priv;

	if (!sf->d->ops->poll) {
		*revents = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
		return 0;
	}
	return sf->d->ops->poll(sf->d, sf->sock, revents, NULL);
}

static int sockfile_setflags(struct uk_file *f, unsigned int flags)
{
	struct posix_socket_file *sf = f->priv;
	int on = !!(flags & O_NONBLOCK);

	if (!((flags ^ uk_file_flags(f)) & O_NONBLOCK) || !sf->d->ops->ioctl)
		return 0;
	return sf->d->ops->ioctl(sf->d, sf->sock, FIONBIO, &on);
}

static int sockfile_release(struct uk_file *f)
{
	struct posix_socket_file *sf = f->priv;
	int ret = 0;

	if (sf->d->ops->close)
		ret = sf->d->ops->close(sf->d, sf->sock);
	pool_put(sf);
	return ret;
}

static const struct uk_file_ops sockfile_ops = {
	.readv = sockfile_readv,
	.writev = sockfile_writev,
	.ioctl = sockfile_ioctl,
	.poll = sockfile_poll,
	.setflags = sockfile_setflags,
	.release = sockfile_release,
};

/* The family's wake-up: pass it to the file's waiters. */
static void sockfile_wake(struct uk_poll_chain *c, unsigned int events)
{
	struct posix_socket_file *sf = c->priv;

	uk_file_poll_wake(&sf->f, events);
}

int posix_socket_file_new(struct posix_socket_driver *d, void *sock,
			  bool nonblock, struct posix_socket_file **sfp)
{
	struct posix_socket_file *sf = pool_get();
	unsigned int revents;
	int ret;

	if (!sf) {
		if (d->ops->close)
			d->ops->close(d, sock);
		return -ENFILE;
	}
	sf->d = d;
	sf->sock = sock;
	sf->chain = (struct uk_poll_chain){ .wake = sockfile_wake, .priv = sf };
	uk_file_init(&sf->f, &sockfile_ops, O_RDWR, sf);
	/* From here on, releasing the file closes the socket. */
	ret = nonblock ?
		      uk_file_set_status_flags(&sf->f, O_NONBLOCK, O_NONBLOCK) :
		      0;
	if (!ret && d->ops->poll)
		ret = d->ops->poll(d, sock, &revents, &sf->chain);
	if (ret < 0) {
		uk_file_release(&sf->f);
		return ret;
	}
	*sfp = sf;
	return 0;
}

struct posix_socket_file *posix_socket_file_of(struct uk_file *f)
{
	return f->ops == &sockfile_ops ? f->priv : NULL;
}

struct posix_socket_file *posix_socket_file_get(int fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct posix_socket_file *sf;

	if (!f)
		return UK_ERR2PTR(-EBADF);
	sf = posix_socket_file_of(f);
	if (!sf) {
		uk_file_release(f);
		return UK_ERR2PTR(-ENOTSOCK);
	}
	return sf;
}

int posix_socket_file_install(struct posix_socket_file *sf, bool cloexec)
{
	int fd = uk_fdtab_install(&sf->f, 0, cloexec ? FD_CLOEXEC : 0);

	uk_file_release(&sf->f);
	return fd;
}
