// posix/socket: family registration and dispatch by address family.
#include "tests/host/socket/socket_fixture.h"

namespace {

TEST_F(SocketTest, AddRejectsBadDrivers)
{
	posix_socket_ops no_create = fake_ops;
	posix_socket_driver out_low{ -1, &fake_ops, nullptr, nullptr };
	posix_socket_driver out_high{ POSIX_SOCKET_FAMILY_COUNT, &fake_ops,
				      nullptr, nullptr };
	posix_socket_driver no_ops{ 150, nullptr, nullptr, nullptr };
	posix_socket_driver no_cr{ 150, &no_create, nullptr, nullptr };
	posix_socket_driver again{ kAfA, &fake_ops, nullptr, nullptr };

	no_create.create = nullptr;
	EXPECT_EQ(posix_socket_family_add(&out_low), -EINVAL);
	EXPECT_EQ(posix_socket_family_add(&out_high), -EINVAL);
	EXPECT_EQ(posix_socket_family_add(&no_ops), -EINVAL);
	EXPECT_EQ(posix_socket_family_add(&no_cr), -EINVAL);
	EXPECT_EQ(posix_socket_family_add(&again), -EEXIST);
	// No init ran for a rejected driver, and nothing was registered.
	EXPECT_EQ(fake.inits, 0);
	EXPECT_EQ(posix_socket_family_get(150), nullptr);
	EXPECT_EQ(uk_sys_socket(150, SOCK_STREAM, 0), -EAFNOSUPPORT);
	EXPECT_EQ(posix_socket_family_get(kAfA)->ops, &fake_ops);
	EXPECT_NE(posix_socket_family_get(kAfA), &again);
}

TEST_F(SocketTest, InitRunsOnceAndMaySetDriverFields)
{
	static int marker;
	static posix_socket_ops ops = fake_ops;
	static posix_socket_driver d{ 151, &ops, nullptr, nullptr };
	FakeSock *s;

	ops.init = [](posix_socket_driver *drv) {
		fake.inits++;
		drv->priv = &marker;
		drv->allocator = reinterpret_cast<uk_alloc *>(&marker);
		return 0;
	};
	EXPECT_EQ(posix_socket_family_add(&d), 0);
	EXPECT_EQ(fake.inits, 1);
	EXPECT_EQ(d.priv, &marker);
	ASSERT_EQ(Socket(151, &s), 0);
	// The glue sees the driver, with what init put there.
	EXPECT_EQ(s->d, &d);
	EXPECT_EQ(s->d->priv, &marker);
	EXPECT_EQ(fake.inits, 1);
}

TEST_F(SocketTest, FailingInitLeavesFamilyOut)
{
	static posix_socket_ops ops = fake_ops;
	static posix_socket_driver d{ 152, &ops, nullptr, nullptr };

	ops.init = [](posix_socket_driver *) {
		fake.inits++;
		return -ENODEV;
	};
	EXPECT_EQ(posix_socket_family_add(&d), -ENODEV);
	EXPECT_EQ(fake.inits, 1);
	EXPECT_EQ(posix_socket_family_get(152), nullptr);
	EXPECT_EQ(uk_sys_socket(152, SOCK_STREAM, 0), -EAFNOSUPPORT);
}

TEST_F(SocketTest, UnknownFamilyGivesEafnosupport)
{
	int sv[2] = { -1, -1 };

	for (int af : { AF_UNSPEC, AF_INET6, AF_UNIX, 77, kAfA + 2,
			POSIX_SOCKET_FAMILY_COUNT - 1,
			POSIX_SOCKET_FAMILY_COUNT, 100000, -1 }) {
		SCOPED_TRACE(af);
		EXPECT_EQ(posix_socket_family_get(af), nullptr);
		EXPECT_EQ(uk_sys_socket(af, SOCK_STREAM, 0), -EAFNOSUPPORT);
		EXPECT_EQ(uk_sys_socketpair(af, SOCK_STREAM, 0, sv),
			  -EAFNOSUPPORT);
	}
	EXPECT_TRUE(fake.socks.empty());
	EXPECT_EQ(uk_sys_close(0), -EBADF);
}

TEST_F(SocketTest, DispatchByFamily)
{
	FakeSock *a, *b, *in;
	int fa = Socket(kAfA, &a, SOCK_DGRAM);
	int fb = Socket(kAfB, &b);
	int fi = Socket(AF_INET, &in, SOCK_RAW);

	ASSERT_EQ(fa, 0);
	ASSERT_EQ(fb, 1);
	ASSERT_EQ(fi, 2);
	ASSERT_NE(a, b);
	// One ops table, two families: each call sees its own driver.
	EXPECT_EQ(a->d, posix_socket_family_get(kAfA));
	EXPECT_EQ(b->d, posix_socket_family_get(kAfB));
	EXPECT_EQ(a->d->family, kAfA);
	EXPECT_EQ(b->d->family, kAfB);
	EXPECT_EQ(a->family, kAfA);
	EXPECT_EQ(a->type, SOCK_DGRAM);
	EXPECT_EQ(in->family, AF_INET);
	EXPECT_EQ(in->type, SOCK_RAW);
	// Calls on each fd reach that fd's socket.
	EXPECT_EQ(uk_sys_listen(fb, 5), 0);
	EXPECT_EQ(b->last_call, "listen");
	EXPECT_EQ(b->last_arg, 5);
	EXPECT_EQ(a->last_call, "");
	EXPECT_EQ(uk_sys_write(fa, "to-a", 4), 4);
	EXPECT_EQ(uk_sys_send(fi, "to-in", 5, 0), 5);
	EXPECT_EQ(a->sent, "to-a");
	EXPECT_EQ(in->sent, "to-in");
	EXPECT_EQ(b->sent, "");
}

TEST_F(SocketTest, CreateErrorIsPassedOn)
{
	fake.create_err = -EPROTONOSUPPORT;
	EXPECT_EQ(uk_sys_socket(kAfA, SOCK_STREAM, 99), -EPROTONOSUPPORT);
	fake.create_err = 0;
	// No fd was used up.
	EXPECT_EQ(Socket(kAfA), 0);
}

// A family may use small integers as handles, 0 included.
TEST_F(SocketTest, NullHandleIsAValidSocket)
{
	static posix_socket_ops ops{};
	static posix_socket_driver d{ 153, &ops, nullptr, nullptr };
	static std::vector<intptr_t> closed;
	static intptr_t next;

	ops.create = [](posix_socket_driver *, int, int, int) -> void * {
		return reinterpret_cast<void *>(next++);
	};
	ops.listen = [](posix_socket_driver *, void *sock, int) {
		return static_cast<int>(reinterpret_cast<intptr_t>(sock)) + 100;
	};
	ops.close = [](posix_socket_driver *, void *sock) {
		closed.push_back(reinterpret_cast<intptr_t>(sock));
		return 0;
	};
	ASSERT_EQ(posix_socket_family_add(&d), 0);
	int f0 = uk_sys_socket(153, SOCK_STREAM, 0);
	int f1 = uk_sys_socket(153, SOCK_STREAM, 0);
	ASSERT_GE(f0, 0);
	ASSERT_GE(f1, 0);
	EXPECT_EQ(uk_sys_listen(f0, 1), 100);
	EXPECT_EQ(uk_sys_listen(f1, 1), 101);
	EXPECT_EQ(uk_sys_close(f1), 0);
	EXPECT_EQ(uk_sys_close(f0), 0);
	EXPECT_EQ(closed, (std::vector<intptr_t>{ 1, 0 }));
}

} // namespace
