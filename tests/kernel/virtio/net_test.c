/* virtio-net in QEMU: probe, MAC, ARP to the slirp gateway, IRQ receive. */
#include <errno.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <uk/test.h>

#define ETH_P_ARP 0x0806
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define ETH_MIN_FRAME 60 /* without FCS */

/* QEMU user networking: we are 10.0.2.15, the gateway 10.0.2.2. */
static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };
static const uint8_t qemu_mac[UK_NETDEV_ALEN] = { 0x52, 0x54, 0x00,
						  0x12, 0x34, 0x56 };

static volatile unsigned long rx_events;

static void on_rx(struct uk_netdev *dev __unused, void *arg)
{
	*(volatile unsigned long *)arg += 1;
}

static struct uk_netdev *first_netdev(void)
{
	return uk_netdev_count() ? uk_netdev_get(0) : NULL;
}

/* An Ethernet broadcast ARP request "who has 10.0.2.2", padded to 60. */
static size_t build_arp_request(const struct uk_netdev *dev, uint8_t *f)
{
	memset(f, 0, ETH_MIN_FRAME);
	memset(f, 0xff, 6);
	memcpy(f + 6, dev->mac, 6);
	f[12] = ETH_P_ARP >> 8;
	f[13] = ETH_P_ARP & 0xff;
	f[14] = 0; /* htype Ethernet */
	f[15] = 1;
	f[16] = 0x08; /* ptype IPv4 */
	f[17] = 0x00;
	f[18] = 6;
	f[19] = 4;
	f[20] = 0;
	f[21] = ARP_REQUEST;
	memcpy(f + 22, dev->mac, 6);
	memcpy(f + 28, guest_ip, 4);
	memcpy(f + 38, gw_ip, 4); /* target MAC (32..37) unknown: zero */
	return ETH_MIN_FRAME;
}

/* Is f an ARP reply from 10.0.2.2 to us? */
static int is_gw_arp_reply(const struct uk_netdev *dev, const uint8_t *f,
			   int len)
{
	return len >= 42 && f[12] == (ETH_P_ARP >> 8) &&
	       f[13] == (ETH_P_ARP & 0xff) && f[20] == 0 &&
	       f[21] == ARP_REPLY && !memcmp(f + 28, gw_ip, 4) &&
	       !memcmp(f + 32, dev->mac, 6) && !memcmp(f, dev->mac, 6);
}

TESTCASE(virtio_net, probed_with_qemu_mac)
{
	struct uk_netdev *dev = first_netdev();
	const uint8_t *m;

	EXPECT_EQ(uk_netdev_count(), 1u);
	EXPECT_TRUE(dev != NULL);
	if (!dev)
		return;
	m = dev->mac;
	uk_pr_info("netdev %s: mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u\n",
		   dev->name, m[0], m[1], m[2], m[3], m[4], m[5], dev->mtu);
	EXPECT_EQ(memcmp(dev->mac, qemu_mac, UK_NETDEV_ALEN), 0);
	EXPECT_EQ(dev->mtu, 1500);
	EXPECT_TRUE(uk_netdev_get(uk_netdev_count()) == NULL);
}

TESTCASE(virtio_net, bad_sizes_refused_and_counted)
{
	struct uk_netdev *dev = first_netdev();
	static uint8_t frame[2048];
	struct uk_netdev_stats before, after;
	struct iovec iov[2];

	EXPECT_TRUE(dev != NULL);
	if (!dev)
		return;
	uk_netdev_stats_get(dev, &before);
	iov[0].iov_base = frame;
	iov[0].iov_len = UK_NETDEV_ETH_HLEN - 1;
	EXPECT_EQ(uk_netdev_tx(dev, iov, 1), -EINVAL);
	iov[0].iov_len = UK_NETDEV_FRAME_MAX(dev);
	iov[1].iov_base = frame;
	iov[1].iov_len = 1;
	EXPECT_EQ(uk_netdev_tx(dev, iov, 2), -EINVAL);
	EXPECT_EQ(uk_netdev_tx(dev, NULL, 1), -EINVAL);
	uk_netdev_stats_get(dev, &after);
	EXPECT_EQ(after.tx_errors - before.tx_errors, 3u);
	EXPECT_EQ(after.tx_packets, before.tx_packets);
	EXPECT_EQ(uk_netdev_rx(dev, frame, UK_NETDEV_FRAME_MAX(dev) - 1),
		  -EINVAL);
}

TESTCASE(virtio_net, arp_reply_from_gateway_via_irq)
{
	struct uk_netdev *dev = first_netdev();
	static uint8_t req[ETH_MIN_FRAME], rx[2048];
	struct uk_netdev_stats before, st;
	struct iovec iov;
	__nsec deadline, resend = 0;
	int got = 0, n, sent = 0;

	EXPECT_TRUE(dev != NULL);
	if (!dev)
		return;
	uk_netdev_stats_get(dev, &before);
	uk_netdev_set_rx_handler(dev, on_rx, (void *)&rx_events);
	ukplat_lcpu_enable_irq();
	iov.iov_base = req;
	iov.iov_len = build_arp_request(dev, req);

	/* Slirp answers at once; resend each second in case it was busy. */
	deadline = ukplat_monotonic_clock() + 20 * UK_NSEC_PER_SEC;
	while (!got && ukplat_monotonic_clock() < deadline) {
		if (ukplat_monotonic_clock() >= resend) {
			EXPECT_EQ(uk_netdev_tx(dev, &iov, 1), 0);
			sent++;
			resend = ukplat_monotonic_clock() + UK_NSEC_PER_SEC;
		}
		/* Receive only what an interrupt announced. */
		if (!rx_events) {
			ukplat_lcpu_halt_to(resend);
			continue;
		}
		rx_events = 0;
		while ((n = uk_netdev_rx(dev, rx, sizeof(rx))) > 0) {
			if (is_gw_arp_reply(dev, rx, n)) {
				uk_pr_info("rx: arp reply from 10.0.2.2 is-at "
					   "%02x:%02x:%02x:%02x:%02x:%02x\n",
					   rx[22], rx[23], rx[24], rx[25],
					   rx[26], rx[27]);
				got = 1;
			}
		}
		EXPECT_EQ(n, -EAGAIN);
	}
	EXPECT_TRUE(got);
	uk_netdev_stats_get(dev, &st);
	EXPECT_GE(st.irqs - before.irqs, 1u);
	EXPECT_GE(st.rx_packets - before.rx_packets, 1u);
	EXPECT_EQ(st.tx_packets - before.tx_packets, (uint64_t)sent);
	EXPECT_EQ(st.rx_dropped_malformed, 0u);
	EXPECT_EQ(st.rx_dropped_oversize, 0u);
	uk_netdev_set_rx_handler(dev, NULL, NULL);
}
