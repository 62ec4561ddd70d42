/*
 * Pipes: a ring buffer between a read end and a write end, each an open
 * file of posix/fdtab. As on Linux: writes of up to PIPE_BUF bytes are
 * atomic, larger ones may be split; a read returns what is there (end of
 * file once no writer is left); a write with no reader gives EPIPE and
 * SIGPIPE; O_NONBLOCK gives EAGAIN instead of waiting; poll reports
 * POLLHUP on the read end when the writers are gone and POLLERR on the
 * write end when the readers are; F_GETPIPE_SZ/F_SETPIPE_SZ read and
 * change the size. splice, tee and vmsplice move data through a buffer
 * (no page gifting): the pipe side's bytes are copied out, written to the
 * other side, and only then taken from the ring, so a short write leaves
 * the rest in the pipe (a reader racing a splice on the same pipe may see
 * the same bytes).
 *
 * FIFOs (posix/vfs's FIFO files) are pipes too: each open(2) adds a file
 * to the pipe that the vnode points at (a new one at the first open), and
 * the pipe goes with its last file. The open waits as Linux's fifo_open:
 * a reader for a writer, a writer for a reader (O_NONBLOCK: ENXIO), and
 * O_RDWR never. A pipe counts its files that read and that write; an
 * O_RDWR file is both.
 *
 * The ring and the counts are under the pipe's spinlock, a FIFO's slot
 * under fifo_lock (taken first); blocked readers, writers and opens sleep
 * on the pipe's wait queue and re-check after waking.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
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
	struct uk_spinlock lock;
	char *buf;
	size_t size, head, len;
	/* Open files that read and that write it (O_RDWR counts as both). */
	int readers, writers;
	/* Opens for writing so far: a FIFO reader's open waits for one. */
	unsigned long r_counter, w_counter;
	/* Every open file of the pipe (struct pipe_file.node). */
	struct uk_list_head files;
	/* A FIFO's: the vnode's pointer to it, cleared with the last file. */
	void **slot;
	/* Readers and writers waiting for a change, and FIFO opens. */
	struct uk_waitq wq;
};

/* One open file of a pipe: an end of pipe(2), or an open of a FIFO. */
struct pipe_file {
	struct uk_file f;
	struct pipe *p;
	/* The pipe's w_counter at open: POLLHUP once a writer came and went. */
	unsigned long wseen;
	/* A FIFO's owner (the VFS's vnode), or NULL. */
	const struct uk_pipe_fifo_owner *owner;
	void *arg;
	struct uk_list_head node;
};

/* Guards FIFO slots: a pipe found there is joined before it can go. */
static struct uk_spinlock fifo_lock = UK_SPINLOCK_INITIALIZER;

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static struct pipe_file *pf_of(struct uk_file *f)
{
	return f->priv;
}

static struct pipe *pipe_of(struct uk_file *f)
{
	return pf_of(f)->p;
}

static bool readable(struct uk_file *f)
{
	return (uk_file_flags(f) & UK_FILE_ACCMODE) != O_WRONLY;
}

static bool writable(struct uk_file *f)
{
	return (uk_file_flags(f) & UK_FILE_ACCMODE) != O_RDONLY;
}

/*
 * Wakes the pollers of the pipe's files that read (rd) or that write:
 * the ones whose readiness events may have changed.
 */
static void wake_files(struct pipe *p, bool rd, unsigned int events)
{
	struct pipe_file *pf;

	uk_spin_lock(&p->lock);
	uk_list_for_each_entry(pf, &p->files, node)
		if (rd ? readable(&pf->f) : writable(&pf->f))
			uk_file_poll_wake(&pf->f, events);
	uk_spin_unlock(&p->lock);
}

/* Copies up to len bytes from the ring's start, leaving them. Lock held. */
static size_t ring_peek(struct pipe *p, char *dst, size_t len)
{
	size_t n = UK_MIN(len, p->len), first;

	first = UK_MIN(n, p->size - p->head);
	memcpy(dst, p->buf + p->head, first);
	memcpy(dst + first, p->buf, n - first);
	return n;
}

/* Drops n (at most len) bytes from the ring's start. Lock held. */
static void ring_drop(struct pipe *p, size_t n)
{
	p->head = (p->head + n) % p->size;
	__atomic_store_n(&p->len, p->len - n, __ATOMIC_RELEASE);
}

/* Copies up to len bytes out of the ring. Lock held. */
static size_t ring_take(struct pipe *p, char *dst, size_t len)
{
	size_t n = ring_peek(p, dst, len);

	ring_drop(p, n);
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
	       !__atomic_load_n(&p->writers, __ATOMIC_ACQUIRE);
}

static ssize_t pipe_read(struct uk_file *f, void *buf, size_t len)
{
	struct pipe *p = pipe_of(f);
	size_t n;

	if (!len)
		return 0;
	for (;;) {
		uk_spin_lock(&p->lock);
		if (p->len || !p->writers)
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
		wake_files(p, false, POLLOUT | POLLWRNORM);
	}
	return (ssize_t)n;
}

/* Room for a write of want bytes (all of them up to PIPE_BUF). */
static bool pipe_writable(struct pipe *p, size_t want)
{
	size_t room = __atomic_load_n(&p->size, __ATOMIC_ACQUIRE) -
		      __atomic_load_n(&p->len, __ATOMIC_ACQUIRE);

	return !__atomic_load_n(&p->readers, __ATOMIC_ACQUIRE) ||
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
		if (!p->readers) {
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
			wake_files(p, true, POLLIN | POLLRDNORM);
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
	if (readable(f)) {
		if (p->len)
			*revents |= POLLIN | POLLRDNORM;
		/* A FIFO opened before any writer: no hangup yet (Linux). */
		if (!p->writers && p->w_counter != pf_of(f)->wseen)
			*revents |= POLLHUP;
	}
	if (writable(f)) {
		if (p->size - p->len >= PIPE_BUF)
			*revents |= POLLOUT | POLLWRNORM;
		if (!p->readers)
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
	wake_files(p, false, POLLOUT | POLLWRNORM);
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

/*
 * A file's last reference: tell the other ends. The pipe goes with its
 * last file (a FIFO's leaves its vnode then), after the wake-ups.
 */
static int pipe_release(struct uk_file *f)
{
	struct pipe_file *pf = pf_of(f);
	struct pipe *p = pf->p;
	bool rd = readable(f), wr = writable(f), last;

	uk_spin_lock(&p->lock);
	if (rd)
		__atomic_sub_fetch(&p->readers, 1, __ATOMIC_RELEASE);
	if (wr)
		__atomic_sub_fetch(&p->writers, 1, __ATOMIC_RELEASE);
	uk_spin_unlock(&p->lock);
	uk_waitq_wake_up(&p->wq);
	if (rd)
		wake_files(p, false, POLLERR);
	if (wr)
		wake_files(p, true, POLLHUP);
	uk_spin_lock(&fifo_lock);
	uk_spin_lock(&p->lock);
	uk_list_del(&pf->node);
	last = uk_list_empty(&p->files);
	if (last && p->slot)
		*p->slot = NULL;
	uk_spin_unlock(&p->lock);
	uk_spin_unlock(&fifo_lock);
	if (last) {
		uk_free(heap(), p->buf);
		uk_free(heap(), p);
	}
	if (pf->owner)
		pf->owner->release(pf->arg);
	uk_free(heap(), pf);
	return 0;
}

static int pipe_stat(struct uk_file *f, struct stat *st)
{
	struct pipe_file *pf = pf_of(f);

	if (pf->owner)
		return pf->owner->stat(pf->arg, st);
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
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

/* A new pipe without files, or NULL. */
static struct pipe *pipe_new(void)
{
	struct pipe *p = uk_calloc(heap(), 1, sizeof(*p));

	if (!p)
		return NULL;
	p->buf = uk_malloc(heap(), UK_PIPE_DEFAULT_SIZE);
	if (!p->buf) {
		uk_free(heap(), p);
		return NULL;
	}
	p->size = UK_PIPE_DEFAULT_SIZE;
	uk_spin_init(&p->lock);
	uk_waitq_init(&p->wq);
	uk_list_init(&p->files);
	return p;
}

/* Adds a file with flags to p (its lock held): it counts from now. */
static void pipe_join(struct pipe *p, struct pipe_file *pf, unsigned int flags)
{
	pf->p = p;
	uk_file_init(&pf->f, &pipe_ops, flags, pf);
	if (readable(&pf->f)) {
		__atomic_add_fetch(&p->readers, 1, __ATOMIC_RELEASE);
		__atomic_add_fetch(&p->r_counter, 1, __ATOMIC_RELEASE);
	}
	if (writable(&pf->f)) {
		__atomic_add_fetch(&p->writers, 1, __ATOMIC_RELEASE);
		__atomic_add_fetch(&p->w_counter, 1, __ATOMIC_RELEASE);
	}
	uk_list_add_tail(&pf->node, &p->files);
}

UK_SYSCALL_DEFINE(int, pipe2, int *, fds, int, flags)
{
	const unsigned int fdflags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
	const unsigned int st = flags & O_NONBLOCK;
	struct pipe_file *rd, *wr;
	struct pipe *p;
	int rfd, wfd;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	if (!fds)
		return -EFAULT;
	p = pipe_new();
	rd = uk_calloc(heap(), 1, sizeof(*rd));
	wr = uk_calloc(heap(), 1, sizeof(*wr));
	if (!p || !rd || !wr) {
		if (p)
			uk_free(heap(), p->buf);
		uk_free(heap(), p);
		uk_free(heap(), rd);
		uk_free(heap(), wr);
		return -ENOMEM;
	}
	uk_spin_lock(&p->lock);
	pipe_join(p, rd, O_RDONLY | st);
	pipe_join(p, wr, O_WRONLY | st);
	uk_spin_unlock(&p->lock);
	rfd = uk_fdtab_install(&rd->f, 0, fdflags);
	wfd = rfd < 0 ? rfd : uk_fdtab_install(&wr->f, 0, fdflags);
	if (wfd < 0 && rfd >= 0)
		uk_sys_close(rfd);
	/* The fds hold the ends now (or nothing: then the pipe goes). */
	uk_file_release(&rd->f);
	uk_file_release(&wr->f);
	if (wfd < 0)
		return wfd;
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

void *uk_pipe_fifo_arg(struct uk_file *f,
		       const struct uk_pipe_fifo_owner *owner)
{
	return f->ops == &pipe_ops && pf_of(f)->owner == owner ? pf_of(f)->arg :
								 NULL;
}

/* Whether a FIFO open waiting for the other side (rd: a writer) is done. */
static bool fifo_met(struct pipe *p, bool rd, unsigned long seen)
{
	return rd ? __atomic_load_n(&p->writers, __ATOMIC_ACQUIRE) ||
			       __atomic_load_n(&p->w_counter,
					       __ATOMIC_ACQUIRE) != seen :
		    __atomic_load_n(&p->readers, __ATOMIC_ACQUIRE) ||
			       __atomic_load_n(&p->r_counter,
					       __ATOMIC_ACQUIRE) != seen;
}

/*
 * The pipe in *slot, locked, with fifo_lock held; a new one put there if
 * it had none. NULL: no memory.
 */
static struct pipe *fifo_pipe(void **slot)
{
	struct pipe *fresh = NULL, *p;

	for (;;) {
		uk_spin_lock(&fifo_lock);
		p = *slot;
		if (!p && fresh) {
			p = fresh;
			p->slot = slot;
			*slot = p;
			fresh = NULL;
		}
		if (p) {
			uk_spin_lock(&p->lock);
			break;
		}
		uk_spin_unlock(&fifo_lock);
		/* Allocated unlocked; another open may install one first. */
		fresh = pipe_new();
		if (!fresh)
			return NULL;
	}
	if (fresh) {
		uk_free(heap(), fresh->buf);
		uk_free(heap(), fresh);
	}
	return p;
}

int uk_pipe_fifo_open(void **slot, unsigned int flags,
		      const struct uk_pipe_fifo_owner *owner, void *arg,
		      struct uk_file **f)
{
	const unsigned int acc = flags & UK_FILE_ACCMODE;
	const bool nb = flags & O_NONBLOCK;
	struct pipe_file *pf;
	unsigned long seen;
	struct pipe *p;
	bool orphan;

	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return -EINVAL;
	pf = uk_calloc(heap(), 1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	p = fifo_pipe(slot);
	if (!p) {
		uk_free(heap(), pf);
		return -ENOMEM;
	}
	/* A non-blocking writer needs a reader; a pipe left without files goes. */
	if (acc == O_WRONLY && nb && !p->readers) {
		orphan = uk_list_empty(&p->files);
		if (orphan)
			*slot = NULL;
		uk_spin_unlock(&p->lock);
		uk_spin_unlock(&fifo_lock);
		if (orphan) {
			uk_free(heap(), p->buf);
			uk_free(heap(), p);
		}
		uk_free(heap(), pf);
		return -ENXIO;
	}
	pipe_join(p, pf, flags);
	/* Linux: a reader that came before any writer sees no hangup yet. */
	pf->wseen = (acc == O_RDONLY && nb && !p->writers) ? p->w_counter : 0;
	seen = acc == O_RDONLY ? p->w_counter : p->r_counter;
	uk_spin_unlock(&p->lock);
	uk_spin_unlock(&fifo_lock);
	uk_waitq_wake_up(&p->wq);
	/* O_RDWR never waits; O_RDONLY | O_NONBLOCK does not either. */
	if (acc != O_RDWR && !nb &&
	    uk_waitq_wait_event_deadline_intr(
		    &p->wq, fifo_met(p, acc == O_RDONLY, seen), 0)) {
		/* A signal: the open is undone (the owner keeps its part). */
		uk_file_release(&pf->f);
		return -UK_ERESTARTSYS;
	}
	pf->owner = owner;
	pf->arg = arg;
	*f = &pf->f;
	return 0;
}

UK_SYSCALL_DEFINE(int, pipe, int *, fds)
{
	return uk_sys_pipe2(fds, 0);
}

/* splice's flags (SPLICE_F_MOVE, _NONBLOCK, _MORE, _GIFT). */
#define SPLICE_FLAGS 0xfu
#define SPLICE_NONBLOCK 2u
/* The most that one splice, tee or vmsplice step copies. */
#define SPLICE_CHUNK UK_PIPE_DEFAULT_SIZE

/* f's pipe if f is an end of one, else NULL. */
static struct pipe *pipe_end(struct uk_file *f)
{
	return f->ops == &pipe_ops ? pipe_of(f) : NULL;
}

/*
 * Waits until the read end rd has data (0) or is at end of file (1);
 * -EAGAIN when nb and it would wait.
 */
static int wait_data(struct uk_file *rd, bool nb)
{
	struct pipe *p = pipe_of(rd);

	nb = nb || (uk_file_flags(rd) & O_NONBLOCK);
	while (!__atomic_load_n(&p->len, __ATOMIC_ACQUIRE)) {
		if (!__atomic_load_n(&p->writers, __ATOMIC_ACQUIRE))
			return 1;
		if (nb)
			return -EAGAIN;
		if (uk_waitq_wait_event_deadline_intr(&p->wq, pipe_readable(p),
						      0))
			return -UK_ERESTARTSYS;
	}
	return 0;
}

/*
 * Waits for room in the write end wr: the bytes free, -EPIPE (and
 * SIGPIPE) without readers, -EAGAIN when nb and it would wait.
 */
static ssize_t wait_room(struct uk_file *wr, bool nb)
{
	struct pipe *p = pipe_of(wr);
	size_t room;

	nb = nb || (uk_file_flags(wr) & O_NONBLOCK);
	for (;;) {
		if (!__atomic_load_n(&p->readers, __ATOMIC_ACQUIRE)) {
			uk_pipe_sigpipe();
			return -EPIPE;
		}
		room = __atomic_load_n(&p->size, __ATOMIC_ACQUIRE) -
		       __atomic_load_n(&p->len, __ATOMIC_ACQUIRE);
		if (room)
			return (ssize_t)room;
		if (nb)
			return -EAGAIN;
		if (uk_waitq_wait_event_deadline_intr(&p->wq,
						      pipe_writable(p, 1), 0))
			return -UK_ERESTARTSYS;
	}
}

/* Takes n bytes that a splice or vmsplice has passed on. */
static void pipe_consumed(struct pipe *p, size_t n)
{
	uk_spin_lock(&p->lock);
	ring_drop(p, UK_MIN(n, p->len));
	uk_spin_unlock(&p->lock);
	uk_waitq_wake_up(&p->wq);
	wake_files(p, false, POLLOUT | POLLWRNORM);
}

/*
 * posix/vfs's positioned I/O, when the image has files (weak: pipes do
 * not need the VFS). Without it no fd takes an offset: ESPIPE.
 */
extern ssize_t uk_sys_pread64(int fd, void *buf, size_t len, off_t off)
	__attribute__((weak));
extern ssize_t uk_sys_pwrite64(int fd, const void *buf, size_t len, off_t off)
	__attribute__((weak));

/* Reads or writes fd at *off (advanced) or at its position. */
static ssize_t fd_io(int fd, void *buf, size_t len, off_t *off, bool wr)
{
	ssize_t n;

	if (!off)
		return wr ? uk_sys_write(fd, buf, len) :
			    uk_sys_read(fd, buf, len);
	if (*off < 0)
		return -EINVAL;
	if (!uk_sys_pread64 || !uk_sys_pwrite64)
		return -ESPIPE;
	n = wr ? uk_sys_pwrite64(fd, buf, len, *off) :
		 uk_sys_pread64(fd, buf, len, *off);
	if (n > 0)
		*off += n;
	return n;
}

static ssize_t splice_from_pipe(struct uk_file *rd, int fd_out, off_t *off,
				size_t len, bool nb, char *buf)
{
	struct pipe *p = pipe_of(rd);
	ssize_t n, w;
	int ret = wait_data(rd, nb);

	if (ret)
		return ret > 0 ? 0 : ret;
	uk_spin_lock(&p->lock);
	n = (ssize_t)ring_peek(p, buf, UK_MIN(len, SPLICE_CHUNK));
	uk_spin_unlock(&p->lock);
	w = fd_io(fd_out, buf, (size_t)n, off, true);
	if (w > 0)
		pipe_consumed(p, (size_t)w);
	return w;
}

static ssize_t splice_to_pipe(int fd_in, off_t *off, struct uk_file *wr,
			      size_t len, bool nb, char *buf)
{
	ssize_t room = wait_room(wr, nb), n;

	if (room < 0)
		return room;
	n = fd_io(fd_in, buf, UK_MIN(len, UK_MIN((size_t)room, SPLICE_CHUNK)),
		  off, false);
	return n > 0 ? pipe_write(wr, buf, (size_t)n) : n;
}

/* Checks common to splice and tee: the ends' access modes. */
static int splice_access(struct uk_file *in, struct uk_file *out)
{
	if (!readable(in) || !writable(out))
		return -EBADF;
	if (!pipe_end(out) && (uk_file_flags(out) & O_APPEND))
		return -EINVAL;
	return 0;
}

static ssize_t splice_files(struct uk_file *in, int fd_in, off_t *off_in,
			    struct uk_file *out, int fd_out, off_t *off_out,
			    size_t len, unsigned int flags)
{
	struct pipe *pin = pipe_end(in), *pout = pipe_end(out);
	bool nb = flags & SPLICE_NONBLOCK;
	ssize_t ret;
	char *buf;

	ret = splice_access(in, out);
	if (ret)
		return ret;
	if (!pin && !pout)
		return -EINVAL;
	if ((pin && off_in) || (pout && off_out))
		return -ESPIPE;
	if (pin && pin == pout)
		return -EINVAL;
	buf = uk_malloc(heap(), SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	if (pin)
		ret = splice_from_pipe(in, fd_out, off_out, len, nb, buf);
	else
		ret = splice_to_pipe(fd_in, off_in, out, len, nb, buf);
	uk_free(heap(), buf);
	return ret;
}

/* The files of fds a and b (both referenced), or EBADF and neither. */
static int files_get2(int a, struct uk_file **fa, int b, struct uk_file **fb)
{
	*fa = uk_fdtab_get(a);
	*fb = uk_fdtab_get(b);
	if (*fa && *fb)
		return 0;
	if (*fa)
		uk_file_release(*fa);
	if (*fb)
		uk_file_release(*fb);
	return -EBADF;
}

UK_SYSCALL_DEFINE(ssize_t, splice, int, fd_in, off_t *, off_in, int, fd_out,
		  off_t *, off_out, size_t, len, unsigned int, flags)
{
	struct uk_file *in, *out;
	ssize_t ret;

	if (!len)
		return 0;
	if (flags & ~SPLICE_FLAGS)
		return -EINVAL;
	ret = files_get2(fd_in, &in, fd_out, &out);
	if (ret)
		return ret;
	ret = splice_files(in, fd_in, off_in, out, fd_out, off_out, len, flags);
	uk_file_release(in);
	uk_file_release(out);
	return ret;
}

/* tee: copies what the read end in holds to the write end out. */
static ssize_t tee_pipes(struct uk_file *in, struct uk_file *out, size_t len,
			 bool nb)
{
	struct pipe *pin = pipe_end(in), *pout = pipe_end(out);
	ssize_t room, n;
	char *buf;
	int ret;

	if (!pin || !pout || pin == pout)
		return -EINVAL;
	if (!readable(in) || !writable(out))
		return -EBADF;
	ret = wait_data(in, nb);
	if (ret)
		return ret > 0 ? 0 : ret;
	room = wait_room(out, nb);
	if (room < 0)
		return room;
	buf = uk_malloc(heap(), SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	uk_spin_lock(&pin->lock);
	n = (ssize_t)ring_peek(pin, buf,
			       UK_MIN(len, UK_MIN((size_t)room, SPLICE_CHUNK)));
	uk_spin_unlock(&pin->lock);
	n = pipe_write(out, buf, (size_t)n);
	uk_free(heap(), buf);
	return n;
}

UK_SYSCALL_DEFINE(ssize_t, tee, int, fd_in, int, fd_out, size_t, len,
		  unsigned int, flags)
{
	struct uk_file *in, *out;
	ssize_t ret;

	if (!len)
		return 0;
	if (flags & ~SPLICE_FLAGS)
		return -EINVAL;
	ret = files_get2(fd_in, &in, fd_out, &out);
	if (ret)
		return ret;
	ret = tee_pipes(in, out, len, flags & SPLICE_NONBLOCK);
	uk_file_release(in);
	uk_file_release(out);
	return ret;
}

/*
 * vmsplice: the iovecs into the pipe (its write end) or out of it (its
 * read end), as writev and readv with splice's SPLICE_F_NONBLOCK.
 */
static ssize_t vmsplice_iov(struct uk_file *f, const struct iovec *iov,
			    size_t nr, bool nb)
{
	struct pipe *p = pipe_end(f);
	ssize_t total = 0, n = 0;
	size_t i;

	if (!p)
		return -EBADF;
	for (i = 0; i < nr; i++) {
		if (!iov[i].iov_len)
			continue;
		if (writable(f)) {
			n = wait_room(f, nb || total);
			n = n < 0 ? n :
				    pipe_write(
					    f, iov[i].iov_base,
					    UK_MIN(iov[i].iov_len, (size_t)n));
		} else {
			n = wait_data(f, nb || total);
			if (n > 0) {
				n = 0; /* end of file */
				break;
			}
			if (!n) {
				uk_spin_lock(&p->lock);
				n = (ssize_t)ring_take(p, iov[i].iov_base,
						       iov[i].iov_len);
				uk_spin_unlock(&p->lock);
				uk_waitq_wake_up(&p->wq);
				wake_files(p, false, POLLOUT | POLLWRNORM);
			}
		}
		if (n <= 0)
			break;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total ? total : n;
}

UK_SYSCALL_DEFINE(ssize_t, vmsplice, int, fd, const struct iovec *, iov,
		  unsigned long, nr_segs, unsigned int, flags)
{
	struct uk_file *f;
	ssize_t ret;

	if (flags & ~SPLICE_FLAGS)
		return -EINVAL;
	if (nr_segs > UK_IOV_MAX)
		return -EINVAL;
	if (nr_segs && !iov)
		return -EFAULT;
	f = uk_fdtab_get(fd);
	if (!f)
		return -EBADF;
	ret = vmsplice_iov(f, iov, nr_segs, flags & SPLICE_NONBLOCK);
	uk_file_release(f);
	return ret;
}
