/*
 * Fuzz target: virtio-net receive validation (plat/virtio/net.c) against
 * a hostile device. The real driver is probed on two fake devices (a
 * modern one, MTU 1500, and a legacy one with a 10-byte header and MTU
 * 576). The first input byte picks one; its receive queue is put back as
 * it was after probe, and the rest is a script: the device completes a
 * posted buffer with any length and header, completes a bogus id, moves
 * used->idx anywhere or raises an interrupt; the driver's receive op runs
 * with a large enough or a too-small buffer. Checked after each step: a
 * frame is never longer than the frame maximum nor than the bytes the
 * device reported past the header, and equals them; each used entry the
 * driver takes is received or counted in exactly one drop counter; taken
 * buffers are re-posted at once, so the queue never runs dry; a too-small
 * buffer consumes nothing.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/netdev.h>
#include <uk/virtio/dev.h>

#define HEAP_SIZE (4 << 20)
#define BUF_SIZE 2048 /* net.c's receive buffers */
#define F_CSUM (1ULL << 0)
#define F_MTU (1ULL << 3)
#define F_MAC (1ULL << 5)
#define F_MRG_RXBUF (1ULL << 15)

struct fake_nic {
	struct uk_virtio_dev dev;
	uint64_t offered;
	unsigned int queue_max;
	uint8_t status;
	uint8_t config[16];
	struct uk_virtq *rxq;
	uk_virtio_irq_fn irq_fn;
	void *irq_arg;
	struct uk_netdev *nd;
	unsigned int hdr_len;
	/* The receive queue right after probe. */
	struct uk_virtq rxq0;
	uint8_t *ring0;
	size_t ring_bytes;
	unsigned int free0;
	uint8_t *bufs[UK_VIRTQ_MAX_SIZE];
	unsigned int nbufs;
	/* The device's side: chain heads it holds. */
	uint16_t seen_avail;
	uint16_t held[UK_VIRTQ_MAX_SIZE];
	unsigned int nheld;
};

static struct fake_nic nics[2];
static unsigned int notified;

/* The kernel's logging backend, faked: the driver logs at probe. */
void _uk_printk_lvl(int lvl __unused, const char *libname __unused,
		    const char *fmt __unused, ...)
{
}

static struct fake_nic *nic(struct uk_virtio_dev *dev)
{
	return dev->priv;
}

static uint64_t features_get(struct uk_virtio_dev *dev)
{
	return nic(dev)->offered;
}

static void features_set(struct uk_virtio_dev *dev __unused,
			 uint64_t f __unused)
{
}

static uint8_t status_get(struct uk_virtio_dev *dev)
{
	return nic(dev)->status;
}

static void status_set(struct uk_virtio_dev *dev, uint8_t s)
{
	nic(dev)->status = s;
}

static void config_read(struct uk_virtio_dev *dev, unsigned int off, void *buf,
			unsigned int len)
{
	memcpy(buf, nic(dev)->config + off, len);
}

static unsigned int queue_max(struct uk_virtio_dev *dev, uint16_t index)
{
	return index < 2 ? nic(dev)->queue_max : 0;
}

static int queue_enable(struct uk_virtio_dev *dev, struct uk_virtq *vq)
{
	if (vq->index == 0)
		nic(dev)->rxq = vq;
	return 0;
}

static void notify(struct uk_virtio_dev *dev __unused, uint16_t index __unused)
{
}

static int irq_enable(struct uk_virtio_dev *dev, uk_virtio_irq_fn fn, void *arg)
{
	nic(dev)->irq_fn = fn;
	nic(dev)->irq_arg = arg;
	return 0;
}

static const struct uk_virtio_transport fake_transport = {
	.name = "fake",
	.features_get = features_get,
	.features_set = features_set,
	.status_get = status_get,
	.status_set = status_set,
	.config_read = config_read,
	.queue_max = queue_max,
	.queue_enable = queue_enable,
	.notify = notify,
	.irq_enable = irq_enable,
};

static void on_rx(struct uk_netdev *nd __unused, void *arg __unused)
{
	notified++;
}

/* The device takes the chains the driver made available. */
static void device_pop(struct fake_nic *n)
{
	struct uk_virtq *vq = n->rxq;
	uint16_t head;
	unsigned int k;

	while (n->seen_avail != vq->avail->idx) {
		head = vq->avail->ring[n->seen_avail++ & (vq->num - 1)];
		for (k = 0; k < n->nheld && n->held[k] != head; k++)
			;
		if (k == n->nheld && n->nheld < UK_VIRTQ_MAX_SIZE)
			n->held[n->nheld++] = head;
	}
}

static void probe(struct fake_nic *n, bool modern, uint64_t offered,
		  unsigned int qmax, uint16_t mtu)
{
	struct uk_virtq *vq;
	unsigned int i;

	n->dev.tr = &fake_transport;
	n->dev.device_id = UK_VIRTIO_ID_NET;
	n->dev.modern = modern;
	n->dev.priv = n;
	n->offered = offered;
	n->queue_max = qmax;
	memcpy(n->config, "\x52\x54\x00\x12\x34\x56", 6);
	memcpy(n->config + 10, &mtu, sizeof(mtu));
	if (uk_virtio_net_probe(&n->dev) || !n->rxq || !n->irq_fn)
		abort();
	n->nd = uk_netdev_get(uk_netdev_count() - 1);
	n->hdr_len = modern ? 12 : 10;
	if (!n->nd || n->nd->mtu != mtu)
		abort();
	uk_netdev_set_rx_handler(n->nd, on_rx, NULL);
	vq = n->rxq;
	n->rxq0 = *vq;
	n->ring_bytes = uk_virtq_ring_bytes(vq->num, UK_VIRTQ_LEGACY_ALIGN);
	n->ring0 = malloc(n->ring_bytes);
	if (!n->ring0)
		abort();
	memcpy(n->ring0, vq->desc, n->ring_bytes);
	n->free0 = vq->num_free;
	device_pop(n);
	/* Each buffer: a header descriptor, then the frame's, contiguous. */
	for (i = 0; i < n->nheld; i++) {
		n->bufs[i] = (uint8_t *)(uintptr_t)vq->desc[n->held[i]].addr;
		if (vq->desc[n->held[i]].len != n->hdr_len)
			abort();
	}
	n->nbufs = n->nheld;
	if (!n->nbufs || n->free0 + 2 * n->nbufs != vq->num)
		abort();
}

static void setup(void)
{
	void *mem = aligned_alloc(4096, HEAP_SIZE);

	if (!mem)
		abort();
	uk_alloc_set_default(uk_allocbuddy_init(mem, HEAP_SIZE));
	probe(&nics[0], true,
	      (1ULL << UK_VIRTIO_F_VERSION_1) |
		      (1ULL << UK_VIRTIO_F_EVENT_IDX) | F_MAC | F_CSUM |
		      F_MRG_RXBUF,
	      1024, 1500);
	probe(&nics[1], false, F_MAC | F_MTU | F_CSUM, 64, 576);
}

/* Puts n's receive queue and the device back as they were after probe. */
static void reset(struct fake_nic *n)
{
	unsigned int i;

	*n->rxq = n->rxq0;
	memcpy(n->rxq->desc, n->ring0, n->ring_bytes);
	/* Headers steer the driver: no input sees another's. */
	for (i = 0; i < n->nbufs; i++)
		memset(n->bufs[i], 0, n->hdr_len);
	n->seen_avail = 0;
	n->nheld = 0;
	device_pop(n);
}

/* Publishes a used entry where the device's index points. */
static void device_push(struct uk_virtq *vq, uint32_t id, uint32_t len)
{
	struct uk_virtq_used_elem *e;

	e = &vq->used->ring[vq->used->idx & (vq->num - 1)];
	e->id = id;
	e->len = len;
	vq->used->idx++;
}

/*
 * The device completes held chain sel with claimed length len: it writes
 * the header hdr, then frame bytes from seed, as far as len and the
 * buffer go.
 */
static void device_complete(struct fake_nic *n, unsigned int sel, uint32_t len,
			    const uint8_t *hdr, uint8_t seed)
{
	uint16_t head = n->held[sel];
	uint8_t *buf = (uint8_t *)(uintptr_t)n->rxq->desc[head].addr;
	size_t k, end = len < BUF_SIZE ? len : BUF_SIZE;

	memcpy(buf, hdr, n->hdr_len);
	for (k = n->hdr_len; k < end; k++)
		buf[k] = (uint8_t)(seed + k * 7);
	n->held[sel] = n->held[--n->nheld];
	device_push(n->rxq, head, len);
}

static uint64_t dropped(const struct uk_netdev_stats *s)
{
	return s->rx_dropped_malformed + s->rx_dropped_oversize;
}

/* The driver's receive op into an out_len buffer, checked. */
static void driver_rx(struct fake_nic *n, size_t out_len, bool null)
{
	struct uk_virtq *vq = n->rxq;
	size_t max = UK_NETDEV_FRAME_MAX(n->nd);
	struct uk_netdev_stats a, b;
	const struct uk_virtq_used_elem *e;
	static void *tokens[UK_VIRTQ_MAX_SIZE];
	uint16_t used0 = vq->last_used, taken, pending;
	uint64_t bad_id0 = vq->stats.bad_id;
	const uint8_t *buf;
	uint8_t *out = malloc(out_len ? out_len : 1);
	int ret;

	if (!out)
		abort();
	memcpy(tokens, vq->token, sizeof(tokens));
	uk_netdev_stats_get(n->nd, &a);
	ret = uk_netdev_rx(n->nd, null ? NULL : out, out_len);
	uk_netdev_stats_get(n->nd, &b);
	taken = (uint16_t)(vq->last_used - used0);
	if (null || out_len < max) {
		if (ret != -EINVAL || taken || memcmp(&a, &b, sizeof(a)))
			abort();
		free(out);
		return;
	}
	/* Every entry taken: received, dropped or a bogus id, once. */
	if (taken != (b.rx_packets - a.rx_packets) +
			     (dropped(&b) - dropped(&a)) +
			     (vq->stats.bad_id - bad_id0))
		abort();
	/* Every buffer taken is posted again and made available. */
	if (vq->num_free != n->free0 || vq->avail->idx != vq->avail_idx)
		abort();
	if (ret == -EAGAIN) {
		pending = (uint16_t)(vq->used->idx - vq->last_used);
		if (b.rx_packets != a.rx_packets ||
		    (pending && pending <= vq->num))
			abort();
	} else {
		/* The frame is the last entry taken, after its header. */
		e = &vq->used->ring[(uint16_t)(vq->last_used - 1) &
				    (vq->num - 1)];
		buf = e->id < vq->num ? tokens[e->id] : NULL;
		if (ret < UK_NETDEV_ETH_HLEN || (size_t)ret > max || !buf ||
		    e->len != n->hdr_len + (uint32_t)ret ||
		    memcmp(out, buf + n->hdr_len, (size_t)ret) ||
		    (buf[0] & 1) || buf[1] ||
		    b.rx_packets != a.rx_packets + 1 ||
		    b.rx_bytes != a.rx_bytes + (uint64_t)ret)
			abort();
	}
	free(out);
	device_pop(n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct fake_nic *n;
	struct uk_netdev_stats a, b;
	unsigned int sel, calls;
	uint32_t id, len;
	uint16_t len16;
	size_t i = 1;
	uint8_t isr;

	if (!ready) {
		setup();
		ready = true;
	}
	if (!size)
		return 0;
	n = &nics[data[0] & 1];
	reset(n);
	while (i < size) {
		switch (data[i++] % 6) {
		case 0: /* complete a held buffer: sel, len, header, seed */
			if (size - i < 4 + n->hdr_len)
				return 0;
			sel = data[i];
			memcpy(&len16, data + i + 1, 2);
			if (n->nheld)
				device_complete(n, sel % n->nheld, len16,
						data + i + 3,
						data[i + 3 + n->hdr_len]);
			i += 4 + n->hdr_len;
			break;
		case 1: /* complete any id with any length */
			if (size - i < 8)
				return 0;
			memcpy(&id, data + i, 4);
			memcpy(&len, data + i + 4, 4);
			device_push(n->rxq, id, len);
			i += 8;
			break;
		case 2: /* move used->idx anywhere */
			if (size - i < 2)
				return 0;
			memcpy(&n->rxq->used->idx, data + i, 2);
			i += 2;
			break;
		case 3: /* interrupt: any nonzero status */
			isr = i < size ? data[i++] : 0;
			isr = isr ? isr : UK_VIRTIO_ISR_QUEUE;
			calls = notified;
			uk_netdev_stats_get(n->nd, &a);
			n->irq_fn(&n->dev, isr, n->irq_arg);
			uk_netdev_stats_get(n->nd, &b);
			if (b.irqs != a.irqs + 1 ||
			    notified != calls + !!(isr & UK_VIRTIO_ISR_QUEUE))
				abort();
			break;
		case 4: /* receive into a buffer of the frame maximum or more */
			driver_rx(n,
				  UK_NETDEV_FRAME_MAX(n->nd) +
					  (i < size ? data[i++] % 4 : 0),
				  false);
			break;
		default: /* receive into a too-small buffer, or none */
			sel = i < size ? data[i++] : 0;
			if (sel == 0xff)
				driver_rx(n, BUF_SIZE, true);
			else
				driver_rx(n,
					  sel * UK_NETDEV_FRAME_MAX(n->nd) /
						  255,
					  false);
			break;
		}
	}
	return 0;
}
