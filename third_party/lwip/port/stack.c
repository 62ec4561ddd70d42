/* Starting lwIP and bringing up network interfaces (see <uk/lwip.h>). */
#include <errno.h>
#include <uk/lwip.h>

#include "lwip/dhcp.h"
#include "lwip/ip_addr.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"

static bool started;
/* Signalled each time an interface gets an IPv4 address. */
static sys_sem_t ipv4_set;
NETIF_DECLARE_EXT_CALLBACK(netif_changes)

/* Logs IPv4 settings: the console shows what DHCP or the command line gave. */
static void netif_changed(struct netif *nif, netif_nsc_reason_t reason,
			  const netif_ext_callback_args_t *args)
{
	char ip[IP4ADDR_STRLEN_MAX], mask[IP4ADDR_STRLEN_MAX];
	char gw[IP4ADDR_STRLEN_MAX];

	LWIP_UNUSED_ARG(args);
	if (!(reason & LWIP_NSC_IPV4_SETTINGS_CHANGED) ||
	    ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return;
	sys_sem_signal(&ipv4_set);
	ip4addr_ntoa_r(netif_ip4_addr(nif), ip, sizeof(ip));
	ip4addr_ntoa_r(netif_ip4_netmask(nif), mask, sizeof(mask));
	ip4addr_ntoa_r(netif_ip4_gw(nif), gw, sizeof(gw));
	LWIP_PLATFORM_DIAG(("lwip: %c%c%u: inet %s netmask %s gateway %s\n",
			    nif->name[0], nif->name[1], nif->num, ip, mask,
			    gw));
}

static void tcpip_ready(void *arg)
{
	sys_sem_signal(arg);
}

int uk_lwip_start(void)
{
	sys_sem_t ready;

	if (started)
		return 0;
	sys_sem_new(&ready, 0);
	sys_sem_new(&ipv4_set, 0);
	/* lwip_init, the loopback netif, then the tcpip thread. */
	tcpip_init(tcpip_ready, &ready);
	sys_arch_sem_wait(&ready, 0);
	sys_sem_free(&ready);
	LOCK_TCPIP_CORE();
	netif_add_ext_callback(&netif_changes, netif_changed);
	UNLOCK_TCPIP_CORE();
	started = true;
	return 0;
}

int uk_lwip_netif_configure(struct netif *nif, const struct uk_lwip_netcfg *cfg)
{
	err_t err = ERR_OK;

	LOCK_TCPIP_CORE();
	if (!cfg->dhcp) {
		ip4_addr_t ip, mask, gw;

		ip4_addr_set_u32(&ip, cfg->ip);
		ip4_addr_set_u32(&mask, cfg->netmask);
		ip4_addr_set_u32(&gw, cfg->gw);
		netif_set_addr(nif, &ip, &mask, &gw);
	}
	netif_create_ip6_linklocal_address(nif, 1);
	netif_set_ip6_autoconfig_enabled(nif, 1);
	if (!netif_default)
		netif_set_default(nif);
	netif_set_up(nif);
	if (cfg->dhcp)
		err = dhcp_start(nif);
	UNLOCK_TCPIP_CORE();
	return err == ERR_OK ? 0 : -ENOMEM;
}

/* True if an interface besides loopback has an IPv4 address. */
static bool have_ipv4(void)
{
	struct netif *nif;
	bool found = false;

	LOCK_TCPIP_CORE();
	NETIF_FOREACH(nif) {
		if (!(nif->flags & NETIF_FLAG_ETHARP))
			continue;
		if (!ip4_addr_isany_val(*netif_ip4_addr(nif)))
			found = true;
	}
	UNLOCK_TCPIP_CORE();
	return found;
}

int uk_lwip_wait_ipv4(unsigned int timeout_ms)
{
	uint32_t start = sys_now(), waited;

	for (;;) {
		if (have_ipv4())
			return 0;
		waited = sys_now() - start;
		if (waited >= timeout_ms ||
		    sys_arch_sem_wait(&ipv4_set, timeout_ms - waited) ==
			    SYS_ARCH_TIMEOUT)
			return have_ipv4() ? 0 : -ETIMEDOUT;
	}
}
