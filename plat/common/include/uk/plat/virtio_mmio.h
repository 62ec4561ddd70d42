/*
 * virtio-mmio devices as a platform describes them: where the register
 * block is and which interrupt it raises, whatever told the platform
 * (arm64: the device tree; x86_64 microvm: the kernel command line).
 */
#ifndef UK_PLAT_VIRTIO_MMIO_H
#define UK_PLAT_VIRTIO_MMIO_H

#include <stdint.h>
#include <uk/essentials.h>

struct ukplat_virtio_mmio_dev {
	uint64_t base;        /* physical address of the register block */
	uint64_t size;        /* its length in bytes */
	unsigned int irq;     /* interrupt, numbered as in <uk/plat/trap.h> */
	unsigned int trigger; /* UKPLAT_IRQ_EDGE_RISING, ... */
};

/*
 * Describes the idx-th virtio-mmio device slot of the platform (0, 1, ...
 * in a fixed order). A slot may hold no device (its DeviceID reads 0).
 * Returns 0 and fills *dev, -ENOENT past the last slot, or -EINVAL when
 * the platform's description of this slot is unusable (the caller skips
 * it and goes on with idx + 1).
 */
int ukplat_virtio_mmio_get(unsigned int idx,
			   struct ukplat_virtio_mmio_dev *dev) __must_check;

/*
 * Parses one Linux-style kernel command line value of
 * "virtio_mmio.device=": "SIZE@BASE:IRQ[:ID]", SIZE a number with an
 * optional K, M or G suffix, BASE and IRQ numbers in C syntax (0x for
 * hex), the optional device ID ignored. The interrupt is a rising edge,
 * as for Linux's legacy-line resources. Returns 0 and fills *dev, or
 * -EINVAL for a malformed value, a zero size, or a range past 2^64.
 */
int ukplat_virtio_mmio_parse(const char *s,
			     struct ukplat_virtio_mmio_dev *dev) __must_check;

#endif /* UK_PLAT_VIRTIO_MMIO_H */
