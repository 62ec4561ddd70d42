// The arithmetic of CPU-time timers and sleeps (posix/process/cputimer.h).
#include <cstdint>

#include "cputimer.h"
#include "gtest/gtest.h"

namespace {

TEST(CpuTimerExpire, NotDueNorDisarmed)
{
	uint64_t deadline = 1000;

	EXPECT_EQ(posix_cputimer_expire(&deadline, 0, 999), 0u);
	EXPECT_EQ(deadline, 1000u);
	deadline = 0;
	EXPECT_EQ(posix_cputimer_expire(&deadline, 100, 5000), 0u);
	EXPECT_EQ(deadline, 0u);
}

TEST(CpuTimerExpire, OneShotDisarms)
{
	uint64_t deadline = 1000;

	EXPECT_EQ(posix_cputimer_expire(&deadline, 0, 1000), 1u);
	EXPECT_EQ(deadline, 0u);
}

TEST(CpuTimerExpire, PeriodicCountsOverrunsAndMovesPastNow)
{
	uint64_t deadline = 1000;

	// Due at 1000, 1100, 1200, 1300: four, the next at 1400.
	EXPECT_EQ(posix_cputimer_expire(&deadline, 100, 1350), 4u);
	EXPECT_EQ(deadline, 1400u);
	// Exactly on the next one: one more.
	EXPECT_EQ(posix_cputimer_expire(&deadline, 100, 1400), 1u);
	EXPECT_EQ(deadline, 1500u);
}

TEST(CpuTimerPollDelay, SplitsOverCpusWithinFloorAndCap)
{
	const uint64_t floor = 1000, cap = 1000000;

	EXPECT_EQ(posix_cputimer_poll_delay(8000, 1, floor, cap), 8000u);
	EXPECT_EQ(posix_cputimer_poll_delay(8000, 2, floor, cap), 4000u);
	EXPECT_EQ(posix_cputimer_poll_delay(8000000, 2, floor, cap), cap);
	// Not below the floor: no endless halving on two CPUs.
	EXPECT_EQ(posix_cputimer_poll_delay(1500, 2, floor, cap), floor);
	// Unless the deadline is nearer: then exactly at it.
	EXPECT_EQ(posix_cputimer_poll_delay(600, 4, floor, cap), 600u);
	EXPECT_EQ(posix_cputimer_poll_delay(0, 4, floor, cap), 0u);
	// ncpus 0 counts as 1.
	EXPECT_EQ(posix_cputimer_poll_delay(5000, 0, floor, cap), 5000u);
}

// musl: clock_getcpuclockid(pid) is (-pid - 1) * 8 + 2,
// pthread_getcpuclockid(t) is (-tid - 1) * 8 + 6.
long ProcessClock(int pid)
{
	return static_cast<int>((-pid - 1) * 8U + 2);
}

long ThreadClock(int tid)
{
	return static_cast<int>((-tid - 1) * 8U + 6);
}

TEST(CpuClockDecode, MuslProcessAndThreadClocks)
{
	int id = -1;
	bool perthread = true;

	ASSERT_EQ(posix_cpuclock_decode(ProcessClock(1), &id, &perthread), 0);
	EXPECT_EQ(id, 1);
	EXPECT_FALSE(perthread);
	ASSERT_EQ(posix_cpuclock_decode(ProcessClock(0), &id, &perthread), 0);
	EXPECT_EQ(id, 0);
	ASSERT_EQ(posix_cpuclock_decode(ThreadClock(42), &id, &perthread), 0);
	EXPECT_EQ(id, 42);
	EXPECT_TRUE(perthread);
	// PROF (0) and VIRT (1) kinds decode too.
	ASSERT_EQ(posix_cpuclock_decode(ThreadClock(7) - 2, &id, &perthread),
		  0);
	EXPECT_EQ(id, 7);
	EXPECT_TRUE(perthread);
}

TEST(CpuClockDecode, RejectsOtherIds)
{
	int id;
	bool perthread;

	EXPECT_EQ(posix_cpuclock_decode(0, &id, &perthread), -EINVAL);
	EXPECT_EQ(posix_cpuclock_decode(2, &id, &perthread), -EINVAL);
	// Kind 3 does not exist.
	EXPECT_EQ(posix_cpuclock_decode(ProcessClock(1) + 1, &id, &perthread),
		  -EINVAL);
}

} // namespace
