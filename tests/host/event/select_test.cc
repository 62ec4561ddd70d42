// select and pselect6: the fd sets, errno cases and timeouts.
#include "tests/host/event/event_fixture.h"

namespace {

using SelectTest = EventTest;

TEST_F(SelectTest, SetsHoldTheReadyFds)
{
	Pollable *rd = NewFile(), *wr = NewFile(), *both = NewFile();
	Pollable *idle = NewFile(), *pri = NewFile();
	rd->ready = POLLIN;
	wr->ready = POLLOUT;
	both->ready = POLLIN | POLLOUT;
	pri->ready = POLLPRI;
	int a = Open(rd), b = Open(wr), c = Open(both), d = Open(idle);
	int e = Open(pri);
	fd_set r, w, x;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	for (int fd : { a, b, c, d, e }) {
		FD_SET(fd, &r);
		FD_SET(fd, &w);
		FD_SET(fd, &x);
	}
	ASSERT_EQ(uk_sys_select(e + 1, &r, &w, &x, nullptr), 5);
	EXPECT_TRUE(FD_ISSET(a, &r));
	EXPECT_FALSE(FD_ISSET(a, &w));
	EXPECT_FALSE(FD_ISSET(b, &r));
	EXPECT_TRUE(FD_ISSET(b, &w));
	EXPECT_TRUE(FD_ISSET(c, &r));
	EXPECT_TRUE(FD_ISSET(c, &w));
	EXPECT_FALSE(FD_ISSET(d, &r) || FD_ISSET(d, &w) || FD_ISSET(d, &x));
	EXPECT_TRUE(FD_ISSET(e, &x));
	EXPECT_FALSE(FD_ISSET(a, &x));
}

TEST_F(SelectTest, HupIsReadableErrIsBoth)
{
	Pollable *h = NewFile(), *er = NewFile();
	h->ready = POLLHUP;
	er->ready = POLLERR;
	int a = Open(h), b = Open(er);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(a, &r);
	FD_SET(a, &w);
	FD_SET(b, &r);
	FD_SET(b, &w);
	ASSERT_EQ(uk_sys_select(b + 1, &r, &w, nullptr, nullptr), 3);
	EXPECT_TRUE(FD_ISSET(a, &r));
	EXPECT_FALSE(FD_ISSET(a, &w));
	EXPECT_TRUE(FD_ISSET(b, &r));
	EXPECT_TRUE(FD_ISSET(b, &w));
}

TEST_F(SelectTest, Errors)
{
	fd_set r;
	FD_ZERO(&r);
	EXPECT_EQ(uk_sys_select(-1, &r, nullptr, nullptr, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_select(FD_SETSIZE + 1, &r, nullptr, nullptr, nullptr),
		  -EINVAL);
	FD_SET(50, &r);
	timeval tv = { 0, 0 };
	EXPECT_EQ(uk_sys_select(51, &r, nullptr, nullptr, &tv), -EBADF);
	EXPECT_TRUE(FD_ISSET(50, &r)); // left alone on errors
	// Bits at or above nfds are not looked at.
	EXPECT_EQ(uk_sys_select(50, &r, nullptr, nullptr, &tv), 0);
	tv = { -1, 0 };
	EXPECT_EQ(uk_sys_select(0, nullptr, nullptr, nullptr, &tv), -EINVAL);
	tv = { 0, -1 };
	EXPECT_EQ(uk_sys_select(0, nullptr, nullptr, nullptr, &tv), -EINVAL);
	timespec ts = { 0, 1000000000 };
	EXPECT_EQ(uk_sys_pselect6(0, nullptr, nullptr, nullptr, &ts, nullptr),
		  -EINVAL);
	ts = { 0, 0 };
	uint64_t mask = 0;
	struct {
		const void *ss;
		size_t len;
	} sig = { &mask, 4 };
	EXPECT_EQ(uk_sys_pselect6(0, nullptr, nullptr, nullptr, &ts, &sig),
		  -EINVAL);
	sig.len = 8;
	EXPECT_EQ(uk_sys_pselect6(0, nullptr, nullptr, nullptr, &ts, &sig), 0);
	sig = { nullptr, 4 };
	EXPECT_EQ(uk_sys_pselect6(0, nullptr, nullptr, nullptr, &ts, &sig), 0);
}

TEST_F(SelectTest, TimeoutSleepsAndUpdatesTimeval)
{
	__nsec start = fakeplat_now;
	// tv_usec over a second carries over, as Linux does.
	timeval tv = { 0, 1500000 };
	EXPECT_EQ(uk_sys_select(0, nullptr, nullptr, nullptr, &tv), 0);
	EXPECT_GE(fakeplat_now, start + 1500000000ull);
	EXPECT_EQ(tv.tv_sec, 0);
	EXPECT_EQ(tv.tv_usec, 0);
}

static void set_in_later(void *arg)
{
	uk_sched_sleep_ns(3000000);
	static_cast<Pollable *>(arg)->Set(POLLIN);
}

TEST_F(SelectTest, BlockingSelectWokenByAnotherThread)
{
	Pollable *p = NewFile();
	int fd = Open(p);
	Thread t(set_in_later, p);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(fd, &r);
	timespec ts = { 5, 0 };
	ASSERT_EQ(uk_sys_pselect6(fd + 1, &r, nullptr, nullptr, &ts, nullptr),
		  1);
	EXPECT_TRUE(FD_ISSET(fd, &r));
	EXPECT_EQ(ts.tv_sec, 4);
}

} // namespace
