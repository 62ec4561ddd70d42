/* eventfd and eventfd2: a 64-bit counter that read takes and write adds to. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/eventfd.h>
#include <uk/fdtab.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/wait.h>

/* The counter never exceeds this; UINT64_MAX is not a valid value. */
#define EVENTFD_MAX (UINT64_MAX - 1)

struct eventfd {
	struct uk_file file;
	/* Guards count. */
	struct uk_spinlock lock;
	uint64_t count;
	bool semaphore;
	/* Blocked readers and writers both sleep here. */
	struct uk_waitq wq;
};

static inline struct eventfd *efd_of(struct uk_file *f)
{
	return uk_container_of(f, struct eventfd, file);
}

static uint64_t efd_count(struct eventfd *efd)
{
	return __atomic_load_n(&efd->count, __ATOMIC_ACQUIRE);
}

/* After a change of the counter: wake sleepers and pollers. */
static void efd_changed(struct eventfd *efd, unsigned int events)
{
	uk_waitq_wake_up(&efd->wq);
	uk_file_poll_wake(&efd->file, events);
}

static ssize_t efd_read(struct uk_file *f, void *buf, size_t len)
{
	struct eventfd *efd = efd_of(f);
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	for (;;) {
		uk_spin_lock(&efd->lock);
		if (efd->count) {
			v = efd->semaphore ? 1 : efd->count;
			__atomic_store_n(&efd->count, efd->count - v,
					 __ATOMIC_RELEASE);
			uk_spin_unlock(&efd->lock);
			break;
		}
		uk_spin_unlock(&efd->lock);
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		/* A signal: restarted after its handler with SA_RESTART. */
		if (uk_waitq_wait_event_deadline_intr(&efd->wq,
						      efd_count(efd) != 0, 0))
			return -UK_ERESTARTSYS;
	}
	memcpy(buf, &v, sizeof(v));
	efd_changed(efd, POLLOUT);
	return sizeof(v);
}

static ssize_t efd_write(struct uk_file *f, const void *buf, size_t len)
{
	struct eventfd *efd = efd_of(f);
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	for (;;) {
		uk_spin_lock(&efd->lock);
		if (EVENTFD_MAX - efd->count >= v) {
			__atomic_store_n(&efd->count, efd->count + v,
					 __ATOMIC_RELEASE);
			uk_spin_unlock(&efd->lock);
			break;
		}
		uk_spin_unlock(&efd->lock);
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		if (uk_waitq_wait_event_deadline_intr(
			    &efd->wq, EVENTFD_MAX - efd_count(efd) >= v, 0))
			return -UK_ERESTARTSYS;
	}
	/* Every write is an edge, even of 0, as on Linux (EPOLLET). */
	efd_changed(efd, POLLIN);
	return sizeof(v);
}

/* The bits Linux's eventfd reports (no POLLRDNORM/POLLWRNORM). */
static int efd_poll(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain __unused)
{
	uint64_t c = efd_count(efd_of(f));

	*revents = 0;
	if (c)
		*revents |= POLLIN;
	if (c < EVENTFD_MAX)
		*revents |= POLLOUT;
	return 0;
}

static int efd_release(struct uk_file *f)
{
	uk_free(uk_alloc_get_default(), efd_of(f));
	return 0;
}

static const struct uk_file_ops efd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.release = efd_release,
};

UK_SYSCALL_DEFINE(int, eventfd2, unsigned int, initval, int, flags)
{
	struct eventfd *efd;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	efd = uk_calloc(uk_alloc_get_default(), 1, sizeof(*efd));
	if (!efd)
		return -ENOMEM;
	uk_file_init(&efd->file, &efd_ops,
		     O_RDWR | ((flags & EFD_NONBLOCK) ? O_NONBLOCK : 0), NULL);
	uk_spin_init(&efd->lock);
	efd->count = initval;
	efd->semaphore = flags & EFD_SEMAPHORE;
	uk_waitq_init(&efd->wq);
	fd = uk_fdtab_install(&efd->file, 0,
			      (flags & EFD_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(&efd->file);
	return fd;
}

UK_SYSCALL_DEFINE(int, eventfd, unsigned int, initval)
{
	return uk_sys_eventfd2(initval, 0);
}
