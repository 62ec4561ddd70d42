// posix/pipe: data, end of file, EPIPE, O_NONBLOCK, PIPE_BUF atomicity,
// sizes, poll/epoll readiness, and blocking between threads.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/epoll.h>
#include <uk/fdtab.h>
#include <uk/pipe.h>
#include <uk/poll.h>
#include <uk/thread.h>
#include <uk/vfs.h>
}

namespace {

class PipeTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		ASSERT_EQ(uk_sys_pipe2(fds_, 0), 0);
	}

	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
	}

	unsigned int Revents(int fd)
	{
		struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
		int n = uk_sys_poll(&p, 1, 0);

		EXPECT_EQ(n, p.revents ? 1 : 0);
		return (unsigned int)p.revents;
	}

	int fds_[2];
};

TEST_F(PipeTest, DataAndEndOfFile)
{
	char buf[16] = {};
	int n = -1;

	EXPECT_EQ(uk_sys_write(fds_[1], "hello", 5), 5);
	EXPECT_EQ(uk_sys_ioctl(fds_[0], FIONREAD, &n), 0);
	EXPECT_EQ(n, 5);
	EXPECT_EQ(uk_sys_read(fds_[0], buf, 3), 3);
	EXPECT_EQ(uk_sys_read(fds_[0], buf + 3, sizeof(buf)), 2);
	EXPECT_STREQ(buf, "hello");
	EXPECT_EQ(uk_sys_read(fds_[1], buf, 1), -EBADF);
	EXPECT_EQ(uk_sys_write(fds_[0], "x", 1), -EBADF);
	EXPECT_EQ(uk_sys_write(fds_[1], "tail", 4), 4);
	EXPECT_EQ(uk_sys_close(fds_[1]), 0);
	EXPECT_EQ(uk_sys_read(fds_[0], buf, sizeof(buf)), 4);
	EXPECT_EQ(uk_sys_read(fds_[0], buf, sizeof(buf)), 0);
	EXPECT_EQ(Revents(fds_[0]), (unsigned)POLLHUP);
}

volatile sig_atomic_t sigpipes;

void CountSigpipe(int)
{
	sigpipes = sigpipes + 1;
}

TEST_F(PipeTest, ClosedReaderGivesEpipeAndSigpipe)
{
	struct sigaction sa = {}, old;

	sa.sa_handler = CountSigpipe;
	ASSERT_EQ(sigaction(SIGPIPE, &sa, &old), 0);
	EXPECT_EQ(Revents(fds_[1]), (unsigned)POLLOUT);
	EXPECT_EQ(uk_sys_write(fds_[1], "x", 1), 1);
	EXPECT_EQ(sigpipes, 0);
	EXPECT_EQ(uk_sys_close(fds_[0]), 0);
	EXPECT_EQ(uk_sys_write(fds_[1], "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	sigaction(SIGPIPE, &old, nullptr);
	EXPECT_EQ(Revents(fds_[1]), (unsigned)(POLLOUT | POLLERR));
}

TEST_F(PipeTest, NonBlockingAndAtomicWrites)
{
	std::string big(UK_PIPE_DEFAULT_SIZE, 'a');
	char buf[8];
	int p[2];

	ASSERT_EQ(uk_sys_pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
	EXPECT_EQ(uk_sys_fcntl(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	EXPECT_EQ(uk_sys_fcntl(p[1], F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_read(p[0], buf, sizeof(buf)), -EAGAIN);
	EXPECT_EQ(uk_sys_write(p[1], big.data(), big.size() - 100),
		  (ssize_t)big.size() - 100);
	// 200 bytes <= PIPE_BUF do not fit in 100: all or nothing.
	EXPECT_EQ(uk_sys_write(p[1], big.data(), 200), -EAGAIN);
	// A larger write takes what fits.
	EXPECT_EQ(uk_sys_write(p[1], big.data(), 5000), 100);
	EXPECT_EQ(uk_sys_write(p[1], big.data(), 5000), -EAGAIN);
	EXPECT_EQ(Revents(p[1]), 0u);
	EXPECT_EQ(uk_sys_pipe2(p, O_DIRECT << 1), -EINVAL);
	EXPECT_EQ(uk_sys_pipe2(nullptr, 0), -EFAULT);
}

TEST_F(PipeTest, Sizes)
{
	struct stat st;

	EXPECT_EQ(uk_sys_fcntl(fds_[0], F_GETPIPE_SZ, 0), 65536);
	EXPECT_EQ(uk_sys_fcntl(fds_[1], F_SETPIPE_SZ, 5000), 8192);
	EXPECT_EQ(uk_sys_fcntl(fds_[0], F_GETPIPE_SZ, 0), 8192);
	EXPECT_EQ(uk_sys_write(fds_[1], std::string(6000, 'x').data(), 6000),
		  6000);
	EXPECT_EQ(uk_sys_fcntl(fds_[1], F_SETPIPE_SZ, 4096), -EBUSY);
	EXPECT_EQ(uk_sys_fcntl(fds_[1], F_SETPIPE_SZ, 1 << 21), -EPERM);
	EXPECT_EQ(uk_sys_fcntl(fds_[1], F_SETPIPE_SZ, 1 << 16), 1 << 16);
	EXPECT_EQ(uk_sys_fstat(fds_[0], &st), 0);
	EXPECT_TRUE(S_ISFIFO(st.st_mode));
	EXPECT_EQ(uk_sys_fcntl(fds_[0], F_GETLK, 0), -EINVAL);
}

TEST_F(PipeTest, EpollSeesDataAndHangup)
{
	int ep = uk_sys_epoll_create1(0);
	struct epoll_event ev = {}, out[2];

	ev.events = EPOLLIN;
	ASSERT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_ADD, fds_[0], &ev), 0);
	EXPECT_EQ(uk_sys_epoll_wait(ep, out, 2, 0), 0);
	EXPECT_EQ(uk_sys_write(fds_[1], "x", 1), 1);
	ASSERT_EQ(uk_sys_epoll_wait(ep, out, 2, 0), 1);
	EXPECT_EQ(out[0].events, (unsigned)EPOLLIN);
	EXPECT_EQ(uk_sys_close(fds_[1]), 0);
	ASSERT_EQ(uk_sys_epoll_wait(ep, out, 2, 0), 1);
	EXPECT_EQ(out[0].events, (unsigned)(EPOLLIN | EPOLLHUP));
}

struct Transfer {
	int fd;
	size_t total;
	unsigned long sum;
};

void Writer(void *arg)
{
	auto *t = static_cast<Transfer *>(arg);
	char buf[3000];

	for (size_t done = 0; done < t->total;) {
		size_t n = std::min(sizeof(buf), t->total - done);

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)((done + i) % 253);
		ssize_t w = uk_sys_write(t->fd, buf, n);
		ASSERT_GT(w, 0);
		done += (size_t)w;
	}
	uk_sys_close(t->fd);
}

// A writer thread pushes 1 MiB through a blocking pipe; the reader sees
// every byte in order, then end of file.
TEST_F(PipeTest, BlockingTransferBetweenThreads)
{
	Transfer t = { fds_[1], 1 << 20, 0 };
	uk_thread *th = uk_thread_create("writer", Writer, &t, 0);
	char buf[7000];
	size_t got = 0;
	ssize_t n;

	ASSERT_NE(th, nullptr);
	while ((n = uk_sys_read(fds_[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			ASSERT_EQ(buf[i], (char)((got + (size_t)i) % 253));
		got += (size_t)n;
	}
	EXPECT_EQ(n, 0);
	EXPECT_EQ(got, t.total);
	uk_thread_join(th, nullptr);
}

} // namespace
