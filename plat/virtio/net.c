/* virtio-net driver (virtio 1.2, 5.1): one RX and one TX queue, a netdev. */
#include <errno.h>
#include <string.h>
#include <uk/netdev.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <uk/virtio/dev.h>

/* Feature bits (5.1.3). */
#define VNET_F_MTU 3
#define VNET_F_MAC 5

/* Device configuration layout (5.1.4). */
#define VNET_CFG_MAC 0
#define VNET_CFG_MTU 10

/* struct virtio_net_hdr (5.1.6): flags, gso_type, then 16-bit fields. */
#define VNET_HDR_F_NEEDS_CSUM 1
#define VNET_HDR_GSO_NONE 0
/* The header is 12 bytes with VERSION_1 (num_buffers always there), 10
 * for a legacy device without MRG_RXBUF. */
#define VNET_HDR_LEN_MODERN 12
#define VNET_HDR_LEN_LEGACY 10

#define VNET_RXQ 0
#define VNET_TXQ 1
#define VNET_QUEUE_CAP 256
/* One buffer per frame: header + 1514-byte frame (+ VLAN tag) fit. */
#define VNET_BUF_SIZE 2048
#define VNET_RX_BUFS 64
#define VNET_TX_BUFS 32
#define VNET_MTU 1500
#define VNET_MAX_DEVS 2

struct vnet {
	struct uk_netdev nd;
	struct uk_virtio_dev *vdev;
	unsigned int hdr_len;
	struct uk_spinlock rx_lock; /* rxq; the IRQ handler never takes it */
	struct uk_virtq rxq;
	struct uk_spinlock tx_lock; /* txq, tx_free */
	struct uk_virtq txq;
	uint8_t *tx_free[VNET_TX_BUFS];
	unsigned int tx_nfree;
};

static struct vnet vnets[VNET_MAX_DEVS];
static unsigned int vnet_count;

/*
 * Receive buffers are two descriptors, the header then the frame, in one
 * contiguous buffer: a legacy device without ANY_LAYOUT needs the header
 * in a descriptor of its own (5.1.6.6 legacy note).
 */
static void rx_post(struct vnet *vn, uint8_t *buf)
{
	struct uk_virtq_buf b[2] = {
		{ uk_virtio_dma_addr(buf), vn->hdr_len },
		{ uk_virtio_dma_addr(buf + vn->hdr_len),
		  VNET_BUF_SIZE - vn->hdr_len },
	};

	/* Cannot fail: the buffer's two descriptors were just freed (or
	 * never used at probe). */
	(void)uk_virtq_add(&vn->rxq, b, 0, 2, buf);
}

/* Checks one received buffer of len bytes; returns the frame length or 0. */
static size_t rx_check(struct vnet *vn, const uint8_t *buf, uint32_t len)
{
	size_t frame;

	if (len < vn->hdr_len + UK_NETDEV_ETH_HLEN) {
		uk_netdev_count_add(&vn->nd.stats.rx_dropped_malformed, 1);
		return 0;
	}
	/* We negotiated neither checksum offload nor GSO: the device may
	 * send neither a partial checksum nor a segmentation request. */
	if ((buf[0] & VNET_HDR_F_NEEDS_CSUM) || buf[1] != VNET_HDR_GSO_NONE) {
		uk_netdev_count_add(&vn->nd.stats.rx_dropped_malformed, 1);
		return 0;
	}
	frame = len - vn->hdr_len;
	if (frame > UK_NETDEV_FRAME_MAX(&vn->nd)) {
		uk_netdev_count_add(&vn->nd.stats.rx_dropped_oversize, 1);
		return 0;
	}
	return frame;
}

static int vnet_rx(struct uk_netdev *nd, void *out, size_t out_len)
{
	struct vnet *vn = nd->priv;
	bool posted = false;
	size_t frame = 0;
	void *tok;
	uint32_t len;
	int rc;

	if (!out || out_len < UK_NETDEV_FRAME_MAX(nd))
		return -EINVAL;
	uk_spin_lock(&vn->rx_lock);
	while (!frame) {
		rc = uk_virtq_get(&vn->rxq, &tok, &len);
		if (rc == -EAGAIN || rc == -EIO)
			break;
		if (rc == -EMSGSIZE) /* beyond the buffer: a lying device */
			uk_netdev_count_add(&nd->stats.rx_dropped_oversize, 1);
		else
			frame = rx_check(vn, tok, len);
		if (frame) {
			memcpy(out, (uint8_t *)tok + vn->hdr_len, frame);
			uk_netdev_count_add(&nd->stats.rx_packets, 1);
			uk_netdev_count_add(&nd->stats.rx_bytes, frame);
		}
		rx_post(vn, tok);
		posted = true;
	}
	if (posted)
		uk_virtio_kick(vn->vdev, &vn->rxq);
	uk_spin_unlock(&vn->rx_lock);
	return frame ? (int)frame : -EAGAIN;
}

/* Takes back the buffers of frames the device has sent. */
static void tx_reclaim(struct vnet *vn)
{
	void *tok;
	uint32_t len;
	int rc;

	for (;;) {
		rc = uk_virtq_get(&vn->txq, &tok, &len);
		if (rc == -EAGAIN || rc == -EIO)
			return;
		vn->tx_free[vn->tx_nfree++] = tok;
	}
}

static int vnet_tx(struct uk_netdev *nd, const struct iovec *iov,
		   unsigned int iovcnt)
{
	struct vnet *vn = nd->priv;
	struct uk_virtq_buf b[2];
	size_t total = 0, off;
	unsigned int i;
	uint8_t *buf;

	if (!iov && iovcnt)
		goto bad;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > UK_NETDEV_FRAME_MAX(nd) ||
		    (!iov[i].iov_base && iov[i].iov_len))
			goto bad;
		total += iov[i].iov_len;
		if (total > UK_NETDEV_FRAME_MAX(nd))
			goto bad;
	}
	if (total < UK_NETDEV_ETH_HLEN)
		goto bad;

	uk_spin_lock(&vn->tx_lock);
	tx_reclaim(vn);
	if (!vn->tx_nfree) {
		uk_spin_unlock(&vn->tx_lock);
		uk_netdev_count_add(&nd->stats.tx_busy, 1);
		return -EAGAIN;
	}
	buf = vn->tx_free[--vn->tx_nfree];
	memset(buf, 0, vn->hdr_len);
	for (i = 0, off = vn->hdr_len; i < iovcnt; i++) {
		memcpy(buf + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	b[0].addr = uk_virtio_dma_addr(buf);
	b[0].len = vn->hdr_len;
	b[1].addr = uk_virtio_dma_addr(buf + vn->hdr_len);
	b[1].len = (uint32_t)total;
	/* Cannot fail: every free buffer has two descriptors reserved. */
	(void)uk_virtq_add(&vn->txq, b, 2, 0, buf);
	uk_virtio_kick(vn->vdev, &vn->txq);
	uk_spin_unlock(&vn->tx_lock);
	uk_netdev_count_add(&nd->stats.tx_packets, 1);
	uk_netdev_count_add(&nd->stats.tx_bytes, total);
	return 0;

bad:
	uk_netdev_count_add(&nd->stats.tx_errors, 1);
	return -EINVAL;
}

static const struct uk_netdev_ops vnet_ops = {
	.tx = vnet_tx,
	.rx = vnet_rx,
};

static void vnet_irq(struct uk_virtio_dev *dev __unused, uint8_t isr, void *arg)
{
	struct vnet *vn = arg;

	uk_netdev_count_add(&vn->nd.stats.irqs, 1);
	/* TX completions are reclaimed lazily and their interrupts are
	 * suppressed: a queue interrupt means frames to receive. */
	if (isr & UK_VIRTIO_ISR_QUEUE)
		uk_netdev_rx_notify(&vn->nd);
}

static int vnet_buffers(struct vnet *vn)
{
	unsigned int nrx = UK_MIN(VNET_RX_BUFS, vn->rxq.num / 2u);
	unsigned int ntx = UK_MIN(VNET_TX_BUFS, vn->txq.num / 2u);
	uint8_t *rx, *tx;
	unsigned int i;

	rx = uk_virtio_dma_alloc(UK_ALIGN_UP(nrx * VNET_BUF_SIZE, __PAGE_SIZE) /
				 __PAGE_SIZE);
	tx = uk_virtio_dma_alloc(UK_ALIGN_UP(ntx * VNET_BUF_SIZE, __PAGE_SIZE) /
				 __PAGE_SIZE);
	if (!rx || !tx || !nrx || !ntx)
		return -ENOMEM;
	for (i = 0; i < nrx; i++)
		rx_post(vn, rx + i * VNET_BUF_SIZE);
	for (i = 0; i < ntx; i++)
		vn->tx_free[i] = tx + i * VNET_BUF_SIZE;
	vn->tx_nfree = ntx;
	return 0;
}

static void vnet_config(struct vnet *vn)
{
	struct uk_virtio_dev *dev = vn->vdev;
	uint16_t mtu;

	if (uk_virtio_has(dev, VNET_F_MAC)) {
		dev->tr->config_read(dev, VNET_CFG_MAC, vn->nd.mac,
				     UK_NETDEV_ALEN);
	} else {
		/* 5.1.5: without F_MAC the driver picks one; locally
		 * administered, unicast, unique per device here. */
		vn->nd.mac[0] = 0x02;
		vn->nd.mac[5] = (uint8_t)(vn - vnets + 1);
	}
	vn->nd.mtu = VNET_MTU;
	if (uk_virtio_has(dev, VNET_F_MTU)) {
		dev->tr->config_read(dev, VNET_CFG_MTU, &mtu, sizeof(mtu));
		/* Our buffers hold 1500-byte packets; smaller is fine. */
		if (mtu >= 68 && mtu < VNET_MTU)
			vn->nd.mtu = mtu;
	}
	vn->nd.name[0] = 'v';
	vn->nd.name[1] = 'n';
	vn->nd.name[2] = 'e';
	vn->nd.name[3] = 't';
	vn->nd.name[4] = (char)('0' + (vn - vnets));
}

int uk_virtio_net_probe(struct uk_virtio_dev *dev)
{
	struct vnet *vn;
	const uint8_t *m;
	int rc;

	if (vnet_count >= VNET_MAX_DEVS)
		return -ENOSPC;
	vn = &vnets[vnet_count];
	vn->vdev = dev;
	rc = uk_virtio_negotiate(dev, (1ULL << VNET_F_MAC) |
					      (1ULL << VNET_F_MTU) |
					      (1ULL << UK_VIRTIO_F_EVENT_IDX));
	if (rc < 0)
		return rc;
	vn->hdr_len = uk_virtio_has(dev, UK_VIRTIO_F_VERSION_1) ?
			      VNET_HDR_LEN_MODERN :
			      VNET_HDR_LEN_LEGACY;
	vnet_config(vn);
	rc = uk_virtio_queue_setup(dev, &vn->rxq, VNET_RXQ, VNET_QUEUE_CAP);
	if (rc == 0)
		rc = uk_virtio_queue_setup(dev, &vn->txq, VNET_TXQ,
					   VNET_QUEUE_CAP);
	if (rc == 0)
		rc = vnet_buffers(vn);
	if (rc < 0) {
		uk_pr_err("virtio-net: queue setup failed: %d\n", rc);
		uk_virtio_fail(dev);
		return rc;
	}
	uk_virtq_intr_disable(&vn->txq);
	rc = dev->tr->irq_enable(dev, vnet_irq, vn);
	if (rc < 0)
		uk_pr_warn("virtio-net: no interrupt (%d): poll uk_netdev_rx\n",
			   rc);
	uk_virtio_driver_ok(dev);
	/* Notifications only once the device is live (3.1.1 step 8). */
	uk_virtio_kick(dev, &vn->rxq);

	vn->nd.ops = &vnet_ops;
	vn->nd.priv = vn;
	rc = uk_netdev_register(&vn->nd);
	if (rc < 0)
		return rc;
	vnet_count++;
	m = vn->nd.mac;
	uk_pr_info("virtio-net: %s %02x:%02x:%02x:%02x:%02x:%02x mtu %u "
		   "(%s, features 0x%llx)\n",
		   vn->nd.name, m[0], m[1], m[2], m[3], m[4], m[5], vn->nd.mtu,
		   dev->tr->name, (unsigned long long)dev->features);
	return 0;
}

static const struct uk_virtio_driver vnet_driver = {
	.device_id = UK_VIRTIO_ID_NET,
	.name = "virtio-net",
	.probe = uk_virtio_net_probe,
};
UK_VIRTIO_DRIVER_REGISTER(vnet_driver);
