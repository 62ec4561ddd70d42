// posix/socket: socket fds as open files (flags, lifecycle, I/O, poll).
#include <netinet/in.h>

#include "tests/host/socket/socket_fixture.h"

namespace {

TEST_F(SocketTest, NonblockAndCloexecFlags)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC);

	ASSERT_EQ(fd, 0);
	// The family sees the plain type and learns O_NONBLOCK by FIONBIO.
	EXPECT_EQ(s->type, SOCK_STREAM);
	EXPECT_TRUE(s->nonblock);
	EXPECT_EQ(s->nonblock_sets, 1);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFD, 0), FD_CLOEXEC);

	FakeSock *p;
	int fd2 = Socket(kAfA, &p, SOCK_DGRAM);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFL, 0), O_RDWR);
	EXPECT_EQ(uk_sys_fcntl(fd2, F_GETFD, 0), 0);
	EXPECT_EQ(p->nonblock_sets, 0);
}

TEST_F(SocketTest, NonblockChangesReachTheFamily)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	int on = 1, off = 0;

	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	EXPECT_TRUE(s->nonblock);
	EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, &off), 0);
	EXPECT_FALSE(s->nonblock);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR);
	// O_APPEND alone does not bother the family.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_APPEND), 0);
	EXPECT_EQ(s->nonblock_sets, 2);
	// A family's refusal leaves the fd as it was.
	fake.fionbio_err = -EIO;
	EXPECT_EQ(uk_sys_ioctl(fd, FIONBIO, &on), -EIO);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_APPEND);
	// Other ioctls go to the family.
	EXPECT_EQ(uk_sys_ioctl(fd, FIONREAD, &on), 3);
	EXPECT_EQ(s->last_ioctl, (unsigned long)FIONREAD);
}

TEST_F(SocketTest, NonblockRefusedAtCreation)
{
	FakeSock *s;

	fake.fionbio_err = -EINVAL;
	EXPECT_EQ(Socket(kAfA, &s, SOCK_STREAM | SOCK_NONBLOCK), -EINVAL);
	EXPECT_EQ(s->closes, 1);
	EXPECT_EQ(uk_sys_close(0), -EBADF);
}

TEST_F(SocketTest, Accept)
{
	FakeSock *l;
	int lfd = Socket(kAfA, &l);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = 4;

	int cfd = uk_sys_accept4(lfd, sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	ASSERT_EQ(cfd, 1);
	FakeSock *c = fake.last();
	ASSERT_NE(c, l);
	EXPECT_EQ(l->last_call, "accept4");
	EXPECT_EQ(l->last_arg, 0);
	// Truncated to the room given, the full length reported.
	EXPECT_EQ(len, 8u);
	EXPECT_EQ(reinterpret_cast<unsigned char *>(&ss)[0], 42);
	EXPECT_EQ(reinterpret_cast<unsigned char *>(&ss)[3], 0x5a);
	EXPECT_EQ(reinterpret_cast<unsigned char *>(&ss)[4], 0);
	EXPECT_TRUE(c->nonblock);
	EXPECT_FALSE(l->nonblock);
	EXPECT_EQ(uk_sys_fcntl(cfd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	EXPECT_EQ(uk_sys_fcntl(cfd, F_GETFD, 0), FD_CLOEXEC);
	EXPECT_EQ(uk_sys_write(cfd, "hi", 2), 2);
	EXPECT_EQ(c->sent, "hi");
	EXPECT_EQ(l->sent, "");
	// A failed accept uses up no fd.
	fake.accept_err = -EAGAIN;
	EXPECT_EQ(uk_sys_accept(lfd, nullptr, nullptr), -EAGAIN);
	fake.accept_err = 0;
	EXPECT_EQ(uk_sys_accept(lfd, nullptr, nullptr), 2);
	EXPECT_EQ(uk_sys_fcntl(2, F_GETFL, 0), O_RDWR);
}

TEST_F(SocketTest, CloseReleasesTheSocketOnce)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	int fd2 = uk_sys_dup(fd);
	int fd3 = uk_sys_fcntl(fd, F_DUPFD, 10);

	ASSERT_EQ(fd2, 1);
	ASSERT_EQ(fd3, 10);
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(uk_sys_close(fd3), 0);
	EXPECT_EQ(s->closes, 0);
	// The dup is still the same socket.
	EXPECT_EQ(uk_sys_listen(fd2, 3), 0);
	EXPECT_EQ(s->last_call, "listen");
	fake.close_ret = -ECONNRESET;
	EXPECT_EQ(uk_sys_close(fd2), -ECONNRESET);
	EXPECT_EQ(s->closes, 1);
	EXPECT_EQ(uk_sys_listen(fd2, 3), -EBADF);
	// dup2 over a socket's last fd closes it too.
	fake.close_ret = 0;
	FakeSock *t;
	int fd4 = Socket(kAfB, &t);
	int other = Socket(kAfB);
	EXPECT_EQ(uk_sys_dup2(other, fd4), fd4);
	EXPECT_EQ(t->closes, 1);
}

TEST_F(SocketTest, FileIoGoesToReadAndWrite)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	char a[3] = {}, b[8] = {};
	iovec out[2] = { { (void *)"ab", 2 }, { (void *)"cde", 3 } };
	iovec in[2] = { { a, 2 }, { b, 7 } };

	EXPECT_EQ(uk_sys_write(fd, "x", 1), 1);
	EXPECT_EQ(s->last_call, "write");
	EXPECT_EQ(s->last_arg, 1);
	EXPECT_EQ(uk_sys_writev(fd, out, 2), 5);
	EXPECT_EQ(s->last_arg, 2);
	EXPECT_EQ(s->sent, "xabcde");
	s->input = "12345";
	EXPECT_EQ(uk_sys_readv(fd, in, 2), 5);
	EXPECT_EQ(s->last_call, "read");
	EXPECT_STREQ(a, "12");
	EXPECT_STREQ(b, "345");
	s->input = "z";
	EXPECT_EQ(uk_sys_read(fd, b, sizeof(b)), 1);
	EXPECT_EQ(b[0], 'z');
}

TEST_F(SocketTest, SendRecvMapToSendtoRecvfrom)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = sizeof(ss);
	char buf[8] = {};

	EXPECT_EQ(uk_sys_send(fd, "abc", 3, MSG_NOSIGNAL), 3);
	EXPECT_EQ(s->last_call, "sendto");
	EXPECT_EQ(s->last_arg, MSG_NOSIGNAL);
	EXPECT_FALSE(s->got_addr);
	ss.ss_family = kAfA;
	EXPECT_EQ(uk_sys_sendto(fd, "d", 1, 0, sa, 16), 1);
	EXPECT_TRUE(s->got_addr);
	EXPECT_EQ(s->last_addr_len, 16u);
	EXPECT_EQ(s->sent, "abcd");
	s->input = "hello";
	EXPECT_EQ(uk_sys_recv(fd, buf, 2, MSG_PEEK), 2);
	EXPECT_EQ(s->last_call, "recvfrom");
	EXPECT_EQ(s->last_arg, MSG_PEEK);
	EXPECT_FALSE(s->got_addr);
	EXPECT_EQ(uk_sys_recvfrom(fd, buf, sizeof(buf), 0, sa, &len), 3);
	EXPECT_TRUE(s->got_addr);
	EXPECT_EQ(len, 8u);
	// The other sockopt and name calls reach the family too.
	int v = 0;
	socklen_t vl = sizeof(v);
	EXPECT_EQ(uk_sys_getsockopt(fd, SOL_SOCKET, 7, &v, &vl), 0);
	EXPECT_EQ(v, 70);
	EXPECT_EQ(s->last_arg, SOL_SOCKET);
	v = 5;
	EXPECT_EQ(uk_sys_setsockopt(fd, IPPROTO_TCP, 2, &v, sizeof(v)), 0);
	EXPECT_EQ(s->last_arg, IPPROTO_TCP);
	EXPECT_EQ(s->last_ioctl, 7u);
	len = sizeof(ss);
	EXPECT_EQ(uk_sys_getpeername(fd, sa, &len), 0);
	EXPECT_EQ(s->last_call, "getpeername");
	EXPECT_EQ(uk_sys_getsockname(fd, sa, &len), 0);
	EXPECT_EQ(s->last_call, "getsockname");
}

// The family gets one chain per socket, right at creation; its wake-ups
// reach the waiters an eventpoll registered on the socket's file.
TEST_F(SocketTest, PollChainsForwardFamilyWakeups)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	uk_file *f = uk_fdtab_get(fd);
	uk_poll_chain waiter{};
	static int wakes;
	static unsigned int woken_events;
	static int detaches;
	unsigned int rev = 0;

	wakes = detaches = 0;
	ASSERT_NE(f, nullptr);
	ASSERT_NE(s->chain, nullptr);
	EXPECT_EQ(s->chains_given, 1);
	waiter.wake = [](uk_poll_chain *, unsigned int ev) {
		wakes++;
		woken_events = ev;
	};
	waiter.detach = [](uk_poll_chain *) { detaches++; };
	s->events = POLLIN | POLLOUT;
	EXPECT_EQ(uk_file_poll(f, &rev, &waiter), 0);
	EXPECT_EQ(rev, (unsigned)(POLLIN | POLLOUT));
	EXPECT_EQ(s->chains_given, 1);
	uk_file_release(f);
	s->chain->wake(s->chain, POLLRDHUP);
	EXPECT_EQ(wakes, 1);
	EXPECT_EQ(woken_events, (unsigned)POLLRDHUP);
	// Closing the last fd detaches the waiter and closes the socket.
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(detaches, 1);
	EXPECT_EQ(s->closes, 1);
}

TEST_F(SocketTest, PollErrorAtCreationFailsTheSocket)
{
	fake.poll_err = -ENOMEM;
	EXPECT_EQ(Socket(kAfA), -ENOMEM);
	ASSERT_EQ(fake.socks.size(), 1u);
	EXPECT_EQ(fake.last()->closes, 1);
	EXPECT_EQ(uk_sys_close(0), -EBADF);
}

TEST_F(SocketTest, Socketpair)
{
	int sv[2] = { -1, -1 };

	ASSERT_EQ(uk_sys_socketpair(kAfB, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
		  0);
	EXPECT_EQ(sv[0], 0);
	EXPECT_EQ(sv[1], 1);
	ASSERT_EQ(fake.socks.size(), 2u);
	FakeSock *s0 = fake.socks[0].get(), *s1 = fake.socks[1].get();
	EXPECT_EQ(s0->family, kAfB);
	EXPECT_EQ(s0->type, SOCK_STREAM);
	EXPECT_TRUE(s0->nonblock);
	EXPECT_TRUE(s1->nonblock);
	EXPECT_EQ(s0->chains_given + s1->chains_given, 2);
	EXPECT_EQ(uk_sys_write(sv[1], "q", 1), 1);
	EXPECT_EQ(s1->sent, "q");
	EXPECT_EQ(uk_sys_fcntl(sv[0], F_GETFD, 0), 0);
	EXPECT_EQ(uk_sys_close(sv[0]), 0);
	EXPECT_EQ(s0->closes, 1);
	EXPECT_EQ(s1->closes, 0);

	fake.pair_err = -EOPNOTSUPP;
	sv[0] = sv[1] = -1;
	EXPECT_EQ(uk_sys_socketpair(kAfB, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv),
		  -EOPNOTSUPP);
	EXPECT_EQ(sv[0], -1);
	fake.pair_err = 0;
	ASSERT_EQ(uk_sys_socketpair(kAfB, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	EXPECT_EQ(sv[0], 0);
	EXPECT_EQ(sv[1], 2);
	EXPECT_EQ(uk_sys_fcntl(sv[1], F_GETFD, 0), FD_CLOEXEC);
}

// With no fd left, a new socket is closed again: nothing leaks.
TEST_F(SocketTest, FullTableGivesEmfile)
{
	int sv[2];

	for (int i = 0; i < UK_FDTAB_SIZE; i++)
		ASSERT_EQ(Socket(kAfA), i);
	size_t made = fake.socks.size();
	EXPECT_EQ(Socket(kAfA), -EMFILE);
	ASSERT_EQ(fake.socks.size(), made + 1);
	EXPECT_EQ(fake.last()->closes, 1);
	EXPECT_EQ(uk_sys_accept(0, nullptr, nullptr), -EMFILE);
	EXPECT_EQ(fake.last()->closes, 1);
	EXPECT_EQ(uk_sys_socketpair(kAfA, SOCK_STREAM, 0, sv), -EMFILE);
	EXPECT_EQ(fake.socks[made + 2]->closes, 1);
	EXPECT_EQ(fake.socks[made + 3]->closes, 1);
	// One free fd is not enough for a pair: the first fd is given back.
	EXPECT_EQ(uk_sys_close(5), 0);
	EXPECT_EQ(uk_sys_socketpair(kAfA, SOCK_STREAM, 0, sv), -EMFILE);
	EXPECT_EQ(fake.socks[made + 4]->closes, 1);
	EXPECT_EQ(fake.socks[made + 5]->closes, 1);
	EXPECT_EQ(Socket(kAfA), 5);
}

// Socket files outlive their fds while referenced, and come from the
// heap: more of them than the fd table's initial size and than the 1,088
// of the static pool they replaced, each closed when its last reference
// goes.
TEST_F(SocketTest, SocketFilesAreNotAFixedPool)
{
	std::vector<uk_file *> held;

	for (int i = 0; i < 3000; i++) {
		ASSERT_EQ(Socket(kAfA), 0);
		held.push_back(uk_fdtab_get(0));
		ASSERT_EQ(uk_sys_close(0), 0);
	}
	for (size_t i = 0; i < held.size(); i++)
		ASSERT_EQ(fake.socks[i]->closes, 0);
	for (uk_file *f : held)
		uk_file_release(f);
	for (size_t i = 0; i < held.size(); i++)
		ASSERT_EQ(fake.socks[i]->closes, 1);
}

} // namespace
