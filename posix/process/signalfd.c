/*
 * signalfd and signalfd4: an fd that reads the signals of its mask that
 * are pending on the calling thread or on the process (the main thread's
 * record, see signal_to_process) as struct signalfd_siginfo, taking them
 * as sigtimedwait would. The signals must be blocked to stay pending, as
 * on Linux. Pollable and epoll-able: a signal sent wakes the readers and
 * pollers of every signalfd whose mask has it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/process.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/wait.h>
#include "process_impl.h"

#define SIGBIT(sig) (1ULL << ((sig) - 1))
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

struct signalfd {
	struct uk_file file;
	uint64_t mask;
	struct uk_list_head node; /* sfd_list */
};

static struct uk_list_head sfd_list = UK_LIST_HEAD_INIT(sfd_list);
static struct uk_spinlock sfd_lock = UK_SPINLOCK_INITIALIZER;
/* Blocked readers of every signalfd. */
static struct uk_waitq sfd_wq = UK_WAITQ_INIT(sfd_wq);

static inline struct signalfd *sfd_of(struct uk_file *f)
{
	return uk_container_of(f, struct signalfd, file);
}

void posix_signalfd_notify(int sig)
{
	struct signalfd *s;

	uk_waitq_wake_up(&sfd_wq);
	uk_spin_lock(&sfd_lock);
	uk_list_for_each_entry(s, &sfd_list, node)
		if (__atomic_load_n(&s->mask, __ATOMIC_RELAXED) & SIGBIT(sig))
			uk_file_poll_wake(&s->file, POLLIN);
	uk_spin_unlock(&sfd_lock);
}

/* The caller's pending signals and the process's, within mask. */
static uint64_t sfd_pending(uint64_t mask)
{
	return posix_signal_pending(posix_thread_current()) & mask;
}

/* Takes the lowest signal of mask pending for the caller into *si. */
static bool sfd_take(uint64_t mask, struct signalfd_siginfo *si)
{
	long value;
	int sig, code;

	sig = posix_signal_take(posix_thread_current(), mask, &code, &value);
	if (!sig)
		return false;
	memset(si, 0, sizeof(*si));
	si->ssi_signo = (uint32_t)sig;
	si->ssi_code = code;
	si->ssi_pid = UK_PROCESS_PID;
	si->ssi_int = (int32_t)value;
	si->ssi_ptr = (uint64_t)value;
	return true;
}

static ssize_t sfd_read(struct uk_file *f, void *buf, size_t len)
{
	struct signalfd *s = sfd_of(f);
	struct signalfd_siginfo si;
	uint64_t mask;
	size_t done = 0;

	if (len < sizeof(si))
		return -EINVAL;
	for (;;) {
		mask = __atomic_load_n(&s->mask, __ATOMIC_RELAXED);
		while (done + sizeof(si) <= len && sfd_take(mask, &si)) {
			memcpy((char *)buf + done, &si, sizeof(si));
			done += sizeof(si);
		}
		if (done)
			return (ssize_t)done;
		if (sfd_pending(mask))
			continue;
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		if (uk_waitq_wait_event_deadline_intr(
			    &sfd_wq, sfd_pending(mask) != 0, 0))
			return -UK_ERESTARTSYS;
	}
}

static int sfd_poll(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain __unused)
{
	uint64_t mask = __atomic_load_n(&sfd_of(f)->mask, __ATOMIC_RELAXED);

	*revents = sfd_pending(mask) ? POLLIN : 0;
	return 0;
}

static int sfd_release(struct uk_file *f)
{
	struct signalfd *s = sfd_of(f);

	uk_spin_lock(&sfd_lock);
	uk_list_del(&s->node);
	uk_spin_unlock(&sfd_lock);
	uk_free(uk_alloc_get_default(), s);
	return 0;
}

static const struct uk_file_ops sfd_ops = {
	.read = sfd_read,
	.poll = sfd_poll,
	.release = sfd_release,
};

/* fd -1: a new signalfd; else a signalfd whose mask becomes *mask. */
UK_SYSCALL_DEFINE(int, signalfd4, int, fd, const uint64_t *, mask, size_t, size,
		  int, flags)
{
	struct signalfd *s;
	struct uk_file *f;
	uint64_t m;

	if (size != sizeof(uint64_t) || (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC)))
		return -EINVAL;
	if (!mask)
		return -EFAULT;
	m = *mask & ~SIG_UNBLOCKABLE;
	if (fd != -1) {
		f = uk_fdtab_get(fd);
		if (!f)
			return -EBADF;
		if (f->ops != &sfd_ops) {
			uk_file_release(f);
			return -EINVAL;
		}
		__atomic_store_n(&sfd_of(f)->mask, m, __ATOMIC_RELAXED);
		uk_file_poll_wake(f, POLLIN);
		uk_file_release(f);
		return fd;
	}
	s = uk_calloc(uk_alloc_get_default(), 1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	uk_file_init(&s->file, &sfd_ops,
		     O_RDONLY | ((flags & SFD_NONBLOCK) ? O_NONBLOCK : 0),
		     NULL);
	s->mask = m;
	uk_spin_lock(&sfd_lock);
	uk_list_add(&s->node, &sfd_list);
	uk_spin_unlock(&sfd_lock);
	fd = uk_fdtab_install(&s->file, 0,
			      (flags & SFD_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(&s->file);
	return fd;
}

UK_SYSCALL_DEFINE(int, signalfd, int, fd, const uint64_t *, mask, size_t, size)
{
	return uk_sys_signalfd4(fd, mask, size, 0);
}
