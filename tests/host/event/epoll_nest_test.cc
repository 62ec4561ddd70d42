// Epoll fds watched by poll and by other epoll fds: readiness, wake-ups
// through the chain, loop and depth checks, closing nested sets.
#include "tests/host/event/event_fixture.h"

namespace {

using EpollNestTest = EventTest;

TEST_F(EpollNestTest, EpollFdIsPollable)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN), 0);
	pollfd pfd = { ep, POLLIN, 0 };
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	p->Set(EPOLLIN);
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	// Polling the epoll fd consumes nothing, even of an EPOLLET entry.
	EXPECT_EQ(Wait(ep), 1);
	// A level-triggered entry that is no longer ready: not readable.
	p->Clear(EPOLLIN);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
}

TEST_F(EpollNestTest, PollOfEpollKeepsEdgeTriggeredEvent)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN | EPOLLET), 0);
	p->Set(EPOLLIN);
	pollfd pfd = { ep, POLLIN, 0 };
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(Wait(ep), 1);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
}

TEST_F(EpollNestTest, NestedReadinessPropagates)
{
	int outer = uk_sys_epoll_create1(0);
	int inner = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(inner, Open(p), EPOLLIN), 0);
	ASSERT_EQ(Add(outer, inner, EPOLLIN, 99), 0);
	EXPECT_EQ(Wait(outer), 0);
	p->Set(EPOLLIN);
	epoll_event evs[8];
	ASSERT_EQ(Wait(outer, evs), 1);
	EXPECT_EQ(evs[0].events, (uint32_t)EPOLLIN);
	EXPECT_EQ(EvData(evs[0]), 99u);
	ASSERT_EQ(Wait(inner, evs), 1);
}

static void set_in_later(void *arg)
{
	uk_sched_sleep_ns(1000000);
	static_cast<Pollable *>(arg)->Set(EPOLLIN);
}

TEST_F(EpollNestTest, BlockedOuterWaitWokenThroughInner)
{
	int outer = uk_sys_epoll_create1(0);
	int inner = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(inner, Open(p), EPOLLIN), 0);
	ASSERT_EQ(Add(outer, inner, EPOLLIN | EPOLLET), 0);
	Thread t(set_in_later, p);
	EXPECT_EQ(Wait(outer, nullptr, -1), 1);
}

TEST_F(EpollNestTest, BlockedPollOnEpollWokenThroughIt)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(ep, Open(p), EPOLLIN), 0);
	Thread t(set_in_later, p);
	pollfd pfd = { ep, POLLIN, 0 };
	ASSERT_EQ(uk_sys_poll(&pfd, 1, -1), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
}

TEST_F(EpollNestTest, LoopsAreEloop)
{
	int a = uk_sys_epoll_create1(0);
	int b = uk_sys_epoll_create1(0);
	int c = uk_sys_epoll_create1(0);
	ASSERT_EQ(Add(a, b, EPOLLIN), 0);
	ASSERT_EQ(Add(b, c, EPOLLIN), 0);
	EXPECT_EQ(Add(b, a, EPOLLIN), -ELOOP);
	EXPECT_EQ(Add(c, a, EPOLLIN), -ELOOP);
	EXPECT_EQ(Add(c, b, EPOLLIN), -ELOOP);
	// A diamond is no loop.
	EXPECT_EQ(Add(a, c, EPOLLIN), 0);
	// Removing the link allows the other direction.
	ASSERT_EQ(uk_sys_epoll_ctl(a, EPOLL_CTL_DEL, b, nullptr), 0);
	ASSERT_EQ(uk_sys_epoll_ctl(a, EPOLL_CTL_DEL, c, nullptr), 0);
	EXPECT_EQ(Add(c, a, EPOLLIN), 0);
}

// At most 5 epoll instances on a chain (4 links), counted both above the
// watching set and below the watched one, as Linux 6.x does.
TEST_F(EpollNestTest, DepthIsLimited)
{
	int ep[7];
	for (int &e : ep)
		e = uk_sys_epoll_create1(0);
	// Bottom up: ep[i] watches ep[i + 1].
	for (int i = 3; i >= 0; i--)
		ASSERT_EQ(Add(ep[i], ep[i + 1], EPOLLIN), 0) << i;
	EXPECT_EQ(Add(ep[5], ep[0], EPOLLIN), -ELOOP);
	EXPECT_EQ(Add(ep[4], ep[5], EPOLLIN), -ELOOP);
	// A short branch off the middle is fine.
	EXPECT_EQ(Add(ep[2], ep[5], EPOLLIN), 0);
	EXPECT_EQ(Add(ep[5], ep[6], EPOLLIN), 0);
	EXPECT_EQ(Add(ep[3], ep[5], EPOLLIN), -ELOOP);
}

TEST_F(EpollNestTest, ClosingInnerRemovesItFromOuter)
{
	int outer = uk_sys_epoll_create1(0);
	int inner = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(inner, Open(p), EPOLLIN), 0);
	ASSERT_EQ(Add(outer, inner, EPOLLIN), 0);
	p->Set(EPOLLIN);
	ASSERT_EQ(uk_sys_close(inner), 0);
	EXPECT_EQ(p->Chains(), 0u);
	EXPECT_EQ(Wait(outer), 0);
	// The links are gone too: the old outer can be nested anywhere.
	int other = uk_sys_epoll_create1(0);
	EXPECT_EQ(Add(other, outer, EPOLLIN), 0);
}

TEST_F(EpollNestTest, ClosingOuterLeavesInnerWorking)
{
	int outer = uk_sys_epoll_create1(0);
	int inner = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	ASSERT_EQ(Add(inner, Open(p), EPOLLIN), 0);
	ASSERT_EQ(Add(outer, inner, EPOLLIN), 0);
	ASSERT_EQ(uk_sys_close(outer), 0);
	p->Set(EPOLLIN);
	EXPECT_EQ(Wait(inner), 1);
}

} // namespace
