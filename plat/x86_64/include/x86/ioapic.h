/*
 * I/O APIC (Intel 82093AA datasheet): redirection of global system
 * interrupts (GSIs) to local APIC vectors.
 */
#ifndef X86_IOAPIC_H
#define X86_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>

/* Where QEMU's pc and microvm machines put the first I/O APIC. */
#define X86_IOAPIC_DEFAULT_BASE 0xfec00000UL
/* I/O APICs one system can have (QEMU microvm with ACPI has two). */
#define X86_IOAPIC_MAX 8

/* A redirection entry's trigger and polarity. */
#define X86_IOAPIC_LEVEL (1U << 15)
#define X86_IOAPIC_ACTIVE_LOW (1U << 13)

/*
 * Adds the I/O APIC whose registers are at addr (mapped) and whose first
 * pin is gsi_base, with every pin masked. A chip that does not answer
 * like an I/O APIC (version register 0 or all ones) is not added.
 * Returns 0, -ENOSPC past X86_IOAPIC_MAX chips, or -ENODEV.
 */
int __must_check x86_ioapic_add(uintptr_t addr, uint32_t gsi_base);

/* True if some added I/O APIC has a pin for gsi. */
bool x86_ioapic_has_gsi(uint32_t gsi);

/*
 * Points gsi at vector on the CPU with APIC id dest (fixed delivery,
 * physical destination), flags a mask of X86_IOAPIC_LEVEL and
 * X86_IOAPIC_ACTIVE_LOW; masked or not as asked.
 * Returns 0 or -EINVAL if no I/O APIC has the pin.
 */
int x86_ioapic_route(uint32_t gsi, uint8_t vector, uint32_t flags,
		     uint32_t dest, bool masked);

/* Masks or unmasks gsi's pin (nothing if no I/O APIC has it). */
void x86_ioapic_mask(uint32_t gsi, bool masked);

/* True if gsi's pin is masked (or does not exist). */
bool x86_ioapic_is_masked(uint32_t gsi);

#endif /* X86_IOAPIC_H */
