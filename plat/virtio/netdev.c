/* The registry of network devices and the rx handler plumbing. */
#include <errno.h>
#include <uk/netdev.h>

static struct uk_netdev *netdevs[UK_NETDEV_MAX];
static unsigned int netdev_count;

int uk_netdev_register(struct uk_netdev *dev)
{
	if (!dev || !dev->ops)
		return -EINVAL;
	if (netdev_count >= UK_NETDEV_MAX)
		return -ENOSPC;
	netdevs[netdev_count] = dev;
	__atomic_store_n(&netdev_count, netdev_count + 1, __ATOMIC_RELEASE);
	return 0;
}

unsigned int uk_netdev_count(void)
{
	return __atomic_load_n(&netdev_count, __ATOMIC_ACQUIRE);
}

struct uk_netdev *uk_netdev_get(unsigned int i)
{
	return i < uk_netdev_count() ? netdevs[i] : NULL;
}

void uk_netdev_set_rx_handler(struct uk_netdev *dev,
			      uk_netdev_rx_handler_t handler, void *arg)
{
	/* arg first: an interrupt that sees the handler sees its arg. */
	__atomic_store_n(&dev->rx_handler_arg, arg, __ATOMIC_RELAXED);
	__atomic_store_n(&dev->rx_handler, handler, __ATOMIC_RELEASE);
}

void uk_netdev_rx_notify(struct uk_netdev *dev)
{
	uk_netdev_rx_handler_t h;

	h = __atomic_load_n(&dev->rx_handler, __ATOMIC_ACQUIRE);
	if (h)
		h(dev, __atomic_load_n(&dev->rx_handler_arg, __ATOMIC_RELAXED));
}

void uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *out)
{
	const uint64_t *src = (const uint64_t *)&dev->stats;
	uint64_t *dst = (uint64_t *)out;
	size_t i;

	for (i = 0; i < sizeof(*out) / sizeof(uint64_t); i++)
		dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
}
