// timerfd: expirations counted and read, poll/epoll readiness at expiry,
// blocking reads, absolute CLOCK_REALTIME times (which follow the clock
// when it is set) and errors, on the fake clock (it moves when every
// thread waits: the CPU "halts" until the earliest deadline).
#include <sys/timerfd.h>

#include "tests/host/event/event_fixture.h"

extern "C" {
#include <uk/posix_clock.h>
#include <uk/timerfd.h>
}

namespace {

// The fake CLOCK_REALTIME runs 1000 s ahead of the monotonic clock,
// unless a test sets it (MoveRealtime).
constexpr int64_t kRealtimeOffset = 1000000000000LL;
constexpr __nsec kMs = 1000000;
int64_t realtime_offset = kRealtimeOffset;
uk_list_head realtime_watches = UK_LIST_HEAD_INIT(realtime_watches);

// What clock_settime does in posix/process: move it, tell the watchers.
void MoveRealtime(int64_t delta)
{
	posix_realtime_watch *w;

	realtime_offset += delta;
	uk_list_for_each_entry(w, &realtime_watches, node)
		w->moved(w, delta);
}

} // namespace

extern "C" void posix_realtime_watch_add(posix_realtime_watch *w)
{
	if (!w->added)
		uk_list_add_tail(&w->node, &realtime_watches);
	w->added = true;
}

extern "C" void posix_realtime_watch_del(posix_realtime_watch *w)
{
	if (w->added)
		uk_list_del(&w->node);
	w->added = false;
}

// posix/process implements this in the kernel.
extern "C" int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono)
{
	int64_t off;

	switch (clk) {
	case CLOCK_REALTIME:
		off = realtime_offset;
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		off = 0;
		break;
	default:
		return -EINVAL;
	}
	*mono = t > off ? static_cast<__nsec>(t - off) : 0;
	return 0;
}

namespace {

class TimerfdTest : public EventTest {
protected:
	static itimerspec Spec(__nsec value, __nsec interval = 0)
	{
		itimerspec s{};

		s.it_value.tv_sec = static_cast<time_t>(value / 1000000000);
		s.it_value.tv_nsec = static_cast<long>(value % 1000000000);
		s.it_interval.tv_sec =
			static_cast<time_t>(interval / 1000000000);
		s.it_interval.tv_nsec =
			static_cast<long>(interval % 1000000000);
		return s;
	}

	static __nsec Ns(const timespec &ts)
	{
		return static_cast<__nsec>(ts.tv_sec) * 1000000000 +
		       static_cast<__nsec>(ts.tv_nsec);
	}

	// read(2) of the expiration count: the count, or the negative errno.
	static int64_t Read(int fd)
	{
		uint64_t n = 0;
		ssize_t r = uk_sys_read(fd, &n, sizeof(n));

		return r < 0 ? r : static_cast<int64_t>(n);
	}

	static __nsec Remaining(int fd)
	{
		itimerspec cur;

		EXPECT_EQ(uk_sys_timerfd_gettime(fd, &cur), 0);
		return Ns(cur.it_value);
	}
};

TEST_F(TimerfdTest, CreateChecksClockAndFlags)
{
	EXPECT_EQ(uk_sys_timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), -EINVAL);
	EXPECT_EQ(uk_sys_timerfd_create(1234, 0), -EINVAL);
	EXPECT_EQ(uk_sys_timerfd_create(CLOCK_MONOTONIC, 0x4), -EINVAL);
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_TRUE(uk_sys_fcntl(fd, F_GETFL, 0) & O_NONBLOCK);
	// Never armed: nothing to read, nothing pending.
	EXPECT_EQ(Read(fd), -EAGAIN);
	EXPECT_EQ(Remaining(fd), 0u);
}

TEST_F(TimerfdTest, OneShotBecomesReadableAtItsTime)
{
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	itimerspec s = Spec(10 * kMs);
	__nsec start = fakeplat_now;
	pollfd pfd = { fd, POLLIN, 0 };

	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), 0);
	EXPECT_EQ(Remaining(fd), 10 * kMs);
	EXPECT_EQ(Read(fd), -EAGAIN);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 1000), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	EXPECT_EQ(fakeplat_now - start, 10 * kMs);
	EXPECT_EQ(Read(fd), 1);
	EXPECT_EQ(Read(fd), -EAGAIN);
	// A one-shot timer is disarmed after it fired.
	EXPECT_EQ(Remaining(fd), 0u);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
}

TEST_F(TimerfdTest, IntervalCountsEveryExpiration)
{
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	itimerspec s = Spec(10 * kMs, 10 * kMs), cur;

	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), 0);
	uk_sched_sleep_ns(35 * kMs);
	EXPECT_EQ(Read(fd), 3);
	EXPECT_EQ(Remaining(fd), 5 * kMs);
	ASSERT_EQ(uk_sys_timerfd_gettime(fd, &cur), 0);
	EXPECT_EQ(Ns(cur.it_interval), 10 * kMs);
	uk_sched_sleep_ns(20 * kMs);
	EXPECT_EQ(Read(fd), 2);
	// Re-arming clears what was not read; it_value 0 disarms.
	uk_sched_sleep_ns(10 * kMs);
	s = Spec(0);
	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, &cur), 0);
	EXPECT_EQ(Ns(cur.it_value), 5 * kMs);
	EXPECT_EQ(Ns(cur.it_interval), 10 * kMs);
	EXPECT_EQ(Read(fd), -EAGAIN);
	uk_sched_sleep_ns(50 * kMs);
	EXPECT_EQ(Read(fd), -EAGAIN);
}

TEST_F(TimerfdTest, EpollWaitWakesAtExpiry)
{
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC, 0);
	int ep = uk_sys_epoll_create1(0);
	itimerspec s = Spec(20 * kMs, 5 * kMs);
	epoll_event ev[2];
	__nsec start = fakeplat_now;

	ASSERT_EQ(Add(ep, fd, EPOLLIN | EPOLLET, 42), 0);
	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), 0);
	ASSERT_EQ(uk_sys_epoll_wait(ep, ev, 2, 1000), 1);
	EXPECT_EQ(EvData(ev[0]), 42u);
	EXPECT_EQ(fakeplat_now - start, 20 * kMs);
	EXPECT_EQ(Read(fd), 1);
	// Edge-triggered: the next expiration is a new edge.
	ASSERT_EQ(uk_sys_epoll_wait(ep, ev, 2, 1000), 1);
	EXPECT_EQ(fakeplat_now - start, 25 * kMs);
	EXPECT_EQ(Read(fd), 1);
	uk_sys_close(fd);
	// Closed while armed: the timer is gone, nothing fires any more.
	EXPECT_EQ(uk_sys_epoll_wait(ep, ev, 2, 30), 0);
}

static void arm_later(void *arg)
{
	int fd = static_cast<int>(reinterpret_cast<intptr_t>(arg));
	itimerspec s{};

	uk_sched_sleep_ns(5 * kMs);
	s.it_value.tv_nsec = 7 * kMs;
	uk_sys_timerfd_settime(fd, 0, &s, nullptr);
}

TEST_F(TimerfdTest, BlockingReadWaitsForTheTimer)
{
	int fd = uk_sys_timerfd_create(CLOCK_BOOTTIME, 0);
	__nsec start = fakeplat_now;
	uk_thread *t = uk_thread_create(
		"arm", arm_later, reinterpret_cast<void *>(intptr_t{ fd }), 0);

	ASSERT_FALSE(UK_PTRISERR(t));
	EXPECT_EQ(Read(fd), 1);
	EXPECT_EQ(fakeplat_now - start, 12 * kMs);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
}

TEST_F(TimerfdTest, AbsoluteTimesOnTheirClock)
{
	int rt = uk_sys_timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	int mono = uk_sys_timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	__nsec start = fakeplat_now;
	itimerspec s = Spec(kRealtimeOffset + start + 15 * kMs);

	ASSERT_EQ(uk_sys_timerfd_settime(rt, TFD_TIMER_ABSTIME, &s, nullptr),
		  0);
	EXPECT_EQ(Remaining(rt), 15 * kMs);
	s = Spec(start + 8 * kMs);
	ASSERT_EQ(uk_sys_timerfd_settime(mono, TFD_TIMER_ABSTIME, &s, nullptr),
		  0);
	EXPECT_EQ(Remaining(mono), 8 * kMs);
	pollfd pfd[2] = { { rt, POLLIN, 0 }, { mono, POLLIN, 0 } };
	ASSERT_EQ(uk_sys_poll(pfd, 2, 1000), 1);
	EXPECT_EQ(pfd[1].revents, POLLIN);
	EXPECT_EQ(fakeplat_now - start, 8 * kMs);
	ASSERT_EQ(uk_sys_poll(pfd, 1, 1000), 1);
	EXPECT_EQ(fakeplat_now - start, 15 * kMs);
	// A time already past expires at once.
	s = Spec(1);
	ASSERT_EQ(uk_sys_timerfd_settime(rt, TFD_TIMER_ABSTIME, &s, nullptr),
		  0);
	EXPECT_EQ(Read(rt), 1);
}

TEST_F(TimerfdTest, AbsoluteRealtimeFollowsTheClockWhenSet)
{
	int fd = uk_sys_timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	int rel = uk_sys_timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	itimerspec s = Spec(realtime_offset + fakeplat_now + 100 * kMs);

	ASSERT_EQ(uk_sys_timerfd_settime(fd, TFD_TIMER_ABSTIME, &s, nullptr),
		  0);
	s = Spec(100 * kMs);
	ASSERT_EQ(uk_sys_timerfd_settime(rel, 0, &s, nullptr), 0);
	// Back 50 ms: the same clock time is 150 ms away; a relative timer
	// stays.
	MoveRealtime(-50 * static_cast<int64_t>(kMs));
	EXPECT_EQ(Remaining(fd), 150 * kMs);
	EXPECT_EQ(Remaining(rel), 100 * kMs);
	// Past it: expired at once; no TFD_TIMER_CANCEL_ON_SET, no ECANCELED.
	MoveRealtime(200 * kMs);
	EXPECT_EQ(Remaining(fd), 0u);
	EXPECT_EQ(Read(fd), 1);
	EXPECT_EQ(Read(fd), -EAGAIN);
	uk_sys_close(rel);
	uk_sys_close(fd);
	MoveRealtime(-150 * static_cast<int64_t>(kMs));
	EXPECT_EQ(realtime_offset, kRealtimeOffset);
}

TEST_F(TimerfdTest, CancelOnSetGivesEcanceledOnce)
{
	int fd = uk_sys_timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	int plain = uk_sys_timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	itimerspec s = Spec(realtime_offset + fakeplat_now + 1000 * kMs);
	pollfd pfd = { fd, POLLIN, 0 };

	ASSERT_EQ(uk_sys_timerfd_settime(
			  fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &s,
			  nullptr),
		  0);
	// Without TFD_TIMER_ABSTIME the flag has no effect, as on Linux.
	ASSERT_EQ(uk_sys_timerfd_settime(plain, TFD_TIMER_CANCEL_ON_SET, &s,
					 nullptr),
		  0);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	MoveRealtime(kMs);
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	EXPECT_EQ(Read(fd), -ECANCELED);
	EXPECT_EQ(Read(fd), -EAGAIN);
	EXPECT_EQ(Read(plain), -EAGAIN);
	// Still armed, for the same clock time.
	EXPECT_EQ(Remaining(fd), 999 * kMs);
	uk_sys_close(plain);
	uk_sys_close(fd);
	MoveRealtime(-static_cast<int64_t>(kMs));
}

TEST_F(TimerfdTest, Errors)
{
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	int other = Open(NewFile());
	itimerspec s = Spec(kMs), cur;
	uint32_t small;

	EXPECT_EQ(uk_sys_timerfd_settime(99, 0, &s, nullptr), -EBADF);
	EXPECT_EQ(uk_sys_timerfd_settime(other, 0, &s, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_timerfd_gettime(other, &cur), -EINVAL);
	EXPECT_EQ(uk_sys_timerfd_gettime(99, &cur), -EBADF);
	EXPECT_EQ(uk_sys_timerfd_settime(fd, 0x8, &s, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_timerfd_settime(fd, 0, nullptr, nullptr), -EFAULT);
	s.it_value.tv_nsec = 1000000000;
	EXPECT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), -EINVAL);
	s = Spec(kMs);
	s.it_interval.tv_sec = -1;
	EXPECT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), -EINVAL);
	EXPECT_EQ(Remaining(fd), 0u);
	s = Spec(kMs);
	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), 0);
	uk_sched_sleep_ns(2 * kMs);
	EXPECT_EQ(uk_sys_read(fd, &small, sizeof(small)), -EINVAL);
	EXPECT_EQ(Read(fd), 1);
}

// A time past INT64_MAX ns saturates there (292 years), as on Linux: it
// once wrapped, and 18446744074 s (584 years) expired after 0.29 s.
TEST_F(TimerfdTest, HugeTimesSaturate)
{
	int fd = uk_sys_timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	itimerspec s{};
	itimerspec cur;

	s.it_value.tv_sec = 18446744074;
	s.it_interval.tv_sec = INT64_MAX;
	s.it_interval.tv_nsec = 999999999;
	ASSERT_EQ(uk_sys_timerfd_settime(fd, 0, &s, nullptr), 0);
	ASSERT_EQ(uk_sys_timerfd_gettime(fd, &cur), 0);
	EXPECT_GT(Ns(cur.it_value),
		  static_cast<__nsec>(INT64_MAX) - 1000 * kMs);
	EXPECT_LE(Ns(cur.it_value), static_cast<__nsec>(INT64_MAX));
	EXPECT_EQ(Ns(cur.it_interval), static_cast<__nsec>(INT64_MAX));
	EXPECT_EQ(Read(fd), -EAGAIN);
}

} // namespace
