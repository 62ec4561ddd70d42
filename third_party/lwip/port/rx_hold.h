/*
 * Frames an interface receives while DHCP has not bound its address yet,
 * delivered once it has. QEMU's user network forwards a client's SYN as
 * soon as the guest's DHCPDISCOVER tells it the guest's MAC, about 20 ms
 * before the lease is bound; dropped there (no address), it is resent only
 * a second or more later (issue 16). Bounded in frames and in time, and
 * only for frames sent to this interface's MAC: on a real network DHCP
 * works as before, and nothing is held once an address is bound or on a
 * static configuration.
 */
#ifndef UK_LWIP_RX_HOLD_H
#define UK_LWIP_RX_HOLD_H

#include <stdbool.h>

#include "lwip/netif.h"
#include "lwip/pbuf.h"

/* Frames held at most: past this, the oldest is dropped. */
#define RX_HOLD_MAX 16
/* Held frames are dropped this long after the first was held. */
#define RX_HOLD_MS 3000

struct rx_hold {
	struct netif *nif;
	struct pbuf *frame[RX_HOLD_MAX]; /* oldest first */
	unsigned int n;
	/* Since the last report on the console. */
	unsigned int delivered, dropped;
};

/*
 * Takes p, an Ethernet frame received on nif, if lwIP would drop it for
 * want of an address: nif's DHCP has no lease, and p is a unicast IPv4
 * frame to nif's MAC that is not a DHCP reply. Call in the tcpip thread.
 * Returns true if it took p (which the caller then no longer owns).
 */
bool rx_hold_take(struct rx_hold *h, struct netif *nif, struct pbuf *p);

/*
 * nif has an IPv4 address: queues the held frames addressed to it to the
 * tcpip thread (ethernet_input), in the order they came, and drops the
 * others; reports the counts on the console if any frame was held. Call
 * in the tcpip thread.
 */
void rx_hold_release(struct rx_hold *h);

#endif /* UK_LWIP_RX_HOLD_H */
