// posix/socket: the errno of every bad fd, pointer, length and flag.
#include <climits>

#include "tests/host/socket/socket_fixture.h"

namespace {

// Every socket call on fd, each expected to give err.
void ExpectAllCallsFail(int fd, int err)
{
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = sizeof(ss);
	char buf[4] = {};
	iovec iov = { buf, sizeof(buf) };
	msghdr msg{};
	int v = 0;

	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	EXPECT_EQ(uk_sys_accept(fd, sa, &len), -err);
	EXPECT_EQ(uk_sys_accept4(fd, nullptr, nullptr, SOCK_NONBLOCK), -err);
	EXPECT_EQ(uk_sys_bind(fd, sa, sizeof(sockaddr)), -err);
	EXPECT_EQ(uk_sys_connect(fd, sa, sizeof(sockaddr)), -err);
	EXPECT_EQ(uk_sys_listen(fd, 1), -err);
	EXPECT_EQ(uk_sys_shutdown(fd, SHUT_RD), -err);
	EXPECT_EQ(uk_sys_getsockname(fd, sa, &len), -err);
	EXPECT_EQ(uk_sys_getpeername(fd, sa, &len), -err);
	len = sizeof(v);
	EXPECT_EQ(uk_sys_getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len), -err);
	EXPECT_EQ(
		uk_sys_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)),
		-err);
	EXPECT_EQ(uk_sys_send(fd, buf, 1, 0), -err);
	EXPECT_EQ(uk_sys_sendto(fd, buf, 1, 0, nullptr, 0), -err);
	EXPECT_EQ(uk_sys_recv(fd, buf, 1, 0), -err);
	EXPECT_EQ(uk_sys_recvfrom(fd, buf, 1, 0, nullptr, nullptr), -err);
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -err);
	EXPECT_EQ(uk_sys_recvmsg(fd, &msg, 0), -err);
}

TEST_F(SocketTest, BadFdGivesEbadf)
{
	for (int fd : { -1, 3, UK_FDTAB_SIZE }) {
		SCOPED_TRACE(fd);
		ExpectAllCallsFail(fd, EBADF);
	}
}

TEST_F(SocketTest, NonSocketFdGivesEnotsock)
{
	static const uk_file_ops plain_ops{};
	uk_file plain;
	int fd;

	uk_file_init(&plain, &plain_ops, O_RDWR, nullptr);
	fd = uk_fdtab_install(&plain, 0, 0);
	ASSERT_EQ(fd, 0);
	ExpectAllCallsFail(fd, ENOTSOCK);
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(plain.refcount, 1);
}

TEST_F(SocketTest, SocketTypeFlags)
{
	int sv[2];

	EXPECT_EQ(uk_sys_socket(kAfA, SOCK_STREAM | 0x10, 0), -EINVAL);
	EXPECT_EQ(uk_sys_socket(kAfA, SOCK_STREAM | O_APPEND, 0), -EINVAL);
	// Flags are checked before the family, as on Linux.
	EXPECT_EQ(uk_sys_socket(77, SOCK_STREAM | 0x10, 0), -EINVAL);
	EXPECT_EQ(uk_sys_socketpair(kAfA, SOCK_STREAM | 0x10, 0, sv), -EINVAL);
	EXPECT_TRUE(fake.socks.empty());
}

TEST_F(SocketTest, BindAndConnectAddressChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);

	for (auto call : { uk_sys_bind, uk_sys_connect }) {
		EXPECT_EQ(call(fd, sa, static_cast<socklen_t>(-1)), -EINVAL);
		EXPECT_EQ(call(fd, sa, sizeof(ss) + 1), -EINVAL);
		EXPECT_EQ(call(fd, sa, sizeof(sa_family_t) - 1), -EINVAL);
		EXPECT_EQ(call(fd, sa, 0), -EINVAL);
		EXPECT_EQ(call(fd, nullptr, sizeof(sockaddr)), -EFAULT);
		EXPECT_EQ(call(fd, nullptr, 0), -EINVAL);
		EXPECT_EQ(s->last_call, "");
	}
	ss.ss_family = kAfA;
	EXPECT_EQ(uk_sys_bind(fd, sa, sizeof(sa_family_t)), 0);
	EXPECT_EQ(s->last_call, "bind");
	EXPECT_EQ(s->last_addr_len, sizeof(sa_family_t));
	EXPECT_EQ(uk_sys_connect(fd, sa, sizeof(ss)), 0);
	EXPECT_EQ(s->last_call, "connect");
	EXPECT_EQ(s->last_addr.ss_family, kAfA);
}

TEST_F(SocketTest, AcceptChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = static_cast<socklen_t>(-4);

	EXPECT_EQ(uk_sys_accept(fd, sa, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_accept(fd, sa, &len), -EINVAL);
	EXPECT_EQ(uk_sys_accept4(fd, nullptr, nullptr, O_APPEND), -EINVAL);
	EXPECT_EQ(uk_sys_accept4(-1, nullptr, nullptr, 0x40000000), -EINVAL);
	EXPECT_EQ(s->last_call, "");
	EXPECT_EQ(fake.socks.size(), 1u);
	// Without an address, addrlen is not looked at.
	EXPECT_EQ(uk_sys_accept(fd, nullptr, &len), 1);
	EXPECT_FALSE(s->got_addr);
}

TEST_F(SocketTest, NameChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = static_cast<socklen_t>(-1);

	for (auto call : { uk_sys_getsockname, uk_sys_getpeername }) {
		len = static_cast<socklen_t>(-1);
		EXPECT_EQ(call(fd, sa, nullptr), -EFAULT);
		EXPECT_EQ(call(fd, sa, &len), -EINVAL);
		len = 4;
		EXPECT_EQ(call(fd, nullptr, &len), -EFAULT);
		EXPECT_EQ(s->last_call, "");
		// Zero room: no address needed, the full length comes back.
		len = 0;
		EXPECT_EQ(call(fd, nullptr, &len), 0);
		EXPECT_EQ(len, 8u);
		s->last_call = "";
	}
}

TEST_F(SocketTest, SockoptChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	int v = 1;
	socklen_t len = static_cast<socklen_t>(-1);

	EXPECT_EQ(uk_sys_getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, nullptr),
		  -EFAULT);
	EXPECT_EQ(uk_sys_getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len),
		  -EINVAL);
	EXPECT_EQ(uk_sys_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, nullptr, 4),
		  -EFAULT);
	EXPECT_EQ(uk_sys_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v,
				    static_cast<socklen_t>(-1)),
		  -EINVAL);
	// A negative optlen is rejected before the fd is looked at.
	EXPECT_EQ(uk_sys_setsockopt(-1, SOL_SOCKET, SO_REUSEADDR, &v,
				    static_cast<socklen_t>(-1)),
		  -EINVAL);
	EXPECT_EQ(s->last_call, "");
	EXPECT_EQ(uk_sys_setsockopt(fd, SOL_SOCKET, 0, nullptr, 0), 0);
	EXPECT_EQ(s->last_call, "setsockopt");
}

TEST_F(SocketTest, ShutdownChecksHow)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);

	EXPECT_EQ(uk_sys_shutdown(fd, -1), -EINVAL);
	EXPECT_EQ(uk_sys_shutdown(fd, 3), -EINVAL);
	EXPECT_EQ(s->last_call, "");
	EXPECT_EQ(uk_sys_shutdown(fd, SHUT_RDWR), 0);
	EXPECT_EQ(s->last_arg, SHUT_RDWR);
}

TEST_F(SocketTest, SendRecvChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = static_cast<socklen_t>(-1);
	char buf[4];

	EXPECT_EQ(uk_sys_send(fd, nullptr, 1, 0), -EFAULT);
	EXPECT_EQ(uk_sys_sendto(fd, buf, 1, 0, sa, sizeof(ss) + 1), -EINVAL);
	EXPECT_EQ(uk_sys_sendto(fd, buf, 1, 0, sa, 1), -EINVAL);
	EXPECT_EQ(uk_sys_recv(fd, nullptr, 1, 0), -EFAULT);
	EXPECT_EQ(uk_sys_recvfrom(fd, buf, 1, 0, sa, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_recvfrom(fd, buf, 1, 0, sa, &len), -EINVAL);
	EXPECT_EQ(s->last_call, "");
	// A NULL destination makes its length irrelevant.
	EXPECT_EQ(uk_sys_sendto(fd, "x", 1, 0, nullptr, 12345), 1);
	EXPECT_FALSE(s->got_addr);
	EXPECT_EQ(s->last_addr_len, 0u);
	EXPECT_EQ(uk_sys_send(fd, nullptr, 0, 0), 0);
}

TEST_F(SocketTest, MsgChecks)
{
	FakeSock *s;
	int fd = Socket(kAfA, &s);
	char buf[4];
	iovec iov = { buf, sizeof(buf) };
	msghdr msg{};

	EXPECT_EQ(uk_sys_sendmsg(fd, nullptr, 0), -EFAULT);
	EXPECT_EQ(uk_sys_recvmsg(fd, nullptr, 0), -EFAULT);
	msg.msg_iovlen = 1;
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -EFAULT);
	msg.msg_iov = &iov;
	msg.msg_iovlen = UK_IOV_MAX + 1;
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -EMSGSIZE);
	EXPECT_EQ(uk_sys_recvmsg(fd, &msg, 0), -EMSGSIZE);
	msg.msg_iovlen = 1;
	msg.msg_namelen = static_cast<socklen_t>(-1);
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -EINVAL);
	EXPECT_EQ(uk_sys_recvmsg(fd, &msg, 0), -EINVAL);
	msg.msg_namelen = 0;
	msg.msg_controllen = static_cast<socklen_t>(-1);
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -ENOBUFS);
	EXPECT_EQ(s->last_call, "");
	msg.msg_controllen = 0;
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, MSG_DONTWAIT), 4);
	EXPECT_EQ(s->last_call, "sendmsg");
	EXPECT_EQ(s->last_arg, MSG_DONTWAIT);
}

TEST_F(SocketTest, SocketpairNeedsAVector)
{
	EXPECT_EQ(uk_sys_socketpair(kAfA, SOCK_STREAM, 0, nullptr), -EFAULT);
	EXPECT_TRUE(fake.socks.empty());
}

// A family without an operation: -EOPNOTSUPP for the socket calls, and
// the fdtab defaults for the file calls.
TEST_F(SocketTest, MissingOps)
{
	int fd = Socket(kAfMinimal);
	sockaddr_storage ss{};
	sockaddr *sa = reinterpret_cast<sockaddr *>(&ss);
	socklen_t len = sizeof(ss);
	char buf[4];
	iovec iov = { buf, sizeof(buf) };
	msghdr msg{};
	int v = 0, sv[2];
	unsigned int rev = 0;

	ASSERT_EQ(fd, 0);
	EXPECT_EQ(uk_sys_accept(fd, sa, &len), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_bind(fd, sa, sizeof(sockaddr)), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_connect(fd, sa, sizeof(sockaddr)), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_listen(fd, 1), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_shutdown(fd, SHUT_RD), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_getsockname(fd, sa, &len), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_getpeername(fd, sa, &len), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_getsockopt(fd, 0, 0, &v, &len), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_setsockopt(fd, 0, 0, &v, sizeof(v)), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_send(fd, buf, 1, 0), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_recv(fd, buf, 1, 0), -EOPNOTSUPP);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	EXPECT_EQ(uk_sys_sendmsg(fd, &msg, 0), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_recvmsg(fd, &msg, 0), -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_socketpair(kAfMinimal, SOCK_STREAM, 0, sv),
		  -EOPNOTSUPP);
	EXPECT_EQ(uk_sys_read(fd, buf, 1), -EINVAL);
	EXPECT_EQ(uk_sys_write(fd, buf, 1), -EINVAL);
	EXPECT_EQ(uk_sys_ioctl(fd, FIONREAD, &v), -ENOTTY);
	// O_NONBLOCK without an ioctl op: kept on the fd all the same.
	EXPECT_EQ(uk_sys_fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	EXPECT_EQ(uk_sys_fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
	uk_file *f = uk_fdtab_get(fd);
	ASSERT_NE(f, nullptr);
	EXPECT_EQ(uk_file_poll(f, &rev, nullptr), 0);
	EXPECT_EQ(rev, (unsigned)(POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
	uk_file_release(f);
	EXPECT_EQ(uk_sys_close(fd), 0);
}

} // namespace
