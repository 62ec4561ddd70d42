/* Device initialisation common to every transport (virtio 1.2, 3.1). */
#include <errno.h>
#include <uk/print.h>
#include <uk/virtio/dev.h>

int uk_virtio_negotiate(struct uk_virtio_dev *dev, uint64_t wanted)
{
	uint64_t offered;

	dev->tr->status_set(dev, 0);
	dev->tr->status_set(dev, UK_VIRTIO_STATUS_ACK);
	dev->tr->status_set(dev,
			    UK_VIRTIO_STATUS_ACK | UK_VIRTIO_STATUS_DRIVER);
	offered = dev->tr->features_get(dev);
	if (dev->modern)
		wanted |= 1ULL << UK_VIRTIO_F_VERSION_1;
	else
		wanted &= 0xffffffffULL;
	dev->features = offered & wanted;
	if (dev->modern && !uk_virtio_has(dev, UK_VIRTIO_F_VERSION_1)) {
		uk_pr_err("virtio: modern device without VERSION_1\n");
		uk_virtio_fail(dev);
		return -ENODEV;
	}
	dev->tr->features_set(dev, dev->features);
	if (!dev->modern)
		return 0; /* legacy devices have no FEATURES_OK step */
	dev->tr->status_set(dev, UK_VIRTIO_STATUS_ACK |
					 UK_VIRTIO_STATUS_DRIVER |
					 UK_VIRTIO_STATUS_FEATURES_OK);
	if (!(dev->tr->status_get(dev) & UK_VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_err("virtio: device refused features 0x%llx\n",
			  (unsigned long long)dev->features);
		uk_virtio_fail(dev);
		return -ENODEV;
	}
	return 0;
}

int uk_virtio_queue_setup(struct uk_virtio_dev *dev, struct uk_virtq *vq,
			  uint16_t index, unsigned int cap)
{
	unsigned int max = dev->tr->queue_max(dev, index), num;
	size_t bytes;
	void *mem;
	int rc;

	if (!max)
		return -ENOENT;
	num = dev->fixed_queue_size ? max : UK_MIN(max, cap);
	/* Split rings need a power of two; the device accepts less. */
	while (num & (num - 1))
		num &= num - 1;
	bytes = uk_virtq_ring_bytes(num, UK_VIRTQ_LEGACY_ALIGN);
	if (!bytes) {
		uk_pr_err("virtio: queue %u: size %u not supported\n", index,
			  max);
		return -ENOTSUP;
	}
	mem = uk_virtio_dma_alloc(UK_ALIGN_UP(bytes, __PAGE_SIZE) /
				  __PAGE_SIZE);
	if (!mem)
		return -ENOMEM;
	rc = uk_virtq_init(vq, index, num, mem, UK_VIRTQ_LEGACY_ALIGN,
			   uk_virtio_has(dev, UK_VIRTIO_F_EVENT_IDX));
	if (rc < 0)
		return rc;
	return dev->tr->queue_enable(dev, vq);
}

void uk_virtio_driver_ok(struct uk_virtio_dev *dev)
{
	dev->tr->status_set(dev, dev->tr->status_get(dev) |
					 UK_VIRTIO_STATUS_DRIVER_OK);
}

void uk_virtio_fail(struct uk_virtio_dev *dev)
{
	dev->tr->status_set(dev,
			    dev->tr->status_get(dev) | UK_VIRTIO_STATUS_FAILED);
}

void uk_virtio_kick(struct uk_virtio_dev *dev, struct uk_virtq *vq)
{
	if (uk_virtq_notify_needed(vq))
		dev->tr->notify(dev, vq->index);
}
