/*
 * In-kernel test of lwIP on a virtio-net NIC under QEMU user networking:
 * the interface gets the address the command line asks for (static, or
 * QEMU's first DHCP lease 10.0.2.15), which needs frames to go out and
 * come back through the driver; with DHCP, before main() starts (boot
 * waits for the lease).
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <uk/boot.h>
#include <uk/fdtab.h>
#include <uk/lwip.h>
#include <uk/print.h>
#include <uk/socket.h>
#include <uk/test.h>
#include <uk/thread.h>

/* QEMU user networking: the host (gateway) and the first DHCP lease. */
#define SLIRP_HOST 0x0a000202u /* 10.0.2.2 */
#define SLIRP_LEASE 0x0a00020fu /* 10.0.2.15 */
#define WAIT_NS (20ULL * UK_NSEC_PER_SEC)
#define POLL_NS (50ULL * 1000 * 1000)

/*
 * The local address of a TCP connection attempt to the host, or 0. (A
 * connecting TCP socket has its source address; lwIP leaves a connected
 * UDP socket's local address unset.)
 */
static uint32_t source_address(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(SLIRP_HOST) };
	struct sockaddr_in me;
	socklen_t len = sizeof(me);
	uint32_t addr = 0;
	int s = uk_sys_socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (s < 0)
		return 0;
	if (uk_sys_connect(s, (struct sockaddr *)&to, sizeof(to)) ==
		    -EINPROGRESS &&
	    !uk_sys_getsockname(s, (struct sockaddr *)&me, &len))
		addr = ntohl(me.sin_addr.s_addr);
	uk_sys_close(s);
	return addr;
}

/* First: nothing may have waited for the address before this check. */
TESTCASE(lwip_netdev, address_is_there_when_main_starts)
{
	struct uk_lwip_netcfg cfg;

	EXPECT_EQ(uk_lwip_netcfg_parse(uk_boot_cmdline(), &cfg), 0);
	EXPECT_EQ(source_address(), cfg.dhcp ? SLIRP_LEASE : ntohl(cfg.ip));
}

TESTCASE(lwip_netdev, interface_gets_configured_address)
{
	struct uk_lwip_netcfg cfg;
	uint32_t want, got = 0;
	__nsec start = uk_sched_now();

	EXPECT_EQ(uk_lwip_netcfg_parse(uk_boot_cmdline(), &cfg), 0);
	want = cfg.dhcp ? SLIRP_LEASE : ntohl(cfg.ip);
	while (uk_sched_now() - start < WAIT_NS) {
		got = source_address();
		if (got == want)
			break;
		uk_sched_sleep_ns(POLL_NS);
	}
	EXPECT_EQ(got, want);
	uk_printk("# %s address after %lu ms\n", cfg.dhcp ? "dhcp" : "static",
		  (unsigned long)((uk_sched_now() - start) / 1000000));
}
