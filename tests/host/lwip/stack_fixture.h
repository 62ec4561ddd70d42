// The lwIP stack on the fake platform, started once per test binary, with
// lwIP registered as AF_INET and AF_INET6 as the kernel registers it.
#ifndef TESTS_HOST_LWIP_STACK_FIXTURE_H
#define TESTS_HOST_LWIP_STACK_FIXTURE_H

#include <gtest/gtest.h>

#include <netinet/in.h>

#include <cstdint>
#include <cstdlib>

extern "C" {
#include <fakeplat.h>
#include <uk/allocbuddy.h>
#include <uk/lwip.h>
#include <uk/socket.h>
#include <uk/thread.h>

#include "third_party/lwip/port/socket_ops.h"
}

// 127.0.0.1:port and [::1]:port.
inline sockaddr_in v4(uint16_t port)
{
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_port = htons(port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

inline sockaddr_in6 v6(uint16_t port)
{
	sockaddr_in6 a{};
	a.sin6_family = AF_INET6;
	a.sin6_port = htons(port);
	a.sin6_addr = in6addr_loopback;
	return a;
}

class LwipTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		static bool started;
		static posix_socket_driver inet = { AF_INET,
						    &uk_lwip_socket_ops,
						    nullptr, nullptr };
		static posix_socket_driver inet6 = { AF_INET6,
						     &uk_lwip_socket_ops,
						     nullptr, nullptr };

		if (started)
			return;
		started = true;
		constexpr size_t kArena = 64 << 20;
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
		ASSERT_EQ(uk_lwip_start(), 0);
		ASSERT_EQ(posix_socket_family_add(&inet), 0);
		ASSERT_EQ(posix_socket_family_add(&inet6), 0);
	}
};

#endif // TESTS_HOST_LWIP_STACK_FIXTURE_H
