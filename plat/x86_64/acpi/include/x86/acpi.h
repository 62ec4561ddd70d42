/* ACPI table discovery: RSDP search, RSDT/XSDT walk, table lookup. */
#ifndef X86_ACPI_H
#define X86_ACPI_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Table layouts (ACPI 6.5, sections 5.2.5 to 5.2.8). Packed: firmware
 * places 64-bit fields on 4-byte boundaries (XSDT entries, RSDP).
 */
struct x86_acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	uint8_t checksum; /* over the first 20 bytes (ACPI 1.0 part) */
	char oem_id[6];
	uint8_t revision; /* 0: ACPI 1.0, RSDT only; >= 2: the fields below */
	uint32_t rsdt_address;
	uint32_t length; /* of the whole structure */
	uint64_t xsdt_address;
	uint8_t extended_checksum; /* over length bytes */
	uint8_t reserved[3];
} __packed;

#define X86_ACPI_RSDP_V1_LEN 20 /* bytes covered by checksum */
#define X86_ACPI_RSDP_V2_LEN 36 /* sizeof(struct x86_acpi_rsdp) */

/* Common header of every system description table. */
struct x86_acpi_sdt_hdr {
	char signature[4];
	uint32_t length; /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum; /* all length bytes sum to 0 (mod 256) */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/*
 * Upper bound on a table's length. Nothing we read comes close (a MADT for
 * 256 x2APIC CPUs is about 4 KiB); the bound keeps a corrupt length from
 * making us checksum gigabytes.
 */
#define X86_ACPI_TABLE_MAX_LEN (16U * 1024 * 1024)

/* Where the RSDP search looks (ACPI 6.5, section 5.2.5.1). */
#define X86_ACPI_BDA_EBDA_SEG 0x40EULL /* BDA word: EBDA segment */
#define X86_ACPI_EBDA_SEARCH_LEN 1024 /* first 1 KiB of the EBDA */
#define X86_ACPI_BIOS_START 0xE0000ULL
#define X86_ACPI_BIOS_END 0x100000ULL /* exclusive */
#define X86_ACPI_RSDP_ALIGN 16

/*
 * Access to physical memory. All reads of firmware memory go through
 * map(ctx, pa, len): it returns a pointer through which the len bytes at
 * physical address pa can be read, or NULL if any of them lies outside
 * memory the caller allows. The pointer must stay valid for as long as
 * results derived from it (struct x86_acpi, table pointers) are used.
 * The kernel passes an identity-map lookup; host tests a fake memory.
 * The library never asks for a range whose end wraps past 2^64.
 */
struct x86_acpi_mem {
	const void *(*map)(void *ctx, uint64_t pa, size_t len);
	void *ctx;
};

/* The root table in use, filled by x86_acpi_init(). */
struct x86_acpi {
	struct x86_acpi_mem mem;
	uint64_t rsdp_pa;
	uint8_t revision; /* RSDP revision */
	uint64_t root_pa; /* XSDT or RSDT */
	const struct x86_acpi_sdt_hdr *root; /* mapped, validated */
	unsigned int entry_size; /* 8: XSDT, 4: RSDT */
	uint32_t entry_count;
};

/*
 * Finds the RSDP. A boot-loader-provided address (boot_pa, 0 if none) is
 * used first if it holds a valid RSDP; otherwise the first 1 KiB of the
 * EBDA (segment read from the BDA word at 0x40E; skipped when 0 or
 * unreadable) and then 0xE0000-0xFFFFF are searched on 16-byte
 * boundaries. A candidate must carry "RSD PTR " and a valid ACPI 1.0
 * checksum and, for revision >= 2, a length of at least 36 bytes and a
 * valid extended checksum; an invalid candidate is skipped and the search
 * goes on.
 * @mem: physical memory access
 * @boot_pa: RSDP address from the boot loader, or 0
 * @rsdp_pa: out, the RSDP's physical address
 * Returns 0, or -ENOENT if no valid RSDP was found.
 */
int __must_check x86_acpi_rsdp_find(const struct x86_acpi_mem *mem,
				    uint64_t boot_pa, uint64_t *rsdp_pa);

/*
 * Validates the RSDP at rsdp_pa and its root table: the XSDT if the RSDP
 * revision is >= 2 and its XSDT address is not 0, else the RSDT. The root
 * table must carry its signature, a length from 36 bytes to
 * X86_ACPI_TABLE_MAX_LEN that holds a whole number of entries, and a
 * valid checksum.
 * @acpi: out, the root table for x86_acpi_table_find()
 * @mem: physical memory access, copied into acpi
 * @rsdp_pa: normally from x86_acpi_rsdp_find()
 * Returns 0; -EINVAL if the RSDP or root table is invalid, truncated,
 * unreadable or absent (RSDT address 0); -E2BIG if the root table's
 * length exceeds X86_ACPI_TABLE_MAX_LEN. acpi is undefined on error.
 */
int __must_check x86_acpi_init(struct x86_acpi *acpi,
			       const struct x86_acpi_mem *mem,
			       uint64_t rsdp_pa);

/*
 * Finds the first table listed in the root table whose header carries
 * signature sig and validates it: length from 36 bytes to
 * X86_ACPI_TABLE_MAX_LEN, all of it readable, valid checksum. Entries
 * that are 0 or whose header cannot be read are skipped.
 * @acpi: initialised by x86_acpi_init()
 * @sig: 4 characters, e.g. "APIC" (no terminating NUL needed)
 * @table: out (may be NULL), the mapped table, length bytes readable
 * @pa: out (may be NULL), its physical address
 * Returns 0; -ENOENT if no readable table has that signature; -EINVAL if
 * the first one found is truncated or has a bad length or checksum;
 * -E2BIG if its length exceeds X86_ACPI_TABLE_MAX_LEN.
 */
int __must_check x86_acpi_table_find(const struct x86_acpi *acpi,
				     const char *sig,
				     const struct x86_acpi_sdt_hdr **table,
				     uint64_t *pa);

#ifdef __cplusplus
}
#endif

#endif /* X86_ACPI_H */
