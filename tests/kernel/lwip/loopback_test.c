/*
 * In-kernel tests of lwIP over its loopback netif: TCP transfers between
 * a server and a client thread on 127.0.0.1 and ::1, UDP datagrams, and
 * a refused connection, all through the socket system calls.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <uk/fdtab.h>
#include <uk/print.h>
#include <uk/socket.h>
#include <uk/test.h>

#include "tests/kernel/lwip/loopback_xfer.h"

#define XFER_BYTES (1024 * 1024)

static void check_xfer(const char *name, int family, uint16_t port)
{
	struct lwip_xfer_result r;
	int rc = lwip_xfer_run(family, port, XFER_BYTES, &r);

	if (r.server_err)
		uk_pr_err("%s server: %s: %d\n", name, r.server_step,
			  r.server_err);
	if (r.client_err)
		uk_pr_err("%s client: %s: %d\n", name, r.client_step,
			  r.client_err);
	EXPECT_EQ(rc, 0);
	EXPECT_EQ(r.server_bytes, XFER_BYTES);
	EXPECT_EQ(r.server_bad, 0);
	EXPECT_EQ(r.client_count, XFER_BYTES);
	EXPECT_TRUE(r.client_eof);
	if (!rc && r.ns)
		uk_printk("# %s: %d KiB in %lu us: %lu KiB/s\n", name,
			  XFER_BYTES / 1024, (unsigned long)(r.ns / 1000),
			  (unsigned long)((unsigned long long)XFER_BYTES *
					  UK_NSEC_PER_SEC / r.ns / 1024));
}

TESTCASE(lwip_loopback, tcp_ipv4_1mib)
{
	check_xfer("tcp 127.0.0.1", AF_INET, 5001);
}

TESTCASE(lwip_loopback, tcp_ipv6_1mib)
{
	check_xfer("tcp ::1", AF_INET6, 5002);
}

TESTCASE(lwip_loopback, udp_ipv4_datagram)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(5003),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in from;
	socklen_t from_len = sizeof(from);
	char buf[16];
	int s = uk_sys_socket(AF_INET, SOCK_DGRAM, 0);

	EXPECT_GE(s, 0);
	EXPECT_EQ(uk_sys_bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
	EXPECT_EQ(uk_sys_sendto(s, "tessera", 7, 0, (struct sockaddr *)&a,
				sizeof(a)),
		  7);
	EXPECT_EQ(uk_sys_recvfrom(s, buf, sizeof(buf), 0,
				  (struct sockaddr *)&from, &from_len),
		  7);
	EXPECT_EQ(memcmp(buf, "tessera", 7), 0);
	EXPECT_EQ(from_len, sizeof(from));
	EXPECT_EQ(from.sin_family, AF_INET);
	EXPECT_EQ(from.sin_port, htons(5003));
	EXPECT_EQ(uk_sys_close(s), 0);
}

TESTCASE(lwip_loopback, tcp_connect_refused)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(5004),
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int s = uk_sys_socket(AF_INET6, SOCK_STREAM, 0);

	EXPECT_GE(s, 0);
	EXPECT_EQ(uk_sys_connect(s, (struct sockaddr *)&a, sizeof(a)),
		  -ECONNREFUSED);
	EXPECT_EQ(uk_sys_close(s), 0);
}
