// eventfd and eventfd2: flags, counter and semaphore semantics, errno
// cases, blocking, and its readiness through poll and epoll.
#include "tests/host/event/event_fixture.h"

namespace {

using EventfdTest = EventTest;

static ssize_t Rd(int fd, uint64_t *v)
{
	return uk_sys_read(fd, v, sizeof(*v));
}

static ssize_t Wr(int fd, uint64_t v)
{
	return uk_sys_write(fd, &v, sizeof(v));
}

static short Revents(int fd)
{
	pollfd pfd = { fd, POLLIN | POLLOUT, 0 };
	uk_sys_poll(&pfd, 1, 0);
	return pfd.revents;
}

TEST_F(EventfdTest, Flags)
{
	EXPECT_EQ(uk_sys_eventfd2(0, O_APPEND), -EINVAL);
	EXPECT_EQ(uk_sys_eventfd2(0, 2), -EINVAL);
	int fd = uk_sys_eventfd2(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	int fd2 = uk_sys_eventfd(3);
	ASSERT_GE(fd2, 0);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFL, 0), O_RDWR);
}

TEST_F(EventfdTest, ReadTakesTheCounter)
{
	int fd = uk_sys_eventfd2(5, EFD_NONBLOCK);
	uint64_t v = 0;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 5u);
	EXPECT_EQ(Rd(fd, &v), -EAGAIN);
	ASSERT_EQ(Wr(fd, 2), 8);
	ASSERT_EQ(Wr(fd, 3), 8);
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 5u);
}

TEST_F(EventfdTest, SemaphoreTakesOne)
{
	int fd = uk_sys_eventfd2(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v = 0;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 1u);
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 1u);
	EXPECT_EQ(Rd(fd, &v), -EAGAIN);
}

TEST_F(EventfdTest, Errors)
{
	int fd = uk_sys_eventfd2(1, EFD_NONBLOCK);
	char buf[16] = {};
	EXPECT_EQ(uk_sys_read(fd, buf, 7), -EINVAL);
	EXPECT_EQ(uk_sys_write(fd, buf, 7), -EINVAL);
	EXPECT_EQ(Wr(fd, UINT64_MAX), -EINVAL);
	// A longer buffer moves 8 bytes.
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 8);
	// The counter may reach 0xfffffffffffffffe, not more.
	ASSERT_EQ(Wr(fd, UINT64_MAX - 2), 8);
	ASSERT_EQ(Wr(fd, 1), 8);
	EXPECT_EQ(Wr(fd, 1), -EAGAIN);
	EXPECT_EQ(Wr(fd, 0), 8);
	uint64_t v;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, UINT64_MAX - 1);
}

TEST_F(EventfdTest, PollBits)
{
	int fd = uk_sys_eventfd2(0, EFD_NONBLOCK);
	EXPECT_EQ(Revents(fd), POLLOUT);
	ASSERT_EQ(Wr(fd, 1), 8);
	EXPECT_EQ(Revents(fd), POLLIN | POLLOUT);
	ASSERT_EQ(Wr(fd, UINT64_MAX - 2), 8);
	EXPECT_EQ(Revents(fd), POLLIN);
}

TEST_F(EventfdTest, NonblockSetLaterByFcntl)
{
	int fd = uk_sys_eventfd(0);
	ASSERT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	uint64_t v;
	EXPECT_EQ(Rd(fd, &v), -EAGAIN);
}

struct Io {
	int fd;
	uint64_t v;
	ssize_t ret;
};

static void write_later(void *arg)
{
	Io *io = static_cast<Io *>(arg);

	uk_sched_sleep_ns(1000000);
	io->ret = Wr(io->fd, io->v);
}

static void read_later(void *arg)
{
	Io *io = static_cast<Io *>(arg);

	uk_sched_sleep_ns(1000000);
	io->ret = Rd(io->fd, &io->v);
}

TEST_F(EventfdTest, BlockingReadWokenByWrite)
{
	int fd = uk_sys_eventfd(0);
	Io io{ fd, 42, 0 };
	Thread t(write_later, &io);
	uint64_t v = 0;
	__nsec start = fakeplat_now;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 42u);
	EXPECT_GE(fakeplat_now, start + 1000000);
	t.Join();
	EXPECT_EQ(io.ret, 8);
}

TEST_F(EventfdTest, BlockingWriteWokenByRead)
{
	int fd = uk_sys_eventfd(0);
	ASSERT_EQ(Wr(fd, UINT64_MAX - 1), 8);
	Io io{ fd, 0, 0 };
	Thread t(read_later, &io);
	ASSERT_EQ(Wr(fd, 5), 8);
	t.Join();
	EXPECT_EQ(io.ret, 8);
	EXPECT_EQ(io.v, UINT64_MAX - 1);
	uint64_t v;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 5u);
}

// Regression (with a real file): each write is a new edge for EPOLLET.
TEST_F(EventfdTest, EpollEdgePerWrite)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = uk_sys_eventfd2(0, EFD_NONBLOCK);
	ASSERT_EQ(Add(ep, fd, EPOLLIN | EPOLLET), 0);
	EXPECT_EQ(Wait(ep), 0);
	ASSERT_EQ(Wr(fd, 1), 8);
	EXPECT_EQ(Wait(ep), 1);
	EXPECT_EQ(Wait(ep), 0);
	ASSERT_EQ(Wr(fd, 1), 8);
	EXPECT_EQ(Wait(ep), 1);
	uint64_t v;
	ASSERT_EQ(Rd(fd, &v), 8);
	EXPECT_EQ(v, 2u);
	EXPECT_EQ(Wait(ep), 0);
	ASSERT_EQ(Wr(fd, 1), 8);
	EXPECT_EQ(Wait(ep), 1);
}

TEST_F(EventfdTest, EpollWaitWokenByWriteFromAnotherThread)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = uk_sys_eventfd2(0, EFD_NONBLOCK);
	ASSERT_EQ(Add(ep, fd, EPOLLIN, 5), 0);
	Io io{ fd, 1, 0 };
	Thread t(write_later, &io);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs, -1), 1);
	EXPECT_EQ(EvData(evs[0]), 5u);
	EXPECT_EQ(evs[0].events, (uint32_t)EPOLLIN);
}

TEST_F(EventfdTest, CloseRemovesFromEpoll)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = uk_sys_eventfd2(1, 0);
	ASSERT_EQ(Add(ep, fd, EPOLLIN), 0);
	EXPECT_EQ(Wait(ep), 1);
	ASSERT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(Wait(ep), 0);
}

} // namespace
