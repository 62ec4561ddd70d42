// Interruptible waits (uk_waitq_wait_event_deadline_intr,
// uk_sched_sleep_until_intr) against uk_thread_interrupt_due(), which this
// test defines as posix/process does: an interrupt ends the wait with
// -EINTR only while a signal is still due for the thread; one that another
// thread took first leaves the wait going on, as on Linux.
#include <errno.h>

#include <cstdlib>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/thread.h>
#include <uk/wait.h>
}

namespace {

constexpr size_t kArena = 16 << 20;
constexpr __nsec kWait = 1000000;

bool due;
bool ready;
int rc;
__nsec deadline;
uk_waitq wq = UK_WAITQ_INIT(wq);

void Waiter(void *)
{
	rc = uk_waitq_wait_event_deadline_intr(&wq, ready, deadline);
}

void Sleeper(void *)
{
	rc = uk_sched_sleep_until_intr(deadline);
}

class InterruptTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
	}
	void SetUp() override
	{
		ready = false;
		rc = 1;
		deadline = fakeplat_now + kWait;
	}
	// Starts fn, lets it block, interrupts it with a signal due or not.
	uk_thread *StartAndInterrupt(void (*fn)(void *), bool signal_due)
	{
		uk_thread *t = uk_thread_create("w", fn, nullptr, 0);

		EXPECT_FALSE(UK_PTRISERR(t));
		uk_sched_yield();
		EXPECT_EQ(rc, 1) << "the thread did not block";
		due = signal_due;
		uk_thread_interrupt(t);
		uk_sched_yield();
		return t;
	}
};

} // namespace

extern "C" bool uk_thread_interrupt_due(void)
{
	return due;
}

TEST_F(InterruptTest, WaitEndsForASignalDue)
{
	uk_thread *t = StartAndInterrupt(Waiter, true);

	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, -EINTR);
}

TEST_F(InterruptTest, WaitGoesOnWhenTheSignalWasTaken)
{
	uk_thread *t = StartAndInterrupt(Waiter, false);

	EXPECT_EQ(rc, 1) << "the wait ended";
	ready = true;
	uk_waitq_wake_up(&wq);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, 0);
}

TEST_F(InterruptTest, WaitGoesOnToItsDeadline)
{
	uk_thread *t = StartAndInterrupt(Waiter, false);

	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, deadline);
}

TEST_F(InterruptTest, SleepEndsForASignalDue)
{
	uk_thread *t = StartAndInterrupt(Sleeper, true);

	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, -EINTR);
	EXPECT_LT(fakeplat_now, deadline);
}

TEST_F(InterruptTest, SleepGoesOnWhenTheSignalWasTaken)
{
	uk_thread *t = StartAndInterrupt(Sleeper, false);

	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, 0);
	EXPECT_GE(fakeplat_now, deadline);
}

// A signal that becomes due after the interrupt was found stale (sent
// while the wait went on) still ends it.
TEST_F(InterruptTest, ALaterSignalStillEndsTheWait)
{
	uk_thread *t = StartAndInterrupt(Waiter, false);

	due = true;
	uk_thread_interrupt(t);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(rc, -EINTR);
}
