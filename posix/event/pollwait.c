/*
 * The wait behind poll, ppoll, select and pselect6: link a poll chain to
 * every watched file, sleep on one wait queue until a chain is woken or
 * the deadline passes, re-poll.
 */
#include <errno.h>
#include <poll.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/wait.h>

#include "posix/event/event_impl.h"

/* The sleeping caller of posix_event_poll_wait; the chains' priv. */
struct poll_waiter {
	struct uk_waitq wq;
	int woken;
};

/* Runs under the file's lock: only flag and wake (both non-blocking). */
static void poll_chain_wake(struct uk_poll_chain *c,
			    unsigned int events __unused)
{
	struct poll_waiter *w = c->priv;

	__atomic_store_n(&w->woken, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&w->wq);
}

/*
 * One pass over the entries. link: hook chains to the files of entries
 * not linked yet, as long as nothing is ready (a ready entry ends the
 * wait anyway, as Linux stops registering then).
 */
static int poll_pass(struct posix_event_pollent *ents, unsigned int n,
		     struct poll_waiter *w, bool link)
{
	struct posix_event_pollent *e;
	struct uk_poll_chain *c;
	unsigned int rev;
	int ready = 0;

	for (e = ents; e < ents + n; e++) {
		e->revents = 0;
		if (e->fd < 0)
			continue;
		if (!e->file) {
			e->revents = POLLNVAL;
			ready++;
			continue;
		}
		c = NULL;
		if (link && !ready && !e->linked) {
			c = &e->chain;
			c->wake = poll_chain_wake;
			c->detach = NULL;
			c->priv = w;
		}
		/* A file whose poll op fails counts as in error. */
		if (uk_file_poll(e->file, &rev, c) < 0)
			rev = POLLERR;
		else if (c)
			e->linked = true;
		e->revents = rev & e->events;
		if (e->revents)
			ready++;
	}
	return ready;
}

int posix_event_poll_wait(struct posix_event_pollent *ents, unsigned int n,
			  __nsec deadline)
{
	struct poll_waiter w;
	unsigned int i;
	bool link = deadline != POSIX_EVENT_NOWAIT;
	int ready, rc;

	uk_waitq_init(&w.wq);
	w.woken = 0;
	/* The references keep the files, and so the chains, alive. */
	for (i = 0; i < n; i++) {
		ents[i].linked = false;
		ents[i].file =
			ents[i].fd >= 0 ? uk_fdtab_get(ents[i].fd) : NULL;
	}
	for (;;) {
		/* Cleared before polling: a wake during the pass counts. */
		__atomic_store_n(&w.woken, 0, __ATOMIC_RELAXED);
		ready = poll_pass(ents, n, &w, link);
		link = false;
		if (ready || deadline == POSIX_EVENT_NOWAIT)
			break;
		/* After a timeout, one last pass, as Linux does. */
		rc = uk_waitq_wait_event_deadline_intr(
			&w.wq, __atomic_load_n(&w.woken, __ATOMIC_ACQUIRE),
			deadline);
		if (rc == -EINTR) {
			ready = -EINTR; /* never restarted, as on Linux */
			break;
		}
		if (rc)
			deadline = POSIX_EVENT_NOWAIT;
	}
	for (i = 0; i < n; i++) {
		if (ents[i].linked)
			uk_poll_chain_del(&ents[i].chain);
		if (ents[i].file)
			uk_file_release(ents[i].file);
	}
	return ready;
}

struct posix_event_pollent *
posix_event_pollents_get(struct posix_event_pollent *stack, size_t n)
{
	if (n <= POSIX_EVENT_POLL_STACK)
		return stack;
	return uk_malloc(uk_alloc_get_default(),
			 n * sizeof(struct posix_event_pollent));
}

void posix_event_pollents_put(struct posix_event_pollent *stack,
			      struct posix_event_pollent *ents)
{
	if (ents != stack)
		uk_free(uk_alloc_get_default(), ents);
}
