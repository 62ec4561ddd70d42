/*
 * The cooperative SMP scheduler: a run queue and an idle thread per CPU
 * that runs threads, one deadline-sorted sleep queue, and wait queues.
 *
 * One lock, always taken with IRQs disabled, protects every queue and
 * every CPU's state, so IRQ handlers may wake threads and any CPU may
 * queue a thread on another. A context switch happens with the lock held
 * and the thread switched to releases it: once another CPU holds the
 * lock, no CPU runs on the stack of a thread that blocked or exited.
 *
 * The decisions (placement, stealing, picking, whom to wake) are runq.c's,
 * pure functions of the per-CPU state; this file locks and calls the
 * platform around them.
 *
 * A CPU runs threads once it called uk_sched_cpu_run() (the boot CPU from
 * the start). With nothing queued, a CPU switches to its idle thread,
 * which steals a queued thread from another CPU if its affinity allows,
 * or halts until an IRQ or the first deadline of the sleep queue. A thread
 * made runnable goes to an idle CPU it may run on (its last one first),
 * else to the least loaded one; a halted CPU gets a wake-up IPI.
 */
#include <errno.h>
#include <uk/config.h>
#include <uk/plat/backtrace.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/spinlock.h>
#include <uk/thread.h>
#include "runq.h"
#include "sched_impl.h"

#define SCHED_NCPUS CONFIG_UKPLAT_LCPU_MAXCOUNT
_Static_assert(SCHED_NCPUS <= sizeof(unsigned long) * 8,
	       "runq.c's CPU sets are unsigned long masks");
/* The boot CPU's idle thread runs on this; the others on their boot stack. */
#define SCHED_IDLE_STACK_SIZE (16 * 1024)

static struct uk_thread sched_main = {
	.name = "main",
	.state = UK_THREAD_RUNNABLE,
	.on_cpu = true,
	.rq_node = UK_LIST_HEAD_INIT(sched_main.rq_node),
	.timer_node = UK_LIST_HEAD_INIT(sched_main.timer_node),
	.exitq = UK_WAITQ_INIT(sched_main.exitq),
	.preempt_off = 1,
};
static struct sched_cpu sched_cpus[SCHED_NCPUS] = {
	[0] = {
		.current = &sched_main,
		.runq = UK_LIST_HEAD_INIT(sched_cpus[0].runq),
		.online = true,
	},
};
static char sched_idle0_stack[SCHED_IDLE_STACK_SIZE] __aligned(16);
static bool sched_idle0_ready;
static struct uk_list_head sched_sleepq = UK_LIST_HEAD_INIT(sched_sleepq);
static struct uk_list_head sched_reapq = UK_LIST_HEAD_INIT(sched_reapq);
static struct uk_spinlock sched_lock = UK_SPINLOCK_INITIALIZER;
static unsigned long sched_online_mask = 1;

unsigned long _uk_sched_lock(void)
{
	return uk_spin_lock_irqsave(&sched_lock);
}

/* The calling CPU's state; IRQs disabled (the caller cannot move). */
static struct sched_cpu *sched_self(void)
{
	return &sched_cpus[ukplat_lcpu_idx()];
}

static void sched_gone(struct uk_thread *t);

/*
 * The first unlock after a switch away from an exited thread finishes
 * that thread (sched_gone()): no CPU runs on its stack any more.
 */
void _uk_sched_unlock(unsigned long flags)
{
	struct sched_cpu *c = sched_self();
	struct uk_thread *gone = c->gone;

	c->gone = NULL;
	uk_spin_unlock_irqrestore(&sched_lock, flags);
	if (gone)
		sched_gone(gone);
}

/*
 * uk_thread_current() when this CPU's word is empty: a CPU outside the
 * scheduler, or the boot CPU before its first switch (its word starts
 * empty; filled here, with what the switches keep it equal to).
 */
struct uk_thread *_uk_thread_current_slow(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct sched_cpu *c = sched_self();
	struct uk_thread *t;

	if (c->online) {
		t = c->current;
		ukplat_thread_self_set(t);
	} else {
		/* Code on CPUs outside the scheduler acts as CPU 0's thread. */
		t = sched_cpus[0].current;
	}
	ukplat_lcpu_restore_irqf(flags);
	return t;
}

bool uk_sched_in_thread(void)
{
	__lcpuidx cpu = ukplat_lcpu_idx();

	/*
	 * Not the IRQ state: threads run with IRQs disabled on x86_64 (the
	 * boot CPU enables them to halt), so ukplat_lcpu_run() functions on
	 * these CPUs cannot be told apart and must not block.
	 */
	return cpu < SCHED_NCPUS &&
	       __atomic_load_n(&sched_cpus[cpu].online, __ATOMIC_ACQUIRE);
}

unsigned long uk_sched_cpus(void)
{
	return __atomic_load_n(&sched_online_mask, __ATOMIC_ACQUIRE);
}

/* No lock: the crash report may have interrupted its holder. */
const char *ukplat_crash_thread_name(unsigned int cpu)
{
	struct uk_thread *t;

	if (cpu >= SCHED_NCPUS ||
	    !__atomic_load_n(&sched_cpus[cpu].online, __ATOMIC_ACQUIRE))
		return NULL;
	t = __atomic_load_n(&sched_cpus[cpu].current, __ATOMIC_RELAXED);
	return t->name ? t->name : "(unnamed)";
}

__nsec uk_sched_now(void)
{
	return ukplat_monotonic_clock();
}

__nsec uk_thread_cpu_time(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();
	__nsec ns = t->cpu_time;

	if (t->on_cpu)
		ns += ukplat_monotonic_clock() - t->run_since;
	_uk_sched_unlock(flags);
	return ns;
}

__nsec uk_sched_busy_time(void)
{
	unsigned long flags = _uk_sched_lock();
	__nsec now = ukplat_monotonic_clock(), ns = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < SCHED_NCPUS; cpu++) {
		struct sched_cpu *c = &sched_cpus[cpu];
		__nsec idle = c->idle.cpu_time;

		if (!c->online)
			continue;
		if (c->idle.on_cpu)
			idle += now - c->idle.run_since;
		ns += now - c->online_since - idle;
	}
	_uk_sched_unlock(flags);
	return ns;
}

static void sched_wakeup(unsigned int cpu)
{
	__lcpuidx idx = cpu;
	unsigned int one = 1;

	ukplat_lcpu_wakeup(&idx, &one);
}

/* Queues runnable t on a CPU and wakes that CPU if it halts. */
static void sched_enqueue_locked(struct uk_thread *t)
{
	if (runq_enqueue(sched_cpus, SCHED_NCPUS, t, ukplat_lcpu_idx()))
		sched_wakeup(t->cpu);
}

static void sched_wakeup_mask(unsigned long wake)
{
	while (wake) {
		sched_wakeup(__builtin_ctzl(wake));
		wake &= wake - 1;
	}
}

void uk_sched_balance(void)
{
	struct sched_cpu *c = sched_self();
	unsigned long flags;

	/* Unlocked first: most ticks find nothing queued. */
	if (!__atomic_load_n(&c->nqueued, __ATOMIC_RELAXED))
		return;
	flags = _uk_sched_lock();
	if (c->current != &c->idle)
		sched_wakeup_mask(runq_balance(sched_cpus, SCHED_NCPUS,
					       ukplat_lcpu_idx()));
	_uk_sched_unlock(flags);
}

static void timer_del_locked(struct uk_thread *t)
{
	if (t->wakeup) {
		uk_list_del(&t->timer_node);
		t->wakeup = 0;
	}
}

/*
 * A new first deadline: halted CPUs that sleep past it are woken so that
 * one of them halts until it instead.
 */
static void timer_kick_locked(__nsec deadline)
{
	sched_wakeup_mask(runq_timer_kick(sched_cpus, SCHED_NCPUS,
					  ukplat_lcpu_idx(), deadline));
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
	if (sched_sleepq.next == &t->timer_node)
		timer_kick_locked(deadline);
}

void _uk_sched_wake_locked(struct uk_thread *t)
{
	if (t->state != UK_THREAD_BLOCKED)
		return;
	t->state = UK_THREAD_RUNNABLE;
	timer_del_locked(t);
	/* A running thread is never queued: it is still on its way to block. */
	if (!t->on_cpu &&
	    runq_wake(sched_cpus, SCHED_NCPUS, t, ukplat_lcpu_idx()))
		sched_wakeup(t->cpu);
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

/*
 * Runs the on_gone hook of exited t, whose CPU switched away from it,
 * then lets joiners and the reaper have it.
 */
static void sched_gone(struct uk_thread *t)
{
	unsigned long flags;

	if (t->on_gone)
		t->on_gone(t);
	flags = _uk_sched_lock();
	t->on_cpu = false;
	_uk_waitq_wake_locked(&t->exitq, false);
	_uk_sched_unlock(flags);
}

void _uk_sched_reap_add_locked(struct uk_thread *t)
{
	uk_list_add_tail(&t->rq_node, &sched_reapq);
}

/* Moves the detached threads that are gone to *out; lock held. */
static void reap_take_locked(struct uk_list_head *out)
{
	struct uk_thread *t, *n;

	uk_list_for_each_entry_safe(t, n, &sched_reapq, rq_node) {
		if (t->on_cpu)
			continue;
		uk_list_del(&t->rq_node);
		uk_list_add_tail(&t->rq_node, out);
	}
}

/*
 * Frees the threads that exited detached. Not under the lock: freeing a
 * guarded stack unguards its page, and the TLB shootdown waits for the
 * other CPUs, which may spin on the lock with IRQs disabled.
 */
void _uk_sched_reap(void)
{
	struct uk_list_head gone = UK_LIST_HEAD_INIT(gone);
	struct uk_thread *t, *n;
	unsigned long flags;

	if (uk_list_empty(&sched_reapq))
		return;
	flags = _uk_sched_lock();
	reap_take_locked(&gone);
	_uk_sched_unlock(flags);
	uk_list_for_each_entry_safe(t, n, &gone, rq_node)
		_uk_thread_free(t);
}

static void sched_idle_loop(void) __noreturn;

static void sched_idle_start(void *arg __unused)
{
	_uk_sched_unlock(sched_self()->switch_irqf);
	sched_idle_loop();
}

void _uk_sched_switch_locked(unsigned long irqf)
{
	unsigned int cpu = ukplat_lcpu_idx();
	struct sched_cpu *c = &sched_cpus[cpu];
	struct uk_thread *prev = c->current, *next;
	__nsec now = ukplat_monotonic_clock();

	/* prev's CPU time ends here, whatever runs next. */
	prev->cpu_time += now - prev->run_since;
	prev->run_since = now;
	expire_locked();
	next = runq_pick(sched_cpus, SCHED_NCPUS, cpu);
	if (prev->state == UK_THREAD_RUNNABLE && prev != &c->idle) {
		if (!next && runq_allowed(prev, cpu))
			return; /* nothing else to run here: go on */
		prev->on_cpu = false;
		sched_enqueue_locked(prev);
	}
	if (!next) {
		next = &c->idle;
		if (cpu == 0 && !sched_idle0_ready) {
			/* The boot CPU's, on first use. */
			next->name = "idle";
			next->preempt_off = 1; /* kernel code */
			next->kernel = true;
			ukplat_ctx_init(&next->ctx, sched_idle0_stack,
					sizeof(sched_idle0_stack),
					sched_idle_start, NULL);
			sched_idle0_ready = true;
		}
	}
	if (next == prev)
		return;
	/* An exited thread stays on_cpu until sched_gone() is done with it. */
	if (prev->state == UK_THREAD_EXITED)
		c->gone = prev;
	else
		prev->on_cpu = false;
	next->on_cpu = true;
	next->cpu = cpu;
	next->run_since = now;
	c->current = next;
	ukplat_thread_self_set(next);
	c->switch_irqf = irqf;
	prev->tlsp = ukplat_tlsp_get();
	ukplat_tlsp_set(next->tlsp);
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
	/* prev runs again, maybe on another CPU; whoever switched holds the lock. */
}

/*
 * The idle thread of a CPU: switches to queued (or stolen) threads, frees
 * detached exited threads, and otherwise halts until an IRQ or the first
 * deadline of the sleep queue.
 */
static void sched_idle_loop(void)
{
	unsigned long flags;
	struct sched_cpu *c;
	__nsec deadline;
	unsigned int cpu;

	for (;;) {
		_uk_sched_reap();
		flags = _uk_sched_lock();
		cpu = ukplat_lcpu_idx();
		c = &sched_cpus[cpu];
		c->halted = false;
		expire_locked();
		if (c->nqueued ||
		    runq_steal(sched_cpus, SCHED_NCPUS, cpu, false)) {
			_uk_sched_switch_locked(flags);
			_uk_sched_unlock(flags);
			continue;
		}
		deadline = uk_list_empty(&sched_sleepq) ?
				   0 :
				   uk_list_first_entry(&sched_sleepq,
						       struct uk_thread,
						       timer_node)
					   ->wakeup;
		c->halted = true;
		c->halt_deadline = deadline;
		/* IRQs stay off: a wake-up IPI from now on ends the halt. */
		uk_spin_unlock(&sched_lock);
		ukplat_lcpu_halt_to(deadline);
		ukplat_lcpu_restore_irqf(flags);
	}
}

void uk_sched_cpu_run(void)
{
	unsigned long flags = _uk_sched_lock();
	unsigned int cpu = ukplat_lcpu_idx();
	struct sched_cpu *c = &sched_cpus[cpu];

	c->idle.name = "idle";
	c->idle.state = UK_THREAD_RUNNABLE;
	c->idle.preempt_off = 1; /* kernel code */
	c->idle.kernel = true;
	c->idle.on_cpu = true;
	c->idle.cpu = cpu;
	c->idle.tlsp = ukplat_tlsp_get();
	c->idle.run_since = ukplat_monotonic_clock();
	c->online_since = c->idle.run_since;
	c->current = &c->idle;
	ukplat_thread_self_set(&c->idle);
	uk_list_init(&c->runq);
	__atomic_store_n(&c->online, true, __ATOMIC_RELEASE);
	__atomic_or_fetch(&sched_online_mask, 1UL << cpu, __ATOMIC_RELEASE);
	_uk_sched_unlock(flags);
	sched_idle_loop();
}

void _uk_sched_thread_start(void *arg)
{
	struct uk_thread *t = arg;

	_uk_sched_unlock(sched_self()->switch_irqf);
	t->fn(t->arg);
	uk_thread_exit(0);
}

void _uk_sched_enqueue(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();

	t->state = UK_THREAD_RUNNABLE;
	t->cpu = ukplat_lcpu_idx();
	sched_enqueue_locked(t);
	_uk_sched_unlock(flags);
}

void uk_sched_yield(void)
{
	unsigned long flags = _uk_sched_lock();
	unsigned int cpu = ukplat_lcpu_idx();
	struct uk_thread *t = sched_cpus[cpu].current;

	if (sched_cpus[cpu].nqueued || !runq_allowed(t, cpu))
		_uk_sched_switch_locked(flags);
	_uk_sched_unlock(flags);
	_uk_sched_reap();
}

int uk_thread_set_affinity(struct uk_thread *t, unsigned long cpus)
{
	unsigned long flags;

	if (cpus && !(cpus & uk_sched_cpus()))
		return -EINVAL;
	flags = _uk_sched_lock();
	if (runq_set_affinity(sched_cpus, SCHED_NCPUS, t, cpus,
			      ukplat_lcpu_idx()))
		sched_wakeup(t->cpu);
	_uk_sched_unlock(flags);
	/* The caller moves at once; another running thread when it switches. */
	if (t == uk_thread_current())
		uk_sched_yield();
	return 0;
}

unsigned long uk_thread_affinity(struct uk_thread *t)
{
	return __atomic_load_n(&t->affinity, __ATOMIC_RELAXED);
}

bool uk_thread_exited(struct uk_thread *t)
{
	unsigned long flags = _uk_sched_lock();
	bool gone = t->state == UK_THREAD_EXITED && !t->on_cpu;

	_uk_sched_unlock(flags);
	return gone;
}

static struct uk_thread *sched_current_locked(void)
{
	return sched_self()->current;
}

bool uk_sched_want_preempt(bool slice_over)
{
	unsigned long flags = _uk_sched_lock();
	struct sched_cpu *c = sched_self();
	bool want;

	expire_locked();
	want = (slice_over && c->nqueued) ||
	       !runq_allowed(c->current, ukplat_lcpu_idx());
	_uk_sched_unlock(flags);
	return want;
}

void uk_sched_sleep_until(__nsec deadline)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current_locked();

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
	struct uk_thread *t = sched_current_locked();
	int rc = 0;

	while (ukplat_monotonic_clock() < deadline) {
		if (t->interrupted) {
			/* Unlocked: the check may clear the flag. */
			_uk_sched_unlock(flags);
			if (uk_thread_interrupted())
				return -EINTR;
			flags = _uk_sched_lock();
			continue;
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

	sched_current_locked()->interrupted = false;
	_uk_sched_unlock(flags);
}

__weak bool uk_thread_interrupt_due(void)
{
	return true;
}

bool uk_thread_interrupted(void)
{
	if (!__atomic_load_n(&uk_thread_current()->interrupted,
			     __ATOMIC_ACQUIRE))
		return false;
	if (uk_thread_interrupt_due())
		return true;
	/*
	 * Another thread took the process-directed signal that interrupted
	 * this one: the wait goes on (signal(7): only a handler run on this
	 * thread ends it). Cleared before the second look, so that a signal
	 * sent in between still ends it.
	 */
	uk_thread_interrupt_clear();
	return uk_thread_interrupt_due();
}

void uk_sched_sleep_ns(__nsec ns)
{
	uk_sched_sleep_until(ukplat_monotonic_clock() + ns);
}

void uk_thread_exit(int status)
{
	struct uk_thread *t = uk_thread_current();
	unsigned long flags;

	/* Outside the lock: the hook may block (futex wake, allocator). */
	if (t->on_exit)
		t->on_exit(t);
	flags = _uk_sched_lock();

	t->exit_status = status;
	t->state = UK_THREAD_EXITED;
	/* Joiners are woken by sched_gone(), once t is off its CPU. */
	if (t->detached)
		_uk_sched_reap_add_locked(t);
	_uk_sched_switch_locked(flags);
	__builtin_unreachable();
}

void _uk_waitq_prepare(struct uk_waitq *wq, struct uk_waitq_entry *e)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current_locked();

	e->thread = t;
	if (uk_list_empty(&e->node))
		uk_list_add_tail(&e->node, &wq->waiters);
	t->state = UK_THREAD_BLOCKED;
	_uk_sched_unlock(flags);
	/* Queued before cond is read: uk_waitq_has_waiters()'s pair. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int _uk_waitq_block(__nsec deadline)
{
	unsigned long flags = _uk_sched_lock();
	struct uk_thread *t = sched_current_locked();
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
	struct uk_thread *t = sched_current_locked();

	uk_list_del(&e->node);
	t->state = UK_THREAD_RUNNABLE;
	timer_del_locked(t);
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

static void waitq_wake(struct uk_waitq *wq, bool one)
{
	unsigned long flags;

	if (!uk_waitq_has_waiters(wq))
		return;
	flags = _uk_sched_lock();
	_uk_waitq_wake_locked(wq, one);
	_uk_sched_unlock(flags);
}

void uk_waitq_wake_up(struct uk_waitq *wq)
{
	waitq_wake(wq, false);
}

void uk_waitq_wake_one(struct uk_waitq *wq)
{
	waitq_wake(wq, true);
}

bool uk_waitq_has_waiters(struct uk_waitq *wq)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return __atomic_load_n(&wq->waiters.next, __ATOMIC_RELAXED) !=
	       &wq->waiters;
}
