/* Open files: reference-counted objects behind file descriptors. */
#ifndef UK_FILE_H
#define UK_FILE_H

#include <sys/types.h>
#include <sys/uio.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

struct stat;
struct uk_file;
struct uk_poll_chain;

/*
 * Operations of an open file. Every operation may be NULL; then the fdtab
 * functions apply the default given with each member. Operations return a
 * count (>= 0) or a negative errno, and are called without fdtab locks held
 * (so they may block) unless the member says otherwise.
 */
struct uk_file_ops {
	/*
	 * Read up to len bytes into buf. The caller checked that f is open
	 * for reading and that len <= SSIZE_MAX. NULL: readv with one
	 * buffer is used; both NULL: read(2) gives -EINVAL.
	 */
	ssize_t (*read)(struct uk_file *f, void *buf, size_t len);
	/* Write len bytes of buf. NULL: as read, with writev. */
	ssize_t (*write)(struct uk_file *f, const void *buf, size_t len);
	/*
	 * Scatter read into iovcnt buffers (0 < iovcnt <= UK_IOV_MAX, the
	 * total length checked to fit ssize_t). NULL: read is called per
	 * buffer until one returns less than asked.
	 */
	ssize_t (*readv)(struct uk_file *f, const struct iovec *iov,
			 int iovcnt);
	/* Gather write; NULL: write per buffer, as readv. */
	ssize_t (*writev)(struct uk_file *f, const struct iovec *iov,
			  int iovcnt);
	/*
	 * Device-specific ioctl. FIONBIO, FIOCLEX and FIONCLEX never reach
	 * it (fdtab handles them). NULL: -ENOTTY.
	 */
	int (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	/*
	 * Readiness of f, see "Poll contract" below. NULL: the file is
	 * always readable and writable (POLLIN | POLLOUT | POLLRDNORM |
	 * POLLWRNORM), like a regular file on Linux.
	 */
	int (*poll)(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain);
	/*
	 * Notification that the status flags (O_NONBLOCK, O_APPEND) change
	 * from f->flags to flags, by fcntl(F_SETFL) or ioctl(FIONBIO). Called
	 * with f's lock held: must not block. A negative errno vetoes the
	 * change. NULL: every change is accepted.
	 */
	int (*setflags)(struct uk_file *f, unsigned int flags);
	/*
	 * fcntl(2) commands that posix/fdtab does not handle itself (record
	 * locks, pipe sizes, ...). NULL: -EINVAL.
	 */
	int (*fcntl)(struct uk_file *f, int cmd, unsigned long arg);
	/*
	 * fstat(2): fills *st (zeroed by the caller). NULL: an anonymous
	 * file, mode 0600 without a type, as Linux's anonymous inodes.
	 */
	int (*stat)(struct uk_file *f, struct stat *st);
	/*
	 * The last reference is gone (see uk_file_release): free what the
	 * file holds, including f itself if it was allocated. Called exactly
	 * once, after every poll chain was detached. Its result is what the
	 * close(2) that dropped the last reference returns. NULL: nothing.
	 */
	int (*release)(struct uk_file *f);
};

/*
 * An open file (Linux's "open file description"): shared by the fds that
 * dup() made from one another, alive while any reference is held.
 * Implementations embed it or point priv at their own state; fields are
 * read-only for them except priv.
 */
struct uk_file {
	const struct uk_file_ops *ops;
	/* The implementation's state. */
	void *priv;
	/* Access mode (O_RDONLY/O_WRONLY/O_RDWR) | O_NONBLOCK | O_APPEND. */
	unsigned int flags;
	long refcount;
	/* Guards flags updates and poll_chains. */
	struct uk_spinlock lock;
	/* uk_poll_chain.node of every registered chain. */
	struct uk_list_head poll_chains;
};

/*
 * Poll contract.
 *
 * Events are Linux's poll bits (POLLIN, POLLOUT, POLLERR, POLLHUP,
 * POLLRDHUP, POLLRDNORM, ...), which have the same values as the EPOLL*
 * bits, so an eventpoll passes them through unchanged.
 *
 * A waiter (eventpoll, poll(2), select(2)) that wants to learn about
 * changes of f's readiness fills in a struct uk_poll_chain (wake, detach,
 * priv) and calls uk_file_poll(f, &revents, chain). That first links the
 * chain into f's poll list and then asks the file's poll op for the
 * current readiness, so a change between the two is never lost. From then
 * on, whenever f's readiness may have changed, the file's implementation
 * calls uk_file_poll_wake(f, events) and every linked chain's wake runs.
 * A waiter that is no longer interested calls uk_poll_chain_del. When f's
 * last reference is released, each still-linked chain is unlinked and its
 * detach runs (an fd leaves every epoll set on its last close), before the
 * file's release op. Waiters hold no reference on f.
 *
 * Locking: wake runs with f's lock held, so it must not block, must not
 * register or delete chains, and must not take a lock that its owner holds
 * while calling uk_file_poll or uk_poll_chain_del (an eventpoll takes a
 * sleeping lock around epoll_ctl and a separate spinlock for its ready
 * list, which is all wake touches). detach runs without f's lock.
 * uk_file_poll_wake must be called from thread context, not from IRQ
 * handlers.
 *
 * A file's poll op receives the chain that uk_file_poll has just linked
 * (NULL for a plain query). Files whose readiness is kept elsewhere use it
 * to hook their source lazily: posix/socket, on the first non-NULL chain,
 * hands the socket family a chain of its own that forwards to
 * uk_file_poll_wake. The op stores *revents and returns 0, or returns a
 * negative errno (then uk_file_poll unlinks the chain again).
 */
struct uk_poll_chain {
	/*
	 * f's readiness may have changed; events are the bits that may have
	 * become set (0: unknown). A hint: re-poll for the truth.
	 */
	void (*wake)(struct uk_poll_chain *c, unsigned int events);
	/* The file is going away; c is already unlinked. May be NULL. */
	void (*detach)(struct uk_poll_chain *c);
	/* For the waiter. */
	void *priv;
	/* Owned by posix/fdtab: the file c is linked to, or NULL. */
	struct uk_file *file;
	struct uk_list_head node;
};

/* The most iovecs readv/writev accept (Linux's UIO_MAXIOV). */
#define UK_IOV_MAX 1024

/* Mask of the access mode in uk_file.flags. */
#define UK_FILE_ACCMODE 3u

/*
 * Initialises f with one reference (the caller's), ops, the access mode
 * and status flags in flags (other bits are dropped) and priv.
 */
void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  unsigned int flags, void *priv);

/* Takes a new reference on f; the caller must already hold one. */
void uk_file_acquire(struct uk_file *f);

/*
 * Drops a reference. The last one detaches every poll chain and then
 * calls the release op. Returns the release op's result when it ran,
 * else 0.
 */
int uk_file_release(struct uk_file *f);

/* Current access mode and status flags of f. */
unsigned int uk_file_flags(const struct uk_file *f);

/*
 * Changes the status flags of f selected by mask (a subset of O_NONBLOCK
 * | O_APPEND) to the bits in flags, asking the setflags op first.
 * Returns 0 or the op's negative errno (flags unchanged).
 */
int uk_file_set_status_flags(struct uk_file *f, unsigned int mask,
			     unsigned int flags);

/*
 * Stores the readiness of f in *revents, see "Poll contract". chain: NULL,
 * or a chain not linked anywhere, with wake set; it is linked to f before
 * the readiness is read. Returns 0, or a negative errno from the poll op
 * (chain not linked then).
 */
int uk_file_poll(struct uk_file *f, unsigned int *revents,
		 struct uk_poll_chain *chain);

/*
 * Runs wake(chain, events) of every chain linked to f. For the file's
 * implementation, whenever its readiness may have changed. Thread context.
 */
void uk_file_poll_wake(struct uk_file *f, unsigned int events);

/*
 * Unlinks chain from its file. Returns 0: unlinked, its wake is not
 * running and will not run again. -ENOENT: it was not linked; if it had
 * been, its file's last reference is going and detach is running or will
 * run, so the chain must stay valid until detach returned (serialise the
 * two with a lock of the waiter's, taken by detach and held here).
 */
int uk_poll_chain_del(struct uk_poll_chain *chain);

/*
 * The first chain linked to f for which match(chain, arg) is true, or
 * NULL. match runs with f's lock held, like wake. For a waiter that finds
 * its own chain on a file (an eventpoll's entry for an fd) in as many
 * steps as f has waiters, whatever the number of files it watches. The
 * chain stays valid only as long as the waiter's own locks keep it.
 */
struct uk_poll_chain *uk_file_poll_chain_find(
	struct uk_file *f,
	bool (*match)(const struct uk_poll_chain *c, const void *arg),
	const void *arg);

#ifdef __cplusplus
}
#endif

#endif /* UK_FILE_H */
