/* GICv2 driver: memory-mapped distributor and CPU interface (IHI 0048B). */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/gic.h>

/* Distributor registers (IHI 0048B 4.1.2). */
#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_CTLR_ENABLE 0x1
#define GICD_TYPER_LINES(t) ((((t) & 0x1f) + 1) * 32)
#define GICD_TYPER_CPUS(t) (((t) >> 5) & 0x7) /* CPU interfaces - 1 */
#define GICD_SGIR_TARGETS_SHIFT 16

/* CPU interface registers (IHI 0048B 4.1.3). */
#define GICC_CTLR 0x000
#define GICC_PMR 0x004
#define GICC_BPR 0x008
#define GICC_IAR 0x00c
#define GICC_EOIR 0x010
#define GICC_CTLR_ENABLE 0x1

static uintptr_t gicd, gicc;

static void v2_enable(unsigned int intid)
{
	gic_write32(gicd + GICD_ISENABLER + 4 * (intid / 32),
		    1U << (intid % 32));
}

static void v2_disable(unsigned int intid)
{
	gic_write32(gicd + GICD_ICENABLER + 4 * (intid / 32),
		    1U << (intid % 32));
}

static void v2_set_priority(unsigned int intid, uint8_t prio)
{
	gic_write8(gicd + GICD_IPRIORITYR + intid, prio);
}

/* ICFGR: two bits per INTID, the upper one set for edge-triggered. */
static void v2_set_trigger(unsigned int intid, int edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + 4 * (intid / 16);
	uint32_t bit = 2U << (2 * (intid % 16));
	uint32_t v = gic_read32(reg);

	gic_write32(reg, edge ? v | bit : v & ~bit);
}

static void v2_set_pending(unsigned int intid)
{
	gic_write32(gicd + GICD_ISPENDR + 4 * (intid / 32), 1U << (intid % 32));
}

static uint32_t v2_ack(void)
{
	return gic_read32(gicc + GICC_IAR);
}

/* The whole IAR value goes back: for SGIs it names the sending CPU. */
static void v2_eoi(uint32_t iar)
{
	gic_write32(gicc + GICC_EOIR, iar);
}

static void v2_send_sgi(unsigned int sgi, const struct arm64_lcpu *target)
{
	/* The queued work the SGI announces must be visible first. */
	__asm__ __volatile__("dsb ishst" ::: "memory");
	gic_write32(gicd + GICD_SGIR,
		    (target->gicv2_mask << GICD_SGIR_TARGETS_SHIFT) | sgi);
}

static int v2_cpu_init(struct arm64_lcpu *self)
{
	unsigned int i;
	uint32_t mask;

	/*
	 * ITARGETSR0..7 are banked and read as this CPU interface's own
	 * bit (IHI 0048B 4.3.12): the SGI target of this CPU. A GIC with
	 * one CPU interface makes them RAZ: that interface is bit 0.
	 */
	mask = gic_read32(gicd + GICD_ITARGETSR) & 0xff;
	if (!mask && !GICD_TYPER_CPUS(gic_read32(gicd + GICD_TYPER)))
		mask = 1;
	if (!mask) {
		uk_pr_err("gicv2: CPU %u has no CPU interface\n", self->idx);
		return -ENODEV;
	}
	self->gicv2_mask = mask;

	/* Private interrupts: PPIs off, SGIs on, default priority. */
	gic_write32(gicd + GICD_ICENABLER, 0xffff0000);
	for (i = 0; i < GIC_SPI_BASE; i++)
		v2_set_priority(i, GIC_PRIO_DEFAULT);
	gic_write32(gicd + GICD_ISENABLER, 0x0000ffff);

	gic_write32(gicc + GICC_PMR, 0xff); /* let every priority through */
	gic_write32(gicc + GICC_BPR, 0);
	gic_write32(gicc + GICC_CTLR, GICC_CTLR_ENABLE);
	return 0;
}

static const struct arm64_gic_ops gicv2_ops = {
	.name = "GICv2",
	.cpu_init = v2_cpu_init,
	.enable = v2_enable,
	.disable = v2_disable,
	.set_priority = v2_set_priority,
	.set_trigger = v2_set_trigger,
	.set_pending = v2_set_pending,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.send_sgi = v2_send_sgi,
};

const struct arm64_gic_ops *arm64_gicv2_probe(uintptr_t dist, uintptr_t cpuif)
{
	unsigned int i, lines;
	uint32_t boot_mask;

	gicd = dist;
	gicc = cpuif;
	lines = UK_MIN(GICD_TYPER_LINES(gic_read32(gicd + GICD_TYPER)),
		       ARM64_GIC_MAX_INTID);
	/* RAZ with one CPU interface, where targets do not matter. */
	boot_mask = gic_read32(gicd + GICD_ITARGETSR) & 0xff;

	gic_write32(gicd + GICD_CTLR, 0);
	/* SPIs: off, level-sensitive, default priority, to the boot CPU. */
	for (i = GIC_SPI_BASE; i < lines; i += 32)
		gic_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
	for (i = GIC_SPI_BASE; i < lines; i += 16)
		gic_write32(gicd + GICD_ICFGR + i / 4, 0);
	for (i = GIC_SPI_BASE; i < lines; i++) {
		v2_set_priority(i, GIC_PRIO_DEFAULT);
		gic_write8(gicd + GICD_ITARGETSR + i, (uint8_t)boot_mask);
	}
	gic_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	return &gicv2_ops;
}
