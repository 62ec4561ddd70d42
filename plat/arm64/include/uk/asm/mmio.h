/*
 * arm64 device-register accessors, ordered like Linux's readl()/writel():
 * a write may start DMA (a virtio notify) or depend on earlier memory
 * writes, so it comes after all prior accesses as the device sees them
 * (outer shareable); a read completes before any later memory read.
 */
#ifndef UK_ASM_MMIO_H
#define UK_ASM_MMIO_H

#include <stdint.h>

static inline uint32_t uk_mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile uint32_t *)addr;

	__asm__ __volatile__("dmb oshld" : : : "memory");
	return v;
}

static inline void uk_mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ __volatile__("dmb oshst" : : : "memory");
	*(volatile uint32_t *)addr = v;
}

#endif /* UK_ASM_MMIO_H */
