/* Virtio devices: the transport interface (PCI, MMIO) and device setup. */
#ifndef UK_VIRTIO_DEV_H
#define UK_VIRTIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/virtio/virtqueue.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Device status bits (virtio 1.2, 2.1). */
#define UK_VIRTIO_STATUS_ACK 1
#define UK_VIRTIO_STATUS_DRIVER 2
#define UK_VIRTIO_STATUS_DRIVER_OK 4
#define UK_VIRTIO_STATUS_FEATURES_OK 8
#define UK_VIRTIO_STATUS_FAILED 128

/* Transport-independent feature bits (6). */
#define UK_VIRTIO_F_EVENT_IDX 29
#define UK_VIRTIO_F_VERSION_1 32

/* Device types (5). */
#define UK_VIRTIO_ID_NET 1
#define UK_VIRTIO_ID_9P 9

/* Interrupt status bits (4.1.4.5, 4.2.2): a used ring, the config. */
#define UK_VIRTIO_ISR_QUEUE 1
#define UK_VIRTIO_ISR_CONFIG 2

struct uk_virtio_dev;

/*
 * Interrupt handler of a device: the transport calls it from the IRQ
 * after it read and acknowledged the interrupt status isr (never 0).
 */
typedef void (*uk_virtio_irq_fn)(struct uk_virtio_dev *dev, uint8_t isr,
				 void *arg);

/* What each transport implements. */
struct uk_virtio_transport {
	const char *name; /* "pci", "pci-legacy", "mmio", "mmio-legacy" */
	/* Offered features; legacy transports offer bits 0..31 only. */
	uint64_t (*features_get)(struct uk_virtio_dev *dev);
	void (*features_set)(struct uk_virtio_dev *dev, uint64_t features);
	uint8_t (*status_get)(struct uk_virtio_dev *dev);
	/* Sets status; 0 resets the device and waits for the reset. */
	void (*status_set)(struct uk_virtio_dev *dev, uint8_t status);
	/* Copies device config bytes [off, off + len) (consistent). */
	void (*config_read)(struct uk_virtio_dev *dev, unsigned int off,
			    void *buf, unsigned int len);
	/* Largest size of queue index (0: no such queue). */
	unsigned int (*queue_max)(struct uk_virtio_dev *dev, uint16_t index);
	/*
	 * Tells the device where vq's rings (legacy layout, aligned to
	 * UK_VIRTQ_LEGACY_ALIGN) are and enables the queue. Returns 0 or
	 * -ENOTSUP.
	 */
	int (*queue_enable)(struct uk_virtio_dev *dev, struct uk_virtq *vq);
	/* Available-buffer notification for queue index. */
	void (*notify)(struct uk_virtio_dev *dev, uint16_t index);
	/*
	 * Routes the device's interrupt to fn(dev, isr, arg) and enables
	 * it. Returns 0 or a negative errno (-ENODEV: no usable IRQ).
	 */
	int (*irq_enable)(struct uk_virtio_dev *dev, uk_virtio_irq_fn fn,
			  void *arg);
};

/* One device as its transport found it. */
struct uk_virtio_dev {
	const struct uk_virtio_transport *tr;
	uint16_t device_id; /* UK_VIRTIO_ID_* */
	bool modern; /* virtio 1.x interface: VERSION_1 required */
	bool fixed_queue_size; /* legacy PCI: queues have queue_max entries */
	uint64_t features; /* negotiated by uk_virtio_negotiate() */
	void *priv; /* the transport's */
};

/* Whether bit was negotiated. */
static inline bool uk_virtio_has(const struct uk_virtio_dev *dev,
				 unsigned int bit)
{
	return (dev->features >> bit) & 1;
}

/*
 * Resets dev and negotiates features (3.1.1 steps 1-6): ACKNOWLEDGE,
 * DRIVER, the intersection of the offered features with wanted (plus
 * VERSION_1 on a modern device, which requires it), FEATURES_OK, checked
 * by reading the status back. Sets dev->features.
 * Returns 0, or -ENODEV when the device refuses (status FAILED is set).
 */
int uk_virtio_negotiate(struct uk_virtio_dev *dev, uint64_t wanted);

/*
 * Allocates ring memory for queue index (size min(queue_max, cap)
 * rounded down to a power of two, or the fixed size of a legacy PCI
 * device), initialises vq and enables it in
 * the device. Call between uk_virtio_negotiate() and
 * uk_virtio_driver_ok().
 * Returns 0, -ENOENT when the device has no such queue, -ENOTSUP for a
 * size this driver cannot use, or -ENOMEM.
 */
int uk_virtio_queue_setup(struct uk_virtio_dev *dev, struct uk_virtq *vq,
			  uint16_t index, unsigned int cap);

/* Sets DRIVER_OK: the device is live. */
void uk_virtio_driver_ok(struct uk_virtio_dev *dev);

/* Marks dev FAILED (the driver gave up on it). */
void uk_virtio_fail(struct uk_virtio_dev *dev);

/* Notifies the device if the queue's suppression state asks for it. */
void uk_virtio_kick(struct uk_virtio_dev *dev, struct uk_virtq *vq);

/* A driver for one device type. */
struct uk_virtio_driver {
	uint16_t device_id; /* UK_VIRTIO_ID_* */
	const char *name; /* "virtio-net" */
	/* Sets dev up. Returns 0 or a negative errno. */
	int (*probe)(struct uk_virtio_dev *dev);
};

/*
 * Registers driver drv (a const struct uk_virtio_driver) at link time: a
 * pointer to it lands in the .uk_virtio_drivers linker section, so the
 * registering cc_library must be alwayslink. Use at file scope, followed
 * by a semicolon. The first driver linked for a type wins.
 */
#define UK_VIRTIO_DRIVER_REGISTER(drv)                                         \
	_UK_VIRTIO_DRIVER_REGISTER(drv, __COUNTER__)
#define _UK_VIRTIO_DRIVER_REGISTER(drv, id) __UK_VIRTIO_DRIVER_REGISTER(drv, id)
#define __UK_VIRTIO_DRIVER_REGISTER(drv, id)                                   \
	static const struct uk_virtio_driver *const __uk_virtio_driver_##id    \
		__used __section(".uk_virtio_drivers")                         \
			__aligned(sizeof(void *)) = &(drv)

/*
 * Called by transports (kernel only: //plat/virtio:probe) for each device
 * they find; binds the registered driver of dev->device_id. Returns 0,
 * -ENODEV for a type without a driver, or the driver's error.
 */
int uk_virtio_probe(struct uk_virtio_dev *dev);

/*
 * Memory the device reads and writes (rings, buffers): npages zeroed,
 * page-aligned pages whose physical address is their virtual address,
 * from the default allocator (the boot sequence sets it before the
 * initcalls run). Never freed. Returns NULL when there is no default
 * allocator or no memory.
 */
void *uk_virtio_dma_alloc(unsigned long npages);

/* The physical (DMA) address of p: the identity mapping. */
static inline uint64_t uk_virtio_dma_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Drivers (net.c, 9p.c). Return 0 or a negative errno. */
int uk_virtio_net_probe(struct uk_virtio_dev *dev);
int uk_virtio_9p_probe(struct uk_virtio_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* UK_VIRTIO_DEV_H */
