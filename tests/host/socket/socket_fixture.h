// Test fixture for posix/socket: fake families registered once per process.
#ifndef TESTS_HOST_SOCKET_SOCKET_FIXTURE_H
#define TESTS_HOST_SOCKET_SOCKET_FIXTURE_H

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <gtest/gtest.h>
#include <uk/fdtab.h>
#include <uk/socket.h>

#include "tests/host/socket/fake_family.h"

// Families beyond <sys/socket.h>'s AF_MAX, served by one ops table (as two
// families of one library), and one whose ops have only create.
constexpr int kAfA = 200;
constexpr int kAfB = 201;
constexpr int kAfMinimal = 220;
static_assert(kAfA > AF_MAX, "custom families lie beyond AF_MAX");

class SocketTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		static posix_socket_driver a{ kAfA, &fake_ops, nullptr,
					      nullptr };
		static posix_socket_driver b{ kAfB, &fake_ops, nullptr,
					      nullptr };
		static posix_socket_driver inet{ AF_INET, &fake_ops, nullptr,
						 nullptr };
		static posix_socket_driver minimal{ kAfMinimal,
						    &fake_minimal_ops, nullptr,
						    nullptr };
		static bool done;

		if (done)
			return;
		done = true;
		ASSERT_EQ(posix_socket_family_add(&a), 0);
		ASSERT_EQ(posix_socket_family_add(&b), 0);
		ASSERT_EQ(posix_socket_family_add(&inet), 0);
		ASSERT_EQ(posix_socket_family_add(&minimal), 0);
	}

	void SetUp() override
	{
		fake.Reset();
	}

	// The table is one per process: leave it empty for the next test.
	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
	}

	// A socket of family af; the fake socket behind it in *s.
	static int Socket(int af, FakeSock **s = nullptr,
			  int type = SOCK_STREAM)
	{
		int fd = uk_sys_socket(af, type, 0);

		if (s)
			*s = fake.last();
		return fd;
	}
};

#endif // TESTS_HOST_SOCKET_SOCKET_FIXTURE_H
