/* Open files: reference counting, status flags and poll chains. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <uk/file.h>
#include <uk/spinlock.h>

/* The status flags F_SETFL and FIONBIO may change. */
#define FILE_STATUS_FLAGS ((unsigned int)(O_NONBLOCK | O_APPEND))

void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  unsigned int flags, void *priv)
{
	f->ops = ops;
	f->priv = priv;
	f->flags = flags & (UK_FILE_ACCMODE | FILE_STATUS_FLAGS);
	f->refcount = 1;
	uk_spin_init(&f->lock);
	uk_list_init(&f->poll_chains);
}

void uk_file_acquire(struct uk_file *f)
{
	__atomic_add_fetch(&f->refcount, 1, __ATOMIC_RELAXED);
}

/* Unlinks every chain, each under the lock, and runs detach without it. */
static void file_detach_chains(struct uk_file *f)
{
	struct uk_poll_chain *c;

	for (;;) {
		uk_spin_lock(&f->lock);
		if (uk_list_empty(&f->poll_chains)) {
			uk_spin_unlock(&f->lock);
			return;
		}
		c = uk_container_of(f->poll_chains.next, struct uk_poll_chain,
				    node);
		uk_list_del(&c->node);
		__atomic_store_n(&c->file, NULL, __ATOMIC_RELEASE);
		uk_spin_unlock(&f->lock);
		if (c->detach)
			c->detach(c);
	}
}

int uk_file_release(struct uk_file *f)
{
	/* Orders this thread's use of f before the release op frees it. */
	if (__atomic_sub_fetch(&f->refcount, 1, __ATOMIC_ACQ_REL))
		return 0;
	file_detach_chains(f);
	return f->ops->release ? f->ops->release(f) : 0;
}

unsigned int uk_file_flags(const struct uk_file *f)
{
	return __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
}

int uk_file_set_status_flags(struct uk_file *f, unsigned int mask,
			     unsigned int flags)
{
	unsigned int nflags;
	int ret = 0;

	mask &= FILE_STATUS_FLAGS;
	uk_spin_lock(&f->lock);
	nflags = (f->flags & ~mask) | (flags & mask);
	if (nflags != f->flags && f->ops->setflags)
		ret = f->ops->setflags(f, nflags);
	if (!ret)
		__atomic_store_n(&f->flags, nflags, __ATOMIC_RELAXED);
	uk_spin_unlock(&f->lock);
	return ret;
}

int uk_file_poll(struct uk_file *f, unsigned int *revents,
		 struct uk_poll_chain *chain)
{
	int ret;

	if (chain) {
		uk_spin_lock(&f->lock);
		uk_list_add_tail(&chain->node, &f->poll_chains);
		__atomic_store_n(&chain->file, f, __ATOMIC_RELEASE);
		uk_spin_unlock(&f->lock);
	}
	if (!f->ops->poll) {
		*revents = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
		return 0;
	}
	ret = f->ops->poll(f, revents, chain);
	if (ret < 0 && chain)
		uk_poll_chain_del(chain);
	return ret;
}

void uk_file_poll_wake(struct uk_file *f, unsigned int events)
{
	struct uk_list_head *n;
	struct uk_poll_chain *c;

	uk_spin_lock(&f->lock);
	for (n = f->poll_chains.next; n != &f->poll_chains; n = n->next) {
		c = uk_container_of(n, struct uk_poll_chain, node);
		c->wake(c, events);
	}
	uk_spin_unlock(&f->lock);
}

int uk_poll_chain_del(struct uk_poll_chain *chain)
{
	struct uk_file *f = __atomic_load_n(&chain->file, __ATOMIC_ACQUIRE);
	int ret = -ENOENT;

	if (!f)
		return -ENOENT;
	/*
	 * f is alive: its release detaches chains before freeing it, and
	 * the caller's lock keeps detach of this chain from returning.
	 */
	uk_spin_lock(&f->lock);
	if (chain->file == f) {
		uk_list_del(&chain->node);
		chain->file = NULL;
		ret = 0;
	}
	uk_spin_unlock(&f->lock);
	return ret;
}

struct uk_poll_chain *uk_file_poll_chain_find(
	struct uk_file *f,
	bool (*match)(const struct uk_poll_chain *c, const void *arg),
	const void *arg)
{
	struct uk_poll_chain *found = NULL, *c;
	struct uk_list_head *n;

	uk_spin_lock(&f->lock);
	for (n = f->poll_chains.next; n != &f->poll_chains; n = n->next) {
		c = uk_container_of(n, struct uk_poll_chain, node);
		if (match(c, arg)) {
			found = c;
			break;
		}
	}
	uk_spin_unlock(&f->lock);
	return found;
}
