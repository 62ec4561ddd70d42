/*
 * The PVH direct boot ABI (Xen's arch-x86/hvm/start_info.h, used by QEMU
 * -kernel and Firecracker): an ELF note names a 32-bit entry point, entered
 * in flat 32-bit protected mode without paging, EBX = the physical address
 * of struct hvm_start_info.
 */
#ifndef X86_PVH_H
#define X86_PVH_H

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578
/*
 * Not part of the ABI: what the PVH entry puts in EAX for the common 32-bit
 * path, beside multiboot's MULTIBOOT_BOOTLOADER_MAGIC.
 */
#define X86_PVH_BOOT_MAGIC XEN_HVM_START_MAGIC_VALUE

#ifndef __ASSEMBLER__
#include <stdint.h>

#define XEN_HVM_MEMMAP_TYPE_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version; /* 1 and above carry the memory map */
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr; /* NUL-terminated, 0 if none */
	uint64_t rsdp_paddr; /* ACPI RSDP, 0 if none */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
} __attribute__((packed));

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* E820 types: 1 RAM */
	uint32_t reserved;
} __attribute__((packed));
#endif /* __ASSEMBLER__ */

#endif /* X86_PVH_H */
