// Host tests of core/sched (sched.c with runq.c) on a fake platform with
// three CPUs: where threads go, which CPUs get wake-up IPIs, affinity and
// the timer kick. Its own binary: the secondary CPUs, once started, run
// threads for the rest of the process.
#include <gtest/gtest.h>

#include <cstdlib>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/plat/lcpu.h>
#include <uk/preempt.h>
#include <uk/thread.h>
#include <uk/wait.h>
}

namespace {

constexpr size_t kArena = 16 << 20;
constexpr unsigned kCpus = 3;
constexpr size_t kCpuStack = 64 << 10;

void cpu_entry()
{
	uk_sched_cpu_run();
}

class SchedSmpTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);

		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
		for (unsigned cpu = 1; cpu < kCpus; cpu++)
			fakeplat_cpu_start(cpu, aligned_alloc(16, kCpuStack),
					   kCpuStack, cpu_entry);
	}

	// This thread stays on CPU 0, which drives the others; they start
	// each test halted, with no IPI to take.
	void SetUp() override
	{
		ASSERT_EQ(uk_thread_set_affinity(uk_thread_current(), 1), 0);
		ASSERT_EQ(ukplat_lcpu_idx(), 0u);
		for (unsigned cpu = 1; cpu < kCpus; cpu++)
			if (fakeplat_cpu_pending(cpu))
				fakeplat_cpu_resume(cpu);
	}
};

// The CPU a thread ran on.
void record_cpu(void *arg)
{
	*static_cast<unsigned *>(arg) = ukplat_lcpu_idx();
}

TEST_F(SchedSmpTest, EveryStartedCpuRunsThreads)
{
	EXPECT_EQ(uk_sched_cpus(), (1UL << kCpus) - 1);
	EXPECT_EQ(ukplat_lcpu_idx(), 0u);
	for (unsigned cpu = 1; cpu < kCpus; cpu++)
		EXPECT_FALSE(fakeplat_cpu_pending(cpu));
}

TEST_F(SchedSmpTest, NewThreadsGoToHaltedCpusWithOneIpiEach)
{
	unsigned long ipis[kCpus];
	unsigned seen[2] = { 99, 99 };

	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		ipis[cpu] = fakeplat_ipis[cpu];
	// CPU 0 runs this thread: the first idle CPU is 1, then 2.
	uk_thread *a = uk_thread_create("a", record_cpu, &seen[0], 0);
	uk_thread *b = uk_thread_create("b", record_cpu, &seen[1], 0);
	ASSERT_FALSE(UK_PTRISERR(a));
	ASSERT_FALSE(UK_PTRISERR(b));
	EXPECT_EQ(a->cpu, 1u);
	EXPECT_EQ(b->cpu, 2u);
	EXPECT_EQ(fakeplat_ipis[0], ipis[0]);
	EXPECT_EQ(fakeplat_ipis[1], ipis[1] + 1);
	EXPECT_EQ(fakeplat_ipis[2], ipis[2] + 1);
	// They take their IPIs and run their threads.
	fakeplat_cpu_resume(1);
	fakeplat_cpu_resume(2);
	EXPECT_EQ(uk_thread_join(a, nullptr), 0);
	EXPECT_EQ(uk_thread_join(b, nullptr), 0);
	// b ran on CPU 1 too: idle after a, it stole b from CPU 2, which
	// had not taken its IPI yet.
	EXPECT_EQ(seen[0], 1u);
	EXPECT_EQ(seen[1], 1u);
	EXPECT_EQ(fakeplat_ipis[1], ipis[1] + 1);
	EXPECT_EQ(fakeplat_ipis[2], ipis[2] + 1);
}

// A thread queued on a CPU that has not run yet is stolen by the first
// CPU that idles: here CPU 0, when this thread blocks.
TEST_F(SchedSmpTest, AnIdleCpuStealsAQueuedThread)
{
	unsigned seen = 99;
	uk_thread *t = uk_thread_create("t", record_cpu, &seen, 0);

	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_EQ(t->cpu, 1u);
	EXPECT_TRUE(fakeplat_cpu_pending(1));
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(seen, 0u);
	// CPU 1 still has its IPI to take; it then halts again.
	EXPECT_TRUE(fakeplat_cpu_pending(1));
	fakeplat_cpu_resume(1);
	EXPECT_FALSE(fakeplat_cpu_pending(1));
}

TEST_F(SchedSmpTest, AffinityMovesAQueuedThread)
{
	unsigned seen = 99;
	unsigned long ipi2 = fakeplat_ipis[2];
	uk_thread *t = uk_thread_create("t", record_cpu, &seen, 0);

	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_EQ(t->cpu, 1u);
	EXPECT_EQ(uk_thread_set_affinity(t, 1UL << 2), 0);
	EXPECT_EQ(t->cpu, 2u);
	EXPECT_EQ(fakeplat_ipis[2], ipi2 + 1);
	fakeplat_cpu_resume(2);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(seen, 2u);
	// No CPU of the set runs threads: refused.
	EXPECT_EQ(uk_thread_set_affinity(uk_thread_current(), 1UL << kCpus),
		  -EINVAL);
}

// A thread queued behind this one on CPU 0 (its only CPU), then allowed
// everywhere, moves to a halted CPU, which gets an IPI (before the fix it
// stayed queued on CPU 0 and ran there once this thread blocked).
TEST_F(SchedSmpTest, AffinityWideningWakesAHaltedCpu)
{
	unsigned seen = 99;
	uk_thread *t = uk_thread_create("t", record_cpu, &seen, 0);

	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_EQ(uk_thread_set_affinity(t, 1UL << 0), 0);
	EXPECT_EQ(t->cpu, 0u);
	// CPU 1 takes its IPI from the create, finds nothing it may run.
	fakeplat_cpu_resume(1);
	EXPECT_FALSE(fakeplat_cpu_pending(1));
	unsigned long ipi1 = fakeplat_ipis[1];

	EXPECT_EQ(uk_thread_set_affinity(t, 0), 0);
	EXPECT_EQ(t->cpu, 1u);
	EXPECT_EQ(fakeplat_ipis[1], ipi1 + 1);
	fakeplat_cpu_resume(1);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(seen, 1u);
}

TEST_F(SchedSmpTest, NewFirstDeadlineWakesCpusHaltedWithoutOne)
{
	unsigned long ipis[kCpus];
	__nsec start = fakeplat_now;

	for (unsigned cpu = 0; cpu < kCpus; cpu++)
		ipis[cpu] = fakeplat_ipis[cpu];
	// CPUs 1 and 2 halt without a deadline: the sleep's wakes both,
	// they halt until it, and one of them wakes this thread.
	uk_sched_sleep_ns(1000);
	EXPECT_GE(fakeplat_now, start + 1000);
	EXPECT_EQ(fakeplat_ipis[1], ipis[1] + 1);
	EXPECT_EQ(fakeplat_ipis[2], ipis[2] + 1);
	// Again: they halt without a deadline once it passed.
	uk_sched_sleep_ns(500);
	EXPECT_EQ(fakeplat_ipis[1], ipis[1] + 2);
	EXPECT_EQ(fakeplat_ipis[2], ipis[2] + 2);
}

void sleep_10us(void *)
{
	uk_sched_sleep_ns(10000);
}

TEST_F(SchedSmpTest, OnlyAnEarlierDeadlineWakesCpusHaltedWithOne)
{
	uk_thread *s = uk_thread_create("s", sleep_10us, nullptr, 0);

	ASSERT_FALSE(UK_PTRISERR(s));
	ASSERT_EQ(s->cpu, 1u);
	// s sleeps on CPU 1 (which kicks CPU 2), then both halt until its
	// deadline.
	fakeplat_cpu_resume(1);
	fakeplat_cpu_resume(2);
	EXPECT_FALSE(fakeplat_cpu_pending(1));
	EXPECT_FALSE(fakeplat_cpu_pending(2));
	unsigned long ipi1 = fakeplat_ipis[1], ipi2 = fakeplat_ipis[2];

	uk_sched_sleep_ns(100); // before s's deadline: both woken
	EXPECT_EQ(fakeplat_ipis[1], ipi1 + 1);
	EXPECT_EQ(fakeplat_ipis[2], ipi2 + 1);
	uk_sched_sleep_ns(20000); // after it: neither
	EXPECT_EQ(fakeplat_ipis[1], ipi1 + 1);
	EXPECT_EQ(fakeplat_ipis[2], ipi2 + 1);
	EXPECT_EQ(uk_thread_join(s, nullptr), 0);
}

// A hand-off from a kernel thread on CPU 0 to a thread that last ran on
// halted CPU 1: the woken thread waits on CPU 0 for the kernel thread to
// block, and CPU 1 stays halted (before, it got an IPI and the thread
// moved there). If the kernel thread goes on instead, its CPU's tick
// wakes CPU 1 for it.
struct Handoff {
	uk_waitq wq;
	bool go;
	uk_thread *woken;
	unsigned queued_on = 99, ran_on = 99;
	unsigned long ipis_after_wake = 0, ipis_after_tick = 0;
};

void wait_for_go(void *arg)
{
	auto *h = static_cast<Handoff *>(arg);

	uk_waitq_wait_event(&h->wq, __atomic_load_n(&h->go, __ATOMIC_ACQUIRE));
	h->ran_on = ukplat_lcpu_idx();
}

void give_go(void *arg)
{
	auto *h = static_cast<Handoff *>(arg);

	__atomic_store_n(&h->go, true, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&h->wq);
	h->queued_on = h->woken->cpu;
	h->ipis_after_wake = fakeplat_ipis[1];
	uk_sched_balance(); // as the tick does when the waker goes on
	h->ipis_after_tick = fakeplat_ipis[1];
}

TEST_F(SchedSmpTest, AKernelThreadsWakeUpWaitsOnItsCpu)
{
	Handoff h;

	uk_waitq_init(&h.wq);
	h.go = false;
	h.woken = uk_thread_create("w", wait_for_go, &h, 0);
	ASSERT_FALSE(UK_PTRISERR(h.woken));
	ASSERT_EQ(h.woken->cpu, 1u);
	fakeplat_cpu_resume(1); // w blocks there; CPU 1 halts
	uk_thread *k = uk_thread_create("k", give_go, &h, 0);
	ASSERT_FALSE(UK_PTRISERR(k));
	ASSERT_TRUE(k->kernel);
	ASSERT_EQ(uk_thread_set_affinity(k, 1UL << 0), 0);
	for (unsigned cpu = 1; cpu < kCpus; cpu++)
		if (fakeplat_cpu_pending(cpu))
			fakeplat_cpu_resume(cpu);
	unsigned long ipi1 = fakeplat_ipis[1];

	EXPECT_EQ(uk_thread_join(k, nullptr), 0); // CPU 0 runs k
	EXPECT_EQ(h.queued_on, 0u);
	EXPECT_EQ(h.ipis_after_wake, ipi1);
	EXPECT_EQ(h.ipis_after_tick, ipi1 + 1);
	EXPECT_EQ(uk_thread_join(h.woken, nullptr), 0);
	EXPECT_EQ(h.ran_on, 0u);
}

} // namespace
