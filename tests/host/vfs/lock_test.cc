// Advisory locks: fcntl record locks (one process: never in conflict)
// and flock (per open file: in conflict across opens, also in threads).
#include <sys/file.h>

#include "tests/host/vfs/vfs_fixture.h"

extern "C" {
#include <uk/thread.h>
}

namespace {

TEST_F(VfsTest, RecordLocksCheckArgumentsOnly)
{
	struct flock fl = {};
	int rd, wr;

	Put("f", "data");
	rd = uk_sys_open("f", O_RDONLY, 0);
	wr = uk_sys_open("f", O_WRONLY, 0);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, (unsigned long)&fl), 0);
	EXPECT_EQ(uk_sys_fcntl(rd, F_SETLK, (unsigned long)&fl), -EBADF);
	fl.l_type = F_RDLCK;
	EXPECT_EQ(uk_sys_fcntl(rd, F_SETLKW, (unsigned long)&fl), 0);
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, (unsigned long)&fl), -EBADF);
	// The process's own locks never conflict with it.
	fl.l_type = F_WRLCK;
	EXPECT_EQ(uk_sys_fcntl(rd, F_GETLK, (unsigned long)&fl), 0);
	EXPECT_EQ(fl.l_type, F_UNLCK);
	fl.l_type = 7;
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, (unsigned long)&fl), -EINVAL);
	fl.l_type = F_UNLCK;
	fl.l_start = -1;
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, (unsigned long)&fl), -EINVAL);
	fl.l_whence = 9;
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, (unsigned long)&fl), -EINVAL);
	EXPECT_EQ(uk_sys_fcntl(wr, F_SETLK, 0), -EFAULT);
}

TEST_F(VfsTest, FlockConflictsAcrossOpens)
{
	int a, b;

	Put("f", "");
	a = uk_sys_open("f", O_RDONLY, 0);
	b = uk_sys_open("f", O_RDONLY, 0);
	EXPECT_EQ(uk_sys_flock(a, LOCK_SH), 0);
	EXPECT_EQ(uk_sys_flock(b, LOCK_SH | LOCK_NB), 0);
	EXPECT_EQ(uk_sys_flock(b, LOCK_EX | LOCK_NB), -EWOULDBLOCK);
	EXPECT_EQ(uk_sys_flock(a, LOCK_UN), 0);
	EXPECT_EQ(uk_sys_flock(b, LOCK_EX | LOCK_NB), 0);
	// A dup shares the open file, and so the lock.
	int c = uk_sys_dup(b);
	EXPECT_EQ(uk_sys_flock(c, LOCK_EX | LOCK_NB), 0);
	EXPECT_EQ(uk_sys_flock(a, LOCK_SH | LOCK_NB), -EWOULDBLOCK);
	uk_sys_close(b);
	EXPECT_EQ(uk_sys_flock(a, LOCK_SH | LOCK_NB), -EWOULDBLOCK);
	// The last close of the open file drops its lock.
	uk_sys_close(c);
	EXPECT_EQ(uk_sys_flock(a, LOCK_EX | LOCK_NB), 0);
	EXPECT_EQ(uk_sys_flock(a, 0), -EINVAL);
	EXPECT_EQ(uk_sys_flock(999, LOCK_SH), -EBADF);
}

struct Waiter {
	int fd;
	int ret = 1;
	bool done = false;
};

void TakeExclusive(void *arg)
{
	auto *w = static_cast<Waiter *>(arg);

	w->ret = uk_sys_flock(w->fd, LOCK_EX);
	w->done = true;
}

// A thread blocks in flock(LOCK_EX) until the holder unlocks.
TEST_F(VfsTest, FlockWaitsForTheHolder)
{
	Waiter w;

	Put("f", "");
	int a = uk_sys_open("f", O_RDONLY, 0);
	w.fd = uk_sys_open("f", O_RDONLY, 0);
	ASSERT_EQ(uk_sys_flock(a, LOCK_EX), 0);
	uk_thread *t = uk_thread_create("locker", TakeExclusive, &w, 0);
	ASSERT_NE(t, nullptr);
	uk_sched_yield();
	EXPECT_FALSE(w.done);
	EXPECT_EQ(uk_sys_flock(a, LOCK_UN), 0);
	uk_thread_join(t, nullptr);
	EXPECT_TRUE(w.done);
	EXPECT_EQ(w.ret, 0);
	EXPECT_EQ(uk_sys_flock(a, LOCK_SH | LOCK_NB), -EWOULDBLOCK);
}

} // namespace
