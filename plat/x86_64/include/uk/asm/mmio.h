/*
 * x86_64 device-register accessors. x86 keeps stores in order with each
 * other and loads with loads (Intel SDM 9.2.2), and device memory is
 * uncached (or trapped by the hypervisor): a compiler barrier is enough
 * to keep the accesses where the driver put them.
 */
#ifndef UK_ASM_MMIO_H
#define UK_ASM_MMIO_H

#include <stdint.h>

static inline uint32_t uk_mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile uint32_t *)addr;

	__asm__ __volatile__("" : : : "memory");
	return v;
}

static inline void uk_mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ __volatile__("" : : : "memory");
	*(volatile uint32_t *)addr = v;
}

#endif /* UK_ASM_MMIO_H */
