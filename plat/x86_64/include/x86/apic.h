/* Local APIC: one interface over the x2APIC (MSRs) and xAPIC (MMIO) modes. */
#ifndef X86_APIC_H
#define X86_APIC_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>

/*
 * IDT vectors of local APIC interrupts. The PIC owns 32..47; these sit at
 * the top so that they outrank any device vector (priority class =
 * vector >> 4). The trap layer acknowledges the device vectors (PIC
 * 32..47, I/O APIC from X86_IRQ_VECTOR_BASE, <x86/irq.h>), not these:
 * every handler below sends the EOI itself (except the spurious vector,
 * which must not get one, Intel SDM Vol. 3A, 11.9).
 */
#define X86_APIC_VEC_TIMER 0xef /* one-shot / TSC-deadline timer */
#define X86_APIC_VEC_IPI 0xf0 /* ukplat_lcpu_run/wakeup IPIs */
#define X86_APIC_VEC_TLB 0xf1 /* TLB shootdown IPIs (tlb.c) */
#define X86_APIC_VEC_SPURIOUS 0xff /* low nibble 1111 for P6 compatibility */

/* Register offsets in xAPIC MMIO terms; x2APIC MSR = 0x800 + (off >> 4). */
#define X86_APIC_ID 0x020
#define X86_APIC_VERSION 0x030
#define X86_APIC_TPR 0x080
#define X86_APIC_EOI 0x0b0
#define X86_APIC_SVR 0x0f0
#define X86_APIC_ESR 0x280
#define X86_APIC_ICR_LO 0x300
#define X86_APIC_ICR_HI 0x310 /* xAPIC only: destination in bits 24..31 */
#define X86_APIC_LVT_TIMER 0x320
#define X86_APIC_LVT_LINT0 0x350
#define X86_APIC_LVT_LINT1 0x360
#define X86_APIC_LVT_ERROR 0x370
#define X86_APIC_TIMER_ICR 0x380 /* initial count */
#define X86_APIC_TIMER_CCR 0x390 /* current count */
#define X86_APIC_TIMER_DCR 0x3e0 /* divide configuration */

#define X86_APIC_SVR_ENABLE (1U << 8)
#define X86_APIC_LVT_MASKED (1U << 16)
#define X86_APIC_LVT_ONESHOT (0U << 17)
#define X86_APIC_LVT_TSC_DEADLINE (2U << 17)

/* ICR low word (Intel SDM Vol. 3A, 11.6.1). */
#define X86_APIC_ICR_FIXED (0U << 8)
#define X86_APIC_ICR_INIT (5U << 8)
#define X86_APIC_ICR_STARTUP (6U << 8)
#define X86_APIC_ICR_BUSY (1U << 12) /* delivery status, xAPIC only */
#define X86_APIC_ICR_ASSERT (1U << 14)
#define X86_APIC_ICR_LEVEL (1U << 15)

#define X86_MSR_APIC_BASE 0x1b
#define X86_APIC_BASE_BSP (1UL << 8)
#define X86_APIC_BASE_X2APIC (1UL << 10) /* EXTD */
#define X86_APIC_BASE_ENABLE (1UL << 11) /* global enable */
#define X86_APIC_BASE_ADDR_MASK 0xffffff000UL

#define X86_MSR_TSC_DEADLINE 0x6e0

#define X86_CPUID1_ECX_X2APIC (1U << 21)
#define X86_CPUID1_ECX_TSC_DEADLINE (1U << 24)

/* The default xAPIC MMIO base when firmware names none. */
#define X86_APIC_DEFAULT_BASE 0xfee00000UL

/*
 * One local APIC access mode. Registers are named by their xAPIC offset
 * (X86_APIC_*); each mode maps them to its own access.
 */
struct x86_apic_ops {
	const char *name;
	/* Switches this CPU's APIC into the mode (IA32_APIC_BASE). */
	void (*enable)(void);
	uint32_t (*read)(uint32_t reg);
	void (*write)(uint32_t reg, uint32_t val);
	/* This CPU's APIC id as the ICR destination field wants it. */
	uint32_t (*id)(void);
	/*
	 * Sends the IPI described by icr_lo to APIC id dest. Returns 0, or
	 * -ETIMEDOUT if a previous IPI never left (xAPIC delivery status).
	 */
	int (*send)(uint32_t dest, uint32_t icr_lo);
};

extern const struct x86_apic_ops x86_x2apic_ops;
extern const struct x86_apic_ops x86_xapic_ops;

/* Sets the xAPIC MMIO base (xapic.c); x86_apic_init() calls it. */
void x86_xapic_set_base(uintptr_t base);

/*
 * Chooses the mode for all CPUs: x2APIC when CPUID.01H:ECX[21] is set,
 * else xAPIC at mmio_base (from the MADT; 0 for the default). Then enables
 * the boot CPU's APIC like x86_apic_cpu_init() and registers the spurious
 * vector. Call once on the boot CPU with IRQs disabled.
 * Returns 0, or -ENODEV if the CPU has no local APIC (CPUID.01H:EDX[9]).
 */
int x86_apic_init(uint64_t mmio_base);

/*
 * Enables the calling CPU's APIC in the chosen mode: software enable with
 * the spurious vector, TPR 0 (accept all), timer and error LVTs masked.
 * LINT0/LINT1 stay as firmware set them on the boot CPU (LINT0 in ExtINT
 * mode carries the i8259 PIC's interrupts); a secondary CPU masks LINT0.
 */
void x86_apic_cpu_init(bool boot_cpu);

/* The active mode (NULL before x86_apic_init()). */
const struct x86_apic_ops *x86_apic_mode(void);

/* The calling CPU's APIC id. */
uint32_t x86_apic_id(void);

/* End of interrupt for the interrupt being handled on this CPU. */
void x86_apic_eoi(void);

/* Fixed IPI with vector to APIC id dest. Returns 0 or -ETIMEDOUT. */
int x86_apic_send_ipi(uint32_t dest, uint8_t vector);

/* INIT IPI (assert, then the level de-assert older CPUs need). */
int x86_apic_send_init(uint32_t dest);

/* STARTUP IPI: dest starts in real mode at page << 12. */
int x86_apic_send_sipi(uint32_t dest, uint8_t page);

/* Register access in the active mode (for the timer code). */
uint32_t x86_apic_read(uint32_t reg);
void x86_apic_write(uint32_t reg, uint32_t val);

#endif /* X86_APIC_H */
