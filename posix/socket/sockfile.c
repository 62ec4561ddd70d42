/*
 * Socket files: open files whose operations forward to the socket family,
 * allocated from the heap, so that memory and RLIMIT_NOFILE, not a
 * compile-time pool, bound the sockets open at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>

#include "posix/socket/sockfile.h"

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
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
	uk_free(heap(), sf);
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
	struct posix_socket_file *sf = uk_malloc(heap(), sizeof(*sf));
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
