// epoll_create, epoll_create1 and epoll_ctl: every errno case of Linux.
#include "tests/host/event/event_fixture.h"

namespace {

using EpollCtlTest = EventTest;

TEST_F(EpollCtlTest, CreateSizeMustBePositive)
{
	EXPECT_EQ(uk_sys_epoll_create(0), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_create(-1), -EINVAL);
	int ep = uk_sys_epoll_create(1);
	ASSERT_GE(ep, 0);
	EXPECT_EQ(uk_sys_fcntl(ep, F_GETFD, 0), 0);
}

TEST_F(EpollCtlTest, Create1TakesOnlyCloexec)
{
	EXPECT_EQ(uk_sys_epoll_create1(1), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_create1(EPOLL_CLOEXEC | O_NONBLOCK), -EINVAL);
	int ep = uk_sys_epoll_create1(EPOLL_CLOEXEC);
	ASSERT_GE(ep, 0);
	EXPECT_EQ(uk_sys_fcntl(ep, F_GETFD, 0), FD_CLOEXEC);
	int ep2 = uk_sys_epoll_create1(0);
	ASSERT_GE(ep2, 0);
	EXPECT_EQ(uk_sys_fcntl(ep2, F_GETFD, 0), 0);
}

TEST_F(EpollCtlTest, EpollFdIsNotReadable)
{
	int ep = uk_sys_epoll_create1(0);
	char c;
	EXPECT_EQ(uk_sys_read(ep, &c, 1), -EINVAL);
}

TEST_F(EpollCtlTest, BadFds)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile());
	EXPECT_EQ(Add(100, fd, EPOLLIN), -EBADF);
	EXPECT_EQ(Add(ep, 100, EPOLLIN), -EBADF);
	EXPECT_EQ(Add(-1, fd, EPOLLIN), -EBADF);
	EXPECT_EQ(Add(ep, -1, EPOLLIN), -EBADF);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, 100, nullptr), -EBADF);
}

TEST_F(EpollCtlTest, FileWithoutPollIsEperm)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile(false));
	EXPECT_EQ(Add(ep, fd, EPOLLIN), -EPERM);
	// EPERM comes before the epoll fd's own checks, as on Linux.
	EXPECT_EQ(Add(fd, fd, EPOLLIN), -EPERM);
}

TEST_F(EpollCtlTest, EinvalCases)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile());
	int fd2 = Open(NewFile());

	// The epoll fd itself, also through a dup of it.
	EXPECT_EQ(Add(ep, ep, EPOLLIN), -EINVAL);
	EXPECT_EQ(Add(ep, uk_sys_dup(ep), EPOLLIN), -EINVAL);
	// Not an epoll fd.
	EXPECT_EQ(Add(fd, fd2, EPOLLIN), -EINVAL);
	// Unknown op.
	epoll_event ev{};
	ev.events = EPOLLIN;
	EXPECT_EQ(uk_sys_epoll_ctl(ep, 42, fd, &ev), -EINVAL);
	// EPOLLEXCLUSIVE: not with MOD, not with EPOLLONESHOT, not on an
	// epoll fd; an entry added with it cannot be modified.
	EXPECT_EQ(Mod(ep, fd, EPOLLIN | EPOLLEXCLUSIVE), -EINVAL);
	EXPECT_EQ(Add(ep, fd, EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT),
		  -EINVAL);
	EXPECT_EQ(Add(ep, fd, EPOLLIN | EPOLLEXCLUSIVE | EPOLLRDHUP), -EINVAL);
	int inner = uk_sys_epoll_create1(0);
	EXPECT_EQ(Add(ep, inner, EPOLLIN | EPOLLEXCLUSIVE), -EINVAL);
	EXPECT_EQ(Add(ep, fd, EPOLLIN | EPOLLET | EPOLLEXCLUSIVE), 0);
	EXPECT_EQ(Mod(ep, fd, EPOLLIN), -EINVAL);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), 0);
}

TEST_F(EpollCtlTest, ExistsAndNoEntry)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile());
	EXPECT_EQ(Mod(ep, fd, EPOLLIN), -ENOENT);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), -ENOENT);
	EXPECT_EQ(Add(ep, fd, EPOLLIN), 0);
	EXPECT_EQ(Add(ep, fd, EPOLLOUT), -EEXIST);
	EXPECT_EQ(Mod(ep, fd, EPOLLOUT), 0);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), 0);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), -ENOENT);
	EXPECT_EQ(Add(ep, fd, EPOLLIN), 0);
}

TEST_F(EpollCtlTest, NullEventIsEfaultExceptForDel)
{
	int ep = uk_sys_epoll_create1(0);
	int fd = Open(NewFile());
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_ADD, fd, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_MOD, fd, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), -ENOENT);
}

// Entries are keyed by (file, fd): a dup is a separate entry.
TEST_F(EpollCtlTest, DupIsAnotherEntry)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	int fd2 = uk_sys_dup(fd);
	EXPECT_EQ(Add(ep, fd, EPOLLIN, 1), 0);
	EXPECT_EQ(Add(ep, fd2, EPOLLIN, 2), 0);
	EXPECT_EQ(p->Chains(), 2u);
	p->Set(EPOLLIN);
	epoll_event evs[8];
	ASSERT_EQ(Wait(ep, evs), 2);
	EXPECT_EQ(EvData(evs[0]) + EvData(evs[1]), 3u);
}

// An fd in two epoll sets is an entry in each: epoll_ctl on one set finds
// only its own among the file's chains.
TEST_F(EpollCtlTest, TwoSetsHaveTheirOwnEntries)
{
	int ep1 = uk_sys_epoll_create1(0);
	int ep2 = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	EXPECT_EQ(Add(ep1, fd, EPOLLIN, 1), 0);
	EXPECT_EQ(Mod(ep2, fd, EPOLLIN), -ENOENT);
	EXPECT_EQ(Add(ep2, fd, EPOLLIN, 2), 0);
	EXPECT_EQ(p->Chains(), 2u);
	EXPECT_EQ(uk_sys_epoll_ctl(ep1, EPOLL_CTL_DEL, fd, nullptr), 0);
	EXPECT_EQ(uk_sys_epoll_ctl(ep1, EPOLL_CTL_DEL, fd, nullptr), -ENOENT);
	EXPECT_EQ(Add(ep2, fd, EPOLLOUT), -EEXIST);
	p->Set(EPOLLIN);
	epoll_event evs[8];
	EXPECT_EQ(Wait(ep1, evs), 0);
	ASSERT_EQ(Wait(ep2, evs), 1);
	EXPECT_EQ(EvData(evs[0]), 2u);
}

TEST_F(EpollCtlTest, DelUnlinksFromTheFile)
{
	int ep = uk_sys_epoll_create1(0);
	Pollable *p = NewFile();
	int fd = Open(p);
	EXPECT_EQ(Add(ep, fd, EPOLLIN), 0);
	EXPECT_EQ(p->Chains(), 1u);
	p->Set(EPOLLIN);
	EXPECT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr), 0);
	EXPECT_EQ(p->Chains(), 0u);
	EXPECT_EQ(Wait(ep), 0);
}

} // namespace
