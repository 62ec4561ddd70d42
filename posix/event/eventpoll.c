/*
 * The eventpoll object behind an epoll fd: its entries (one per watched
 * (file, fd) pair), the ready list that the files' wake-ups fill, and the
 * scan that turns ready entries into events.
 *
 * Locking. ep->mtx (sleeping) serialises epoll_ctl, scans (epoll_wait and
 * the eventpoll's own poll op) and detach, so an entry's file stays alive
 * while a scan polls it: the file's release detaches its chains first,
 * and detach waits for the mutex. ep->lock (a spinlock) guards the ready
 * list and each entry's state and events: it is all that a wake-up, which
 * runs under the watched file's lock, takes. ep_nest_mtx guards the links
 * between eventpolls that watch eventpolls, for loop and depth checks.
 * Order: ep_nest_mtx, then ep->mtx (outer eventpoll before inner), then
 * the watched file's lock, then ep->lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/file.h>
#include <uk/mutex.h>
#include <uk/spinlock.h>
#include <uk/wait.h>

#include "posix/event/event_impl.h"

/* Linux's EP_MAX_NESTS: at most this many links on a chain of eventpolls. */
#define EP_MAX_NESTS 4

/* Flags of an entry that are not events (a disarmed entry keeps only these). */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

/* Where an entry is with respect to the ready list (under ep->lock). */
enum ep_rdstate {
	EP_IDLE, /* on no list */
	EP_QUEUED, /* on ep->rdlist */
	EP_SCANNING, /* taken off rdlist by the running scan */
	EP_SCAN_WOKEN, /* as EP_SCANNING, and woken since: requeue */
};

struct eventpoll {
	struct uk_file file;
	struct uk_mutex mtx;
	struct uk_spinlock lock;
	/* Every entry (ep_item.node), under mtx. */
	struct uk_list_head items;
	/* Entries to look at (ep_item.rdnode), under lock. */
	struct uk_list_head rdlist;
	/* Entries not freed yet; the release waits for it to reach 0. */
	unsigned int nitems;
	/* epoll_wait callers sleep here. */
	struct uk_waitq wq;
	/* The release waits here for pending detaches. */
	struct uk_waitq detach_wq;
	/* Under ep_nest_mtx: entries watching this eventpoll (pnode)... */
	struct uk_list_head parents;
	/* ...and entries of this eventpoll that watch eventpolls (cnode). */
	struct uk_list_head children;
};

struct ep_item {
	struct uk_poll_chain chain;
	struct eventpoll *ep;
	/* The watched file (no reference: see the locking comment) and fd. */
	struct uk_file *file;
	int fd;
	/* Under ep->lock; ERR and HUP always included while armed. */
	uint32_t events;
	uint64_t data;
	enum ep_rdstate state;
	struct uk_list_head rdnode;
	struct uk_list_head node;
	/* Set when file is an eventpoll; links under ep_nest_mtx. */
	struct eventpoll *nested;
	struct uk_list_head pnode, cnode;
};

static struct uk_mutex ep_nest_mtx = UK_MUTEX_INITIALIZER(ep_nest_mtx);

static const struct uk_file_ops ep_ops;

static inline struct eventpoll *ep_of(struct uk_file *f)
{
	return uk_container_of(f, struct eventpoll, file);
}

bool posix_event_is_ep(const struct uk_file *f)
{
	return f->ops == &ep_ops;
}

/* Whether the ready list has entries; a hint read without the lock. */
static bool ep_has_ready(struct eventpoll *ep)
{
	return __atomic_load_n(&ep->rdlist.next, __ATOMIC_ACQUIRE) !=
	       &ep->rdlist;
}

/* Tells epoll_wait callers and whoever polls the eventpoll itself. */
static void ep_notify(struct eventpoll *ep)
{
	uk_waitq_wake_up(&ep->wq);
	uk_file_poll_wake(&ep->file, POLLIN | POLLRDNORM);
}

/* Puts an idle entry on the ready list; true if it was idle. */
static bool ep_item_queue(struct eventpoll *ep, struct ep_item *it)
{
	bool queued = false;

	uk_spin_lock(&ep->lock);
	if (it->state == EP_IDLE) {
		uk_list_add_tail(&it->rdnode, &ep->rdlist);
		it->state = EP_QUEUED;
		queued = true;
	}
	uk_spin_unlock(&ep->lock);
	return queued;
}

/* The chain's wake: runs under the watched file's lock, must not block. */
static void ep_item_wake(struct uk_poll_chain *c, unsigned int events)
{
	struct ep_item *it = c->priv;
	struct eventpoll *ep = it->ep;
	bool notify = false;

	uk_spin_lock(&ep->lock);
	/* Disarmed (EPOLLONESHOT), or events the entry does not want. */
	if (!(it->events & ~EP_PRIVATE_BITS) ||
	    (events && !(events & it->events)))
		goto out;
	switch (it->state) {
	case EP_IDLE:
		uk_list_add_tail(&it->rdnode, &ep->rdlist);
		it->state = EP_QUEUED;
		notify = true;
		break;
	case EP_SCANNING:
		/* The scan polled the file already, perhaps too early. */
		it->state = EP_SCAN_WOKEN;
		notify = true;
		break;
	default:
		break;
	}
out:
	uk_spin_unlock(&ep->lock);
	if (notify)
		ep_notify(ep);
}

/* The watched file's readiness masked by the entry's events. */
static uint32_t ep_item_poll(struct ep_item *it)
{
	unsigned int rev;

	if (uk_file_poll(it->file, &rev, NULL) < 0)
		rev = POLLERR;
	return rev & it->events;
}

/* Unlinks it from the ready list and the eventpoll and frees it. mtx held. */
static void ep_item_free(struct eventpoll *ep, struct ep_item *it)
{
	uk_spin_lock(&ep->lock);
	if (it->state == EP_QUEUED)
		uk_list_del(&it->rdnode);
	it->state = EP_IDLE;
	uk_spin_unlock(&ep->lock);
	uk_list_del(&it->node);
	if (it->nested) {
		uk_list_del(&it->pnode);
		uk_list_del(&it->cnode);
	}
	uk_free(uk_alloc_get_default(), it);
	__atomic_sub_fetch(&ep->nitems, 1, __ATOMIC_RELEASE);
}

/*
 * The watched file is being released and has unlinked the chain. Locks as
 * epoll_ctl does, so it also waits for a scan that polls the file.
 */
static void ep_item_detach(struct uk_poll_chain *c)
{
	struct ep_item *it = c->priv;
	struct eventpoll *ep = it->ep;
	bool nested = it->nested != NULL;

	if (nested)
		uk_mutex_lock(&ep_nest_mtx);
	uk_mutex_lock(&ep->mtx);
	ep_item_free(ep, it);
	/* Under the mutex: the release frees ep only after taking it. */
	uk_waitq_wake_up(&ep->detach_wq);
	uk_mutex_unlock(&ep->mtx);
	if (nested)
		uk_mutex_unlock(&ep_nest_mtx);
}

/*
 * Takes the ready list and polls its entries in order, with ep->mtx held.
 * With evs, reports up to max events there: a level-triggered entry that
 * reported goes back to the end of the list (round robin), an EPOLLET one
 * waits for its next wake-up, an EPOLLONESHOT one is disarmed. Without
 * evs (the eventpoll's own poll op), stops at the first ready entry and
 * consumes nothing. Entries not ready leave the list. Returns the number
 * of ready entries found.
 */
static int ep_scan(struct eventpoll *ep, struct epoll_event *evs, int max)
{
	struct uk_list_head tx;
	struct ep_item *it, *next;
	uint32_t rev;
	bool keep;
	int n = 0;

	uk_list_init(&tx);
	uk_spin_lock(&ep->lock);
	uk_list_for_each_entry_safe(it, next, &ep->rdlist, rdnode) {
		uk_list_del(&it->rdnode);
		uk_list_add_tail(&it->rdnode, &tx);
		it->state = EP_SCANNING;
	}
	uk_spin_unlock(&ep->lock);

	while (!uk_list_empty(&tx) && n < max) {
		it = uk_list_first_entry(&tx, struct ep_item, rdnode);
		uk_list_del(&it->rdnode);
		rev = ep_item_poll(it);
		keep = false;
		if (rev) {
			keep = !evs || !(it->events & (EPOLLET | EPOLLONESHOT));
			if (evs) {
				evs[n].events = rev;
				evs[n].data.u64 = it->data;
			}
			n++;
		}
		uk_spin_lock(&ep->lock);
		if (rev && evs && (it->events & EPOLLONESHOT))
			it->events &= EP_PRIVATE_BITS;
		if (keep || it->state == EP_SCAN_WOKEN) {
			uk_list_add_tail(&it->rdnode, &ep->rdlist);
			it->state = EP_QUEUED;
		} else {
			it->state = EP_IDLE;
		}
		uk_spin_unlock(&ep->lock);
	}

	/* What the scan did not reach goes back in front, in order. */
	uk_spin_lock(&ep->lock);
	while (!uk_list_empty(&tx)) {
		it = uk_list_entry(tx.prev, struct ep_item, rdnode);
		uk_list_del(&it->rdnode);
		uk_list_add(&it->rdnode, &ep->rdlist);
		it->state = EP_QUEUED;
	}
	uk_spin_unlock(&ep->lock);
	return n;
}

/* An eventpoll is readable while one of its entries is ready. */
static int ep_poll(struct uk_file *f, unsigned int *revents,
		   struct uk_poll_chain *chain __unused)
{
	struct eventpoll *ep = ep_of(f);

	*revents = 0;
	if (!ep_has_ready(ep))
		return 0;
	uk_mutex_lock(&ep->mtx);
	if (ep_scan(ep, NULL, 1))
		*revents = POLLIN | POLLRDNORM;
	uk_mutex_unlock(&ep->mtx);
	return 0;
}

static int ep_release(struct uk_file *f)
{
	struct eventpoll *ep = ep_of(f);
	struct ep_item *it, *next;

	uk_mutex_lock(&ep_nest_mtx);
	uk_mutex_lock(&ep->mtx);
	uk_list_for_each_entry_safe(it, next, &ep->items, node) {
		/* -ENOENT: the file is going too; its detach frees it. */
		if (!uk_poll_chain_del(&it->chain))
			ep_item_free(ep, it);
	}
	uk_mutex_unlock(&ep->mtx);
	uk_mutex_unlock(&ep_nest_mtx);
	uk_waitq_wait_event(&ep->detach_wq,
			    !__atomic_load_n(&ep->nitems, __ATOMIC_ACQUIRE));
	/*
	 * The last detach may still hold the mutex: take it once more. Its
	 * unlock does not touch the mutex after the switch to a waiter on
	 * the cooperative scheduler.
	 */
	uk_mutex_lock(&ep->mtx);
	uk_mutex_unlock(&ep->mtx);
	uk_free(uk_alloc_get_default(), ep);
	return 0;
}

static const struct uk_file_ops ep_ops = {
	.poll = ep_poll,
	.release = ep_release,
};

struct uk_file *posix_event_ep_create(void)
{
	struct eventpoll *ep;

	ep = uk_calloc(uk_alloc_get_default(), 1, sizeof(*ep));
	if (!ep)
		return UK_ERR2PTR(-ENOMEM);
	uk_file_init(&ep->file, &ep_ops, O_RDWR, NULL);
	uk_mutex_init(&ep->mtx, false);
	uk_spin_init(&ep->lock);
	uk_list_init(&ep->items);
	uk_list_init(&ep->rdlist);
	uk_waitq_init(&ep->wq);
	uk_waitq_init(&ep->detach_wq);
	uk_list_init(&ep->parents);
	uk_list_init(&ep->children);
	return &ep->file;
}

/* Links on the longest chain of eventpolls below ep. ep_nest_mtx held. */
static int ep_depth_down(struct eventpoll *ep)
{
	struct ep_item *it;
	int d, depth = 0;

	uk_list_for_each_entry(it, &ep->children, cnode) {
		d = 1 + ep_depth_down(it->nested);
		depth = UK_MAX(depth, d);
	}
	return depth;
}

/* Links on the longest chain of eventpolls above ep. ep_nest_mtx held. */
static int ep_depth_up(struct eventpoll *ep)
{
	struct ep_item *it;
	int d, depth = 0;

	uk_list_for_each_entry(it, &ep->parents, pnode) {
		d = 1 + ep_depth_up(it->ep);
		depth = UK_MAX(depth, d);
	}
	return depth;
}

/* Whether target is ep or watches it, directly or not. ep_nest_mtx held. */
static bool ep_reaches(struct eventpoll *from, struct eventpoll *to)
{
	struct ep_item *it;

	if (from == to)
		return true;
	uk_list_for_each_entry(it, &from->children, cnode) {
		if (ep_reaches(it->nested, to))
			return true;
	}
	return false;
}

/*
 * Whether ep may watch the eventpoll target: no cycle, and the chains
 * through the new link stay within EP_MAX_NESTS links (as Linux 6.x
 * checks both ways). The graph is acyclic and shallow, so the walks end.
 */
static bool ep_nest_ok(struct eventpoll *ep, struct eventpoll *target)
{
	if (ep_reaches(target, ep))
		return false;
	return ep_depth_down(target) + 1 + ep_depth_up(ep) <= EP_MAX_NESTS;
}

static int ep_insert(struct eventpoll *ep, int fd, struct uk_file *tf,
		     const struct epoll_event *ev)
{
	struct ep_item *it;
	unsigned int rev;
	int ret;

	it = uk_calloc(uk_alloc_get_default(), 1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->file = tf;
	it->fd = fd;
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data.u64;
	it->state = EP_IDLE;
	it->chain.wake = ep_item_wake;
	it->chain.detach = ep_item_detach;
	it->chain.priv = it;
	uk_list_init(&it->rdnode);
	uk_list_add_tail(&it->node, &ep->items);
	__atomic_add_fetch(&ep->nitems, 1, __ATOMIC_RELAXED);
	if (posix_event_is_ep(tf)) {
		it->nested = ep_of(tf);
		uk_list_add_tail(&it->pnode, &it->nested->parents);
		uk_list_add_tail(&it->cnode, &ep->children);
	}
	ret = uk_file_poll(tf, &rev, &it->chain);
	if (ret < 0) {
		ep_item_free(ep, it);
		return ret;
	}
	if ((rev & it->events) && ep_item_queue(ep, it))
		ep_notify(ep);
	return 0;
}

/*
 * New events and data; then polls, so that readiness that the old mask
 * filtered out (or a disarmed EPOLLONESHOT entry missed) is not lost. An
 * entry already queued stays queued.
 */
static int ep_modify(struct eventpoll *ep, struct ep_item *it,
		     const struct epoll_event *ev)
{
	uk_spin_lock(&ep->lock);
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	uk_spin_unlock(&ep->lock);
	it->data = ev->data.u64;
	if (ep_item_poll(it) && ep_item_queue(ep, it))
		ep_notify(ep);
	return 0;
}

struct ep_key {
	const struct eventpoll *ep;
	int fd;
};

static bool ep_chain_match(const struct uk_poll_chain *c, const void *arg)
{
	const struct ep_key *k = arg;
	const struct ep_item *it = c->priv;

	return c->wake == ep_item_wake && it->ep == k->ep && it->fd == k->fd;
}

/*
 * ep's entry for (tf, fd), looked up among tf's poll chains rather than
 * ep's entries: a server with 10,000 connections in one epoll set adds
 * each in a few steps (issue 18). The caller holds a reference on tf, so
 * each of ep's entries for tf has its chain linked; ep->mtx held.
 */
static struct ep_item *ep_find(struct eventpoll *ep, struct uk_file *tf, int fd)
{
	const struct ep_key key = { .ep = ep, .fd = fd };
	struct uk_poll_chain *c;

	c = uk_file_poll_chain_find(tf, ep_chain_match, &key);
	return c ? c->priv : NULL;
}

int posix_event_ep_ctl(struct uk_file *epf, int op, int fd, struct uk_file *tf,
		       const struct epoll_event *ev)
{
	struct eventpoll *ep = ep_of(epf);
	bool nest = posix_event_is_ep(tf);
	struct ep_item *it;
	int ret;

	if (nest)
		uk_mutex_lock(&ep_nest_mtx);
	uk_mutex_lock(&ep->mtx);
	if (op == EPOLL_CTL_ADD && nest && !ep_nest_ok(ep, ep_of(tf))) {
		ret = -ELOOP;
		goto out;
	}
	it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		ret = it ? -EEXIST : ep_insert(ep, fd, tf, ev);
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			ret = -ENOENT;
		else if (it->events & EPOLLEXCLUSIVE)
			ret = -EINVAL;
		else
			ret = ep_modify(ep, it, ev);
		break;
	case EPOLL_CTL_DEL:
		if (it) {
			/* The caller's reference on tf keeps it linked. */
			uk_poll_chain_del(&it->chain);
			ep_item_free(ep, it);
			ret = 0;
		} else {
			ret = -ENOENT;
		}
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	uk_mutex_unlock(&ep->mtx);
	if (nest)
		uk_mutex_unlock(&ep_nest_mtx);
	return ret;
}

int posix_event_ep_wait(struct uk_file *epf, struct epoll_event *evs, int max,
			__nsec deadline)
{
	struct eventpoll *ep = ep_of(epf);
	int n;

	for (;;) {
		uk_mutex_lock(&ep->mtx);
		n = ep_scan(ep, evs, max);
		uk_mutex_unlock(&ep->mtx);
		if (n || deadline == POSIX_EVENT_NOWAIT)
			return n;
		/* After a timeout, one last scan, as Linux does. */
		n = uk_waitq_wait_event_deadline_intr(&ep->wq, ep_has_ready(ep),
						      deadline);
		if (n == -EINTR)
			return n; /* never restarted, as on Linux */
		if (n)
			deadline = POSIX_EVENT_NOWAIT;
	}
}
