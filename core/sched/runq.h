/*
 * The scheduler's decisions (runq.c), apart from its locking and platform
 * calls so that host tests can drive them with any number of CPUs: where
 * a runnable thread is queued, which CPU to wake for it, what a CPU runs
 * next and which queued thread an idle CPU steals.
 *
 * Every function works on an array of ncpus struct sched_cpu (at most
 * LONG_BIT: CPU sets are masks) and wants the scheduler lock held; none
 * calls the platform. "self" is the index of the calling CPU.
 */
#ifndef UK_SCHED_RUNQ_H
#define UK_SCHED_RUNQ_H

#include <stdbool.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/thread.h>

struct sched_cpu {
	struct uk_thread *current;
	struct uk_thread idle; /* never queued */
	struct uk_list_head runq;
	unsigned int nqueued; /* threads on runq */
	bool online; /* runs threads */
	/*
	 * Its idle thread halts or is about to; cleared by whoever sends the
	 * wake-up, so that a CPU gets one IPI however many threads it gets.
	 */
	bool halted;
	__nsec halt_deadline; /* of that halt, 0: none */
	__nsec online_since;
	/* IRQ state of the thread that switched last; new threads start in it. */
	unsigned long switch_irqf;
	/* Exited thread just switched away from, for its on_gone hook. */
	struct uk_thread *gone;
} __aligned(64);

/* Whether t's affinity lets it run on CPU cpu. */
bool runq_allowed(const struct uk_thread *t, unsigned int cpu);

/* Whether c runs nothing but its idle thread, with nothing queued. */
bool runq_cpu_idle(const struct sched_cpu *c);

/*
 * The CPU for runnable thread t, among the online CPUs it may run on: its
 * last CPU (t->cpu) if that one is idle, else the first idle one, else
 * the least loaded (queued threads plus the running one), ties going to
 * t->cpu, then to the lowest index. No such CPU: 0, the boot CPU.
 */
unsigned int runq_place(const struct sched_cpu *cpus, unsigned int ncpus,
			const struct uk_thread *t);

/*
 * Queues runnable t (not queued, not on a CPU) at the tail of the CPU
 * runq_place() chooses, and sets t->cpu to it. Returns true if that CPU
 * must be sent a wake-up IPI (it halts and is not self): its halted flag
 * is then cleared.
 */
bool runq_enqueue(struct sched_cpu *cpus, unsigned int ncpus,
		  struct uk_thread *t, unsigned int self);

/*
 * Queues t, just woken on CPU self, as runq_enqueue() does, but for a
 * sync wake-up: the waker is a kernel thread or self's idle thread (IRQ
 * context) and t may run on self with nothing queued there. Kernel
 * threads (the network stack's receive and tcpip threads, timers) and
 * the idle thread block or halt after a turn of work, so t is queued on
 * self and runs when that turn ends: no IPI, and no halted CPU woken for
 * a hand-off that would leave the waker's CPU idle. If the waker goes on
 * instead, the tick's runq_balance() hands t to a halted CPU. Returns
 * true if t->cpu must be sent a wake-up IPI.
 */
bool runq_wake(struct sched_cpu *cpus, unsigned int ncpus, struct uk_thread *t,
	       unsigned int self);

/*
 * For the tick of CPU self while it runs a thread: gives each thread
 * queued on self an idle CPU of its own that it may run on, if one is
 * left, and returns the mask of those that halt, to be woken (an idle CPU
 * steals). Their halted flags are cleared.
 */
unsigned long runq_balance(struct sched_cpu *cpus, unsigned int ncpus,
			   unsigned int self);

/* Takes queued t off the queue of its CPU, t->cpu. */
void runq_remove(struct sched_cpu *cpus, struct uk_thread *t);

/*
 * A thread queued on another online CPU that may run on cpu, looking at
 * the CPUs after cpu in turn (cpu + 1, cpu + 2, ... modulo ncpus) and at
 * each queue from its head; NULL if none. Taken off its queue if take.
 */
struct uk_thread *runq_steal(struct sched_cpu *cpus, unsigned int ncpus,
			     unsigned int cpu, bool take);

/*
 * Takes the next thread for CPU cpu: the head of its own queue, else a
 * stolen one (runq_steal()), else NULL.
 */
struct uk_thread *runq_pick(struct sched_cpu *cpus, unsigned int ncpus,
			    unsigned int cpu);

/*
 * Sets t's affinity to mask (0: any CPU). A queued t is queued again
 * (runq_enqueue()) when its CPU is no longer allowed or another allowed
 * CPU idles. Returns true if t->cpu must then be sent a wake-up IPI.
 */
bool runq_set_affinity(struct sched_cpu *cpus, unsigned int ncpus,
		       struct uk_thread *t, unsigned long mask,
		       unsigned int self);

/*
 * For a new first deadline of the sleep queue: the mask of the CPUs other
 * than self that halt without a deadline or with a later one, and must be
 * woken (so that one halts until the new deadline). Their halted flags
 * are cleared.
 */
unsigned long runq_timer_kick(struct sched_cpu *cpus, unsigned int ncpus,
			      unsigned int self, __nsec deadline);

#endif /* UK_SCHED_RUNQ_H */
