// FIFOs: posix/vfs's FIFO files (mknod S_IFIFO on ramfs) opened through
// posix/pipe: the open rules (blocking, O_NONBLOCK, ENXIO, O_RDWR), the
// data path, end of file, EPIPE, poll readiness, fstat, and a buffer that
// lives while any end is open, also after unlink.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdlib>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/fdtab.h>
#include <uk/pipe.h>
#include <uk/poll.h>
#include <uk/ramfs.h>
#include <uk/thread.h>
#include <uk/vfs.h>
}

namespace {

class FifoTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		static bool ready;

		if (ready)
			return;
		ASSERT_EQ(uk_ramfs_mount("/", 0), 0);
		ready = true;
	}

	void SetUp() override
	{
		const ::testing::TestInfo *t =
			::testing::UnitTest::GetInstance()->current_test_info();

		path_ = std::string("/") + t->name();
		ASSERT_EQ(uk_sys_mknod(path_.c_str(), S_IFIFO | 0640, 0), 0);
	}

	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
	}

	int Open(int flags)
	{
		return uk_sys_open(path_.c_str(), flags, 0);
	}

	static unsigned int Revents(int fd)
	{
		struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

		EXPECT_GE(uk_sys_poll(&p, 1, 0), 0);
		return (unsigned int)p.revents;
	}

	std::string path_;
};

TEST_F(FifoTest, MknodMakesAFifoFile)
{
	struct stat st;

	ASSERT_EQ(uk_sys_stat(path_.c_str(), &st), 0);
	EXPECT_TRUE(S_ISFIFO(st.st_mode));
	EXPECT_EQ(st.st_size, 0);
	EXPECT_EQ(uk_sys_mknod(path_.c_str(), S_IFIFO | 0600, 0), -EEXIST);
	EXPECT_EQ(uk_sys_mknod("/chr", S_IFCHR | 0600, 0), -EPERM);
}

TEST_F(FifoTest, NonBlockingOpens)
{
	int rd, wr;
	char c;

	// A writer needs a reader; a reader needs no one.
	EXPECT_EQ(Open(O_WRONLY | O_NONBLOCK), -ENXIO);
	rd = Open(O_RDONLY | O_NONBLOCK);
	ASSERT_GE(rd, 0);
	// No writer yet: end of file, but no hangup before one came (Linux).
	EXPECT_EQ(uk_sys_read(rd, &c, 1), 0);
	EXPECT_EQ(Revents(rd), 0u);
	wr = Open(O_WRONLY | O_NONBLOCK);
	ASSERT_GE(wr, 0);
	EXPECT_EQ(uk_sys_read(rd, &c, 1), -EAGAIN);
	EXPECT_EQ(Revents(wr), (unsigned)(POLLOUT));
	EXPECT_EQ(uk_sys_write(wr, "ab", 2), 2);
	EXPECT_EQ(Revents(rd), (unsigned)(POLLIN));
	EXPECT_EQ(uk_sys_read(rd, &c, 1), 1);
	EXPECT_EQ(c, 'a');
	EXPECT_EQ(uk_sys_close(wr), 0);
	EXPECT_EQ(Revents(rd), (unsigned)(POLLIN | POLLHUP));
	EXPECT_EQ(uk_sys_read(rd, &c, 1), 1);
	EXPECT_EQ(c, 'b');
	EXPECT_EQ(uk_sys_read(rd, &c, 1), 0);
}

int sigpipes;

void CountSigpipe(int)
{
	sigpipes++;
}

TEST_F(FifoTest, NoReaderGivesEpipeAndSigpipe)
{
	struct sigaction sa = {}, old;
	int rd = Open(O_RDONLY | O_NONBLOCK), wr = Open(O_WRONLY);

	ASSERT_GE(rd, 0);
	ASSERT_GE(wr, 0);
	sa.sa_handler = CountSigpipe;
	ASSERT_EQ(sigaction(SIGPIPE, &sa, &old), 0);
	EXPECT_EQ(uk_sys_close(rd), 0);
	EXPECT_EQ(Revents(wr), (unsigned)(POLLOUT | POLLERR));
	EXPECT_EQ(uk_sys_write(wr, "x", 1), -EPIPE);
	EXPECT_EQ(sigpipes, 1);
	sigaction(SIGPIPE, &old, nullptr);
}

// O_RDWR never waits, and one such file both writes and reads.
TEST_F(FifoTest, ReadWriteOpenDoesNotBlock)
{
	int fd = Open(O_RDWR), wr;
	char buf[4];

	ASSERT_GE(fd, 0);
	EXPECT_EQ(Revents(fd), (unsigned)(POLLOUT));
	// It counts as a reader: a non-blocking writer may open now.
	wr = Open(O_WRONLY | O_NONBLOCK);
	ASSERT_GE(wr, 0);
	EXPECT_EQ(uk_sys_write(wr, "hi", 2), 2);
	EXPECT_EQ(uk_sys_write(fd, "!", 1), 1);
	EXPECT_EQ(uk_sys_read(fd, buf, sizeof(buf)), 3);
	EXPECT_EQ(std::string(buf, 3), "hi!");
}

// The buffer lives while any file is open, also after unlink; it goes
// with the last one.
TEST_F(FifoTest, BufferLivesWhileOpenAndAfterUnlink)
{
	int rd = Open(O_RDONLY | O_NONBLOCK), wr = Open(O_WRONLY), rd2;
	struct stat st, fst;
	char buf[8];

	ASSERT_GE(rd, 0);
	ASSERT_GE(wr, 0);
	ASSERT_EQ(uk_sys_stat(path_.c_str(), &st), 0);
	EXPECT_EQ(uk_sys_write(wr, "keep", 4), 4);
	ASSERT_EQ(uk_sys_fstat(wr, &fst), 0);
	EXPECT_TRUE(S_ISFIFO(fst.st_mode));
	EXPECT_EQ(fst.st_ino, st.st_ino);
	EXPECT_EQ(fst.st_mode & 0777, 0640u);
	// A second reader shares the bytes; the first one's close keeps them.
	rd2 = Open(O_RDONLY | O_NONBLOCK);
	ASSERT_GE(rd2, 0);
	EXPECT_EQ(uk_sys_close(rd), 0);
	EXPECT_EQ(uk_sys_unlink(path_.c_str()), 0);
	EXPECT_EQ(uk_sys_write(wr, "!", 1), 1);
	EXPECT_EQ(uk_sys_close(wr), 0);
	EXPECT_EQ(uk_sys_read(rd2, buf, sizeof(buf)), 5);
	EXPECT_EQ(std::string(buf, 5), "keep!");
	EXPECT_EQ(uk_sys_read(rd2, buf, sizeof(buf)), 0);
	EXPECT_EQ(uk_sys_close(rd2), 0);
}

TEST_F(FifoTest, DataGoWithTheLastFile)
{
	int fd = Open(O_RDWR);
	char c;

	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_write(fd, "x", 1), 1);
	EXPECT_EQ(uk_sys_close(fd), 0);
	fd = Open(O_RDWR | O_NONBLOCK);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(uk_sys_read(fd, &c, 1), -EAGAIN);
}

struct Opener {
	const char *path;
	int flags;
	int fd;
};

void OpenThread(void *arg)
{
	Opener *o = static_cast<Opener *>(arg);

	o->fd = uk_sys_open(o->path, o->flags, 0);
	if (o->fd >= 0 && (o->flags & O_ACCMODE) == O_WRONLY)
		uk_sys_write(o->fd, "w", 1);
}

// A blocking reader waits for a writer and a blocking writer for a
// reader: each open returns once the other side came.
TEST_F(FifoTest, BlockingOpensMeet)
{
	Opener w = { path_.c_str(), O_WRONLY, -1 };
	Opener r = { path_.c_str(), O_RDONLY, -1 };
	uk_thread *th;
	char c;
	int fd;

	th = uk_thread_create("writer", OpenThread, &w, 0);
	ASSERT_NE(th, nullptr);
	fd = Open(O_RDONLY);
	ASSERT_GE(fd, 0);
	uk_thread_join(th, nullptr);
	ASSERT_GE(w.fd, 0);
	EXPECT_EQ(uk_sys_read(fd, &c, 1), 1);
	EXPECT_EQ(c, 'w');
	EXPECT_EQ(uk_sys_close(w.fd), 0);
	EXPECT_EQ(uk_sys_read(fd, &c, 1), 0);
	EXPECT_EQ(uk_sys_close(fd), 0);

	th = uk_thread_create("reader", OpenThread, &r, 0);
	ASSERT_NE(th, nullptr);
	fd = Open(O_WRONLY);
	ASSERT_GE(fd, 0);
	uk_thread_join(th, nullptr);
	EXPECT_GE(r.fd, 0);
}

} // namespace
