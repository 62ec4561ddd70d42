/*
 * lwIP network interfaces on <uk/netdev.h> NICs: Ethernet/ARP and IPv6
 * framing by lwIP, transmission from lwIP's output path, and a receive
 * thread per device woken by the driver's interrupt. Frames that come
 * before DHCP has bound the address wait for it (rx_hold.h).
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/lwip.h>
#include <uk/netdev.h>
#include <uk/semaphore.h>
#include <uk/thread.h>

#include "lwip/etharp.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"
#include "rx_hold.h"

/* pbufs of one frame sent without copying; longer chains are copied. */
#define TX_IOV_MAX 16
/*
 * A full transmit queue empties as the device completes frames: wait up
 * to TX_BUSY_TRIES * TX_BUSY_WAIT_NS (10 ms) before dropping the frame
 * (TCP retransmits it).
 */
#define TX_BUSY_TRIES 200
#define TX_BUSY_WAIT_NS 50000ULL
/*
 * A full tcpip mailbox (a burst of more than TCPIP_MBOX_SIZE frames, e.g.
 * 500 slowloris clients' bytes at once) empties as the tcpip thread works:
 * the receive thread waits with its frame, up to RX_BUSY_TRIES *
 * RX_BUSY_WAIT_NS (1 s), and the next frames wait in the device, rather
 * than dropping it (the sender would retransmit only after its timeout,
 * seconds later). Past that (out of memory) the frame is dropped.
 */
#define RX_BUSY_TRIES 1000
#define RX_BUSY_WAIT_NS 1000000ULL

struct netdev_if {
	struct netif netif;
	struct uk_netdev *dev;
	struct uk_semaphore rx_ready; /* up from the driver's interrupt */
	unsigned char *rx_buf;
	size_t rx_len;
	struct rx_hold hold; /* tcpip thread only */
};

static bool address_callback_added;
NETIF_DECLARE_EXT_CALLBACK(address_changes)

static err_t netdev_linkoutput(struct netif *nif, struct pbuf *p)
{
	struct netdev_if *ni = nif->state;
	struct uk_alloc *a = uk_alloc_get_default();
	struct iovec iov[TX_IOV_MAX];
	void *bounce = NULL;
	unsigned int n = 0;
	struct pbuf *q;
	int rc = -EAGAIN, tries;

	for (q = p; q && n < TX_IOV_MAX; q = q->next) {
		iov[n].iov_base = q->payload;
		iov[n].iov_len = q->len;
		n++;
	}
	if (q) {
		bounce = uk_malloc(a, p->tot_len);
		if (!bounce)
			return ERR_MEM;
		pbuf_copy_partial(p, bounce, p->tot_len, 0);
		iov[0].iov_base = bounce;
		iov[0].iov_len = p->tot_len;
		n = 1;
	}
	for (tries = 0; tries < TX_BUSY_TRIES; tries++) {
		rc = uk_netdev_tx(ni->dev, iov, n);
		if (rc != -EAGAIN)
			break;
		uk_sched_sleep_ns(TX_BUSY_WAIT_NS);
	}
	if (bounce)
		uk_free(a, bounce);
	return rc == 0 ? ERR_OK : rc == -EAGAIN ? ERR_MEM : ERR_IF;
}

/* Interrupt context: only wake the receive thread. */
static void netdev_rx_irq(struct uk_netdev *dev __unused, void *arg)
{
	uk_semaphore_up(arg);
}

static void netdev_rx_thread(void *arg)
{
	struct netdev_if *ni = arg;
	struct uk_netdev *dev = ni->dev;
	struct pbuf *p;
	int n, tries;
	err_t err;

	for (;;) {
		while ((n = uk_netdev_rx(dev, ni->rx_buf, ni->rx_len)) > 0) {
			p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_POOL);
			if (!p)
				continue; /* out of memory: drop the frame */
			pbuf_take(p, ni->rx_buf, (u16_t)n);
			/* netdev_input: queued to the tcpip thread. */
			tries = 0;
			while ((err = ni->netif.input(p, &ni->netif)) ==
				       ERR_MEM &&
			       ++tries < RX_BUSY_TRIES)
				uk_sched_sleep_ns(RX_BUSY_WAIT_NS);
			if (err != ERR_OK)
				pbuf_free(p);
		}
		uk_semaphore_down(&ni->rx_ready);
	}
}

/* In the tcpip thread: a frame from netdev_input. */
static err_t netdev_eth_input(struct pbuf *p, struct netif *nif)
{
	struct netdev_if *ni = nif->state;

	if (rx_hold_take(&ni->hold, nif, p))
		return ERR_OK;
	return ethernet_input(p, nif);
}

/* netif->input, in the receive thread: queued to the tcpip thread. */
static err_t netdev_input(struct pbuf *p, struct netif *nif)
{
	return tcpip_inpkt(p, nif, netdev_eth_input);
}

/* In the tcpip thread: an address bound delivers the frames held for it. */
static void address_changed(struct netif *nif, netif_nsc_reason_t reason,
			    const netif_ext_callback_args_t *args)
{
	struct netdev_if *ni = nif->state;

	LWIP_UNUSED_ARG(args);
	if (nif->input != netdev_input ||
	    !(reason & (LWIP_NSC_IPV4_ADDRESS_CHANGED |
			LWIP_NSC_IPV4_SETTINGS_CHANGED)) ||
	    ip4_addr_isany_val(*netif_ip4_addr(nif)))
		return;
	rx_hold_release(&ni->hold);
}

static err_t netdev_netif_init(struct netif *nif)
{
	struct netdev_if *ni = nif->state;

	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, ni->dev->mac, ETH_HWADDR_LEN);
	nif->mtu = ni->dev->mtu;
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET | NETIF_FLAG_MLD6;
	nif->output = etharp_output;
	nif->output_ip6 = ethip6_output;
	nif->linkoutput = netdev_linkoutput;
	return ERR_OK;
}

int uk_lwip_netdev_attach(struct uk_netdev *dev,
			  const struct uk_lwip_netcfg *cfg)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct netdev_if *ni;
	struct uk_thread *t;
	struct netif *added;

	ni = uk_calloc(a, 1, sizeof(*ni));
	if (!ni)
		return -ENOMEM;
	ni->dev = dev;
	ni->rx_len = UK_NETDEV_FRAME_MAX(dev);
	ni->rx_buf = uk_malloc(a, ni->rx_len);
	if (!ni->rx_buf) {
		uk_free(a, ni);
		return -ENOMEM;
	}
	uk_semaphore_init(&ni->rx_ready, 0);
	LOCK_TCPIP_CORE();
	if (!address_callback_added) {
		netif_add_ext_callback(&address_changes, address_changed);
		address_callback_added = true;
	}
	added = netif_add(&ni->netif, NULL, NULL, NULL, ni, netdev_netif_init,
			  netdev_input);
	if (added)
		netif_set_link_up(&ni->netif);
	UNLOCK_TCPIP_CORE();
	if (!added)
		goto fail;
	/* It starts by draining frames that came before the handler. */
	t = uk_thread_create("lwip-rx", netdev_rx_thread, ni, 0);
	if (UK_PTRISERR(t)) {
		LOCK_TCPIP_CORE();
		netif_remove(&ni->netif);
		UNLOCK_TCPIP_CORE();
		goto fail;
	}
	uk_thread_detach(t);
	uk_netdev_set_rx_handler(dev, netdev_rx_irq, &ni->rx_ready);
	return uk_lwip_netif_configure(&ni->netif, cfg);

fail:
	uk_free(a, ni->rx_buf);
	uk_free(a, ni);
	return -ENOMEM;
}
