/* Frames held while DHCP has no lease yet (see rx_hold.h). */
#include <string.h>

#include "rx_hold.h"

#include "lwip/dhcp.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/prot/ethernet.h"
#include "lwip/prot/iana.h"
#include "lwip/prot/ip.h"
#include "lwip/prot/ip4.h"
#include "lwip/prot/udp.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

/*
 * p's IPv4 header, if p is an IPv4 frame to nif's MAC with its IPv4 and
 * the next four bytes (ports) in its first pbuf; else NULL.
 */
static const struct ip_hdr *unicast_ipv4(struct netif *nif,
					 const struct pbuf *p)
{
	const struct eth_hdr *eth = p->payload;
	const struct ip_hdr *ip;

	if (p->len < SIZEOF_ETH_HDR + IP_HLEN ||
	    memcmp(&eth->dest, nif->hwaddr, ETH_HWADDR_LEN) ||
	    eth->type != PP_HTONS(ETHTYPE_IP))
		return NULL;
	ip = (const struct ip_hdr *)((const u8_t *)p->payload + SIZEOF_ETH_HDR);
	if (IPH_V(ip) != 4 || IPH_HL_BYTES(ip) < IP_HLEN ||
	    p->len < SIZEOF_ETH_HDR + IPH_HL_BYTES(ip) + 4)
		return NULL;
	return ip;
}

static void drop_all(struct rx_hold *h)
{
	for (unsigned int i = 0; i < h->n; i++)
		pbuf_free(h->frame[i]);
	h->dropped += h->n;
	h->n = 0;
}

static void report(struct rx_hold *h)
{
	if (!h->delivered && !h->dropped)
		return;
	LWIP_PLATFORM_DIAG(("lwip: %c%c%u: frames held for the lease: %u "
			    "delivered, %u dropped\n",
			    h->nif->name[0], h->nif->name[1], h->nif->num,
			    h->delivered, h->dropped));
	h->delivered = h->dropped = 0;
}

/* RX_HOLD_MS after the first frame was held: no lease came in time. */
static void expire(void *arg)
{
	struct rx_hold *h = arg;

	drop_all(h);
	report(h);
}

bool rx_hold_take(struct rx_hold *h, struct netif *nif, struct pbuf *p)
{
	const struct ip_hdr *ip;
	ip4_addr_t dst;

	if (!netif_dhcp_data(nif) || !ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return false;
	ip = unicast_ipv4(nif, p);
	if (!ip)
		return false;
	ip4_addr_copy(dst, ip->dest);
	if (ip4_addr_isany_val(dst) || ip4_addr_ismulticast(&dst) ||
	    ip4_addr_cmp(&dst, IP4_ADDR_BROADCAST))
		return false;
	/* lwIP takes DHCP replies to port 68 without an address. */
	if (IPH_PROTO(ip) == IP_PROTO_UDP) {
		const struct udp_hdr *udp =
			(const struct udp_hdr *)((const u8_t *)ip +
						 IPH_HL_BYTES(ip));

		if (udp->dest == PP_HTONS(LWIP_IANA_PORT_DHCP_CLIENT))
			return false;
	}
	h->nif = nif;
	if (h->n == RX_HOLD_MAX) {
		pbuf_free(h->frame[0]);
		memmove(h->frame, h->frame + 1,
			(RX_HOLD_MAX - 1) * sizeof(h->frame[0]));
		h->n--;
		h->dropped++;
	}
	if (!h->n)
		sys_timeout(RX_HOLD_MS, expire, h);
	h->frame[h->n++] = p;
	return true;
}

void rx_hold_release(struct rx_hold *h)
{
	const ip4_addr_t *addr;

	if (!h->n)
		return;
	sys_untimeout(expire, h);
	addr = netif_ip4_addr(h->nif);
	for (unsigned int i = 0; i < h->n; i++) {
		struct pbuf *p = h->frame[i];
		const struct ip_hdr *ip = unicast_ipv4(h->nif, p);
		ip4_addr_t dst;

		ip4_addr_copy(dst, ip->dest);
		if (ip4_addr_cmp(&dst, addr) &&
		    tcpip_inpkt(p, h->nif, ethernet_input) == ERR_OK) {
			h->delivered++;
		} else {
			pbuf_free(p);
			h->dropped++;
		}
	}
	h->n = 0;
	report(h);
}
