/* MADT ("APIC" table) parsing: local APICs, I/O APICs, IRQ overrides. */
#ifndef X86_MADT_H
#define X86_MADT_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <x86/acpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MADT layout (ACPI 6.5, section 5.2.12). */
struct x86_acpi_madt {
	struct x86_acpi_sdt_hdr hdr; /* signature "APIC" */
	uint32_t lapic_addr; /* 32-bit local APIC MMIO address */
	uint32_t flags; /* X86_MADT_PCAT_COMPAT */
	/* Entries follow, each starting with type and length bytes. */
} __packed;

#define X86_MADT_PCAT_COMPAT (1U << 0) /* dual i8259 PICs present */

/* Entry types. */
#define X86_MADT_LAPIC 0
#define X86_MADT_IOAPIC 1
#define X86_MADT_ISO 2
#define X86_MADT_LAPIC_OVERRIDE 5
#define X86_MADT_X2APIC 9

struct x86_madt_entry_hdr {
	uint8_t type;
	uint8_t length; /* of the whole entry, >= 2 */
} __packed;

struct x86_madt_lapic {
	struct x86_madt_entry_hdr hdr;
	uint8_t acpi_uid;
	uint8_t apic_id;
	uint32_t flags; /* X86_MADT_CPU_* */
} __packed;

struct x86_madt_ioapic {
	struct x86_madt_entry_hdr hdr;
	uint8_t id;
	uint8_t reserved;
	uint32_t addr;
	uint32_t gsi_base;
} __packed;

struct x86_madt_iso {
	struct x86_madt_entry_hdr hdr;
	uint8_t bus; /* 0: ISA */
	uint8_t source; /* bus-relative IRQ */
	uint32_t gsi;
	uint16_t flags; /* X86_MADT_ISO_* */
} __packed;

struct x86_madt_lapic_override {
	struct x86_madt_entry_hdr hdr;
	uint16_t reserved;
	uint64_t addr;
} __packed;

struct x86_madt_x2apic {
	struct x86_madt_entry_hdr hdr;
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags; /* X86_MADT_CPU_* */
	uint32_t acpi_uid;
} __packed;

/* Local APIC / x2APIC flags. */
#define X86_MADT_CPU_ENABLED (1U << 0)
/* Set only when ENABLED is clear: firmware lets the OS enable it later. */
#define X86_MADT_CPU_ONLINE_CAPABLE (1U << 1)

/* Interrupt source override flags (MPS INTI flags). */
#define X86_MADT_ISO_POLARITY_MASK 0x3U
#define X86_MADT_ISO_POLARITY_BUS 0x0U /* as the bus defines (ISA: high) */
#define X86_MADT_ISO_POLARITY_HIGH 0x1U
#define X86_MADT_ISO_POLARITY_LOW 0x3U
#define X86_MADT_ISO_TRIGGER_MASK 0xCU
#define X86_MADT_ISO_TRIGGER_BUS 0x0U /* as the bus defines (ISA: edge) */
#define X86_MADT_ISO_TRIGGER_EDGE 0x4U
#define X86_MADT_ISO_TRIGGER_LEVEL 0xCU

/* Capacities of struct x86_madt_info. */
#define X86_MADT_MAX_CPUS 256
#define X86_MADT_MAX_IOAPICS 8
#define X86_MADT_MAX_ISOS 16

/* A usable CPU: enabled, or online-capable. */
struct x86_madt_cpu {
	uint32_t apic_id; /* x2APIC id; for a LAPIC entry its 8-bit id */
	uint32_t acpi_uid;
	uint32_t flags; /* X86_MADT_CPU_* from its entry */
	bool x2apic; /* listed by a local x2APIC entry */
};

struct x86_madt_ioapic_info {
	uint8_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

struct x86_madt_iso_info {
	uint8_t bus;
	uint8_t source;
	uint32_t gsi;
	uint16_t flags;
};

/*
 * What the MADT describes. Arrays hold entries in table order; entries
 * past a count are undefined. About 4.5 KiB: keep it off small stacks.
 */
struct x86_madt_info {
	uint64_t lapic_addr; /* the override's address if there is one */
	bool lapic_addr_overridden; /* an address override entry was seen */
	uint32_t flags; /* X86_MADT_PCAT_COMPAT */

	unsigned int cpu_count;
	/*
	 * CPUs not stored because cpus[] was full. A CPU listed twice (as
	 * LAPIC and x2APIC) is counted once if the first listing was
	 * stored, twice if it was dropped.
	 */
	unsigned int cpus_dropped;
	unsigned int cpus_disabled; /* neither enabled nor online-capable */
	struct x86_madt_cpu cpus[X86_MADT_MAX_CPUS];

	unsigned int ioapic_count;
	unsigned int ioapics_dropped;
	struct x86_madt_ioapic_info ioapics[X86_MADT_MAX_IOAPICS];

	unsigned int iso_count;
	unsigned int isos_dropped;
	struct x86_madt_iso_info isos[X86_MADT_MAX_ISOS];
};

/*
 * Parses a MADT. Processor local APIC (type 0) and local x2APIC (type 9)
 * entries that are enabled or online-capable go to cpus[], one per APIC
 * id (a later entry with an id already stored is ignored); I/O APIC
 * (type 1) and interrupt source override (type 2) entries are recorded;
 * a local APIC address override (type 5) replaces the 32-bit address.
 * Entries of other types are skipped by their length. Overflowing
 * entries are counted, not stored, and are no error.
 * @madt: the table, length bytes readable and checksum already validated,
 *   as x86_acpi_table_find() returns it
 * @info: out
 * Returns 0; -EINVAL if the signature is not "APIC", the table is shorter
 * than its fixed part (44 bytes), or an entry is shorter than 2 bytes,
 * shorter than its type's layout, or runs past the table's end. info is
 * undefined on error.
 */
int __must_check x86_madt_parse(const struct x86_acpi_sdt_hdr *madt,
				struct x86_madt_info *info);

/*
 * Add one entry to info, as the MADT and the MP table parsers do: a CPU
 * (skipped if neither enabled nor online-capable, or if its APIC id is
 * listed already), an I/O APIC, an interrupt source override. An entry
 * beyond the table's capacity is counted in its *_dropped field.
 */
void x86_madt_info_add_cpu(struct x86_madt_info *info, uint32_t apic_id,
			   uint32_t acpi_uid, uint32_t flags, bool x2apic);
void x86_madt_info_add_ioapic(struct x86_madt_info *info, uint8_t id,
			      uint32_t addr, uint32_t gsi_base);
void x86_madt_info_add_iso(struct x86_madt_info *info, uint8_t bus,
			   uint8_t source, uint32_t gsi, uint16_t flags);

/*
 * Finds the MADT with x86_acpi_table_find() and parses it with
 * x86_madt_parse().
 * Returns 0, or an error of either function.
 */
int __must_check x86_madt_read(const struct x86_acpi *acpi,
			       struct x86_madt_info *info);

#ifdef __cplusplus
}
#endif

#endif /* X86_MADT_H */
