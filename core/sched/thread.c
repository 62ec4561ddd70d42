/* Thread creation, joining, detaching and freeing. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/plat/paging.h>
#include <uk/thread.h>
#include "sched_impl.h"

static struct uk_thread *thread_alloc(const char *name, void (*fn)(void *),
				      void *arg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread *t;

	if (!a)
		return NULL;
	/* Detached threads are freed here too, not only by idle CPUs. */
	_uk_sched_reap();
	t = uk_calloc(a, 1, sizeof(*t));
	if (!t)
		return NULL;
	t->name = name;
	t->preempt_off = 1;
	t->fn = fn;
	t->arg = arg;
	uk_list_init(&t->rq_node);
	uk_list_init(&t->timer_node);
	uk_waitq_init(&t->exitq);
	return t;
}

struct uk_thread *uk_thread_create_on(const char *name, void (*fn)(void *),
				      void *arg, void *stack, size_t size,
				      unsigned long tlsp)
{
	struct uk_thread *t = thread_alloc(name, fn, arg);

	if (!t)
		return UK_ERR2PTR(-ENOMEM);
	t->tlsp = tlsp;
	ukplat_ctx_init(&t->ctx, stack, size, _uk_sched_thread_start, t);
	_uk_sched_enqueue(t);
	return t;
}

struct uk_thread *uk_thread_create(const char *name, void (*fn)(void *),
				   void *arg, size_t stack_size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long pages;
	struct uk_thread *t;
	void *base;

	if (!stack_size)
		stack_size = UK_THREAD_STACK_SIZE;
	pages = UK_ALIGN_UP(stack_size, __PAGE_SIZE) / __PAGE_SIZE;
	t = thread_alloc(name, fn, arg);
	if (!t)
		return UK_ERR2PTR(-ENOMEM);
	/*
	 * One page more, below the stack: a guard page, so that an overflow
	 * faults (crash report) instead of overwriting the memory below.
	 * Where the platform cannot guard it, the page is just unused.
	 */
	base = uk_palloc(a, pages + 1);
	if (!base) {
		uk_free(a, t);
		return UK_ERR2PTR(-ENOMEM);
	}
	t->stack_guard = ukplat_page_guard(base) == 0;
	t->stack = (char *)base + __PAGE_SIZE;
	t->stack_size = pages * __PAGE_SIZE;
	t->kernel = true;
	ukplat_ctx_init(&t->ctx, t->stack, t->stack_size,
			_uk_sched_thread_start, t);
	_uk_sched_enqueue(t);
	return t;
}

void _uk_thread_free(struct uk_thread *t)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *base = (char *)t->stack - __PAGE_SIZE;

	/*
	 * A guard page that stays inaccessible must not go back to the heap:
	 * if it cannot be restored, the whole run is leaked.
	 */
	if (t->stack && (!t->stack_guard || ukplat_page_unguard(base) == 0))
		uk_pfree(a, base, t->stack_size / __PAGE_SIZE + 1);
	uk_free(a, t);
}

int uk_thread_join(struct uk_thread *t, int *status)
{
	if (t == uk_thread_current() || t->detached)
		return -EINVAL;
	/*
	 * Exited, under the scheduler lock: its CPU has then switched away
	 * from its stack too.
	 */
	uk_waitq_wait_event(&t->exitq, uk_thread_exited(t));
	if (status)
		*status = t->exit_status;
	_uk_thread_free(t);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();
	int rc = 0;

	if (t->detached) {
		rc = -EINVAL;
	} else if (t->state == UK_THREAD_EXITED && !t->on_cpu) {
		/* Already gone: nobody will join, free it now. */
		_uk_sched_unlock(flags);
		_uk_thread_free(t);
		return 0;
	} else {
		t->detached = true;
		/* Exited, still being finished: the reaper frees it. */
		if (t->state == UK_THREAD_EXITED)
			_uk_sched_reap_add_locked(t);
	}
	_uk_sched_unlock(flags);
	return rc;
}
