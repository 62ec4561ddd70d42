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
	uint64_t base; /* physical address of the register block */
	uint64_t size; /* its length in bytes */
	unsigned int irq; /* interrupt, numbered as in <uk/plat/trap.h> */
	unsigned int trigger; /* UKPLAT_IRQ_EDGE_RISING, ... */
};

/*
 * Lists the platform's virtio-mmio device slots, in a fixed order, into
 * devs[0..max-1]. A slot may hold no device (its DeviceID reads 0); slots
 * whose description is unusable (no register block or interrupt that the
 * platform can read) are left out. Call after the platform initcalls.
 * Returns the number of slots, which may exceed max: only max are filled.
 */
unsigned int ukplat_virtio_mmio_list(struct ukplat_virtio_mmio_dev *devs,
				     unsigned int max);

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
