/*
 * The cooperative scheduler: one run queue, a deadline-sorted sleep queue,
 * wait queues, and idling by halting the CPU until an IRQ or the next
 * deadline. Threads run on the boot CPU; other CPUs are driven through the
 * lcpu API. One lock, always taken with IRQs disabled, protects all queues,
 * so IRQ handlers may wake threads.
 */
#include <errno.h>
#include <uk/plat/backtrace.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/spinlock.h>
#include <uk/thread.h>
#include "sched_impl.h"

static struct uk_thread sched_main = {
	.name = "main",
	.state = UK_THREAD_RUNNABLE,
	.rq_node = UK_LIST_HEAD_INIT(sched_main.rq_node),
	.timer_node = UK_LIST_HEAD_INIT(sched_main.timer_node),
	.exitq = UK_WAITQ_INIT(sched_main.exitq),
	.preempt_off = 1,
};
static struct uk_thread *sched_current = &sched_main;
static struct uk_list_head sched_runq = UK_LIST_HEAD_INIT(sched_runq);
static struct uk_list_head sched_sleepq = UK_LIST_HEAD_INIT(sched_sleepq);
static struct uk_list_head sched_reapq = UK_LIST_HEAD_INIT(sched_reapq);
static struct uk_spinlock sched_lock = UK_SPINLOCK_INITIALIZER;
/* IRQ state of the thread that switched last; new threads start in it. */
static unsigned long sched_switch_irqf;
/* Time spent halted with nothing to run. */
static __nsec sched_idle_time;

unsigned long _uk_sched_lock(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_spin_lock(&sched_lock);
	return flags;
}

void _uk_sched_unlock(unsigned long flags)
{
	uk_spin_unlock(&sched_lock);
	ukplat_lcpu_restore_irqf(flags);
}

struct uk_thread *uk_thread_current(void)
{
	return sched_current;
}

/*
 * Threads run on the boot CPU only. No lock: the crash report may have
 * interrupted its holder.
 */
const char *ukplat_crash_thread_name(unsigned int cpu)
{
	if (cpu != 0)
		return NULL;
	return sched_current->name ? sched_current->name : "(unnamed)";
}

__nsec uk_sched_now(void)
{
	return ukplat_monotonic_clock();
}

__nsec uk_thread_cpu_time(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();
	__nsec ns = t->cpu_time;

	if (t == sched_current)
		ns += ukplat_monotonic_clock() - t->run_since;
	_uk_sched_unlock(flags);
	return ns;
}

__nsec uk_sched_busy_time(void)
{
	unsigned long flags = _uk_sched_lock();
	__nsec ns = ukplat_monotonic_clock() - sched_idle_time;

	_uk_sched_unlock(flags);
	return ns;
}

static void timer_del_locked(struct uk_thread *t)
{
	if (t->wakeup) {
		uk_list_del(&t->timer_node);
		t->wakeup = 0;
	}
}

static void timer_add_locked(struct uk_thread *t, __nsec deadline)
{
	struct uk_thread *pos;

	timer_del_locked(t);
	t->wakeup = deadline;
	uk_list_for_each_entry(pos, &sched_sleepq, timer_node) {
		if (pos->wakeup > deadline)
			break;
	}
	uk_list_add_tail(&t->timer_node, &pos->timer_node);
}

void _uk_sched_wake_locked(struct uk_thread *t)
{
	if (t->state != UK_THREAD_BLOCKED)
		return;
	t->state = UK_THREAD_RUNNABLE;
	timer_del_locked(t);
	/* The running thread is never queued: it is still on its way to block. */
	if (t != sched_current)
		uk_list_add_tail(&t->rq_node, &sched_runq);
}

static void expire_locked(void)
{
	__nsec now;

	if (uk_list_empty(&sched_sleepq))
		return;
	now = ukplat_monotonic_clock();
	while (!uk_list_empty(&sched_sleepq)) {
		struct uk_thread *t = uk_list_first_entry(
			&sched_sleepq, struct uk_thread, timer_node);

		if (t->wakeup > now)
			break;
		t->timed_out = true;
		_uk_sched_wake_locked(t);
	}
}

/* Frees threads that exited detached; never the running one. */
static void reap_locked(void)
{
	struct uk_thread *t, *n;

	uk_list_for_each_entry_safe(t, n, &sched_reapq, rq_node) {
		if (t == sched_current)
			continue;
		uk_list_del(&t->rq_node);
		_uk_thread_free(t);
	}
}

void _uk_sched_switch_locked(unsigned long irqf)
{
	struct uk_thread *prev = sched_current, *next;
	__nsec now = ukplat_monotonic_clock(), idle;

	/* prev's CPU time ends here, whatever runs next (or idles). */
	prev->cpu_time += now - prev->run_since;
	prev->run_since = now;
	for (;;) {
		expire_locked();
		if (!uk_list_empty(&sched_runq))
			break;
		if (prev->state == UK_THREAD_RUNNABLE) {
			/* Woken while idling: it runs again from now. */
			prev->run_since = ukplat_monotonic_clock();
			return;
		}
		/* Idle: nothing can run until an IRQ or the next deadline. */
		__nsec deadline = uk_list_empty(&sched_sleepq) ?
					  0 :
					  uk_list_first_entry(&sched_sleepq,
							      struct uk_thread,
							      timer_node)
						  ->wakeup;
		idle = ukplat_monotonic_clock();
		uk_spin_unlock(&sched_lock);
		ukplat_lcpu_halt_to(deadline);
		uk_spin_lock(&sched_lock);
		sched_idle_time += ukplat_monotonic_clock() - idle;
	}
	next = uk_list_first_entry(&sched_runq, struct uk_thread, rq_node);
	uk_list_del(&next->rq_node);
	if (prev->state == UK_THREAD_RUNNABLE)
		uk_list_add_tail(&prev->rq_node, &sched_runq);
	sched_current = next;
	next->run_since = ukplat_monotonic_clock();
	sched_switch_irqf = irqf;
	prev->tlsp = ukplat_tlsp_get();
	ukplat_tlsp_set(next->tlsp);
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
	/* prev runs again; whoever switched here still holds the lock. */
	reap_locked();
}

void _uk_sched_thread_start(void *arg)
{
	struct uk_thread *t = arg;

	reap_locked();
	_uk_sched_unlock(sched_switch_irqf);
	t->fn(t->arg);
	uk_thread_exit(0);
}

void _uk_sched_enqueue(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();

	t->state = UK_THREAD_RUNNABLE;
	uk_list_add_tail(&t->rq_node, &sched_runq);
	_uk_sched_unlock(flags);
}

void uk_sched_yield(void)
{
	unsigned long flags = _uk_sched_lock();

	if (!uk_list_empty(&sched_runq))
		_uk_sched_switch_locked(flags);
	_uk_sched_unlock(flags);
}

bool uk_sched_want_preempt(void)
{
	unsigned long flags = _uk_sched_lock();
	bool want;

	expire_locked();
	want = !uk_list_empty(&sched_runq);
	_uk_sched_unlock(flags);
	return want;
}

void uk_sched_sleep_until(__nsec deadline)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current;

	while (ukplat_monotonic_clock() < deadline) {
		t->state = UK_THREAD_BLOCKED;
		timer_add_locked(t, deadline);
		_uk_sched_switch_locked(flags);
	}
	_uk_sched_unlock(flags);
}

int uk_sched_sleep_until_intr(__nsec deadline)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current;
	int rc = 0;

	while (ukplat_monotonic_clock() < deadline) {
		if (t->interrupted) {
			rc = -EINTR;
			break;
		}
		t->state = UK_THREAD_BLOCKED;
		timer_add_locked(t, deadline);
		_uk_sched_switch_locked(flags);
	}
	_uk_sched_unlock(flags);
	return rc;
}

void uk_thread_interrupt(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();

	t->interrupted = true;
	_uk_sched_wake_locked(t);
	_uk_sched_unlock(flags);
}

void uk_thread_interrupt_clear(void)
{
	unsigned long flags = _uk_sched_lock();

	sched_current->interrupted = false;
	_uk_sched_unlock(flags);
}

bool uk_thread_interrupted(void)
{
	return __atomic_load_n(&sched_current->interrupted, __ATOMIC_ACQUIRE);
}

void uk_sched_sleep_ns(__nsec ns)
{
	uk_sched_sleep_until(ukplat_monotonic_clock() + ns);
}

void uk_thread_exit(int status)
{
	struct uk_thread *t = sched_current;
	unsigned long flags;

	/* Outside the lock: the hook may block (futex wake, allocator). */
	if (t->on_exit)
		t->on_exit(t);
	flags = _uk_sched_lock();

	t->exit_status = status;
	t->state = UK_THREAD_EXITED;
	_uk_waitq_wake_locked(&t->exitq, false);
	if (t->detached)
		uk_list_add_tail(&t->rq_node, &sched_reapq);
	_uk_sched_switch_locked(flags);
	__builtin_unreachable();
}

void _uk_waitq_prepare(struct uk_waitq *wq, struct uk_waitq_entry *e)
{
	unsigned long flags = _uk_sched_lock();

	e->thread = sched_current;
	if (uk_list_empty(&e->node))
		uk_list_add_tail(&e->node, &wq->waiters);
	sched_current->state = UK_THREAD_BLOCKED;
	_uk_sched_unlock(flags);
}

int _uk_waitq_block(__nsec deadline)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current;
	int rc = 0;

	if (t->state == UK_THREAD_BLOCKED) {
		t->timed_out = false;
		if (deadline && ukplat_monotonic_clock() >= deadline) {
			t->timed_out = true;
			t->state = UK_THREAD_RUNNABLE;
		} else {
			if (deadline)
				timer_add_locked(t, deadline);
			_uk_sched_switch_locked(flags);
		}
		if (t->timed_out)
			rc = -ETIMEDOUT;
	}
	_uk_sched_unlock(flags);
	return rc;
}

void _uk_waitq_finish(struct uk_waitq *wq __unused, struct uk_waitq_entry *e)
{
	unsigned long flags = _uk_sched_lock();

	uk_list_del(&e->node);
	sched_current->state = UK_THREAD_RUNNABLE;
	timer_del_locked(sched_current);
	_uk_sched_unlock(flags);
}

void _uk_waitq_wake_locked(struct uk_waitq *wq, bool one)
{
	while (!uk_list_empty(&wq->waiters)) {
		struct uk_waitq_entry *e = uk_list_first_entry(
			&wq->waiters, struct uk_waitq_entry, node);

		uk_list_del(&e->node);
		_uk_sched_wake_locked(e->thread);
		if (one)
			break;
	}
}

void uk_waitq_wake_up(struct uk_waitq *wq)
{
	unsigned long flags = _uk_sched_lock();

	_uk_waitq_wake_locked(wq, false);
	_uk_sched_unlock(flags);
}

void uk_waitq_wake_one(struct uk_waitq *wq)
{
	unsigned long flags = _uk_sched_lock();

	_uk_waitq_wake_locked(wq, true);
	_uk_sched_unlock(flags);
}

bool uk_waitq_has_waiters(struct uk_waitq *wq)
{
	return !uk_list_empty(&wq->waiters);
}
