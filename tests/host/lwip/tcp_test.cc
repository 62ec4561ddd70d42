// Host tests of our TCP changes to lwIP: RFC 6528 initial sequence
// numbers (port/tcp_isn.c), a SYN reopening a connection in TIME_WAIT and
// the cap on TIME_WAIT pcbs (patches/tcp_time_wait.patch).
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "tests/host/lwip/stack_fixture.h"

extern "C" {
#include <uk/fdtab.h>

#include "lwip/priv/tcp_priv.h"
#include "lwip/tcpip.h"
#include "third_party/lwip/port/include/arch/hooks.h"
#include "third_party/lwip/port/tcp_isn.h"
}

namespace {

constexpr __nsec kMs = 1000000;

// SipHash-2-4 reference vectors: key 00 01 .. 0f, message 00 01 .. n-1.
TEST(SipHash, ReferenceVectors)
{
	const uint64_t key[2] = { 0x0706050403020100ULL,
				  0x0f0e0d0c0b0a0908ULL };
	uint8_t msg[15];

	for (unsigned int i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	EXPECT_EQ(uk_lwip_siphash24(key, msg, 0), 0x726fdb47dd0e0e31ULL);
	EXPECT_EQ(uk_lwip_siphash24(key, msg, 15), 0xa129ca6149be45e5ULL);
}

TEST(TcpIsn, DiffersPerConnectionAndAdvancesWithTheClock)
{
	ip_addr_t local = IPADDR4_INIT_BYTES(10, 0, 2, 15);
	ip_addr_t remote = IPADDR4_INIT_BYTES(10, 0, 2, 2);
	ip_addr_t local6 = IPADDR6_INIT_HOST(0xfe800000, 0, 0, 1);

	u32_t a = uk_lwip_tcp_isn(&local, 8123, &remote, 40000);
	EXPECT_EQ(uk_lwip_tcp_isn(&local, 8123, &remote, 40000), a);
	EXPECT_NE(uk_lwip_tcp_isn(&local, 8123, &remote, 40001), a);
	EXPECT_NE(uk_lwip_tcp_isn(&remote, 8123, &local, 40000), a);
	EXPECT_NE(uk_lwip_tcp_isn(&local6, 8123, &remote, 40000), a);

	// RFC 6528's clock: one tick per 4.096 us, 244 or 245 per ms.
	fakeplat_now += kMs;
	u32_t later = uk_lwip_tcp_isn(&local, 8123, &remote, 40000);
	EXPECT_GE(later - a, 244u);
	EXPECT_LE(later - a, 245u);
}

class TcpTest : public LwipTest {
protected:
	// Connects from 127.0.0.1:client_port (0: any) to the listener; the
	// server closes first, so its side ends in TIME_WAIT. Returns the
	// fake time connect() took.
	__nsec ServerClosesFirst(int listener, uint16_t port,
				 uint16_t client_port)
	{
		sockaddr_in to = v4(port), from = v4(client_port);
		int one = 1;
		char b;

		int c = uk_sys_socket(AF_INET, SOCK_STREAM, 0);
		EXPECT_GE(c, 0);
		EXPECT_EQ(uk_sys_setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one,
					    sizeof(one)),
			  0);
		if (client_port) {
			EXPECT_EQ(
				uk_sys_bind(c, (sockaddr *)&from, sizeof(from)),
				0);
		}
		__nsec start = fakeplat_now;
		EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&to, sizeof(to)), 0);
		__nsec took = fakeplat_now - start;
		int s = uk_sys_accept(listener, nullptr, nullptr);
		EXPECT_GE(s, 0);
		EXPECT_EQ(uk_sys_close(s), 0);
		EXPECT_EQ(uk_sys_recv(c, &b, 1, 0), 0);
		EXPECT_EQ(uk_sys_close(c), 0);
		uk_sched_sleep_ns(1 * kMs); // the last ACK reaches the server
		return took;
	}

	int Listen(uint16_t port)
	{
		sockaddr_in a = v4(port);
		int one = 1;
		int l = uk_sys_socket(AF_INET, SOCK_STREAM, 0);

		EXPECT_GE(l, 0);
		EXPECT_EQ(uk_sys_setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one,
					    sizeof(one)),
			  0);
		EXPECT_EQ(uk_sys_bind(l, (sockaddr *)&a, sizeof(a)), 0);
		EXPECT_EQ(uk_sys_listen(l, 8), 0);
		return l;
	}

	// TIME_WAIT pcbs whose local port is port.
	unsigned int TimeWaitCount(uint16_t port)
	{
		unsigned int n = 0;

		LOCK_TCPIP_CORE();
		for (tcp_pcb *p = tcp_tw_pcbs; p; p = p->next)
			n += p->local_port == port;
		UNLOCK_TCPIP_CORE();
		return n;
	}
};

// A client reusing its port while the server side of its previous
// connection is in TIME_WAIT must be accepted at once (RFC 6191), not
// after 2 MSL: QEMU's user network keeps client ports, so this is what a
// busy HTTP server sees.
TEST_F(TcpTest, SynReopensConnectionInTimeWait)
{
	int l = Listen(6300);

	EXPECT_LT(ServerClosesFirst(l, 6300, 6301), 100 * kMs);
	ASSERT_EQ(TimeWaitCount(6300), 1u);
	EXPECT_LT(ServerClosesFirst(l, 6300, 6301), 100 * kMs);
	EXPECT_EQ(TimeWaitCount(6300), 1u);
	EXPECT_EQ(uk_sys_close(l), 0);
}

// A server closing first keeps at most TCP_TIME_WAIT_MAX pcbs in
// TIME_WAIT, however many connections it closes within 2 MSL.
TEST_F(TcpTest, TimeWaitPcbsAreCapped)
{
	int l = Listen(6302);

	for (int i = 0; i < TCP_TIME_WAIT_MAX + 40; i++)
		ServerClosesFirst(l, 6302, 0);
	EXPECT_LE(TimeWaitCount(6302), (unsigned int)TCP_TIME_WAIT_MAX);
	EXPECT_GE(TimeWaitCount(6302), (unsigned int)TCP_TIME_WAIT_MAX - 1);
	EXPECT_EQ(uk_sys_close(l), 0);
}

int g_blocked_rc;

void accept_blocked(void *arg)
{
	g_blocked_rc = uk_sys_accept((int)(intptr_t)arg, nullptr, nullptr);
}

void recv_blocked(void *arg)
{
	char b;

	g_blocked_rc = (int)uk_sys_recv((int)(intptr_t)arg, &b, 1, 0);
}

// A server stopping from another thread shuts its listener down: the
// thread blocked in accept returns EINVAL, as on Linux (lwIP frees the
// mailbox that thread waits in; it used to trip an assertion).
TEST_F(TcpTest, ShutdownWakesBlockedAccept)
{
	int l = Listen(6304);
	g_blocked_rc = 1;
	uk_thread *t = uk_thread_create("acceptor", accept_blocked,
					(void *)(intptr_t)l, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	uk_sched_sleep_ns(1 * kMs);
	EXPECT_EQ(g_blocked_rc, 1); // still blocked
	EXPECT_EQ(uk_sys_shutdown(l, SHUT_RDWR), 0);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(g_blocked_rc, -EINVAL);
	EXPECT_EQ(uk_sys_accept(l, nullptr, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_close(l), 0);
}

// The same for a thread blocked in recv on a connection shut down for
// reading: it sees end of file.
TEST_F(TcpTest, ShutdownWakesBlockedRecv)
{
	sockaddr_in a = v4(6305);
	int l = Listen(6305);
	int c = uk_sys_socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(uk_sys_connect(c, (sockaddr *)&a, sizeof(a)), 0);
	int s = uk_sys_accept(l, nullptr, nullptr);
	ASSERT_GE(s, 0);
	g_blocked_rc = 1;
	uk_thread *t = uk_thread_create("reader", recv_blocked,
					(void *)(intptr_t)s, 0);
	ASSERT_FALSE(UK_PTRISERR(t));
	uk_sched_sleep_ns(1 * kMs);
	EXPECT_EQ(g_blocked_rc, 1);
	EXPECT_EQ(uk_sys_shutdown(s, SHUT_RD), 0);
	EXPECT_EQ(uk_thread_join(t, nullptr), 0);
	EXPECT_EQ(g_blocked_rc, 0);
	EXPECT_EQ(uk_sys_close(s), 0);
	EXPECT_EQ(uk_sys_close(c), 0);
	EXPECT_EQ(uk_sys_close(l), 0);
}

} // namespace
