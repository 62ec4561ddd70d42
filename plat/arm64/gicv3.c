/*
 * GICv3 driver: memory-mapped distributor and redistributors, CPU
 * interface through the ICC_* system registers (IHI 0069). Interrupts are
 * Non-secure Group 1, delivered as IRQs at EL1.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/gic.h>

/* Distributor (IHI 0069 12.9). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
/*
 * With one security state (QEMU virt: DS = 1) bit 0 enables Group 0,
 * bit 1 Group 1 and bit 4 is ARE; seen from Non-secure with two states,
 * bit 1 is EnableGrp1A and bit 4 ARE_NS. The same value fits both.
 */
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_ENABLE_GRPS 0x3
#define GICD_TYPER_LINES(t) ((((t) & 0x1f) + 1) * 32)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ISPENDR0 (GICR_SGI + 0x0200)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_ICFGR0 (GICR_SGI + 0x0c00)
#define GICR_CTLR_RWP (1U << 3)
#define GICR_TYPER_VLPIS (1UL << 1)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_TYPER_AFF(t) ((t) >> 32)
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
#define GICR_FRAMES_SIZE 0x20000 /* RD_base + SGI_base */
#define GICR_FRAMES_SIZE_V4 0x40000 /* + VLPI frames when VLPIS */

/* CPU interface system registers by encoding (IHI 0069 12.1). */
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_BPR1_EL1 "S3_0_C12_C12_3"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_SRE_EL1 "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_SRE_SRE 0x1

#define icc_read(reg)                                                          \
	({                                                                     \
		uint64_t __v;                                                  \
		__asm__ __volatile__("mrs %0, " reg : "=r"(__v));              \
		__v;                                                           \
	})
#define icc_write(reg, v)                                                      \
	__asm__ __volatile__("msr " reg ", %0"                                 \
			     :                                                 \
			     : "r"((uint64_t)(v))                              \
			     : "memory")

static uintptr_t gicd, gicr_base;
static uint64_t gicr_size;

/*
 * Address of intid's register: dist_off in the distributor for SPIs,
 * redist_off in the calling CPU's redistributor for SGIs and PPIs.
 */
static uintptr_t bank(unsigned int intid, unsigned long dist_off,
		      unsigned long redist_off)
{
	if (intid < GIC_SPI_BASE)
		return arm64_lcpu_self()->gicr + redist_off;
	return gicd + dist_off;
}

static void wait_rwp(unsigned int intid)
{
	if (intid < GIC_SPI_BASE) {
		while (gic_read32(arm64_lcpu_self()->gicr + GICR_CTLR) &
		       GICR_CTLR_RWP)
			;
	} else {
		while (gic_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
			;
	}
}

static void v3_enable(unsigned int intid)
{
	gic_write32(
		bank(intid, GICD_ISENABLER + 4 * (intid / 32), GICR_ISENABLER0),
		1U << (intid % 32));
}

static void v3_disable(unsigned int intid)
{
	gic_write32(
		bank(intid, GICD_ICENABLER + 4 * (intid / 32), GICR_ICENABLER0),
		1U << (intid % 32));
	/* Disabling completes only when RWP clears (IHI 0069 12.9.4). */
	wait_rwp(intid);
}

static void v3_set_priority(unsigned int intid, uint8_t prio)
{
	gic_write8(bank(intid, GICD_IPRIORITYR, GICR_IPRIORITYR) + intid, prio);
}

/* ICFGR: two bits per INTID, the upper one set for edge-triggered. */
static void v3_set_trigger(unsigned int intid, int edge)
{
	uintptr_t reg = bank(intid, GICD_ICFGR + 4 * (intid / 16),
			     GICR_ICFGR0 + 4 * (intid / 16));
	uint32_t bit = 2U << (2 * (intid % 16));
	uint32_t v = gic_read32(reg);

	gic_write32(reg, edge ? v | bit : v & ~bit);
}

static void v3_set_pending(unsigned int intid)
{
	gic_write32(bank(intid, GICD_ISPENDR + 4 * (intid / 32), GICR_ISPENDR0),
		    1U << (intid % 32));
}

static uint32_t v3_ack(void)
{
	uint32_t iar = (uint32_t)icc_read(ICC_IAR1_EL1);

	/* Reads of the IRQ's device must not pass the acknowledge. */
	__asm__ __volatile__("dsb sy" ::: "memory");
	return iar;
}

static void v3_eoi(uint32_t iar)
{
	icc_write(ICC_EOIR1_EL1, iar);
	__asm__ __volatile__("isb");
}

/* ICC_SGI1R_EL1 fields (IHI 0069 12.11.16). */
static void v3_send_sgi(unsigned int sgi, const struct arm64_lcpu *target)
{
	uint64_t mpidr = target->mpidr;
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;
	uint64_t v;

	/* Target list bits cover Aff0 16 at a time, chosen by RS. */
	v = (aff3 << 48) | ((aff0 / 16) << 44) | (aff2 << 32) |
	    ((uint64_t)(sgi & 0xf) << 24) | (aff1 << 16) | (1UL << (aff0 % 16));
	/* The queued work the SGI announces must be visible first. */
	__asm__ __volatile__("dsb ish" ::: "memory");
	icc_write(ICC_SGI1R_EL1, v);
	__asm__ __volatile__("isb");
}

/* Finds the redistributor whose GICR_TYPER affinity is this CPU's. */
static uintptr_t find_redist(uint64_t mpidr)
{
	uint32_t aff =
		(uint32_t)(((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff));
	uintptr_t rd = gicr_base;
	uint64_t typer;

	while (rd + GICR_FRAMES_SIZE <= gicr_base + gicr_size) {
		typer = gic_read64(rd + GICR_TYPER);
		if (GICR_TYPER_AFF(typer) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += typer & GICR_TYPER_VLPIS ? GICR_FRAMES_SIZE_V4 :
						 GICR_FRAMES_SIZE;
	}
	return 0;
}

static int v3_cpu_init(struct arm64_lcpu *self)
{
	uintptr_t rd = find_redist(self->mpidr);
	unsigned int i;

	if (!rd) {
		uk_pr_err("gicv3: no redistributor for CPU %u (MPIDR 0x%lx)\n",
			  self->idx, (unsigned long)self->mpidr);
		return -ENODEV;
	}
	self->gicr = rd;

	/* Wake the redistributor up: it must not be asleep to forward. */
	gic_write32(rd + GICR_WAKER,
		    gic_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while (gic_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;

	/* SGIs and PPIs: Group 1, PPIs off, SGIs on, default priority. */
	gic_write32(rd + GICR_IGROUPR0, 0xffffffff);
	gic_write32(rd + GICR_ICENABLER0, 0xffff0000);
	wait_rwp(0);
	for (i = 0; i < GIC_SPI_BASE; i++)
		gic_write8(rd + GICR_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	gic_write32(rd + GICR_ISENABLER0, 0x0000ffff);

	/* CPU interface: system registers, all priorities, Group 1 on. */
	icc_write(ICC_SRE_EL1, icc_read(ICC_SRE_EL1) | ICC_SRE_SRE);
	__asm__ __volatile__("isb");
	icc_write(ICC_PMR_EL1, 0xff);
	icc_write(ICC_BPR1_EL1, 0);
	icc_write(ICC_CTLR_EL1, 0); /* EOImode 0: EOIR also deactivates */
	icc_write(ICC_IGRPEN1_EL1, 1);
	__asm__ __volatile__("isb");
	return 0;
}

static const struct arm64_gic_ops gicv3_ops = {
	.name = "GICv3",
	.cpu_init = v3_cpu_init,
	.enable = v3_enable,
	.disable = v3_disable,
	.set_priority = v3_set_priority,
	.set_trigger = v3_set_trigger,
	.set_pending = v3_set_pending,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.send_sgi = v3_send_sgi,
};

const struct arm64_gic_ops *arm64_gicv3_probe(uintptr_t dist, uintptr_t redist,
					      uint64_t redist_size)
{
	uint64_t route = arm64_lcpu_self()->mpidr & ARM64_MPIDR_AFF_MASK;
	unsigned int i, lines;

	gicd = dist;
	gicr_base = redist;
	gicr_size = redist_size;
	lines = UK_MIN(GICD_TYPER_LINES(gic_read32(gicd + GICD_TYPER)),
		       ARM64_GIC_MAX_INTID);

	/* Off, then affinity routing on before any other setting. */
	gic_write32(gicd + GICD_CTLR, 0);
	wait_rwp(GIC_SPI_BASE);
	gic_write32(gicd + GICD_CTLR, GICD_CTLR_ARE);
	wait_rwp(GIC_SPI_BASE);

	/* SPIs: Group 1, off, level, default priority, to the boot CPU. */
	for (i = GIC_SPI_BASE; i < lines; i += 32) {
		gic_write32(gicd + GICD_IGROUPR + i / 8, 0xffffffff);
		gic_write32(gicd + GICD_ICENABLER + i / 8, 0xffffffff);
	}
	wait_rwp(GIC_SPI_BASE);
	for (i = GIC_SPI_BASE; i < lines; i += 16)
		gic_write32(gicd + GICD_ICFGR + i / 4, 0);
	for (i = GIC_SPI_BASE; i < lines; i++) {
		gic_write8(gicd + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
		gic_write64(gicd + GICD_IROUTER + 8 * i, route);
	}
	gic_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRPS);
	wait_rwp(GIC_SPI_BASE);
	return &gicv3_ops;
}
