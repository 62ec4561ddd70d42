/* Network devices: the interface between NIC drivers and a network stack. */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A NIC moves whole Ethernet frames (destination MAC to the end of the
 * payload, no FCS). The stack sends with uk_netdev_tx() and pulls received
 * frames with uk_netdev_rx(); the driver tells it that frames are waiting
 * by calling the rx handler from its interrupt. The usual pattern:
 *
 *   static void on_rx(struct uk_netdev *dev, void *arg)   IRQ context
 *   {
 *           uk_semaphore_up(arg);
 *   }
 *
 *   rx thread:
 *           uk_netdev_set_rx_handler(dev, on_rx, &sem);
 *           for (;;) {
 *                   while ((n = uk_netdev_rx(dev, buf, sizeof(buf))) > 0)
 *                           hand buf[0..n) to the stack;
 *                   uk_semaphore_down(&sem);
 *           }
 *
 * No wake-up is lost: the handler runs for every interrupt that follows a
 * frame, including frames that arrive while the thread drains the queue.
 * A stack may also poll uk_netdev_rx() without a handler.
 */

#define UK_NETDEV_ALEN 6 /* bytes of a MAC address */
#define UK_NETDEV_ETH_HLEN 14 /* destination, source, ethertype */
#define UK_NETDEV_VLAN_HLEN 4 /* one 802.1Q tag */
#define UK_NETDEV_NAME_LEN 8

/*
 * Largest frame dev sends or receives: MTU (the IP packet) plus the
 * Ethernet header and one VLAN tag. Receive buffers must be this big.
 */
#define UK_NETDEV_FRAME_MAX(dev)                                               \
	((size_t)(dev)->mtu + UK_NETDEV_ETH_HLEN + UK_NETDEV_VLAN_HLEN)

/*
 * Counters, only ever incremented by the driver (relaxed atomics: read
 * them with uk_netdev_stats_get()).
 */
struct uk_netdev_stats {
	uint64_t rx_packets; /* frames handed to uk_netdev_rx() */
	uint64_t rx_bytes;
	uint64_t rx_dropped_malformed; /* shorter than an Ethernet header,
					* bad device header or length */
	uint64_t rx_dropped_oversize; /* longer than UK_NETDEV_FRAME_MAX */
	uint64_t tx_packets; /* frames given to the device */
	uint64_t tx_bytes;
	uint64_t tx_errors; /* frames refused: bad size */
	uint64_t tx_busy; /* uk_netdev_tx() found no room */
	uint64_t irqs; /* device interrupts taken */
};

struct uk_netdev;

/*
 * Called by the driver in interrupt context (IRQs disabled, on the IRQ
 * stack) when received frames may be waiting. Must not block or call
 * uk_netdev_rx(); wake a thread instead.
 */
typedef void (*uk_netdev_rx_handler_t)(struct uk_netdev *dev, void *arg);

/* What a driver implements; see the uk_netdev_* wrappers below. */
struct uk_netdev_ops {
	int (*tx)(struct uk_netdev *dev, const struct iovec *iov,
		  unsigned int iovcnt);
	int (*rx)(struct uk_netdev *dev, void *buf, size_t len);
};

/*
 * A registered network device. Drivers fill every field before
 * uk_netdev_register(); afterwards name, mac and mtu are read-only.
 */
struct uk_netdev {
	char name[UK_NETDEV_NAME_LEN]; /* "vnet0", NUL-terminated */
	uint8_t mac[UK_NETDEV_ALEN]; /* the device's station address */
	uint16_t mtu; /* largest IP packet, normally 1500 */
	const struct uk_netdev_ops *ops;
	void *priv; /* the driver's */
	uk_netdev_rx_handler_t rx_handler;
	void *rx_handler_arg;
	struct uk_netdev_stats stats;
};

/* Devices the registry holds at most. */
#define UK_NETDEV_MAX 8

/*
 * Adds dev to the registry under the next index. Drivers call it from
 * their probe (an init function, single-threaded).
 * Returns 0, -EINVAL when dev or dev->ops is NULL, or -ENOSPC when
 * UK_NETDEV_MAX devices are registered.
 */
int uk_netdev_register(struct uk_netdev *dev);

/* Number of registered devices; the registry only grows at boot. */
unsigned int uk_netdev_count(void);

/* Device i (0 <= i < uk_netdev_count()), or NULL for any other i. */
struct uk_netdev *uk_netdev_get(unsigned int i);

/*
 * Sends one frame, gathered from iov[0..iovcnt) (the driver copies it:
 * the buffers can be reused as soon as the call returns). Callable from
 * threads, concurrently with uk_netdev_rx(); not from IRQ handlers.
 * Concurrent senders serialise on a short spinlock (IRQs stay enabled).
 * Returns 0 once the frame is queued to the device; -EINVAL when the
 * total is below UK_NETDEV_ETH_HLEN or above UK_NETDEV_FRAME_MAX(dev) (or
 * iov is NULL with iovcnt > 0), counted in tx_errors; -EAGAIN when the
 * device has not yet completed enough earlier frames (counted in tx_busy:
 * retry later, the frame was not sent).
 */
static inline int uk_netdev_tx(struct uk_netdev *dev, const struct iovec *iov,
			       unsigned int iovcnt)
{
	return dev->ops->tx(dev, iov, iovcnt);
}

/*
 * Copies the next received frame into buf and gives its buffer back to
 * the device. Frames that are malformed or oversized are dropped and
 * counted on the way, never returned. Callable from threads; not from IRQ
 * handlers. Meant for one receiving thread per device (concurrent callers
 * serialise on a spinlock, IRQs stay enabled).
 * Returns the frame length (> 0); -EAGAIN when no frame is waiting;
 * -EINVAL when len < UK_NETDEV_FRAME_MAX(dev) (nothing is consumed).
 */
static inline int uk_netdev_rx(struct uk_netdev *dev, void *buf, size_t len)
{
	return dev->ops->rx(dev, buf, len);
}

/*
 * Installs handler (NULL: none) to be called with arg from the device's
 * interrupt when frames arrive. Set it once, before relying on it; the
 * handler may already run before this returns.
 */
void uk_netdev_set_rx_handler(struct uk_netdev *dev,
			      uk_netdev_rx_handler_t handler, void *arg);

/* Drivers: calls dev's rx handler, if any (from the IRQ handler). */
void uk_netdev_rx_notify(struct uk_netdev *dev);

/* Copies a snapshot of dev's counters into out. */
void uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *out);

/* Drivers: adds n to the counter at *counter (relaxed atomic). */
static inline void uk_netdev_count_add(uint64_t *counter, uint64_t n)
{
	__atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_H */
