// Host tests of core/sched/runq.c, the scheduler's decisions, with 1 to 8
// simulated CPUs: each placement, stealing, pick and wake-up rule, then a
// seeded random model run that checks the run queues' invariants after
// every step.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

extern "C" {
#include "core/sched/runq.h"
}

namespace {

constexpr unsigned kMaxCpus = 8;
constexpr unsigned kMaxThreads = 24;

// N CPUs, all online and idle, and threads blocked, never run, on CPU 0.
class Machine {
public:
	explicit Machine(unsigned n) : n_(n)
	{
		std::memset(cpus_, 0, sizeof(cpus_));
		std::memset(threads_, 0, sizeof(threads_));
		for (unsigned i = 0; i < kMaxCpus; i++) {
			sched_cpu *c = &cpus_[i];

			uk_list_init(&c->runq);
			c->idle.state = UK_THREAD_RUNNABLE;
			c->idle.on_cpu = true;
			c->idle.kernel = true;
			c->idle.cpu = i;
			c->current = &c->idle;
			c->online = i < n;
		}
		for (unsigned i = 0; i < kMaxThreads; i++) {
			uk_list_init(&threads_[i].rq_node);
			threads_[i].state = UK_THREAD_BLOCKED;
		}
	}

	sched_cpu *cpus()
	{
		return cpus_;
	}
	sched_cpu &cpu(unsigned i)
	{
		return cpus_[i];
	}
	uk_thread *t(unsigned i)
	{
		return &threads_[i];
	}
	unsigned n() const
	{
		return n_;
	}

	// Makes t runnable and queues it as the scheduler would; returns
	// whether runq_enqueue() asked for an IPI.
	bool enqueue(uk_thread *t, unsigned self)
	{
		t->state = UK_THREAD_RUNNABLE;
		t->on_cpu = false;
		return runq_enqueue(cpus_, n_, t, self);
	}

	// Makes t runnable as a wake-up on CPU self (runq_wake()).
	bool wake(uk_thread *t, unsigned self)
	{
		t->state = UK_THREAD_RUNNABLE;
		t->on_cpu = false;
		return runq_wake(cpus_, n_, t, self);
	}

	// Puts t on CPU i as its running thread.
	void run(unsigned i, uk_thread *t)
	{
		t->state = UK_THREAD_RUNNABLE;
		t->on_cpu = true;
		t->cpu = i;
		cpus_[i].current = t;
	}

	// Queues t on CPU i directly (no placement).
	void queue_on(unsigned i, uk_thread *t)
	{
		t->state = UK_THREAD_RUNNABLE;
		t->on_cpu = false;
		t->cpu = i;
		uk_list_add_tail(&t->rq_node, &cpus_[i].runq);
		cpus_[i].nqueued++;
	}

	std::vector<uk_thread *> queue(unsigned i)
	{
		std::vector<uk_thread *> v;
		uk_list_head *h = &cpus_[i].runq;

		for (uk_list_head *p = h->next; p != h; p = p->next)
			v.push_back(uk_list_entry(p, uk_thread, rq_node));
		return v;
	}

private:
	unsigned n_;
	sched_cpu cpus_[kMaxCpus];
	uk_thread threads_[kMaxThreads];
};

class RunqTest : public ::testing::TestWithParam<unsigned> {};

TEST(Runq, AllowedFollowsTheMask)
{
	uk_thread t{};

	EXPECT_TRUE(runq_allowed(&t, 0));
	EXPECT_TRUE(runq_allowed(&t, 63));
	t.affinity = 0x5;
	EXPECT_TRUE(runq_allowed(&t, 0));
	EXPECT_FALSE(runq_allowed(&t, 1));
	EXPECT_TRUE(runq_allowed(&t, 2));
	EXPECT_FALSE(runq_allowed(&t, 64)); // no such bit: never allowed
}

TEST_P(RunqTest, PlaceLastCpuWhenIdle)
{
	Machine m(GetParam());

	for (unsigned last = 0; last < m.n(); last++) {
		m.t(0)->cpu = last;
		EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), last);
	}
}

TEST_P(RunqTest, PlaceAnotherIdleCpuWhenLastIsBusy)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	unsigned last = m.n() - 1;
	m.run(last, m.t(1));
	m.t(0)->cpu = last;
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), 0u);
	// Only a queued thread makes the last CPU busy too.
	m.cpu(last).current = &m.cpu(last).idle;
	m.queue_on(last, m.t(2));
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), 0u);
	// The first idle one when 0 is busy too; with two CPUs, none idles
	// and the tie at one thread each goes to the last CPU.
	m.run(0, m.t(3));
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), 1u);
}

TEST_P(RunqTest, PlaceIdleCpuOnlyWhereAllowed)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	unsigned only = m.n() - 1;
	m.t(0)->cpu = 0; // idle, but not allowed
	m.t(0)->affinity = 1UL << only;
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), only);
}

TEST_P(RunqTest, PlaceLeastLoadedWhenNoneIdles)
{
	Machine m(GetParam());
	unsigned next = 2;

	// Load of CPU i: running + 2 * (n - i) queued, but the middle one 1.
	for (unsigned i = 0; i < m.n(); i++) {
		m.run(i, m.t(next++));
		if (i != m.n() / 2)
			for (unsigned k = 0; k < 2 && next < kMaxThreads; k++)
				m.queue_on(i, m.t(next++));
	}
	m.t(0)->cpu = 0;
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), m.n() / 2);
}

TEST_P(RunqTest, PlaceTiesGoToTheLastCpuThenTheLowest)
{
	Machine m(GetParam());

	for (unsigned i = 0; i < m.n(); i++)
		m.run(i, m.t(1 + i));
	for (unsigned last = 0; last < m.n(); last++) {
		m.t(0)->cpu = last;
		EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), last);
	}
	m.t(0)->cpu = kMaxCpus + 3; // not a CPU: the lowest of the least loaded
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), 0u);
}

TEST_P(RunqTest, PlaceSkipsOfflineCpus)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	m.cpu(1).online = false;
	m.t(0)->cpu = 1;
	EXPECT_NE(runq_place(m.cpus(), m.n(), m.t(0)), 1u);
	// Allowed only there: no allowed online CPU, so the boot CPU.
	m.t(0)->affinity = 1UL << 1;
	EXPECT_EQ(runq_place(m.cpus(), m.n(), m.t(0)), 0u);
}

TEST_P(RunqTest, EnqueueWakesAHaltedCpuOtherThanSelfOnce)
{
	Machine m(GetParam());
	unsigned target = m.n() - 1;

	m.cpu(target).halted = true;
	m.t(0)->cpu = target;
	if (target != 0) {
		EXPECT_TRUE(m.enqueue(m.t(0), 0));
		EXPECT_FALSE(m.cpu(target).halted);
		// The next thread for it: already woken.
		m.t(1)->cpu = target;
		m.t(1)->affinity = 1UL << target;
		EXPECT_FALSE(m.enqueue(m.t(1), 0));
		EXPECT_EQ(m.queue(target),
			  (std::vector<uk_thread *>{ m.t(0), m.t(1) }));
	}
	// Halted but self (an IRQ on the halting CPU): no IPI.
	Machine s(GetParam());
	s.cpu(target).halted = true;
	s.t(0)->cpu = target;
	EXPECT_FALSE(s.enqueue(s.t(0), target));
	EXPECT_TRUE(s.cpu(target).halted);
	// Not halted: no IPI.
	Machine r(GetParam());
	r.t(0)->cpu = target;
	EXPECT_FALSE(r.enqueue(r.t(0), 0));
	EXPECT_EQ(r.t(0)->cpu, target);
	EXPECT_EQ(r.cpu(target).nqueued, 1u);
}

// A kernel thread's wake-up: the woken thread waits on the waker's CPU,
// which it gets when the waker blocks, rather than a halted CPU being
// woken for it (its last one here).
TEST_P(RunqTest, WakeByKernelThreadQueuesOnTheWakersCpu)
{
	Machine m(GetParam());
	unsigned last = m.n() - 1, self = 0;

	m.t(1)->kernel = true;
	m.run(self, m.t(1));
	for (unsigned i = 1; i < m.n(); i++)
		m.cpu(i).halted = true;
	m.t(0)->cpu = last;
	EXPECT_FALSE(m.wake(m.t(0), self));
	EXPECT_EQ(m.queue(self), (std::vector<uk_thread *>{ m.t(0) }));
	EXPECT_EQ(m.t(0)->cpu, self);
	for (unsigned i = 1; i < m.n(); i++)
		EXPECT_TRUE(m.cpu(i).halted) << "CPU " << i;
}

// An application thread goes on after its wake-ups: placed as new.
TEST_P(RunqTest, WakeByApplicationThreadPlacesAsEnqueue)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	m.run(0, m.t(1));
	m.cpu(1).halted = true;
	m.t(0)->cpu = 1;
	EXPECT_TRUE(m.wake(m.t(0), 0));
	EXPECT_EQ(m.t(0)->cpu, 1u);
	EXPECT_FALSE(m.cpu(1).halted);
}

// An IRQ on an idle CPU (its idle thread the waker) keeps the thread
// there: that CPU is awake already.
TEST_P(RunqTest, WakeFromIdleCpuQueuesThere)
{
	Machine m(GetParam());
	unsigned self = m.n() - 1;

	for (unsigned i = 0; i < m.n(); i++)
		m.cpu(i).halted = true;
	m.t(0)->cpu = 0;
	EXPECT_FALSE(m.wake(m.t(0), self));
	EXPECT_EQ(m.t(0)->cpu, self);
	for (unsigned i = 0; i < m.n(); i++)
		EXPECT_TRUE(m.cpu(i).halted) << "CPU " << i;
}

// One thread at most waits behind the waker, and only where allowed and
// online; the others are placed as new.
TEST_P(RunqTest, WakeByKernelThreadNeedsAnEmptyAllowedQueue)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	m.t(1)->kernel = true;
	m.run(0, m.t(1));
	m.cpu(1).halted = true;
	m.t(0)->cpu = 1;
	m.t(2)->cpu = 1;
	EXPECT_FALSE(m.wake(m.t(0), 0));
	EXPECT_EQ(m.t(0)->cpu, 0u);
	EXPECT_TRUE(m.wake(m.t(2), 0));
	EXPECT_EQ(m.t(2)->cpu, 1u);

	Machine a(GetParam());
	a.t(1)->kernel = true;
	a.run(0, a.t(1));
	a.cpu(1).halted = true;
	a.t(0)->affinity = 1UL << 1;
	EXPECT_TRUE(a.wake(a.t(0), 0));
	EXPECT_EQ(a.t(0)->cpu, 1u);

	// A CPU outside the scheduler (an lcpu function's wake-up).
	Machine o(GetParam());
	o.cpu(1).online = false;
	o.t(0)->cpu = 0;
	EXPECT_FALSE(o.wake(o.t(0), 1));
	EXPECT_EQ(o.t(0)->cpu, 0u);
}

// The tick of a CPU whose kernel thread went on: one halted CPU woken per
// thread queued behind it that the CPU may run, once.
TEST_P(RunqTest, BalanceWakesAHaltedCpuPerQueuedThread)
{
	Machine m(GetParam());

	m.t(1)->kernel = true;
	m.run(0, m.t(1));
	for (unsigned i = 1; i < m.n(); i++)
		m.cpu(i).halted = true;
	m.queue_on(0, m.t(2));
	m.queue_on(0, m.t(3));
	m.t(3)->affinity = 1UL << 0; // only here: no CPU for it
	m.queue_on(0, m.t(4));
	unsigned long want = 0;
	if (m.n() > 1)
		want |= 1UL << 1;
	if (m.n() > 2)
		want |= 1UL << 2;
	EXPECT_EQ(runq_balance(m.cpus(), m.n(), 0), want);
	for (unsigned i = 1; i < m.n(); i++)
		EXPECT_EQ(m.cpu(i).halted, !(want >> i & 1)) << "CPU " << i;
	// Woken already, not yet stolen: not again, and no other CPU.
	EXPECT_EQ(runq_balance(m.cpus(), m.n(), 0), 0ul);
	// An idle CPU that is awake steals without an IPI: none for it.
	Machine a(GetParam());
	a.t(1)->kernel = true;
	a.run(0, a.t(1));
	for (unsigned i = 2; i < a.n(); i++)
		a.cpu(i).halted = true;
	a.queue_on(0, a.t(2));
	EXPECT_EQ(runq_balance(a.cpus(), a.n(), 0), 0ul);
	// A busy CPU is no help.
	if (a.n() > 2) {
		a.run(1, a.t(5));
		EXPECT_EQ(runq_balance(a.cpus(), a.n(), 0), 1ul << 2);
	}
}

TEST_P(RunqTest, StealGoesRoundFromTheNextCpu)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	for (unsigned i = 0; i < m.n(); i++)
		m.queue_on(i, m.t(i));
	for (unsigned thief = 0; thief < m.n(); thief++) {
		unsigned from = (thief + 1) % m.n();

		EXPECT_EQ(runq_steal(m.cpus(), m.n(), thief, false), m.t(from));
	}
	// Taking empties the queues in that order, never the thief's own.
	for (unsigned k = 1; k < m.n(); k++)
		EXPECT_EQ(runq_steal(m.cpus(), m.n(), 0, true), m.t(k));
	EXPECT_EQ(runq_steal(m.cpus(), m.n(), 0, true), nullptr);
	EXPECT_EQ(m.cpu(0).nqueued, 1u);
	for (unsigned i = 1; i < m.n(); i++)
		EXPECT_EQ(m.cpu(i).nqueued, 0u);
}

TEST_P(RunqTest, StealRespectsAffinityAndOnline)
{
	Machine m(GetParam());

	if (m.n() < 3)
		GTEST_SKIP() << "needs three CPUs";
	// CPU 1: a thread pinned there, then one that may go anywhere.
	m.t(0)->affinity = 1UL << 1;
	m.queue_on(1, m.t(0));
	m.queue_on(1, m.t(1));
	EXPECT_EQ(runq_steal(m.cpus(), m.n(), 0, true), m.t(1));
	EXPECT_EQ(runq_steal(m.cpus(), m.n(), 0, true), nullptr);
	EXPECT_EQ(m.queue(1), std::vector<uk_thread *>{ m.t(0) });
	// An offline CPU's queue is not looked at.
	m.queue_on(2, m.t(2));
	m.cpu(2).online = false;
	EXPECT_EQ(runq_steal(m.cpus(), m.n(), 0, false), nullptr);
}

TEST_P(RunqTest, PickIsFifoThenSteals)
{
	Machine m(GetParam());
	unsigned other = m.n() - 1;

	for (unsigned k = 0; k < 3; k++)
		m.queue_on(0, m.t(k));
	if (other != 0)
		m.queue_on(other, m.t(3));
	for (unsigned k = 0; k < 3; k++)
		EXPECT_EQ(runq_pick(m.cpus(), m.n(), 0), m.t(k));
	EXPECT_EQ(runq_pick(m.cpus(), m.n(), 0), other ? m.t(3) : nullptr);
	EXPECT_EQ(runq_pick(m.cpus(), m.n(), 0), nullptr);
}

TEST_P(RunqTest, AffinityChangeMovesAQueuedThread)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	unsigned to = m.n() - 1;
	m.run(0, m.t(5));
	m.queue_on(0, m.t(0));
	m.cpu(to).halted = true;
	EXPECT_TRUE(runq_set_affinity(m.cpus(), m.n(), m.t(0), 1UL << to, 0));
	EXPECT_EQ(m.t(0)->cpu, to);
	EXPECT_EQ(m.queue(to), std::vector<uk_thread *>{ m.t(0) });
	EXPECT_EQ(m.cpu(0).nqueued, 0u);
	// Still allowed where queued, no CPU idles: it keeps its place.
	for (unsigned i = 0; i < m.n(); i++)
		if (i != to)
			m.run(i, m.t(6 + i));
	m.queue_on(to, m.t(1));
	EXPECT_FALSE(runq_set_affinity(m.cpus(), m.n(), m.t(0), 0, 0));
	EXPECT_EQ(m.queue(to), (std::vector<uk_thread *>{ m.t(0), m.t(1) }));
	// Running or blocked threads are not queued by it.
	EXPECT_FALSE(runq_set_affinity(m.cpus(), m.n(), m.t(5), 1UL << to, 0));
	EXPECT_EQ(m.t(5)->affinity, 1UL << to);
	EXPECT_FALSE(runq_set_affinity(m.cpus(), m.n(), m.t(20), 1, 0));
	EXPECT_TRUE(uk_list_empty(&m.t(20)->rq_node));
}

// Widening the affinity of a thread queued behind a running one moves it
// to a halted CPU it may now run on (before the fix it stayed queued
// while that CPU slept).
TEST_P(RunqTest, AffinityWideningWakesAnIdleCpu)
{
	Machine m(GetParam());

	if (m.n() < 2)
		GTEST_SKIP() << "needs two CPUs";
	unsigned to = m.n() - 1;
	for (unsigned i = 0; i < to; i++)
		m.run(i, m.t(6 + i));
	m.t(0)->affinity = 1;
	m.queue_on(0, m.t(0));
	m.cpu(to).halted = true;
	EXPECT_TRUE(runq_set_affinity(m.cpus(), m.n(), m.t(0), 0, 0));
	EXPECT_EQ(m.t(0)->cpu, to);
	EXPECT_EQ(m.queue(to), std::vector<uk_thread *>{ m.t(0) });
	EXPECT_EQ(m.cpu(0).nqueued, 0u);
}

TEST_P(RunqTest, TimerKickWakesHaltedCpusThatSleepPastTheDeadline)
{
	Machine m(GetParam());
	unsigned long want = 0;

	// CPU i halts until 100 * i (CPU 0: no deadline); 1 and 2 run.
	for (unsigned i = 0; i < m.n(); i++) {
		m.cpu(i).halted = i != 1 && i != 2;
		m.cpu(i).halt_deadline = 100 * i;
		if (m.cpu(i).halted && i != 3 && (i == 0 || 100 * i > 250))
			want |= 1UL << i;
	}
	// Self (3) is not woken, nor CPUs that wake before 250.
	EXPECT_EQ(runq_timer_kick(m.cpus(), m.n(), 3, 250), want);
	for (unsigned i = 0; i < m.n(); i++)
		EXPECT_EQ(m.cpu(i).halted, i != 1 && i != 2 && !(want >> i & 1))
			<< "CPU " << i;
	// Once woken, not again.
	EXPECT_EQ(runq_timer_kick(m.cpus(), m.n(), 3, 250), 0ul);
}

// A seeded random run of the scheduler's protocol (sched.c's use of
// runq.c) on N CPUs, some offline: wake-ups from any CPU (an IRQ on a
// halted one ends its halt), blocks and yields of running threads, idle
// loop steps that steal or halt, IPI and timer deliveries, affinity
// changes, and sleep-queue deadlines added and expiring.
class Model {
public:
	Model(unsigned n, unsigned seed) : m_(n), rng_(seed), nthreads_(n + 3)
	{
		// CPU 0 always runs threads; a few others may be offline.
		for (unsigned i = 1; i < n; i++)
			m_.cpu(i).online = rng_() % 5 != 0;
		for (unsigned i = 0; i < n; i++)
			if (m_.cpu(i).online)
				online_ |= 1UL << i;
		// Some kernel threads, whose wake-ups are sync (runq_wake()).
		for (unsigned k = 0; k < nthreads_; k++)
			m_.t(k)->kernel = k % 3 == 0;
	}

	// One random operation; returns what it did, for failure messages.
	std::string step()
	{
		unsigned c = random_cpu();
		std::ostringstream what;

		switch (rng_() % 10) {
		case 0: {
			uk_thread *t = random_thread(UK_THREAD_BLOCKED);

			if (!t)
				break;
			// Half of them as new threads: last CPU the creator's.
			if (rng_() % 2) {
				t->cpu = c;
				what << "CPU " << c << " starts t" << index(t);
			} else {
				what << "CPU " << c << " wakes t" << index(t);
			}
			irq_on(c);
			t->state = UK_THREAD_RUNNABLE;
			if (rng_() % 2 ? runq_enqueue(m_.cpus(), m_.n(), t, c) :
					 runq_wake(m_.cpus(), m_.n(), t, c))
				ipi(t->cpu, c);
			break;
		}
		case 1:
		case 2:
			if (awake(c) && thread_runs(c)) {
				what << "t" << index(m_.cpu(c).current)
				     << " blocks on CPU " << c;
				m_.cpu(c).current->state = UK_THREAD_BLOCKED;
				do_switch(c);
			}
			break;
		case 3:
			// uk_sched_yield() and the tick: only for a queued
			// thread or to leave a CPU no longer allowed.
			if (awake(c) && thread_runs(c) &&
			    (m_.cpu(c).nqueued ||
			     !runq_allowed(m_.cpu(c).current, c))) {
				what << "t" << index(m_.cpu(c).current)
				     << " yields on CPU " << c;
				do_switch(c);
			}
			break;
		case 4:
		case 5:
			if (awake(c) && !thread_runs(c)) {
				what << "idle step on CPU " << c;
				idle_step(c);
			} else if (!awake(c) && pending_[c]) {
				what << "CPU " << c << " woken";
				asleep_[c] = pending_[c] = false;
				idle_step(c);
			}
			break;
		case 6: {
			uk_thread *t = m_.t(rng_() % nthreads_);
			unsigned long mask = 0;

			if (rng_() % 4)
				while (!(mask & online_))
					mask = rng_() & ((1UL << m_.n()) - 1);
			what << "CPU " << c << " sets t" << index(t)
			     << "'s affinity to " << mask;
			irq_on(c);
			if (runq_set_affinity(m_.cpus(), m_.n(), t, mask, c))
				ipi(t->cpu, c);
			break;
		}
		case 7: {
			__nsec d = 1 + rng_() % 1000;
			bool first = sleepq_.empty() || d < *sleepq_.begin();

			what << "CPU " << c << " adds deadline " << d;
			irq_on(c);
			sleepq_.insert(d);
			if (first) {
				unsigned long wake = runq_timer_kick(
					m_.cpus(), m_.n(), c, d);
				for (unsigned i = 0; i < m_.n(); i++)
					if (wake >> i & 1)
						ipi(i, c);
			}
			break;
		}
		case 9:
			// The tick of a CPU that runs a thread.
			if (awake(c) && thread_runs(c)) {
				what << "tick on CPU " << c;
				tick(c);
			}
			break;
		case 8:
			if (!sleepq_.empty()) {
				__nsec d = *sleepq_.begin();

				what << "deadline " << d << " expires";
				sleepq_.erase(sleepq_.begin());
				for (unsigned i = 0; i < m_.n(); i++)
					if (asleep_[i] &&
					    m_.cpu(i).halt_deadline &&
					    m_.cpu(i).halt_deadline <= d)
						pending_[i] = true;
			}
			break;
		}
		return what.str();
	}

	// The invariants; empty if they hold, else what is wrong.
	std::string check()
	{
		std::ostringstream err;
		std::vector<int> queued(nthreads_, 0);

		for (unsigned i = 0; i < m_.n(); i++) {
			sched_cpu &c = m_.cpu(i);
			std::vector<uk_thread *> q = m_.queue(i);

			if (q.size() != c.nqueued)
				err << "CPU " << i << ": nqueued " << c.nqueued
				    << ", " << q.size() << " queued; ";
			if (!c.online && !q.empty())
				err << "offline CPU " << i << " has a queue; ";
			for (uk_thread *t : q) {
				queued[index(t)]++;
				if (!runq_allowed(t, i))
					err << "t" << index(t)
					    << " queued on disallowed CPU " << i
					    << "; ";
				if (t->cpu != i)
					err << "t" << index(t) << " on CPU "
					    << i << " says " << t->cpu << "; ";
			}
			if (!c.current->on_cpu || c.current->cpu != i)
				err << "CPU " << i << "'s current is off it; ";
		}
		for (unsigned k = 0; k < nthreads_; k++) {
			uk_thread *t = m_.t(k);
			bool want =
				t->state == UK_THREAD_RUNNABLE && !t->on_cpu;

			if (queued[k] != (want ? 1 : 0))
				err << "t" << k << " queued " << queued[k]
				    << " times (state " << t->state
				    << ", on_cpu " << t->on_cpu << "); ";
			if (t->on_cpu && m_.cpu(t->cpu).current != t)
				err << "t" << k << " on_cpu but not running; ";
		}
		// No lost wake-up: a CPU that halts with no wake-up on its way
		// leaves no queued thread it may run waiting, but for the head
		// of the queue of an awake idle CPU (that one runs it next),
		// and halts until the first deadline.
		for (unsigned i = 0; i < m_.n(); i++) {
			if (!asleep_[i] || pending_[i])
				continue;
			if (!m_.cpu(i).halted)
				err << "CPU " << i << " sleeps unmarked; ";
			for (unsigned k = 0; k < nthreads_; k++)
				if (queued[k] && runq_allowed(m_.t(k), i) &&
				    !next_on_idle(m_.t(k)) &&
				    !behind_kernel_thread(m_.t(k)))
					err << "CPU " << i << " sleeps while t"
					    << k << " waits on CPU "
					    << m_.t(k)->cpu << "; ";
			if (!sleepq_.empty() &&
			    (!m_.cpu(i).halt_deadline ||
			     m_.cpu(i).halt_deadline > *sleepq_.begin()))
				err << "CPU " << i << " sleeps past deadline "
				    << *sleepq_.begin() << "; ";
		}
		return err.str();
	}

	bool smp() const
	{
		return online_ & (online_ - 1);
	}

	unsigned long ipis() const
	{
		return ipis_;
	}
	unsigned long switches() const
	{
		return switches_;
	}
	unsigned long steals() const
	{
		return steals_;
	}

private:
	unsigned index(const uk_thread *t)
	{
		for (unsigned k = 0; k < nthreads_; k++)
			if (m_.t(k) == t)
				return k;
		return ~0u;
	}

	unsigned random_cpu()
	{
		for (;;) {
			unsigned c = rng_() % m_.n();

			if (m_.cpu(c).online)
				return c;
		}
	}

	uk_thread *random_thread(uk_thread_state state)
	{
		std::vector<uk_thread *> v;

		for (unsigned k = 0; k < nthreads_; k++)
			if (m_.t(k)->state == state && !m_.t(k)->on_cpu)
				v.push_back(m_.t(k));
		return v.empty() ? nullptr : v[rng_() % v.size()];
	}

	bool awake(unsigned c) const
	{
		return !asleep_[c];
	}

	// Whether queued t heads the queue of an idle CPU that is awake or
	// has a wake-up on its way.
	bool next_on_idle(uk_thread *t)
	{
		sched_cpu &c = m_.cpu(t->cpu);

		return (awake(t->cpu) || pending_[t->cpu]) &&
		       c.current == &c.idle && c.runq.next == &t->rq_node;
	}

	bool thread_runs(unsigned c)
	{
		return m_.cpu(c).current != &m_.cpu(c).idle;
	}

	// Whether queued t waits on a CPU that runs a kernel thread (a sync
	// wake-up's waker): it runs there when that one blocks, or the
	// CPU's tick wakes a halted CPU for it.
	bool behind_kernel_thread(uk_thread *t)
	{
		return thread_runs(t->cpu) && m_.cpu(t->cpu).current->kernel;
	}

	// The tick on CPU cpu: afterwards each thread queued there that a
	// CPU sleeping with no wake-up on its way may run has an idle CPU
	// of its own that is awake or being woken, which steals it.
	void tick(unsigned cpu)
	{
		unsigned long wake = runq_balance(m_.cpus(), m_.n(), cpu);
		unsigned long used = 0;

		for (unsigned i = 0; i < m_.n(); i++)
			if (wake >> i & 1)
				ipi(i, cpu);
		for (uk_thread *t : m_.queue(cpu)) {
			bool sleeper = false, helper = false;

			for (unsigned i = 0; i < m_.n(); i++) {
				if (i == cpu || !m_.cpu(i).online ||
				    !runq_allowed(t, i))
					continue;
				if (asleep_[i] && !pending_[i])
					sleeper = true;
				else if (!helper && !(used >> i & 1) &&
					 !thread_runs(i) &&
					 !m_.cpu(i).nqueued) {
					helper = true;
					used |= 1UL << i;
				}
			}
			EXPECT_TRUE(!sleeper || helper)
				<< "after the tick on CPU " << cpu << ", t"
				<< index(t) << " waits while a CPU it may run "
				<< "on sleeps";
		}
		ticks_++;
	}

	// An IRQ on a sleeping CPU ends its halt.
	void irq_on(unsigned c)
	{
		if (asleep_[c])
			pending_[c] = true;
	}

	// runq.c asked for a wake-up IPI to cpu: only to a halted CPU other
	// than self, once per halt.
	void ipi(unsigned cpu, unsigned self)
	{
		EXPECT_NE(cpu, self) << "IPI to self";
		EXPECT_TRUE(asleep_[cpu]) << "IPI to running CPU " << cpu;
		EXPECT_FALSE(ipi_sent_[cpu]) << "second IPI to CPU " << cpu;
		EXPECT_FALSE(m_.cpu(cpu).halted);
		ipis_++;
		ipi_sent_[cpu] = pending_[cpu] = true;
	}

	// sched.c's _uk_sched_switch_locked() on CPU cpu.
	void do_switch(unsigned cpu)
	{
		sched_cpu &c = m_.cpu(cpu);
		uk_thread *prev = c.current, *next;
		bool own = c.nqueued != 0;

		next = runq_pick(m_.cpus(), m_.n(), cpu);
		if (next && !own)
			steals_++;
		if (next) {
			EXPECT_TRUE(runq_allowed(next, cpu))
				<< "CPU " << cpu << " picked t" << index(next);
		}
		if (prev->state == UK_THREAD_RUNNABLE && prev != &c.idle) {
			if (!next && runq_allowed(prev, cpu))
				return;
			prev->on_cpu = false;
			if (runq_enqueue(m_.cpus(), m_.n(), prev, cpu))
				ipi(prev->cpu, cpu);
		}
		if (!next)
			next = &c.idle;
		if (next == prev)
			return;
		prev->on_cpu = false;
		next->on_cpu = true;
		next->cpu = cpu;
		c.current = next;
		switches_++;
	}

	// One turn of sched.c's idle loop on CPU cpu.
	void idle_step(unsigned cpu)
	{
		sched_cpu &c = m_.cpu(cpu);

		c.halted = false;
		if (c.nqueued || runq_steal(m_.cpus(), m_.n(), cpu, false)) {
			do_switch(cpu);
			return;
		}
		c.halted = true;
		c.halt_deadline = sleepq_.empty() ? 0 : *sleepq_.begin();
		asleep_[cpu] = true;
		ipi_sent_[cpu] = false;
	}

	Machine m_;
	std::mt19937 rng_;
	unsigned nthreads_;
	unsigned long online_ = 0;
	bool asleep_[kMaxCpus] = {};
	bool pending_[kMaxCpus] = {};
	bool ipi_sent_[kMaxCpus] = {};
	std::multiset<__nsec> sleepq_;
	unsigned long ipis_ = 0, switches_ = 0, steals_ = 0, ticks_ = 0;
};

TEST_P(RunqTest, RandomModelKeepsTheInvariants)
{
	for (unsigned seed = 1; seed <= 4; seed++) {
		Model model(GetParam(), seed * 7919 + GetParam());
		std::string last;

		for (int i = 0; i < 5000; i++) {
			std::string did = model.step();
			std::string err = model.check();

			if (!did.empty())
				last = did;
			ASSERT_EQ(err, "") << "seed " << seed << ", step " << i
					   << ", after: " << last;
		}
		// The run exercised the protocol, not only idle CPUs.
		EXPECT_GT(model.switches(), 500u);
		if (model.smp()) {
			EXPECT_GT(model.ipis(), 0u);
			EXPECT_GT(model.steals(), 0u);
		}
		std::printf("runq model: %u CPUs, seed %u: %lu switches, %lu "
			    "steals, %lu IPIs\n",
			    GetParam(), seed, model.switches(), model.steals(),
			    model.ipis());
	}
}

INSTANTIATE_TEST_SUITE_P(Cpus, RunqTest, ::testing::Range(1u, kMaxCpus + 1));

} // namespace
