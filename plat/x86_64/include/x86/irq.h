/*
 * x86_64 interrupt numbers (<uk/plat/trap.h>) and the controller that
 * delivers them: the I/O APIC when the MADT lists one (or one answers at
 * QEMU's default address), else the i8259 PIC pair.
 */
#ifndef X86_IRQ_H
#define X86_IRQ_H

#include <stdbool.h>
#include <stdint.h>
#include <x86/madt.h>

/* With an I/O APIC, interrupt n arrives on vector 48 + n. */
#define X86_IRQ_VECTOR_BASE 48

/*
 * Chooses the controller: the MADT's I/O APICs and its ISA interrupt
 * source overrides (madt may be NULL: then an I/O APIC at
 * X86_IOAPIC_DEFAULT_BASE with GSI base 0, as on QEMU microvm without
 * ACPI), all pins masked and routed to the CPU with APIC id dest; the
 * i8259s stay masked. Without an I/O APIC the PIC delivers lines 0..15.
 * Call once on the boot CPU, after x86_apic_init() and before any
 * ukplat_irq_register(). Returns the controller's name for the log.
 */
const char *x86_irq_init(const struct x86_madt_info *madt, uint32_t dest);

/* The IDT vector interrupt irq arrives on (valid irq). */
unsigned int x86_irq_vector(unsigned int irq);

/* True if interrupt irq is masked at its controller. */
bool x86_irq_is_masked(unsigned int irq);

/* Masks interrupt irq (an interrupt that no handler claims). */
void x86_irq_mask(unsigned int irq);

#endif /* X86_IRQ_H */
