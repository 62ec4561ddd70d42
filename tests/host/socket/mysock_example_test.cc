// The release notes' mysock example: compiled unchanged (mysock_ops.c,
// mysock_glue.c) and working when registered.
#include <gtest/gtest.h>
#include <uk/fdtab.h>
#include <uk/socket.h>

#include "tests/host/socket/my_socket.h"

namespace {

// A family number of our own: the host has no section walker to pick up
// the example's AF_INET record.
constexpr int kAfMysock = 240;

TEST(MysockExample, OpsTableNamesEveryGlueFunction)
{
	const posix_socket_ops *o = mysock_example_ops();

	EXPECT_EQ(o->init, mysock_init);
	EXPECT_EQ(o->create, mysock_create);
	EXPECT_EQ(o->accept4, mysock_accept4);
	EXPECT_EQ(o->bind, mysock_bind);
	EXPECT_EQ(o->shutdown, mysock_shutdown);
	EXPECT_EQ(o->getpeername, mysock_getpeername);
	EXPECT_EQ(o->getsockname, mysock_getsockname);
	EXPECT_EQ(o->getsockopt, mysock_getsockopt);
	EXPECT_EQ(o->setsockopt, mysock_setsockopt);
	EXPECT_EQ(o->connect, mysock_connect);
	EXPECT_EQ(o->listen, mysock_listen);
	EXPECT_EQ(o->recvfrom, mysock_recvfrom);
	EXPECT_EQ(o->recvmsg, mysock_recvmsg);
	EXPECT_EQ(o->sendmsg, mysock_sendmsg);
	EXPECT_EQ(o->sendto, mysock_sendto);
	EXPECT_EQ(o->read, mysock_read);
	EXPECT_EQ(o->write, mysock_write);
	EXPECT_EQ(o->close, mysock_close);
	EXPECT_EQ(o->ioctl, mysock_ioctl);
	EXPECT_EQ(o->poll, mysock_poll);
	EXPECT_EQ(o->socketpair, nullptr);
}

TEST(MysockExample, GlueTurnsErrnoIntoNegativeReturn)
{
	posix_socket_bind_func_t glue = mysock_example_glue_bind();
	my_socket s{};
	sockaddr sa{};

	EXPECT_EQ(glue(nullptr, &s, &sa, sizeof(sa)), 0);
	EXPECT_EQ(s.bound, 1);
	s.bind_errno = EADDRINUSE;
	EXPECT_EQ(glue(nullptr, &s, &sa, sizeof(sa)), -EADDRINUSE);
}

TEST(MysockExample, RegisteredFamilyServesSocketCalls)
{
	static posix_socket_driver d{ kAfMysock, mysock_example_ops(), nullptr,
				      nullptr };
	sockaddr sa{};
	int fd;

	ASSERT_EQ(posix_socket_family_add(&d), 0);
	EXPECT_EQ(mysock_example_inits(), 1);
	EXPECT_EQ(uk_sys_socket(kAfMysock, SOCK_DGRAM, 0), -EPROTONOSUPPORT);
	fd = uk_sys_socket(kAfMysock, SOCK_STREAM, 0);
	ASSERT_GE(fd, 0);
	my_socket *s = mysock_example_last();
	ASSERT_NE(s, nullptr);
	EXPECT_EQ(uk_sys_listen(fd, 1), -EDESTADDRREQ);
	s->bind_errno = EACCES;
	EXPECT_EQ(uk_sys_bind(fd, &sa, sizeof(sa)), -EACCES);
	s->bind_errno = 0;
	EXPECT_EQ(uk_sys_bind(fd, &sa, sizeof(sa)), 0);
	EXPECT_EQ(uk_sys_listen(fd, 1), 0);
	EXPECT_EQ(uk_sys_accept(fd, nullptr, nullptr), -EAGAIN);
	EXPECT_EQ(uk_sys_close(fd), 0);
	EXPECT_EQ(s->bound, 0);
}

} // namespace
