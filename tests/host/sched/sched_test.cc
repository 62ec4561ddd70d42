// Host tests of core/sched and the sleeping locks, on the fake platform.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/thread.h>
}

namespace {

constexpr size_t kArena = 16 << 20;

class SchedTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
	}
};

} // namespace

// The log is a file-scope helper so threads (C callbacks) can reach it.
static std::string g_log;
extern "C" void SchedTest_log_append(const char *s)
{
	g_log += s;
}

static void yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		SchedTest_log_append(static_cast<const char *>(arg));
		uk_sched_yield();
	}
}

TEST_F(SchedTest, YieldIsRoundRobin)
{
	g_log.clear();
	uk_thread *a = uk_thread_create("a", yielder, (void *)"a", 0);
	uk_thread *b = uk_thread_create("b", yielder, (void *)"b", 0);
	ASSERT_FALSE(UK_PTRISERR(a));
	ASSERT_FALSE(UK_PTRISERR(b));
	EXPECT_EQ(uk_thread_join(a, nullptr), 0);
	EXPECT_EQ(uk_thread_join(b, nullptr), 0);
	EXPECT_EQ(g_log, "ababab");
}

static void exits_with_7(void *)
{
	uk_thread_exit(7);
}
static void returns(void *)
{
}

TEST_F(SchedTest, JoinReturnsExitStatus)
{
	int status = -1;
	uk_thread *t = uk_thread_create("x", exits_with_7, nullptr, 0);
	EXPECT_EQ(uk_thread_join(t, &status), 0);
	EXPECT_EQ(status, 7);

	t = uk_thread_create("r", returns, nullptr, 0);
	EXPECT_EQ(uk_thread_join(t, &status), 0);
	EXPECT_EQ(status, 0);
}

TEST_F(SchedTest, ThreadStacksHaveAGuardPageBelow)
{
	unsigned long before = fakeplat_guarded;
	uk_thread *t = uk_thread_create("g", returns, nullptr, 0);

	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_TRUE(t->stack_guard);
	EXPECT_EQ(fakeplat_guarded, before + 1);
	EXPECT_EQ(fakeplat_last_guard, (uintptr_t)t->stack - __PAGE_SIZE);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	// Made accessible again before the pages went back to the heap.
	EXPECT_EQ(fakeplat_guarded, before);
}

TEST_F(SchedTest, ThreadStartsWithoutGuardWherePagingCannot)
{
	unsigned long before = fakeplat_guarded;

	fakeplat_guard_result = -ENOTSUP;
	uk_thread *t = uk_thread_create("n", returns, nullptr, 0);
	fakeplat_guard_result = 0;
	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_FALSE(t->stack_guard);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(fakeplat_guarded, before);
}

TEST_F(SchedTest, JoinSelfOrDetachedIsEinval)
{
	EXPECT_EQ(uk_thread_join(uk_thread_current(), nullptr), -EINVAL);
	uk_thread *t = uk_thread_create("d", returns, nullptr, 0);
	EXPECT_EQ(uk_thread_detach(t), 0);
	EXPECT_EQ(uk_thread_detach(t), -EINVAL);
	EXPECT_EQ(uk_thread_join(t, nullptr), -EINVAL);
	uk_sched_yield(); // t runs and frees itself
}

TEST_F(SchedTest, DetachedThreadsFreeTheirMemory)
{
	uk_alloc_stats before, after;
	uk_alloc_stats_get(uk_alloc_get_default(), &before);
	for (int i = 0; i < 20; i++)
		uk_thread_detach(uk_thread_create("d", returns, nullptr, 0));
	uk_sched_yield();
	uk_sched_yield();
	uk_alloc_stats_get(uk_alloc_get_default(), &after);
	EXPECT_EQ(after.cur_bytes, before.cur_bytes);
}

static void sleeper(void *arg)
{
	uk_sched_sleep_ns(reinterpret_cast<uintptr_t>(arg));
	SchedTest_log_append(reinterpret_cast<uintptr_t>(arg) == 1000 ? "1" :
									"3");
}

TEST_F(SchedTest, SleepWakesInDeadlineOrderAndNotEarly)
{
	g_log.clear();
	__nsec start = fakeplat_now;
	uk_thread *s3 = uk_thread_create("s3", sleeper, (void *)3000, 0);
	uk_thread *s1 = uk_thread_create("s1", sleeper, (void *)1000, 0);
	uk_sched_sleep_ns(2000);
	SchedTest_log_append("2");
	EXPECT_GE(fakeplat_now, start + 2000);
	uk_thread_join(s1, nullptr);
	uk_thread_join(s3, nullptr);
	EXPECT_EQ(g_log, "123");
	EXPECT_GE(fakeplat_now, start + 3000);
}

struct Flag {
	uk_waitq wq;
	bool set;
};

static void set_flag(void *arg)
{
	Flag *f = static_cast<Flag *>(arg);
	f->set = true;
	uk_waitq_wake_up(&f->wq);
}

TEST_F(SchedTest, WaitEventWokenByAnotherThread)
{
	Flag f;
	uk_waitq_init(&f.wq);
	f.set = false;
	uk_thread *t = uk_thread_create("w", set_flag, &f, 0);
	EXPECT_EQ(uk_waitq_wait_event_deadline(&f.wq, f.set, 0), 0);
	EXPECT_TRUE(f.set);
	EXPECT_FALSE(uk_waitq_has_waiters(&f.wq));
	uk_thread_join(t, nullptr);
}

TEST_F(SchedTest, WaitEventTimesOutAtDeadline)
{
	Flag f;
	uk_waitq_init(&f.wq);
	f.set = false;
	__nsec deadline = fakeplat_now + 5000;
	EXPECT_EQ(uk_waitq_wait_event_deadline(&f.wq, f.set, deadline),
		  -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, deadline);
	EXPECT_FALSE(uk_waitq_has_waiters(&f.wq));
	// A deadline already in the past times out without blocking.
	unsigned long halts = fakeplat_halts;
	EXPECT_EQ(uk_waitq_wait_event_deadline(&f.wq, f.set, 1), -ETIMEDOUT);
	EXPECT_EQ(fakeplat_halts, halts);
}

static uk_mutex g_mutex;
static int g_counter;

static void locked_increments(void *)
{
	for (int i = 0; i < 100; i++) {
		EXPECT_EQ(uk_mutex_lock(&g_mutex), 0);
		int v = g_counter;
		uk_sched_yield(); // others run while we hold the lock
		g_counter = v + 1;
		EXPECT_EQ(uk_mutex_unlock(&g_mutex), 0);
	}
}

TEST_F(SchedTest, MutexExcludesAcrossYields)
{
	uk_mutex_init(&g_mutex, false);
	g_counter = 0;
	uk_thread *a = uk_thread_create("a", locked_increments, nullptr, 0);
	uk_thread *b = uk_thread_create("b", locked_increments, nullptr, 0);
	uk_thread *c = uk_thread_create("c", locked_increments, nullptr, 0);
	uk_thread_join(a, nullptr);
	uk_thread_join(b, nullptr);
	uk_thread_join(c, nullptr);
	EXPECT_EQ(g_counter, 300);
}

static void try_unlock(void *arg)
{
	*static_cast<int *>(arg) = uk_mutex_unlock(&g_mutex);
}

TEST_F(SchedTest, MutexErrors)
{
	uk_mutex_init(&g_mutex, false);
	EXPECT_EQ(uk_mutex_unlock(&g_mutex), -EPERM);
	EXPECT_EQ(uk_mutex_lock(&g_mutex), 0);
	EXPECT_EQ(uk_mutex_lock(&g_mutex), -EDEADLK);
	EXPECT_EQ(uk_mutex_trylock(&g_mutex), -EBUSY);
	int rc = 0;
	uk_thread_join(uk_thread_create("u", try_unlock, &rc, 0), nullptr);
	EXPECT_EQ(rc, -EPERM);
	EXPECT_EQ(uk_mutex_unlock(&g_mutex), 0);

	uk_mutex_init(&g_mutex, true);
	EXPECT_EQ(uk_mutex_lock(&g_mutex), 0);
	EXPECT_EQ(uk_mutex_lock(&g_mutex), 0);
	EXPECT_EQ(uk_mutex_unlock(&g_mutex), 0);
	EXPECT_TRUE(uk_mutex_is_mine(&g_mutex));
	EXPECT_EQ(uk_mutex_unlock(&g_mutex), 0);
	EXPECT_FALSE(uk_mutex_is_mine(&g_mutex));
}

static uk_semaphore g_sem;
static int g_consumed;

static void consumer(void *)
{
	for (int i = 0; i < 5; i++) {
		uk_semaphore_down(&g_sem);
		g_consumed++;
	}
}

TEST_F(SchedTest, SemaphoreCountsAndTimesOut)
{
	uk_semaphore_init(&g_sem, 0);
	g_consumed = 0;
	uk_thread *c = uk_thread_create("c", consumer, nullptr, 0);
	uk_sched_yield();
	EXPECT_EQ(g_consumed, 0); // blocked: count is 0
	for (int i = 0; i < 5; i++)
		uk_semaphore_up(&g_sem);
	uk_thread_join(c, nullptr);
	EXPECT_EQ(g_consumed, 5);
	EXPECT_EQ(uk_semaphore_down_try(&g_sem), -EAGAIN);
	EXPECT_EQ(uk_semaphore_down_deadline(&g_sem, fakeplat_now + 100),
		  -ETIMEDOUT);
	uk_semaphore_up(&g_sem);
	EXPECT_EQ(uk_semaphore_down_deadline(&g_sem, fakeplat_now + 100), 0);
}

static __nsec g_cpu_seen;

// Runs 5 ms, sleeps 10 ms, runs 3 ms more (the fake clock moves only when
// told, or when the CPU halts until a deadline).
static void busy_sleeper(void *)
{
	fakeplat_now += 5000000;
	uk_sched_sleep_ns(10000000);
	fakeplat_now += 3000000;
	g_cpu_seen = uk_thread_cpu_time(uk_thread_current());
}

TEST_F(SchedTest, CpuTimeCountsRunningNotSleepingOrIdle)
{
	uk_thread *self = uk_thread_current();
	__nsec busy = uk_sched_busy_time(), mine = uk_thread_cpu_time(self);
	__nsec start = fakeplat_now;

	uk_thread *t = uk_thread_create("busy", busy_sleeper, nullptr, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	ASSERT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(g_cpu_seen, 8000000u);
	EXPECT_EQ(fakeplat_now - start, 18000000u);
	// The 10 ms sleep was idle time; main was blocked in join.
	EXPECT_EQ(uk_sched_busy_time() - busy, 8000000u);
	EXPECT_EQ(uk_thread_cpu_time(self), mine);
	fakeplat_now += 2000000;
	EXPECT_EQ(uk_thread_cpu_time(self), mine + 2000000);
}

extern "C" {
#include <uk/timer.h>
}

static uint64_t g_fired, g_calls;

static void count_fire(uk_timer *, uint64_t n)
{
	g_fired += n;
	g_calls++;
}

TEST_F(SchedTest, TimerCallsBackAtDeadlineAndPeriod)
{
	uk_timer t;
	__nsec interval = 0, start = fakeplat_now;

	g_fired = g_calls = 0;
	uk_timer_init(&t, count_fire);
	EXPECT_EQ(uk_timer_remaining(&t, &interval), 0u);
	ASSERT_EQ(uk_timer_arm(&t, start + 10000000, 4000000), 0);
	EXPECT_EQ(uk_timer_remaining(&t, &interval), 10000000u);
	EXPECT_EQ(interval, 4000000u);
	// The timer thread reports each expiration as it comes.
	uk_sched_sleep_ns(19000000);
	EXPECT_EQ(g_fired, 3u);
	EXPECT_EQ(g_calls, 3u);
	// Late reports count every period that passed, in one call.
	fakeplat_now += 9000000;
	uk_timer_expire(&t);
	EXPECT_EQ(g_fired, 5u);
	EXPECT_EQ(g_calls, 4u);
	EXPECT_EQ(uk_timer_remaining(&t, nullptr), 2000000u);
	uk_timer_disarm(&t);
	uk_sched_sleep_ns(20000000);
	EXPECT_EQ(g_fired, 5u);
	EXPECT_EQ(uk_timer_remaining(&t, nullptr), 0u);
	// One-shot, with a deadline already past: at once, then disarmed.
	ASSERT_EQ(uk_timer_arm(&t, 1, 0), 0);
	uk_timer_expire(&t);
	EXPECT_EQ(g_fired, 6u);
	uk_sched_sleep_ns(20000000);
	EXPECT_EQ(g_fired, 6u);
}
