/*
 * The scheduler's decisions (runq.h): placement, stealing, picking and
 * which halted CPUs to wake. Pure functions of the per-CPU state and the
 * threads' affinity and last CPU; sched.c holds the lock around them and
 * sends the IPIs they ask for.
 */
#include <limits.h>
#include "runq.h"

bool runq_allowed(const struct uk_thread *t, unsigned int cpu)
{
	return !t->affinity || (cpu < sizeof(t->affinity) * CHAR_BIT &&
				(t->affinity & (1UL << cpu)));
}

bool runq_cpu_idle(const struct sched_cpu *c)
{
	return c->current == &c->idle && !c->nqueued;
}

static bool runq_usable(const struct sched_cpu *cpus, unsigned int ncpus,
			const struct uk_thread *t, unsigned int cpu)
{
	return cpu < ncpus && cpus[cpu].online && runq_allowed(t, cpu);
}

unsigned int runq_place(const struct sched_cpu *cpus, unsigned int ncpus,
			const struct uk_thread *t)
{
	unsigned int cpu, best = ncpus, best_load = UINT_MAX;

	if (runq_usable(cpus, ncpus, t, t->cpu) && runq_cpu_idle(&cpus[t->cpu]))
		return t->cpu;
	for (cpu = 0; cpu < ncpus; cpu++) {
		const struct sched_cpu *c = &cpus[cpu];
		unsigned int load;

		if (!runq_usable(cpus, ncpus, t, cpu))
			continue;
		load = c->nqueued + (c->current != &c->idle);
		if (load < best_load || (load == best_load && cpu == t->cpu)) {
			best = cpu;
			best_load = load;
		}
	}
	/* No online CPU allowed (affinity is checked when set): the boot CPU. */
	return best < ncpus ? best : 0;
}

/* Queues t on CPU cpu; true if cpu must be sent a wake-up IPI. */
static bool runq_queue_on(struct sched_cpu *cpus, struct uk_thread *t,
			  unsigned int cpu, unsigned int self)
{
	struct sched_cpu *c = &cpus[cpu];

	t->cpu = cpu;
	uk_list_add_tail(&t->rq_node, &c->runq);
	c->nqueued++;
	if (!c->halted || cpu == self)
		return false;
	c->halted = false;
	return true;
}

bool runq_enqueue(struct sched_cpu *cpus, unsigned int ncpus,
		  struct uk_thread *t, unsigned int self)
{
	return runq_queue_on(cpus, t, runq_place(cpus, ncpus, t), self);
}

bool runq_wake(struct sched_cpu *cpus, unsigned int ncpus, struct uk_thread *t,
	       unsigned int self)
{
	if (runq_usable(cpus, ncpus, t, self) && cpus[self].current->kernel &&
	    !cpus[self].nqueued)
		return runq_queue_on(cpus, t, self, self);
	return runq_enqueue(cpus, ncpus, t, self);
}

unsigned long runq_balance(struct sched_cpu *cpus, unsigned int ncpus,
			   unsigned int self)
{
	unsigned long wake = 0, taken = 0;
	struct uk_thread *t;
	unsigned int cpu;

	uk_list_for_each_entry(t, &cpus[self].runq, rq_node) {
		for (cpu = 0; cpu < ncpus; cpu++) {
			struct sched_cpu *c = &cpus[cpu];

			if (cpu == self || (taken & (1UL << cpu)) ||
			    !runq_usable(cpus, ncpus, t, cpu) ||
			    !runq_cpu_idle(c))
				continue;
			/* An idle CPU that is awake steals it without one. */
			taken |= 1UL << cpu;
			if (c->halted) {
				c->halted = false;
				wake |= 1UL << cpu;
			}
			break;
		}
	}
	return wake;
}

void runq_remove(struct sched_cpu *cpus, struct uk_thread *t)
{
	uk_list_del(&t->rq_node);
	cpus[t->cpu].nqueued--;
}

struct uk_thread *runq_steal(struct sched_cpu *cpus, unsigned int ncpus,
			     unsigned int cpu, bool take)
{
	unsigned int i;
	struct uk_thread *t;

	for (i = 1; i < ncpus; i++) {
		struct sched_cpu *c = &cpus[(cpu + i) % ncpus];

		if (!c->online)
			continue;
		uk_list_for_each_entry(t, &c->runq, rq_node) {
			if (!runq_allowed(t, cpu))
				continue;
			if (take) {
				uk_list_del(&t->rq_node);
				c->nqueued--;
			}
			return t;
		}
	}
	return NULL;
}

struct uk_thread *runq_pick(struct sched_cpu *cpus, unsigned int ncpus,
			    unsigned int cpu)
{
	struct sched_cpu *c = &cpus[cpu];
	struct uk_thread *t;

	if (uk_list_empty(&c->runq))
		return runq_steal(cpus, ncpus, cpu, true);
	t = uk_list_first_entry(&c->runq, struct uk_thread, rq_node);
	uk_list_del(&t->rq_node);
	c->nqueued--;
	return t;
}

/* Whether an online CPU that t may run on idles. */
static bool runq_idle_for(const struct sched_cpu *cpus, unsigned int ncpus,
			  const struct uk_thread *t)
{
	unsigned int cpu;

	for (cpu = 0; cpu < ncpus; cpu++) {
		if (runq_usable(cpus, ncpus, t, cpu) &&
		    runq_cpu_idle(&cpus[cpu]))
			return true;
	}
	return false;
}

bool runq_set_affinity(struct sched_cpu *cpus, unsigned int ncpus,
		       struct uk_thread *t, unsigned long mask,
		       unsigned int self)
{
	t->affinity = mask;
	if (t->state != UK_THREAD_RUNNABLE || t->on_cpu)
		return false;
	/*
	 * Queued: where it may still run and no allowed CPU idles, it keeps
	 * its place; else a CPU it may now run on would stay halted while it
	 * waits behind another thread.
	 */
	if (runq_allowed(t, t->cpu) && !runq_idle_for(cpus, ncpus, t))
		return false;
	runq_remove(cpus, t);
	return runq_enqueue(cpus, ncpus, t, self);
}

unsigned long runq_timer_kick(struct sched_cpu *cpus, unsigned int ncpus,
			      unsigned int self, __nsec deadline)
{
	unsigned long wake = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < ncpus; cpu++) {
		struct sched_cpu *c = &cpus[cpu];

		if (cpu == self || !c->online || !c->halted ||
		    (c->halt_deadline && c->halt_deadline <= deadline))
			continue;
		c->halted = false;
		wake |= 1UL << cpu;
	}
	return wake;
}
