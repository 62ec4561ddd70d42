/*
 * POSIX message queues: mq_open, mq_unlink, mq_timedsend, mq_timedreceive,
 * mq_notify and mq_getsetattr. A queue has a name (without musl's leading
 * '/') in a list of its own, lives while it is named or open, and each
 * mq_open makes an open file (pollable: POLLIN with a message, POLLOUT
 * with room) whose O_NONBLOCK mq_getsetattr changes. Messages come out by
 * priority, then in order of sending. mq_notify sends the signal of
 * SIGEV_SIGNAL (si_code SI_MESGQ) when a message arrives in an empty queue
 * that no receiver waits on; SIGEV_THREAD needs musl's netlink socket,
 * which Tessera does not have (socket() fails before the call).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
#include <uk/posix_clock.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/wait.h>
#include "process_impl.h"

/* Linux's defaults (msg_default, msgsize_default) and hard limits. */
#define MQ_DEFAULT_MAXMSG 10
#define MQ_DEFAULT_MSGSIZE 8192
#define MQ_HARD_MAXMSG 65536
#define MQ_HARD_MSGSIZE (16 * 1024 * 1024)
#define MQ_PRIO_LIMIT 32768u
#define MQ_SI_MESGQ (-3)

struct mq_msg {
	struct mq_msg *next;
	unsigned int prio;
	size_t len;
	char data[];
};

struct mq {
	struct uk_list_head link; /* in mq_names while named */
	char name[NAME_MAX + 1];
	long opens; /* open files, plus 1 while named */
	long maxmsg, msgsize, curmsgs;
	struct mq_msg *head;
	long receivers; /* threads waiting in mq_timedreceive */
	/* mq_notify's registration: signal number, 0 for none. */
	int notify_sig, notify_set;
	long notify_value;
	struct uk_spinlock lock;
	struct uk_waitq wq;
	struct uk_list_head files; /* its open files, for poll wake-ups */
};

struct mq_file {
	struct uk_file f;
	struct mq *q;
	struct uk_list_head link; /* in q->files */
};

static struct uk_list_head mq_names = UK_LIST_HEAD_INIT(mq_names);
static struct uk_spinlock mq_names_lock = UK_SPINLOCK_INITIALIZER;

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static const struct uk_file_ops mq_ops;

/* fd's queue file, with a reference on it, or NULL. */
static struct mq_file *mq_file_get(int fd)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (f && f->ops == &mq_ops)
		return f->priv;
	if (f)
		uk_file_release(f);
	return NULL;
}

/* Drops one hold on q (an open file or the name); the last frees it. */
static void mq_put(struct mq *q)
{
	struct mq_msg *m;

	if (__atomic_sub_fetch(&q->opens, 1, __ATOMIC_ACQ_REL))
		return;
	while ((m = q->head)) {
		q->head = m->next;
		uk_free(heap(), m);
	}
	uk_free(heap(), q);
}

static int mq_poll(struct uk_file *f, unsigned int *revents,
		   struct uk_poll_chain *chain __unused)
{
	struct mq *q = ((struct mq_file *)f->priv)->q;

	uk_spin_lock(&q->lock);
	*revents = 0;
	if (q->curmsgs)
		*revents |= POLLIN | POLLRDNORM;
	if (q->curmsgs < q->maxmsg)
		*revents |= POLLOUT | POLLWRNORM;
	uk_spin_unlock(&q->lock);
	return 0;
}

static int mq_release(struct uk_file *f)
{
	struct mq_file *mf = f->priv;

	uk_spin_lock(&mf->q->lock);
	uk_list_del(&mf->link);
	uk_spin_unlock(&mf->q->lock);
	mq_put(mf->q);
	uk_free(heap(), mf);
	return 0;
}

static const struct uk_file_ops mq_ops = {
	.poll = mq_poll,
	.release = mq_release,
};

/* Finds name; mq_names_lock held. */
static struct mq *mq_find(const char *name)
{
	struct mq *q;

	uk_list_for_each_entry(q, &mq_names, link)
		if (!strcmp(q->name, name))
			return q;
	return NULL;
}

static int mq_name_check(const char *name)
{
	size_t len;

	if (!name)
		return -EFAULT;
	len = strnlen(name, NAME_MAX + 1);
	if (!len)
		return -ENOENT;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	return strchr(name, '/') ? -EACCES : 0;
}

static struct mq *mq_new(const char *name, const struct mq_attr *attr)
{
	struct mq *q = uk_calloc(heap(), 1, sizeof(*q));

	if (!q)
		return NULL;
	strcpy(q->name, name);
	uk_list_init(&q->files);
	q->opens = 1;
	q->maxmsg = attr ? attr->mq_maxmsg : MQ_DEFAULT_MAXMSG;
	q->msgsize = attr ? attr->mq_msgsize : MQ_DEFAULT_MSGSIZE;
	uk_spin_init(&q->lock);
	uk_waitq_init(&q->wq);
	return q;
}

UK_SYSCALL_DEFINE(int, mq_open, const char *, name, int, oflag, mode_t,
		  mode __unused, struct mq_attr *, attr)
{
	struct mq_file *mf;
	struct mq *q;
	int ret = mq_name_check(name), fd;

	if (ret)
		return ret;
	if ((oflag & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	if ((oflag & O_CREAT) && attr &&
	    (attr->mq_maxmsg <= 0 || attr->mq_msgsize <= 0 ||
	     attr->mq_maxmsg > MQ_HARD_MAXMSG ||
	     attr->mq_msgsize > MQ_HARD_MSGSIZE))
		return -EINVAL;
	mf = uk_malloc(heap(), sizeof(*mf));
	if (!mf)
		return -ENOMEM;
	uk_spin_lock(&mq_names_lock);
	q = mq_find(name);
	if (q && (oflag & O_CREAT) && (oflag & O_EXCL)) {
		ret = -EEXIST;
	} else if (!q && !(oflag & O_CREAT)) {
		ret = -ENOENT;
	} else if (!q) {
		q = mq_new(name, attr);
		if (q)
			uk_list_add_tail(&q->link, &mq_names);
		else
			ret = -ENOMEM;
	}
	if (!ret)
		__atomic_add_fetch(&q->opens, 1, __ATOMIC_ACQ_REL);
	uk_spin_unlock(&mq_names_lock);
	if (ret) {
		uk_free(heap(), mf);
		return ret;
	}
	mf->q = q;
	uk_spin_lock(&q->lock);
	uk_list_add_tail(&mf->link, &q->files);
	uk_spin_unlock(&q->lock);
	uk_file_init(&mf->f, &mq_ops,
		     (unsigned int)(oflag & (O_ACCMODE | O_NONBLOCK)), mf);
	fd = uk_fdtab_install(&mf->f, 0, (oflag & O_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(&mf->f);
	return fd;
}

UK_SYSCALL_DEFINE(int, mq_unlink, const char *, name)
{
	struct mq *q;
	int ret = mq_name_check(name);

	if (ret)
		return ret;
	uk_spin_lock(&mq_names_lock);
	q = mq_find(name);
	if (q) {
		uk_list_del(&q->link);
	}
	uk_spin_unlock(&mq_names_lock);
	if (!q)
		return -ENOENT;
	mq_put(q);
	return 0;
}

/* An absolute CLOCK_REALTIME timeout as a monotonic deadline (>= 1). */
static int mq_deadline(const struct timespec *ts, __nsec *deadline)
{
	int ret;

	*deadline = 0;
	if (!ts)
		return 0;
	if (!posix_timespec_valid(ts))
		return -EINVAL;
	ret = posix_clock_to_monotonic(CLOCK_REALTIME, posix_timespec_ns(ts),
				       deadline);
	if (!*deadline)
		*deadline = 1;
	return ret;
}

static bool mq_has_room(struct mq *q)
{
	return __atomic_load_n(&q->curmsgs, __ATOMIC_ACQUIRE) < q->maxmsg;
}

static bool mq_has_msg(struct mq *q)
{
	return __atomic_load_n(&q->curmsgs, __ATOMIC_ACQUIRE) > 0;
}

/* Puts m in q by priority; lock held. The signal to send, or 0. */
static int mq_insert(struct mq *q, struct mq_msg *m, long *value)
{
	struct mq_msg **pp = &q->head;
	int sig = 0;

	while (*pp && (*pp)->prio >= m->prio)
		pp = &(*pp)->next;
	m->next = *pp;
	*pp = m;
	if (!q->curmsgs && q->notify_set && !q->receivers) {
		sig = q->notify_sig;
		*value = q->notify_value;
		q->notify_set = 0;
	}
	__atomic_store_n(&q->curmsgs, q->curmsgs + 1, __ATOMIC_RELEASE);
	return sig;
}

/* Wakes q's waiters and the pollers of every file open on it. */
static void mq_wake(struct mq *q, unsigned int events)
{
	struct mq_file *mf;

	uk_waitq_wake_up(&q->wq);
	uk_spin_lock(&q->lock);
	uk_list_for_each_entry(mf, &q->files, link)
		uk_file_poll_wake(&mf->f, events);
	uk_spin_unlock(&q->lock);
}

/*
 * Waits, with the queue unlocked, until it has room (room) or a message,
 * the deadline ts passes (ETIMEDOUT) or a signal comes; EAGAIN at once if
 * the description is non-blocking.
 */
static int mq_block(struct mq_file *mf, const struct timespec *ts, bool room)
{
	struct mq *q = mf->q;
	__nsec deadline;
	int ret;

	if (uk_file_flags(&mf->f) & O_NONBLOCK)
		return -EAGAIN;
	ret = mq_deadline(ts, &deadline);
	if (ret)
		return ret;
	if (room)
		return uk_waitq_wait_event_deadline_intr(&q->wq, mq_has_room(q),
							 deadline);
	return uk_waitq_wait_event_deadline_intr(&q->wq, mq_has_msg(q),
						 deadline);
}

static int queue_send(struct mq_file *mf, const char *msg, size_t len,
		      unsigned int prio, const struct timespec *ts)
{
	struct mq *q = mf->q;
	struct mq_msg *m;
	long value = 0;
	int ret, sig;

	if ((uk_file_flags(&mf->f) & UK_FILE_ACCMODE) == O_RDONLY)
		return -EBADF;
	if ((long)len > q->msgsize)
		return -EMSGSIZE;
	if (prio >= MQ_PRIO_LIMIT)
		return -EINVAL;
	m = uk_malloc(heap(), sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	m->prio = prio;
	m->len = len;
	memcpy(m->data, msg, len);
	for (;;) {
		uk_spin_lock(&q->lock);
		if (q->curmsgs < q->maxmsg)
			break;
		uk_spin_unlock(&q->lock);
		ret = mq_block(mf, ts, true);
		if (ret) {
			uk_free(heap(), m);
			return ret;
		}
	}
	sig = mq_insert(q, m, &value);
	uk_spin_unlock(&q->lock);
	mq_wake(q, POLLIN | POLLRDNORM);
	if (sig)
		posix_signal_queue(0, sig, MQ_SI_MESGQ, value);
	return 0;
}

static ssize_t queue_receive(struct mq_file *mf, char *buf, size_t len,
			     unsigned int *prio, const struct timespec *ts)
{
	struct mq *q = mf->q;
	struct mq_msg *m;
	ssize_t n;
	int ret;

	if ((uk_file_flags(&mf->f) & UK_FILE_ACCMODE) == O_WRONLY)
		return -EBADF;
	if ((long)len < q->msgsize)
		return -EMSGSIZE;
	for (;;) {
		uk_spin_lock(&q->lock);
		if (q->curmsgs)
			break;
		q->receivers++;
		uk_spin_unlock(&q->lock);
		ret = mq_block(mf, ts, false);
		uk_spin_lock(&q->lock);
		q->receivers--;
		uk_spin_unlock(&q->lock);
		if (ret)
			return ret;
	}
	m = q->head;
	q->head = m->next;
	__atomic_store_n(&q->curmsgs, q->curmsgs - 1, __ATOMIC_RELEASE);
	uk_spin_unlock(&q->lock);
	mq_wake(q, POLLOUT | POLLWRNORM);
	memcpy(buf, m->data, m->len);
	if (prio)
		*prio = m->prio;
	n = (ssize_t)m->len;
	uk_free(heap(), m);
	return n;
}

UK_SYSCALL_DEFINE(int, mq_timedsend, int, fd, const char *, msg, size_t, len,
		  unsigned int, prio, const struct timespec *, ts)
{
	struct mq_file *mf = mq_file_get(fd);
	int ret;

	if (!mf)
		return -EBADF;
	ret = (len && !msg) ? -EFAULT : queue_send(mf, msg, len, prio, ts);
	uk_file_release(&mf->f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, mq_timedreceive, int, fd, char *, buf, size_t, len,
		  unsigned int *, prio, const struct timespec *, ts)
{
	struct mq_file *mf = mq_file_get(fd);
	ssize_t ret;

	if (!mf)
		return -EBADF;
	ret = !buf ? -EFAULT : queue_receive(mf, buf, len, prio, ts);
	uk_file_release(&mf->f);
	return ret;
}

UK_SYSCALL_DEFINE(int, mq_notify, int, fd, const struct sigevent *, sev)
{
	struct mq_file *mf = mq_file_get(fd);
	struct mq *q;
	int ret = 0;

	if (!mf)
		return -EBADF;
	q = mf->q;
	if (sev && sev->sigev_notify != SIGEV_NONE &&
	    sev->sigev_notify != SIGEV_SIGNAL)
		ret = -EINVAL;
	else if (sev && sev->sigev_notify == SIGEV_SIGNAL &&
		 (sev->sigev_signo < 1 || sev->sigev_signo > 64))
		ret = -EINVAL;
	uk_spin_lock(&q->lock);
	if (!ret && !sev) {
		q->notify_set = 0;
	} else if (!ret && q->notify_set) {
		ret = -EBUSY;
	} else if (!ret) {
		q->notify_set = 1;
		q->notify_sig = sev->sigev_notify == SIGEV_SIGNAL ?
					sev->sigev_signo :
					0;
		q->notify_value = (long)sev->sigev_value.sival_ptr;
	}
	uk_spin_unlock(&q->lock);
	uk_file_release(&mf->f);
	return ret;
}

UK_SYSCALL_DEFINE(int, mq_getsetattr, int, fd, const struct mq_attr *, nattr,
		  struct mq_attr *, oattr)
{
	struct mq_file *mf = mq_file_get(fd);
	struct mq *q;
	int ret = 0;

	if (!mf)
		return -EBADF;
	q = mf->q;
	if (nattr && (nattr->mq_flags & ~(long)O_NONBLOCK))
		ret = -EINVAL;
	if (!ret && oattr) {
		memset(oattr, 0, sizeof(*oattr));
		oattr->mq_flags = uk_file_flags(&mf->f) & O_NONBLOCK;
		oattr->mq_maxmsg = q->maxmsg;
		oattr->mq_msgsize = q->msgsize;
		oattr->mq_curmsgs =
			__atomic_load_n(&q->curmsgs, __ATOMIC_ACQUIRE);
	}
	if (!ret && nattr) {
		uk_spin_lock(&mf->f.lock);
		mf->f.flags = (mf->f.flags & ~(unsigned int)O_NONBLOCK) |
			      (unsigned int)(nattr->mq_flags & O_NONBLOCK);
		uk_spin_unlock(&mf->f.lock);
	}
	uk_file_release(&mf->f);
	return ret;
}
