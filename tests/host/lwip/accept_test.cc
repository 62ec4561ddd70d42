// Host tests of accept() under hostile clients (issue 18): a connection
// reset before it is accepted, and an edge-triggered listener with
// connections arriving while others wait in its backlog.
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

#include "tests/host/lwip/stack_fixture.h"

extern "C" {
#include <uk/epoll.h>
#include <uk/fdtab.h>

#include "lwip/api.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
}

namespace {

constexpr __nsec kMs = 1000000;

class AcceptTest : public LwipTest {
protected:
	int Listen(uint16_t port, int flags)
	{
		sockaddr_in a = v4(port);
		int l = uk_sys_socket(AF_INET, SOCK_STREAM | flags, 0);

		EXPECT_GE(l, 0);
		EXPECT_EQ(uk_sys_bind(l, (sockaddr *)&a, sizeof(a)), 0);
		EXPECT_EQ(uk_sys_listen(l, 8), 0);
		return l;
	}

	int Connect(uint16_t port)
	{
		sockaddr_in a = v4(port);
		int c = uk_sys_socket(AF_INET, SOCK_STREAM, 0);

		EXPECT_GE(c, 0);
		EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&a, sizeof(a)), 0);
		return c;
	}
};

// Linux: ECONNABORTED (or a socket that fails later), never ENOTCONN,
// which servers treat as fatal; the next connection is accepted.
TEST_F(AcceptTest, ConnectionResetBeforeAcceptIsAborted)
{
	int l = Listen(6101, SOCK_NONBLOCK);
	// A client that resets its connection, as one with SO_LINGER 0
	// does on Linux: lwIP's own API, since lwIP's close only resets
	// with unsent data.
	ip_addr_t lo = IPADDR4_INIT_BYTES(127, 0, 0, 1);
	netconn *nc = netconn_new(NETCONN_TCP);
	ASSERT_NE(nc, nullptr);
	ASSERT_EQ(netconn_connect(nc, &lo, 6101), ERR_OK);
	LOCK_TCPIP_CORE();
	tcp_abort(nc->pcb.tcp);
	UNLOCK_TCPIP_CORE();
	EXPECT_EQ(netconn_delete(nc), ERR_OK);
	uk_sched_sleep_ns(5 * kMs); // let the tcpip thread take the reset

	sockaddr_in peer{};
	socklen_t len = sizeof(peer);
	EXPECT_EQ(uk_sys_accept(l, (sockaddr *)&peer, &len), -ECONNABORTED);
	EXPECT_EQ(uk_sys_accept(l, nullptr, nullptr), -EAGAIN);

	int c = Connect(6101);
	int s = uk_sys_accept(l, nullptr, nullptr);
	EXPECT_GE(s, 0);
	EXPECT_EQ(uk_sys_close(s), 0);
	EXPECT_EQ(uk_sys_close(c), 0);
	EXPECT_EQ(uk_sys_close(l), 0);
}

// Linux wakes an EPOLLET listener for every new connection, also while
// earlier ones are still queued: a server that stopped accepting early
// is told again.
TEST_F(AcceptTest, EdgeTriggeredListenerReportedForEachConnection)
{
	int l = Listen(6102, SOCK_NONBLOCK);
	int ep = uk_sys_epoll_create1(0);
	ASSERT_GE(ep, 0);
	epoll_event ev{};
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = l;
	ASSERT_EQ(uk_sys_epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev), 0);
	epoll_event out[4];
	EXPECT_EQ(uk_sys_epoll_wait(ep, out, 4, 0), 0);

	int c1 = Connect(6102);
	ASSERT_EQ(uk_sys_epoll_wait(ep, out, 4, 100), 1);
	EXPECT_EQ(out[0].data.fd, l);
	EXPECT_TRUE(out[0].events & EPOLLIN);
	// Edge consumed, nothing accepted: quiet until something happens.
	EXPECT_EQ(uk_sys_epoll_wait(ep, out, 4, 0), 0);

	int c2 = Connect(6102);
	ASSERT_EQ(uk_sys_epoll_wait(ep, out, 4, 100), 1);
	EXPECT_EQ(out[0].data.fd, l);

	int s1 = uk_sys_accept(l, nullptr, nullptr);
	int s2 = uk_sys_accept(l, nullptr, nullptr);
	EXPECT_GE(s1, 0);
	EXPECT_GE(s2, 0);
	EXPECT_EQ(uk_sys_accept(l, nullptr, nullptr), -EAGAIN);
	for (int fd : { s1, s2, c1, c2, ep, l })
		EXPECT_EQ(uk_sys_close(fd), 0);
}

} // namespace
