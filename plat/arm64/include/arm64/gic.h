/* Generic Interrupt Controller: one interface, GICv2 and GICv3 drivers. */
#ifndef ARM64_GIC_H
#define ARM64_GIC_H

#include <stdint.h>
#include <arm64/lcpu.h>

/* INTID ranges (GIC architecture spec, 2.2). */
#define GIC_SGI_BASE 0
#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32
#define GIC_INTID_SPURIOUS 1020 /* 1020..1023: no interrupt to handle */
#define GIC_IAR_INTID(iar) ((iar) & 0x3ff)

/* QEMU virt: 32 private + 256 shared interrupts. */
#define ARM64_GIC_MAX_INTID 288

/* Priorities: lower is more urgent. Everything uses the default. */
#define GIC_PRIO_DEFAULT 0xa0

/* SGI that wakes a CPU and runs its ukplat_lcpu_run() queue. */
#define ARM64_SGI_WAKEUP 0

/*
 * A GIC driver. Per-IRQ operations on SGIs and PPIs (intid < 32) act on
 * the calling CPU's banked copy only; on SPIs for the whole machine (SPIs
 * are routed to the boot CPU).
 */
struct arm64_gic_ops {
	const char *name;
	/* Brings up the calling CPU's interface (GICv3: its redistributor),
	 * with SGIs enabled and PPIs disabled. Returns 0 or -ENODEV. */
	int (*cpu_init)(struct arm64_lcpu *self);
	void (*enable)(unsigned int intid);
	void (*disable)(unsigned int intid);
	void (*set_priority)(unsigned int intid, uint8_t prio);
	/* edge != 0: edge-triggered, else level-sensitive. */
	void (*set_trigger)(unsigned int intid, int edge);
	/* Makes intid pending, as if the device had signalled it. */
	void (*set_pending)(unsigned int intid);
	/* Acknowledges the highest priority pending IRQ: returns the IAR
	 * value, whose GIC_IAR_INTID() may be GIC_INTID_SPURIOUS. */
	uint32_t (*ack)(void);
	/* Ends an IRQ returned by ack (priority drop and deactivation). */
	void (*eoi)(uint32_t iar);
	/* Sends SGI sgi (0..15) to target, which finished cpu_init. */
	void (*send_sgi)(unsigned int sgi, const struct arm64_lcpu *target);
};

/*
 * Probes the GIC in the device tree ("arm,cortex-a15-gic", "arm,gic-400":
 * GICv2; "arm,gic-v3": GICv3), initialises its distributor and the
 * calling (boot) CPU's interface. Returns 0, or -ENODEV without a GIC.
 */
int arm64_gic_init(const void *fdt);

/* The driver arm64_gic_init() picked, or NULL before. */
extern const struct arm64_gic_ops *arm64_gic;

/* Drivers: set up the distributor; return the ops or NULL on failure. */
const struct arm64_gic_ops *arm64_gicv2_probe(uintptr_t dist, uintptr_t cpuif);
const struct arm64_gic_ops *arm64_gicv3_probe(uintptr_t dist, uintptr_t redist,
					      uint64_t redist_size);

/* MMIO accessors: device memory, no reordering with other MMIO. */
static inline uint32_t gic_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void gic_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint64_t gic_read64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}

static inline void gic_write64(uintptr_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

static inline void gic_write8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

#endif /* ARM64_GIC_H */
