// poll and ppoll: readiness, POLLNVAL, ignored entries, fd 0, timeouts and
// blocking waits.
#include "tests/host/event/event_fixture.h"

namespace {

using PollTest = EventTest;

TEST_F(PollTest, ReportsAskedEventsPlusErrAndHup)
{
	Pollable *p = NewFile();
	p->ready = POLLIN | POLLOUT;
	pollfd pfd = { Open(p), POLLIN, 0x55 };
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	p->ready = POLLHUP | POLLERR | POLLPRI;
	pfd.events = POLLOUT;
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLHUP | POLLERR);
	p->ready = POLLOUT;
	pfd.events = POLLIN;
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	EXPECT_EQ(pfd.revents, 0);
}

TEST_F(PollTest, BadFdIsNvalNegativeFdIgnored)
{
	Pollable *p = NewFile();
	p->ready = POLLIN;
	pollfd pfds[3] = { { 100, POLLIN, 0 },
			   { -1, POLLIN, 0x7 },
			   { Open(p), POLLIN, 0 } };
	ASSERT_EQ(uk_sys_poll(pfds, 3, 0), 2);
	EXPECT_EQ(pfds[0].revents, POLLNVAL);
	EXPECT_EQ(pfds[1].revents, 0);
	EXPECT_EQ(pfds[2].revents, POLLIN);
	// Only ignored entries: a plain sleep.
	__nsec start = fakeplat_now;
	EXPECT_EQ(uk_sys_poll(&pfds[1], 1, 20), 0);
	EXPECT_GE(fakeplat_now, start + 20000000ull);
}

// Regression: fd 0 is an fd like any other.
TEST_F(PollTest, FdZeroWorks)
{
	Pollable *p = NewFile();
	ASSERT_EQ(uk_fdtab_install_at(0, &p->f, 0), 0);
	uk_file_release(&p->f);
	pollfd pfd = { 0, POLLIN, 0 };
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	p->ready = POLLIN;
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	// And through epoll and select.
	int ep = uk_sys_epoll_create1(0);
	ASSERT_EQ(Add(ep, 0, EPOLLIN), 0);
	EXPECT_EQ(Wait(ep), 1);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(0, &r);
	EXPECT_EQ(uk_sys_select(1, &r, nullptr, nullptr, nullptr), 1);
	EXPECT_TRUE(FD_ISSET(0, &r));
}

TEST_F(PollTest, FileWithoutPollOpIsAlwaysReady)
{
	pollfd pfd = { Open(NewFile(false)), POLLIN | POLLOUT, 0 };
	ASSERT_EQ(uk_sys_poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN | POLLOUT);
}

TEST_F(PollTest, Errors)
{
	pollfd pfd = { 0, POLLIN, 0 };
	EXPECT_EQ(uk_sys_poll(&pfd, UK_FDTAB_SIZE + 1, 0), -EINVAL);
	// The limit is RLIMIT_NOFILE's, as on Linux.
	ASSERT_EQ(uk_fdtab_limit_set(4), 0);
	pollfd five[5] = {};
	EXPECT_EQ(uk_sys_poll(five, 5, 0), -EINVAL);
	EXPECT_EQ(uk_sys_poll(five, 4, 0), 4);
	ASSERT_EQ(uk_fdtab_limit_set(UK_FDTAB_SIZE), 0);
	EXPECT_EQ(uk_sys_poll(nullptr, 1, 0), -EFAULT);
	EXPECT_EQ(uk_sys_poll(nullptr, 0, 0), 0);
	timespec bad = { 0, 1000000000 };
	EXPECT_EQ(uk_sys_ppoll(&pfd, 1, &bad, nullptr, 0), -EINVAL);
	bad = { -1, 0 };
	EXPECT_EQ(uk_sys_ppoll(&pfd, 1, &bad, nullptr, 0), -EINVAL);
	timespec zero = { 0, 0 };
	uint64_t mask = 0;
	EXPECT_EQ(uk_sys_ppoll(&pfd, 1, &zero, &mask, 16), -EINVAL);
	EXPECT_EQ(uk_sys_ppoll(&pfd, 1, &zero, &mask, 8), 1);
}

TEST_F(PollTest, ManyFdsUseTheHeap)
{
	std::vector<pollfd> pfds;
	for (int i = 0; i < 40; i++) {
		Pollable *p = NewFile();
		if (i % 3 == 0)
			p->ready = POLLOUT;
		pfds.push_back({ Open(p), POLLOUT, 0 });
	}
	EXPECT_EQ(uk_sys_poll(pfds.data(), pfds.size(), 0), 14);
	EXPECT_EQ(pfds[39].revents, POLLOUT);
	EXPECT_EQ(pfds[38].revents, 0);
}

TEST_F(PollTest, TimeoutsAndTimeLeft)
{
	pollfd pfd = { Open(NewFile()), POLLIN, 0 };
	__nsec start = fakeplat_now;
	unsigned long halts = fakeplat_halts;
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 0), 0);
	EXPECT_EQ(fakeplat_halts, halts);
	EXPECT_EQ(uk_sys_poll(&pfd, 1, 30), 0);
	EXPECT_GE(fakeplat_now, start + 30000000ull);
	timespec ts = { 1, 500 };
	start = fakeplat_now;
	EXPECT_EQ(uk_sys_ppoll(&pfd, 1, &ts, nullptr, 0), 0);
	EXPECT_GE(fakeplat_now, start + 1000000500ull);
	EXPECT_EQ(ts.tv_sec, 0);
	EXPECT_EQ(ts.tv_nsec, 0);
}

static void set_out_later(void *arg)
{
	uk_sched_sleep_ns(5000000);
	static_cast<Pollable *>(arg)->Set(POLLOUT);
}

TEST_F(PollTest, BlockingPollWokenByAnotherThread)
{
	Pollable *a = NewFile(), *b = NewFile();
	pollfd pfds[2] = { { Open(a), POLLIN, 0 }, { Open(b), POLLOUT, 0 } };
	__nsec start = fakeplat_now;
	Thread t(set_out_later, b);
	ASSERT_EQ(uk_sys_poll(pfds, 2, -1), 1);
	EXPECT_EQ(pfds[0].revents, 0);
	EXPECT_EQ(pfds[1].revents, POLLOUT);
	EXPECT_GE(fakeplat_now, start + 5000000ull);
	// The wait unlinked its chains.
	EXPECT_EQ(a->Chains(), 0u);
	EXPECT_EQ(b->Chains(), 0u);
}

TEST_F(PollTest, PpollWokenBeforeTimeoutLeavesTimeLeft)
{
	Pollable *p = NewFile();
	pollfd pfd = { Open(p), POLLOUT, 0 };
	Thread t(set_out_later, p);
	timespec ts = { 10, 0 };
	ASSERT_EQ(uk_sys_ppoll(&pfd, 1, &ts, nullptr, 0), 1);
	EXPECT_EQ(ts.tv_sec, 9);
	EXPECT_GT(ts.tv_nsec, 0);
}

} // namespace
