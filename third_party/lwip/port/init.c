/*
 * Boot-time start of lwIP: the tcpip thread and loopback netif, then an
 * interface on every NIC the drivers registered, configured from the
 * kernel command line (the first) or by DHCP (the others).
 */
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/netdev.h>
#include <uk/print.h>

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
		const struct uk_lwip_netcfg dhcp = {.dhcp = true};
		struct uk_netdev *dev = uk_netdev_get(i);

		rc = uk_lwip_netdev_attach(dev, i ? &dhcp : &cfg);
		if (rc < 0) {
			uk_pr_err("lwip: cannot attach %s: %d\n", dev->name,
				  rc);
			return rc;
		}
	}
	return 0;
}

uk_sys_initcall(uk_lwip_boot);
