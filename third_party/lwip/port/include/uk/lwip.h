/*
 * lwIP on Tessera: starting the stack and configuring network interfaces
 * from the kernel command line. Sockets need none of this: lwIP registers
 * AF_INET and AF_INET6 with posix/socket and starts at boot.
 */
#ifndef UK_LWIP_H
#define UK_LWIP_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct netif;
struct uk_netdev;

/*
 * Starts lwIP: its tcpip thread and the loopback netif (127.0.0.1/8 and
 * ::1). Blocks until the thread runs. Called once at boot (a
 * uk_sys_initcall); later calls return 0 at once. Must run in a thread
 * (the scheduler switches while it waits). Returns 0; running out of
 * memory for lwIP's mailbox, lock or thread is a failed lwIP assertion.
 */
int uk_lwip_start(void);

/* An interface's IPv4 configuration (IPv6: link-local plus SLAAC always). */
struct uk_lwip_netcfg {
	bool dhcp; /* ask a DHCP server (the default) */
	uint32_t ip; /* static: address, network byte order */
	uint32_t netmask; /* static: mask, network byte order */
	uint32_t gw; /* static: default gateway or 0, network order */
};

/*
 * Fills cfg from the kernel command line cmdline (words separated by
 * spaces, other words ignored):
 *   netdev.ip=A.B.C.D/N   static address with an N-bit prefix (0..32;
 *                         /24 if "/N" is left out)
 *   netdev.gw=A.B.C.D     default gateway of the static configuration
 *   netdev.ip=dhcp, ip=dhcp   DHCP (also the default with no netdev.ip)
 * A later word overrides an earlier one. Returns 0, or -EINVAL for a
 * malformed value or netdev.gw without a static netdev.ip (cfg then
 * holds the default, DHCP).
 */
int uk_lwip_netcfg_parse(const char *cmdline, struct uk_lwip_netcfg *cfg);

/*
 * Brings up nif (added with netif_add by its driver) with cfg: the static
 * address or DHCP, an IPv6 link-local address and SLAAC; the first
 * interface brought up becomes the default route. Call without lwIP's
 * core lock, after uk_lwip_start().
 * Returns 0, or -ENOMEM if DHCP cannot start.
 */
int uk_lwip_netif_configure(struct netif *nif,
			    const struct uk_lwip_netcfg *cfg);

/*
 * Makes dev (a registered <uk/netdev.h> NIC) an lwIP interface "enN"
 * with its MAC and MTU, starts its receive thread (woken by the driver's
 * rx handler, which this installs) and brings it up with cfg as
 * uk_lwip_netif_configure does. At boot, lwIP attaches every registered
 * device: the first with the command line's configuration, the others
 * with DHCP. Call after uk_lwip_start(), once per device.
 * Returns 0 or -ENOMEM.
 */
int uk_lwip_netdev_attach(struct uk_netdev *dev,
			  const struct uk_lwip_netcfg *cfg);

/*
 * Waits until an Ethernet interface has an IPv4 address (static, or the
 * lease DHCP binds) or timeout_ms (> 0) passes. Call after uk_lwip_start(),
 * without lwIP's core lock. Returns 0, or -ETIMEDOUT.
 */
int uk_lwip_wait_ipv4(unsigned int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* UK_LWIP_H */
