/*
 * Boot-time start of lwIP: the tcpip thread and loopback netif, then an
 * interface on every NIC the drivers registered, configured from the
 * kernel command line (the first) or by DHCP (the others). With DHCP, boot
 * waits for the lease (up to DHCP_WAIT_MS) before the application starts:
 * a server that listens before its address is bound drops the first
 * connection attempts, and clients retry only after a second or so.
 */
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/netdev.h>
#include <uk/print.h>

/*
 * QEMU's user network answers within milliseconds; a real network's DHCP
 * server within a few seconds. Past this, DHCP goes on in the background.
 */
#define DHCP_WAIT_MS 5000

static int uk_lwip_boot(void)
{
	struct uk_lwip_netcfg cfg;
	int rc;

	rc = uk_lwip_netcfg_parse(uk_boot_cmdline(), &cfg);
	if (rc < 0) {
		uk_pr_err("lwip: bad netdev.ip or netdev.gw option\n");
		return rc;
	}
	rc = uk_lwip_start();
	if (rc < 0) {
		uk_pr_err("lwip: cannot start: %d\n", rc);
		return rc;
	}
	for (unsigned int i = 0; i < uk_netdev_count(); i++) {
		const struct uk_lwip_netcfg dhcp = { .dhcp = true };
		struct uk_netdev *dev = uk_netdev_get(i);

		rc = uk_lwip_netdev_attach(dev, i ? &dhcp : &cfg);
		if (rc < 0) {
			uk_pr_err("lwip: cannot attach %s: %d\n", dev->name,
				  rc);
			return rc;
		}
	}
	/* Issue 18: a server without a NIC listened, and nothing said why. */
	if (!uk_netdev_count())
		uk_pr_warn("lwip: no network device: only the loopback "
			   "interface (127.0.0.1, ::1) is up\n");
	if (uk_netdev_count() && cfg.dhcp &&
	    uk_lwip_wait_ipv4(DHCP_WAIT_MS) < 0)
		uk_pr_warn("lwip: no IPv4 address after %u ms; DHCP goes on "
			   "in the background\n",
			   DHCP_WAIT_MS);
	return 0;
}

uk_sys_initcall(uk_lwip_boot);
