// posix/fdtab: fd allocation, dup/dup2/dup3, close, fcntl and ioctl.
#include <sys/ioctl.h>

#include <atomic>
#include <thread>

#include "tests/host/fdtab/fake_file.h"

namespace {

TEST_F(FdtabTest, LowestFreeFdIsReused)
{
	FakeFile *a = NewFile(), *b = NewFile(), *c = NewFile();

	EXPECT_EQ(Open(a), 0);
	EXPECT_EQ(Open(b), 1);
	EXPECT_EQ(Open(c), 2);
	EXPECT_EQ(uk_sys_close(1), 0);
	EXPECT_EQ(b->releases, 1);
	EXPECT_EQ(Open(NewFile()), 1);
	EXPECT_EQ(Open(NewFile()), 3);
	EXPECT_EQ(uk_sys_close(0), 0);
	EXPECT_EQ(uk_sys_dup(3), 0);
}

TEST_F(FdtabTest, BadFdGivesEbadf)
{
	char buf[4];
	int on = 1;

	Open(NewFile());
	for (int fd : { -1, 1, 5, UK_FDTAB_SIZE, UK_FDTAB_SIZE + 7 }) {
		SCOPED_TRACE(fd);
		EXPECT_EQ(uk_sys_read(fd, buf, 4), -EBADF);
		EXPECT_EQ(uk_sys_write(fd, buf, 4), -EBADF);
		EXPECT_EQ(uk_sys_close(fd), -EBADF);
		EXPECT_EQ(uk_sys_dup(fd), -EBADF);
		EXPECT_EQ(uk_sys_dup2(fd, 3), -EBADF);
		EXPECT_EQ(uk_sys_dup3(fd, 3, 0), -EBADF);
		EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), -EBADF);
		EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), -EBADF);
		EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, 0), -EBADF);
		EXPECT_EQ(uk_sys_fcntl(fd, 12345, 0), -EBADF);
		EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, &on), -EBADF);
		EXPECT_EQ(uk_sys_ioctl(fd, FIOCLEX, nullptr), -EBADF);
		EXPECT_EQ(uk_sys_ioctl(fd, 0x1234, nullptr), -EBADF);
		EXPECT_EQ(uk_fdtab_get(fd), nullptr);
	}
	// Nothing created by the failed calls.
	EXPECT_EQ(uk_sys_close(1), -EBADF);
	EXPECT_EQ(uk_sys_close(3), -EBADF);
}

TEST_F(FdtabTest, FullTableGivesEmfile)
{
	FakeFile *ff = NewFile();

	ASSERT_EQ(uk_fdtab_install(&ff->f, 0, 0), 0);
	for (int i = 1; i < UK_FDTAB_SIZE; i++)
		ASSERT_EQ(uk_sys_dup(0), i);
	EXPECT_EQ(uk_sys_dup(0), -EMFILE);
	EXPECT_EQ(uk_sys_fcntl(0, F_DUPFD, 10), -EMFILE);
	EXPECT_EQ(uk_fdtab_install(&ff->f, 0, 0), -EMFILE);
	// The last fd can still be replaced.
	EXPECT_EQ(uk_sys_dup2(0, UK_FDTAB_SIZE - 1), UK_FDTAB_SIZE - 1);
	EXPECT_EQ(uk_sys_close(17), 0);
	EXPECT_EQ(uk_sys_dup(0), 17);
	EXPECT_EQ(ff->f.refcount, UK_FDTAB_SIZE + 1);
	uk_file_release(&ff->f);
	for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
		ASSERT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(ff->releases, 1);
}

// The table starts small and grows from the heap: fds far above its
// first size keep lowest-free allocation, their files and FD_CLOEXEC, and
// /dev/fd's walk (uk_fdtab_next) finds them.
TEST_F(FdtabTest, TableGrowsKeepingFdsAndFlags)
{
	FakeFile *a = NewFile(), *b = NewFile();

	ASSERT_EQ(Open(a, FD_CLOEXEC), 0);
	for (int i = 1; i < 5000; i++)
		ASSERT_EQ(Open(i % 2 ? b : a, i % 3 ? 0 : FD_CLOEXEC), i);
	for (int fd = 0; fd < 5000; fd++) {
		SCOPED_TRACE(fd);
		uk_file *f = uk_fdtab_get(fd);
		ASSERT_EQ(f, fd % 2 ? &b->f : &a->f);
		uk_file_release(f);
		ASSERT_EQ(uk_sys_fcntl(fd, F_GETFD, 0),
			  fd % 3 ? 0 : FD_CLOEXEC);
	}
	EXPECT_EQ(uk_sys_close(70), 0);
	EXPECT_EQ(uk_sys_close(4000), 0);
	EXPECT_EQ(uk_sys_dup(1), 70);
	EXPECT_EQ(uk_sys_dup(1), 4000);
	EXPECT_EQ(uk_sys_dup(1), 5000);
	// A target far above the table grows it at once.
	EXPECT_EQ(uk_sys_dup2(0, 60000), 60000);
	EXPECT_EQ(uk_sys_fcntl(1, F_DUPFD_CLOEXEC, 50000), 50000);
	EXPECT_EQ(uk_sys_fcntl(50000, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_fdtab_next(4990), 4990);
	EXPECT_EQ(uk_fdtab_next(5001), 50000);
	EXPECT_EQ(uk_fdtab_next(50001), 60000);
	EXPECT_EQ(uk_fdtab_next(60001), -1);
	EXPECT_EQ(uk_fdtab_next(UK_FDTAB_SIZE + 5), -1);
}

TEST_F(FdtabTest, LimitBoundsNewFds)
{
	FakeFile *ff = NewFile();

	EXPECT_EQ(uk_fdtab_limit(), unsigned(UK_FDTAB_SIZE));
	ASSERT_EQ(Open(ff), 0);
	ASSERT_EQ(uk_sys_dup2(0, 5), 5);
	ASSERT_EQ(uk_fdtab_limit_set(3), 0);
	EXPECT_EQ(uk_sys_dup(0), 1);
	EXPECT_EQ(uk_sys_dup(0), 2);
	// Full below the limit; fd 5 stays open above it.
	EXPECT_EQ(uk_sys_dup(0), -EMFILE);
	EXPECT_EQ(uk_fdtab_install(&ff->f, 0, 0), -EMFILE);
	EXPECT_EQ(uk_sys_fcntl(0, F_DUPFD, 3), -EINVAL);
	EXPECT_EQ(uk_sys_dup2(0, 3), -EBADF);
	EXPECT_EQ(uk_sys_dup3(0, 4, 0), -EBADF);
	EXPECT_EQ(uk_fdtab_install_at(3, &ff->f, 0), -EBADF);
	EXPECT_EQ(uk_sys_fcntl(5, F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_close(2), 0);
	EXPECT_EQ(uk_sys_dup(5), 2);
	EXPECT_EQ(uk_fdtab_limit_set(0), 0);
	EXPECT_EQ(uk_sys_dup(0), -EMFILE);
	EXPECT_EQ(uk_fdtab_limit_set(UK_FDTAB_SIZE + 1), -EPERM);
	EXPECT_EQ(uk_fdtab_limit(), 0u);
	ASSERT_EQ(uk_fdtab_limit_set(UK_FDTAB_SIZE), 0);
	EXPECT_EQ(uk_sys_dup(0), 3);
}

TEST_F(FdtabTest, InstallChecksRange)
{
	FakeFile *ff = NewFile();

	EXPECT_EQ(uk_fdtab_install(&ff->f, -1, 0), -EINVAL);
	EXPECT_EQ(uk_fdtab_install(&ff->f, UK_FDTAB_SIZE, 0), -EINVAL);
	EXPECT_EQ(uk_fdtab_install_at(UK_FDTAB_SIZE, &ff->f, 0), -EBADF);
	EXPECT_EQ(uk_fdtab_install_at(-1, &ff->f, 0), -EBADF);
	EXPECT_EQ(uk_fdtab_install(&ff->f, 40, 0), 40);
	EXPECT_EQ(uk_fdtab_install_at(9, &ff->f, 0), 9);
	EXPECT_EQ(ff->f.refcount, 3);
	uk_file_release(&ff->f);
	EXPECT_EQ(ff->releases, 0);
}

TEST_F(FdtabTest, DupSharesTheOpenFile)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	int fd2 = uk_sys_dup(fd);

	ASSERT_EQ(fd2, 1);
	uk_file *f = uk_fdtab_get(fd2);
	EXPECT_EQ(f, &ff->f);
	uk_file_release(f);
	EXPECT_EQ(uk_sys_write(fd, "ab", 2), 2);
	EXPECT_EQ(uk_sys_write(fd2, "cd", 2), 2);
	EXPECT_EQ(ff->written, "abcd");
	// Status flags belong to the open file, fd flags to the fd.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFD, 0), 0);
	// Closing one keeps the other; the last close releases once.
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(ff->releases, 0);
	EXPECT_EQ(uk_sys_write(fd2, "e", 1), 1);
	EXPECT_EQ(ff->written, "abcde");
	EXPECT_EQ(uk_sys_close(fd2), 0);
	EXPECT_EQ(ff->releases, 1);
	EXPECT_EQ(uk_sys_close(fd2), -EBADF);
	EXPECT_EQ(ff->releases, 1);
}

TEST_F(FdtabTest, ReferenceHeldPastCloseDelaysRelease)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	uk_file *f = uk_fdtab_get(fd);

	ASSERT_EQ(f, &ff->f);
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(ff->releases, 0);
	EXPECT_EQ(uk_file_release(f), 0);
	EXPECT_EQ(ff->releases, 1);
}

TEST_F(FdtabTest, LastCloseReturnsReleaseError)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	int fd2 = uk_sys_dup(fd);

	ff->release_ret = -EIO;
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(uk_sys_close(fd2), -EIO);
	// The fd is gone all the same.
	EXPECT_EQ(uk_sys_close(fd2), -EBADF);
	EXPECT_EQ(ff->releases, 1);
}

TEST_F(FdtabTest, Dup2)
{
	FakeFile *a = NewFile(), *b = NewFile();
	int fa = Open(a), fb = Open(b);

	ASSERT_EQ(uk_sys_fcntl(fb, F_SETFD, FD_CLOEXEC), 0);
	// Same fd: returns it if open, does nothing else.
	EXPECT_EQ(uk_sys_dup2(fa, fa), fa);
	EXPECT_EQ(uk_sys_dup2(7, 7), -EBADF);
	// Replacing fb drops b's only reference and clears FD_CLOEXEC.
	EXPECT_EQ(uk_sys_dup2(fa, fb), fb);
	EXPECT_EQ(b->releases, 1);
	EXPECT_EQ(uk_sys_fcntl(fb, F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_write(fb, "x", 1), 1);
	EXPECT_EQ(a->written, "x");
	// To a free fd above the lowest free one.
	EXPECT_EQ(uk_sys_dup2(fa, 100), 100);
	EXPECT_EQ(Open(NewFile()), 2);
	EXPECT_EQ(uk_sys_dup2(fa, UK_FDTAB_SIZE), -EBADF);
	EXPECT_EQ(uk_sys_dup2(fa, -1), -EBADF);
	EXPECT_EQ(uk_sys_dup2(55, 56), -EBADF);
	EXPECT_EQ(uk_sys_close(56), -EBADF);
	EXPECT_EQ(uk_sys_close(fa), 0);
	EXPECT_EQ(uk_sys_close(fb), 0);
	EXPECT_EQ(a->releases, 0);
	EXPECT_EQ(uk_sys_close(100), 0);
	EXPECT_EQ(a->releases, 1);
}

TEST_F(FdtabTest, Dup3)
{
	int fd = Open(NewFile());

	EXPECT_EQ(uk_sys_dup3(fd, fd, 0), -EINVAL);
	EXPECT_EQ(uk_sys_dup3(fd, fd, O_CLOEXEC), -EINVAL);
	EXPECT_EQ(uk_sys_dup3(fd, 5, O_NONBLOCK), -EINVAL);
	EXPECT_EQ(uk_sys_close(5), -EBADF);
	EXPECT_EQ(uk_sys_dup3(fd, 5, O_CLOEXEC), 5);
	EXPECT_EQ(uk_sys_fcntl(5, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_dup3(fd, 5, 0), 5);
	EXPECT_EQ(uk_sys_fcntl(5, F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_dup3(fd, UK_FDTAB_SIZE, 0), -EBADF);
}

TEST_F(FdtabTest, FcntlDupfd)
{
	int fd = Open(NewFile());

	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, 10), 10);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, 10), 11);
	EXPECT_EQ(uk_sys_fcntl(10, F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD_CLOEXEC, 0), 1);
	EXPECT_EQ(uk_sys_fcntl(1, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, UK_FDTAB_SIZE - 1),
		  UK_FDTAB_SIZE - 1);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, UK_FDTAB_SIZE - 1), -EMFILE);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, UK_FDTAB_SIZE), -EINVAL);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD, (unsigned long)-1), -EINVAL);
	EXPECT_EQ(uk_sys_fcntl(fd, F_DUPFD_CLOEXEC, (unsigned long)-5),
		  -EINVAL);
}

TEST_F(FdtabTest, FcntlFdFlags)
{
	int fd = Open(NewFile(), FD_CLOEXEC);

	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFD, 0), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), 0);
	// Bits other than FD_CLOEXEC are dropped.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFD, FD_CLOEXEC | 0x40), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_fcntl(fd, 12345, 0), -EINVAL);
}

TEST_F(FdtabTest, FcntlStatusFlags)
{
	FakeFile *ff = NewFile(O_WRONLY);
	int fd = Open(ff);

	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_WRONLY);
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND), 0);
	EXPECT_EQ(ff->setflags_calls, 1);
	EXPECT_EQ(ff->setflags_last,
		  (unsigned)(O_WRONLY | O_NONBLOCK | O_APPEND));
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0),
		  O_WRONLY | O_NONBLOCK | O_APPEND);
	// The access mode and creation flags cannot be changed: ignored.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_RDWR | O_CREAT | O_APPEND), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_WRONLY | O_APPEND);
	EXPECT_EQ(ff->setflags_last, (unsigned)(O_WRONLY | O_APPEND));
	// No change, no notification.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_APPEND), 0);
	EXPECT_EQ(ff->setflags_calls, 2);
	// The file may veto a change; the flags stay as they were.
	ff->setflags_ret = -EINVAL;
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK), -EINVAL);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_WRONLY | O_APPEND);
}

TEST_F(FdtabTest, IoctlFionbioAndCloexec)
{
	FakeFile *ff = NewFile();
	int fd = Open(ff);
	int on = 1, off = 0;

	EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, &on), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ(ff->setflags_last, (unsigned)(O_RDWR | O_NONBLOCK));
	EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, &off), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR);
	EXPECT_EQ(ff->setflags_calls, 2);
	EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_ioctl(fd, FIOCLEX, nullptr), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_ioctl(fd, FIONCLEX, nullptr), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), 0);
	// None of these reached the file's ioctl op.
	EXPECT_EQ(ff->ioctl_req, 0u);
}

TEST_F(FdtabTest, IoctlForwardsOtherRequests)
{
	FakeFile *ff = NewFile();
	FakeFile *plain = NewFile();
	int fd = Open(ff);
	int fd2;

	EXPECT_EQ(uk_sys_ioctl(fd, TIOCGWINSZ, nullptr), 7);
	EXPECT_EQ(ff->ioctl_req, (unsigned long)TIOCGWINSZ);
	plain->ops.ioctl = nullptr;
	fd2 = Open(plain);
	EXPECT_EQ(uk_sys_ioctl(fd2, TIOCGWINSZ, nullptr), -ENOTTY);
}

// Threads open and close fds at once: no fd is handed out twice and every
// file is released exactly once.
TEST_F(FdtabTest, ConcurrentOpenClose)
{
	constexpr int kThreads = 4, kRounds = 2000;
	std::vector<FakeFile *> fakes;
	std::vector<std::thread> threads;
	std::atomic<int> errors{ 0 };

	for (int t = 0; t < kThreads; t++)
		fakes.push_back(NewFile());
	for (int t = 0; t < kThreads; t++) {
		threads.emplace_back([&, t] {
			FakeFile *ff = fakes[t];

			for (int i = 0; i < kRounds; i++) {
				int fd = uk_fdtab_install(&ff->f, 0, 0);
				int fd2 = uk_sys_dup(fd);
				uk_file *f = uk_fdtab_get(fd2);

				if (fd < 0 || fd2 < 0 || f != &ff->f)
					errors++;
				if (f)
					uk_file_release(f);
				if (uk_sys_close(fd) || uk_sys_close(fd2))
					errors++;
			}
		});
	}
	for (auto &th : threads)
		th.join();
	EXPECT_EQ(errors.load(), 0);
	for (FakeFile *ff : fakes) {
		EXPECT_EQ(ff->releases, 0);
		EXPECT_EQ(ff->f.refcount, 1);
		uk_file_release(&ff->f);
		EXPECT_EQ(ff->releases, 1);
	}
	for (int fd = 0; fd < 16; fd++)
		EXPECT_EQ(uk_fdtab_get(fd), nullptr);
}

} // namespace
