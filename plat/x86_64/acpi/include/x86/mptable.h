/*
 * The Intel MultiProcessor Specification 1.4 tables (the "MP table"): CPU
 * and I/O APIC discovery where there is no ACPI MADT (QEMU's microvm with
 * acpi=off, whose qboot firmware writes an MP table). Read into the same
 * struct x86_madt_info as the MADT, through the same memory accessor.
 */
#ifndef X86_MPTABLE_H
#define X86_MPTABLE_H

#include <stdint.h>
#include <uk/essentials.h>
#include <x86/acpi.h>
#include <x86/madt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The MP floating pointer structure (spec section 4.1). */
struct x86_mp_fps {
	char signature[4]; /* "_MP_" */
	uint32_t config_pa; /* the configuration table, 0 if none */
	uint8_t length; /* in 16-byte units: 1 */
	uint8_t spec_rev;
	uint8_t checksum; /* all length * 16 bytes sum to 0 */
	uint8_t features[5]; /* features[0] != 0: a default configuration */
} __packed;

/* The configuration table header (section 4.2). */
struct x86_mp_config {
	char signature[4]; /* "PCMP" */
	uint16_t length; /* of the base table, header included */
	uint8_t spec_rev;
	uint8_t checksum; /* all length bytes sum to 0 */
	char oem_id[8];
	char product_id[12];
	uint32_t oem_table_pa;
	uint16_t oem_table_size;
	uint16_t entry_count;
	uint32_t lapic_addr;
	uint16_t ext_length;
	uint8_t ext_checksum;
	uint8_t reserved;
	/* Entries follow, their size given by their type. */
} __packed;

/* Base table entry types and sizes (section 4.3). */
#define X86_MP_PROCESSOR 0 /* 20 bytes */
#define X86_MP_BUS 1 /* 8 bytes */
#define X86_MP_IOAPIC 2 /* 8 bytes */
#define X86_MP_IOINT 3 /* 8 bytes */
#define X86_MP_LINT 4 /* 8 bytes */

struct x86_mp_processor {
	uint8_t type;
	uint8_t apic_id;
	uint8_t apic_version;
	uint8_t flags; /* X86_MP_CPU_* */
	uint32_t signature;
	uint32_t features;
	uint32_t reserved[2];
} __packed;

#define X86_MP_CPU_ENABLED (1U << 0)
#define X86_MP_CPU_BSP (1U << 1)

struct x86_mp_bus {
	uint8_t type;
	uint8_t id;
	char bus_type[6]; /* "ISA   ", "PCI   ", blank-padded */
} __packed;

struct x86_mp_ioapic {
	uint8_t type;
	uint8_t id;
	uint8_t version;
	uint8_t flags; /* X86_MP_IOAPIC_ENABLED */
	uint32_t addr;
} __packed;

#define X86_MP_IOAPIC_ENABLED (1U << 0)

struct x86_mp_ioint {
	uint8_t type;
	uint8_t int_type; /* X86_MP_INT_* */
	uint16_t flags; /* polarity and trigger: the MADT's ISO flags */
	uint8_t src_bus;
	uint8_t src_irq;
	uint8_t dst_ioapic; /* I/O APIC id, 0xff: all */
	uint8_t dst_pin;
} __packed;

#define X86_MP_INT_INT 0 /* a vectored interrupt */

/* Where the floating pointer may be (section 4). */
#define X86_MP_BDA_BASEMEM_KB 0x413ULL /* BDA word: base memory in KiB */
#define X86_MP_SEARCH_LEN 1024
#define X86_MP_BIOS_START 0xF0000ULL
#define X86_MP_BIOS_END 0x100000ULL /* exclusive */

/*
 * Finds a valid floating pointer with a configuration table: the first
 * KiB of the EBDA (BDA word 0x40E), the last KiB of base memory (BDA word
 * 0x413, else 639 KiB), then the BIOS ROM 0xF0000-0xFFFFF, on 16-byte
 * boundaries.
 * @config_pa: out, the configuration table's address
 * Returns 0, or -ENOENT (none, or only a default configuration).
 */
int __must_check x86_mptable_find(const struct x86_acpi_mem *mem,
				  uint64_t *config_pa);

/*
 * Parses a configuration table of len bytes (checksum already validated),
 * its entries up to its length (entry_count is ignored, as Linux does:
 * qboot leaves it 0): enabled processor entries go to cpus[] (one per APIC id, flags
 * X86_MADT_CPU_ENABLED), enabled I/O APICs to ioapics[] (GSI base: the
 * sum of 24 pins per earlier I/O APIC, as QEMU and Linux's MP table code
 * assume), and vectored interrupts from an ISA bus whose pin differs from
 * the IRQ or whose flags are not the bus's defaults to isos[] (the MADT's
 * source overrides). Overflowing entries are counted, not stored.
 * Returns 0; -EINVAL if the signature is not "PCMP", the length is
 * shorter than the header or than len, or an entry is of an unknown type
 * or runs past the table's end.
 */
int __must_check x86_mptable_parse(const struct x86_mp_config *cfg,
				   uint32_t len, struct x86_madt_info *info);

/*
 * x86_mptable_find(), the table's checksum, then x86_mptable_parse().
 * Returns 0, -ENOENT, -EFAULT (not mapped) or -EINVAL.
 */
int __must_check x86_mptable_read(const struct x86_acpi_mem *mem,
				  struct x86_madt_info *info);

#ifdef __cplusplus
}
#endif

#endif /* X86_MPTABLE_H */
