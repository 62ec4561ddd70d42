// epoll_wait: trigger modes, flags, the regression cases other unikernels
// shipped broken, close-removes-from-set, timeouts and blocking waits.
#include "tests/host/event/event_fixture.h"

namespace {

using EpollWaitTest = EventTest;

TEST_F(EpollWaitTest, Errors)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile());
	epoll_event evs[1];
	EXPECT_EQ(uk_sys_epoll_wait(ep, evs, 0, 0), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_wait(ep, evs, -1, 0), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_wait(ep, evs, 0x7fffffff, 0), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_wait(ep, nullptr, 1, 0), -EFAULT);
	EXPECT_EQ(uk_sys_epoll_wait(100, evs, 1, 0), -EBADF);
	EXPECT_EQ(uk_sys_epoll_wait(fd, evs, 1, 0), -EINVAL);
	uint64_t mask = 0;
	EXPECT_EQ(uk_sys_epoll_pwait(ep, evs, 1, 0, &mask, 4), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_pwait(ep, evs, 1, 0, &mask, 8), 0);
	EXPECT_EQ(uk_sys_epoll_pwait(ep, evs, 1, 0, nullptr, 4), 0);
}

TEST_F(EpollWaitTest, LevelTriggeredReportsWhileReady)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLIN, 0x1234567890ull), 0);
	EXPECT_EQ(Wait(ep), 0);
	p->Set(EPOLLIN);
	epoll_event evs[8];
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(Wait(ep, evs), 1);
		EXPECT_EQ(evs[0].events, (uint32_t)EPOLLIN);
		EXPECT_EQ(EvData(evs[0]), 0x1234567890ull);
	}
	p->Clear(EPOLLIN);
	EXPECT_EQ(Wait(ep), 0);
}

TEST_F(EpollWaitTest, ReadyAtAddIsReported)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	p->ready = EPOLLOUT;
	ASSERT_EQ(Add(ep, Open(p), EPOLLOUT), 0);
	EXPECT_EQ(Wait(ep), 1);
}

TEST_F(EpollWaitTest, OnlyAskedEventsPlusHupAndErr)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLIN), 0);
	p->Set(EPOLLOUT);
	EXPECT_EQ(Wait(ep), 0);
	p->Set(EPOLLIN);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs), 1);
	EXPECT_EQ(evs[0].events, (uint32_t)EPOLLIN);
	// An entry with no events at all still gets HUP and ERR.
	ASSERT_EQ(Mod(ep, fd, 0), 0);
	EXPECT_EQ(Wait(ep), 0);
	p->Set(EPOLLHUP | EPOLLERR);
	ASSERT_EQ(Wait(ep, evs), 1);
	EXPECT_EQ(evs[0].events, (uint32_t)(EPOLLHUP | EPOLLERR));
}

TEST_F(EpollWaitTest, RdHupIsReportedWhenAsked)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *a = NewFile(), *b = NewFile();
	ASSERT_EQ(Add(ep, Open(a), EPOLLIN | EPOLLRDHUP, 1), 0);
	ASSERT_EQ(Add(ep, Open(b), EPOLLIN, 2), 0);
	a->Set(EPOLLRDHUP);
	b->Set(EPOLLRDHUP);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs), 1);
	EXPECT_EQ(evs[0].events, (uint32_t)EPOLLRDHUP);
	EXPECT_EQ(EvData(evs[0]), 1u);
}

TEST_F(EpollWaitTest, EdgeTriggeredReportsOncePerEdge)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	p->Set(EPOLLIN);
	EXPECT_EQ(Wait(ep), 1);
	EXPECT_EQ(Wait(ep), 0); // still ready, but no new edge
}

// Regression: a new edge after the previous one was consumed is reported
// (whether or not the file went unready in between).
TEST_F(EpollWaitTest, EdgeTriggeredNewEdgeAfterConsumed)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	for (int i = 0; i < 3; i++) {
		p->Set(EPOLLIN);
		EXPECT_EQ(Wait(ep), 1) << "edge " << i;
		EXPECT_EQ(Wait(ep), 0);
		p->Clear(EPOLLIN);
	}
	p->Set(EPOLLIN);
	EXPECT_EQ(Wait(ep), 1);
	p->Set(EPOLLIN); // more data while still readable: a new edge
	EXPECT_EQ(Wait(ep), 1);
}

// A wake-up for events the entry does not ask for is no edge.
TEST_F(EpollWaitTest, EdgeTriggeredIgnoresOtherEvents)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	p->ready = EPOLLIN;
	p->Set(EPOLLOUT);
	EXPECT_EQ(Wait(ep), 0);
}

TEST_F(EpollWaitTest, OneShotDisarmsUntilMod)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLIN | EPOLLONESHOT), 0);
	p->Set(EPOLLIN);
	EXPECT_EQ(Wait(ep), 1);
	EXPECT_EQ(Wait(ep), 0);
	p->Set(EPOLLIN | EPOLLHUP);
	EXPECT_EQ(Wait(ep), 0); // disarmed: not even HUP
	EXPECT_EQ(Add(ep, fd, EPOLLIN), -EEXIST); // still registered
	ASSERT_EQ(Mod(ep, fd, EPOLLIN | EPOLLONESHOT), 0);
	EXPECT_EQ(Wait(ep), 1); // re-armed, and the readiness is not lost
	EXPECT_EQ(Wait(ep), 0);
}

// Regression: EPOLL_CTL_MOD must not lose an event pending on the entry.
TEST_F(EpollWaitTest, ModKeepsPendingEvent)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLIN | EPOLLET, 1), 0);
	p->Set(EPOLLIN); // queued, not waited for yet
	ASSERT_EQ(Mod(ep, fd, EPOLLIN | EPOLLOUT | EPOLLET, 2), 0);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs), 1);
	EXPECT_EQ(evs[0].events, (uint32_t)EPOLLIN);
	EXPECT_EQ(EvData(evs[0]), 2u); // MOD's data
}

// Regression: readiness the old mask filtered out shows after MOD.
TEST_F(EpollWaitTest, ModReportsReadinessOfTheNewMask)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLOUT | EPOLLET), 0);
	p->Set(EPOLLIN);
	EXPECT_EQ(Wait(ep), 0);
	ASSERT_EQ(Mod(ep, fd, EPOLLIN | EPOLLET), 0);
	EXPECT_EQ(Wait(ep), 1);
}

// A wake-up that comes while epoll_wait polls the entry is kept for the
// next wait, even if that poll read the old readiness.
TEST_F(EpollWaitTest, WakeDuringTheScanIsNotLost)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	p->Set(EPOLLIN);
	p->Clear(EPOLLIN);
	p->set_after_poll = EPOLLIN;
	EXPECT_EQ(Wait(ep), 0);
	EXPECT_EQ(Wait(ep), 1);
}

TEST_F(EpollWaitTest, MaxEventsAndRoundRobin)
{
	int ep = uk_sys_epoll_create1(0);
	for (uint64_t i = 0; i < 3; i++) {
		Pollable *p = NewFile();
		p->ready = EPOLLIN;
		ASSERT_EQ(Add(ep, Open(p), EPOLLIN, i), 0);
	}
	epoll_event evs[2];
	ASSERT_EQ(uk_sys_epoll_wait(ep, evs, 2, 0), 2);
	EXPECT_EQ(EvData(evs[0]), 0u);
	EXPECT_EQ(EvData(evs[1]), 1u);
	ASSERT_EQ(uk_sys_epoll_wait(ep, evs, 2, 0), 2);
	EXPECT_EQ(EvData(evs[0]), 2u); // not starved by the first two
	EXPECT_EQ(EvData(evs[1]), 0u);
}

TEST_F(EpollWaitTest, LastCloseRemovesFromEverySet)
{
	int ep1 = uk_sys_epoll_create1(0);
	int ep2 = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	int dup = uk_sys_dup(fd);
	ASSERT_EQ(Add(ep1, fd, EPOLLIN), 0);
	ASSERT_EQ(Add(ep2, fd, EPOLLIN), 0);
	p->Set(EPOLLIN);
	// Closing one of two fds keeps the open file, and so the entries.
	ASSERT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(Wait(ep1), 1);
	EXPECT_EQ(p->Chains(), 2u);
	ASSERT_EQ(uk_sys_close(dup), 0);
	EXPECT_EQ(p->releases, 1);
	EXPECT_EQ(p->Chains(), 0u);
	EXPECT_EQ(Wait(ep1), 0);
	EXPECT_EQ(Wait(ep2), 0);
	// The fd number is free; a new file there is a new entry.
	Pollable *q = NewFile();
	ASSERT_EQ(Open(q), fd);
	EXPECT_EQ(Add(ep1, fd, EPOLLIN), 0);
}

TEST_F(EpollWaitTest, ClosingTheEpollFdUnlinksItsEntries)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	ASSERT_EQ(Add(ep, fd, EPOLLIN), 0);
	p->Set(EPOLLIN);
	EXPECT_EQ(p->Chains(), 1u);
	ASSERT_EQ(uk_sys_close(ep), 0);
	EXPECT_EQ(p->Chains(), 0u);
	EXPECT_EQ(p->releases, 0);
	p->Set(EPOLLIN); // nothing left to wake
}

TEST_F(EpollWaitTest, TimeoutZeroDoesNotBlock)
{
	int ep = uk_sys_epoll_create1(0);
	ASSERT_EQ(Add(ep, Open(NewFile()), EPOLLIN), 0);
	__nsec now = fakeplat_now;
	unsigned long halts = fakeplat_halts;
	EXPECT_EQ(Wait(ep, nullptr, 0), 0);
	EXPECT_EQ(fakeplat_now, now);
	EXPECT_EQ(fakeplat_halts, halts);
}

TEST_F(EpollWaitTest, TimeoutInMilliseconds)
{
	int ep = uk_sys_epoll_create1(0);
	ASSERT_EQ(Add(ep, Open(NewFile()), EPOLLIN), 0);
	__nsec start = fakeplat_now;
	EXPECT_EQ(Wait(ep, nullptr, 250), 0);
	EXPECT_GE(fakeplat_now, start + 250000000ull);
	EXPECT_LT(fakeplat_now, start + 260000000ull);
}

struct Later {
	Pollable *p;
	unsigned int ev;
	__nsec after;
};

// Sleeps, then makes the file ready (as a driver would).
static void set_later(void *arg)
{
	Later *l = static_cast<Later *>(arg);

	uk_sched_sleep_ns(l->after);
	l->p->Set(l->ev);
}

TEST_F(EpollWaitTest, BlockingWaitWokenByAnotherThread)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN, 7), 0);
	Later l{ p, EPOLLIN, 1000000 };
	__nsec start = fakeplat_now;
	Thread t(set_later, &l);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs, -1), 1);
	EXPECT_EQ(EvData(evs[0]), 7u);
	EXPECT_GE(fakeplat_now, start + 1000000);
}

TEST_F(EpollWaitTest, TimedWaitWokenBeforeTheDeadline)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	Later l{ p, EPOLLIN, 2000000 };
	__nsec start = fakeplat_now;
	Thread t(set_later, &l);
	EXPECT_EQ(Wait(ep, nullptr, 1000), 1);
	EXPECT_LT(fakeplat_now, start + 1000000000ull);
}

// A wake-up the entry does not ask for does not end the wait.
TEST_F(EpollWaitTest, UnwantedEventsDoNotEndTheWait)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN), 0);
	Later l{ p, EPOLLOUT, 1000000 };
	__nsec start = fakeplat_now;
	Thread t(set_later, &l);
	EXPECT_EQ(Wait(ep, nullptr, 50), 0);
	EXPECT_GE(fakeplat_now, start + 50000000ull);
}

struct CloseThenSet {
	int fd;
	Pollable *other;
};

// Closes one watched fd while the main thread waits, then readies another.
static void close_then_set(void *arg)
{
	CloseThenSet *c = static_cast<CloseThenSet *>(arg);

	uk_sched_sleep_ns(1000000);
	uk_sys_close(c->fd);
	uk_sched_sleep_ns(1000000);
	c->other->Set(EPOLLIN);
}

TEST_F(EpollWaitTest, CloseDuringABlockedWait)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *gone = NewFile(), *other = NewFile();
	int fd = Open(gone);
	ASSERT_EQ(Add(ep, fd, EPOLLIN, 1), 0);
	ASSERT_EQ(Add(ep, Open(other), EPOLLIN, 2), 0);
	CloseThenSet c{ fd, other };
	Thread t(close_then_set, &c);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs, -1), 1);
	EXPECT_EQ(EvData(evs[0]), 2u);
	EXPECT_EQ(gone->releases, 1);
	EXPECT_EQ(gone->Chains(), 0u);
}

} // namespace
