/*
 * Pipes: a ring buffer between a read end and a write end, each an open
 * file of posix/fdtab. As on Linux: writes of up to PIPE_BUF bytes are
 * atomic, larger ones may be split; a read returns what is there (end of
 * file once no writer is left); a write with no reader gives EPIPE and
 * SIGPIPE; O_NONBLOCK gives EAGAIN instead of waiting; poll reports
 * POLLHUP on the read end when the writers are gone and POLLERR on the
 * write end when the readers are; F_GETPIPE_SZ/F_SETPIPE_SZ read and
 * change the size.
 *
 * The ring and the counts are under the pipe's spinlock; blocked readers
 * and writers sleep on the pipe's wait queue and re-check after waking.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/pipe.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/wait.h>

#include "posix/pipe/sigpipe.h"

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

struct pipe {
	struct uk_file rd, wr;
	struct uk_spinlock lock;
	char *buf;
	size_t size, head, len;
	/* Whether each end is still open (its last reference not gone). */
	bool rd_open, wr_open;
	/* Ends not yet released: the last one frees the pipe. */
	int ends;
	/* Readers and writers waiting for a change. */
	struct uk_waitq wq;
};

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static struct pipe *pipe_of(struct uk_file *f)
{
	return f->priv;
}

/* Copies up to len bytes out of the ring. Lock held. */
static size_t ring_take(struct pipe *p, char *dst, size_t len)
{
	size_t n = UK_MIN(len, p->len), first;

	first = UK_MIN(n, p->size - p->head);
	memcpy(dst, p->buf + p->head, first);
	memcpy(dst + first, p->buf, n - first);
	p->head = (p->head + n) % p->size;
	__atomic_store_n(&p->len, p->len - n, __ATOMIC_RELEASE);
	return n;
}

/* Copies len bytes (that fit) into the ring. Lock held. */
static void ring_put(struct pipe *p, const char *src, size_t len)
{
	size_t tail = (p->head + p->len) % p->size;
	size_t first = UK_MIN(len, p->size - tail);

	memcpy(p->buf + tail, src, first);
	memcpy(p->buf, src + first, len - first);
	__atomic_store_n(&p->len, p->len + len, __ATOMIC_RELEASE);
}

static bool pipe_readable(struct pipe *p)
{
	return __atomic_load_n(&p->len, __ATOMIC_ACQUIRE) ||
	       !__atomic_load_n(&p->wr_open, __ATOMIC_ACQUIRE);
}

static ssize_t pipe_read(struct uk_file *f, void *buf, size_t len)
{
	struct pipe *p = pipe_of(f);
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		uk_spin_lock(&p->lock);
		if (p->len || !p->wr_open)
			break;
		uk_spin_unlock(&p->lock);
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		/* A signal: restarted after its handler with SA_RESTART. */
		if (uk_waitq_wait_event_deadline_intr(&p->wq, pipe_readable(p),
						      0))
			return -UK_ERESTARTSYS;
	}
	n = ring_take(p, buf, len);
	uk_spin_unlock(&p->lock);
	if (n) {
		uk_waitq_wake_up(&p->wq);
		uk_file_poll_wake(&p->wr, POLLOUT | POLLWRNORM);
	}
	return (ssize_t)n;
}

/* Room for a write of want bytes (all of them up to PIPE_BUF). */
static bool pipe_writable(struct pipe *p, size_t want)
{
	size_t room = __atomic_load_n(&p->size, __ATOMIC_ACQUIRE) -
		      __atomic_load_n(&p->len, __ATOMIC_ACQUIRE);

	return !__atomic_load_n(&p->rd_open, __ATOMIC_ACQUIRE) ||
	       room >= UK_MIN(want, (size_t)PIPE_BUF) ||
	       (want > PIPE_BUF && room);
}

static ssize_t pipe_write(struct uk_file *f, const void *buf, size_t len)
{
	struct pipe *p = pipe_of(f);
	const char *src = buf;
	size_t done = 0, room, n;

	while (done < len) {
		uk_spin_lock(&p->lock);
		if (!p->rd_open) {
			uk_spin_unlock(&p->lock);
			uk_pipe_sigpipe();
			return done ? (ssize_t)done : -EPIPE;
		}
		room = p->size - p->len;
		/* Up to PIPE_BUF bytes go in one piece or wait. */
		n = (len - done <= PIPE_BUF && room < len - done) ?
			    0 :
			    UK_MIN(room, len - done);
		if (n) {
			ring_put(p, src + done, n);
			done += n;
		}
		uk_spin_unlock(&p->lock);
		if (n) {
			uk_waitq_wake_up(&p->wq);
			uk_file_poll_wake(&p->rd, POLLIN | POLLRDNORM);
			continue;
		}
		if (uk_file_flags(f) & O_NONBLOCK)
			return done ? (ssize_t)done : -EAGAIN;
		/* A signal: what was written, else a restart (SA_RESTART). */
		if (uk_waitq_wait_event_deadline_intr(
			    &p->wq, pipe_writable(p, len - done), 0))
			return done ? (ssize_t)done : -UK_ERESTARTSYS;
	}
	return (ssize_t)done;
}

static int pipe_poll(struct uk_file *f, unsigned int *revents,
		     struct uk_poll_chain *chain __unused)
{
	struct pipe *p = pipe_of(f);

	uk_spin_lock(&p->lock);
	*revents = 0;
	if (f == &p->rd) {
		if (p->len)
			*revents |= POLLIN | POLLRDNORM;
		if (!p->wr_open)
			*revents |= POLLHUP;
	} else {
		if (p->size - p->len >= PIPE_BUF)
			*revents |= POLLOUT | POLLWRNORM;
		if (!p->rd_open)
			*revents |= POLLERR;
	}
	uk_spin_unlock(&p->lock);
	return 0;
}

/* F_SETPIPE_SZ: a power-of-two number of pages, keeping the contents. */
static int pipe_resize(struct pipe *p, unsigned long arg)
{
	size_t size = 4096, n;
	char *buf;

	if (arg > UK_PIPE_MAX_SIZE)
		return -EPERM;
	while (size < arg)
		size *= 2;
	buf = uk_malloc(heap(), size);
	if (!buf)
		return -ENOMEM;
	uk_spin_lock(&p->lock);
	if (p->len > size) {
		uk_spin_unlock(&p->lock);
		uk_free(heap(), buf);
		return -EBUSY;
	}
	n = p->len;
	ring_take(p, buf, n);
	uk_free(heap(), p->buf);
	p->buf = buf;
	p->head = 0;
	p->len = n;
	__atomic_store_n(&p->size, size, __ATOMIC_RELEASE);
	uk_spin_unlock(&p->lock);
	uk_waitq_wake_up(&p->wq);
	uk_file_poll_wake(&p->wr, POLLOUT | POLLWRNORM);
	return (int)size;
}

static int pipe_fcntl(struct uk_file *f, int cmd, unsigned long arg)
{
	struct pipe *p = pipe_of(f);

	switch (cmd) {
	case F_GETPIPE_SZ:
		return (int)__atomic_load_n(&p->size, __ATOMIC_ACQUIRE);
	case F_SETPIPE_SZ:
		return pipe_resize(p, arg);
	default:
		return -EINVAL;
	}
}

static int pipe_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	if (req != FIONREAD)
		return -ENOTTY;
	if (!arg)
		return -EFAULT;
	*(int *)arg = (int)__atomic_load_n(&pipe_of(f)->len, __ATOMIC_ACQUIRE);
	return 0;
}

static int pipe_stat(struct uk_file *f __unused, struct stat *st)
{
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

/*
 * One end's last reference: tell the other end. The pipe goes with the
 * second end, after the first one's wake-ups are done.
 */
static int pipe_release(struct uk_file *f)
{
	struct pipe *p = pipe_of(f);

	uk_spin_lock(&p->lock);
	if (f == &p->rd)
		__atomic_store_n(&p->rd_open, false, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&p->wr_open, false, __ATOMIC_RELEASE);
	uk_spin_unlock(&p->lock);
	uk_waitq_wake_up(&p->wq);
	if (f == &p->rd)
		uk_file_poll_wake(&p->wr, POLLERR);
	else
		uk_file_poll_wake(&p->rd, POLLHUP);
	if (!__atomic_sub_fetch(&p->ends, 1, __ATOMIC_ACQ_REL)) {
		uk_free(heap(), p->buf);
		uk_free(heap(), p);
	}
	return 0;
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.fcntl = pipe_fcntl,
	.stat = pipe_stat,
	.release = pipe_release,
};

UK_SYSCALL_DEFINE(int, pipe2, int *, fds, int, flags)
{
	const unsigned int fdflags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	const unsigned int st = flags & O_NONBLOCK;
	struct pipe *p;
	int rfd, wfd;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	if (!fds)
		return -EFAULT;
	p = uk_calloc(heap(), 1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->buf = uk_malloc(heap(), UK_PIPE_DEFAULT_SIZE);
	if (!p->buf) {
		uk_free(heap(), p);
		return -ENOMEM;
	}
	p->size = UK_PIPE_DEFAULT_SIZE;
	p->rd_open = p->wr_open = true;
	p->ends = 2;
	uk_spin_init(&p->lock);
	uk_waitq_init(&p->wq);
	uk_file_init(&p->rd, &pipe_ops, O_RDONLY | st, p);
	uk_file_init(&p->wr, &pipe_ops, O_WRONLY | st, p);
	rfd = uk_fdtab_install(&p->rd, 0, fdflags);
	wfd = rfd < 0 ? rfd : uk_fdtab_install(&p->wr, 0, fdflags);
	if (wfd < 0 && rfd >= 0)
		uk_sys_close(rfd);
	/* The fds hold the ends now (or nothing: then the pipe goes). */
	uk_file_release(&p->rd);
	uk_file_release(&p->wr);
	if (wfd < 0)
		return wfd;
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

UK_SYSCALL_DEFINE(int, pipe, int *, fds)
{
	return uk_sys_pipe2(fds, 0);
}
