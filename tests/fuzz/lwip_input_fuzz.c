/*
 * Fuzz target: lwIP's input path (ethernet_input -> etharp / ip4_input /
 * ip6_input -> tcp_input, udp_input, icmp) on the host, behind a fake
 * Ethernet netif at 10.0.2.15/24 with a TCP listener on port 80 and a UDP
 * socket on port 7, as a frame from a hostile network would reach it.
 *
 * The first input byte is flags, the rest the frame. Flag bit 0 asks the
 * harness to fix the IPv4 header checksum and the TCP or UDP checksum
 * before input, so that mutations reach the protocol code rather than
 * stop at a checksum. Contract: lwIP takes any frame without a crash,
 * sanitizer report or assertion (LWIP_ASSERT aborts on the host).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/lwip.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/inet_chksum.h"
#include "lwip/ip4_addr.h"
#include "lwip/netif.h"
#include "lwip/prot/ip4.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip/udp.h"
#include "netif/ethernet.h"

#define HEAP_SIZE (64UL << 20)
#define FIX_CHECKSUMS 1

static struct netif nif;

/* Frames lwIP sends (ARP replies, SYN-ACKs, RSTs) go nowhere. */
static err_t drop_frame(struct netif *n, struct pbuf *p)
{
	(void)n;
	(void)p;
	return ERR_OK;
}

static err_t fake_eth_init(struct netif *n)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

	n->name[0] = 'f';
	n->name[1] = 'z';
	n->mtu = 1500;
	n->hwaddr_len = 6;
	memcpy(n->hwaddr, mac, 6);
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		   NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	n->output = etharp_output;
	n->output_ip6 = ethip6_output;
	n->linkoutput = drop_frame;
	return ERR_OK;
}

static err_t accept_any(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	(void)err;
	/* Accepted connections keep lwIP's default receive (data freed). */
	(void)pcb;
	return ERR_OK;
}

static void udp_drop(void *arg, struct udp_pcb *pcb, struct pbuf *p,
		     const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	(void)pcb;
	(void)addr;
	(void)port;
	pbuf_free(p);
}

static void setup(void)
{
	ip4_addr_t ip, mask, gw;
	struct tcp_pcb *l;
	struct udp_pcb *u;
	void *mem = aligned_alloc(4096, HEAP_SIZE);

	if (!mem)
		abort();
	uk_alloc_set_default(uk_allocbuddy_init(mem, HEAP_SIZE));
	if (uk_lwip_start())
		abort();
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	LOCK_TCPIP_CORE();
	if (!netif_add(&nif, &ip, &mask, &gw, NULL, fake_eth_init, tcpip_input))
		abort();
	netif_create_ip6_linklocal_address(&nif, 1);
	netif_set_default(&nif);
	netif_set_link_up(&nif);
	netif_set_up(&nif);
	l = tcp_new();
	if (!l || tcp_bind(l, IP_ANY_TYPE, 80) != ERR_OK)
		abort();
	l = tcp_listen(l);
	if (!l)
		abort();
	tcp_accept(l, accept_any);
	u = udp_new();
	if (!u || udp_bind(u, IP_ANY_TYPE, 7) != ERR_OK)
		abort();
	udp_recv(u, udp_drop, NULL);
	UNLOCK_TCPIP_CORE();
}

/* Recomputes an IPv4 frame's header and TCP/UDP checksums in place. */
static void fix_checksums(uint8_t *f, size_t len)
{
	struct ip_hdr *ip = (struct ip_hdr *)(void *)(f + 14);
	size_t hl, tot, plen;
	ip_addr_t src, dst;
	struct pbuf *p;
	uint8_t *t;
	u16_t sum;

	if (len < 14 + 20 || f[12] != 0x08 || f[13] != 0x00)
		return;
	hl = (size_t)IPH_HL(ip) * 4;
	tot = lwip_ntohs(IPH_LEN(ip));
	if (hl < 20 || tot < hl || 14 + tot > len)
		return;
	IPH_CHKSUM_SET(ip, 0);
	IPH_CHKSUM_SET(ip, inet_chksum(ip, (u16_t)hl));
	t = f + 14 + hl;
	plen = tot - hl;
	ip_addr_copy_from_ip4(src, ip->src);
	ip_addr_copy_from_ip4(dst, ip->dest);
	if (IPH_PROTO(ip) == IP_PROTO_TCP && plen >= 20) {
		memset(t + 16, 0, 2);
	} else if (IPH_PROTO(ip) == IP_PROTO_UDP && plen >= 8) {
		memset(t + 6, 0, 2);
	} else {
		return;
	}
	p = pbuf_alloc(PBUF_RAW, (u16_t)plen, PBUF_REF);
	if (!p)
		return;
	p->payload = t;
	sum = ip_chksum_pseudo(p, IPH_PROTO(ip), (u16_t)plen, &src, &dst);
	pbuf_free(p);
	memcpy(t + (IPH_PROTO(ip) == IP_PROTO_TCP ? 16 : 6), &sum, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct pbuf *p;
	uint8_t *frame;
	size_t len;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1 || size - 1 > 1514)
		return 0;
	len = size - 1;
	frame = malloc(len ? len : 1);
	if (!frame)
		return 0;
	memcpy(frame, data + 1, len);
	if (data[0] & FIX_CHECKSUMS)
		fix_checksums(frame, len);
	p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL);
	if (p) {
		pbuf_take(p, frame, (u16_t)len);
		LOCK_TCPIP_CORE();
		/* ethernet_input frees p, whatever it makes of it. */
		ethernet_input(p, &nif);
		UNLOCK_TCPIP_CORE();
	}
	free(frame);
	return 0;
}
