/* Multiboot v1 definitions (Multiboot Specification 0.6.96, section 3). */
#ifndef X86_MULTIBOOT_H
#define X86_MULTIBOOT_H

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002 /* in EAX at entry */

/* Header flags: what the kernel asks of the loader. */
#define MULTIBOOT_PAGE_ALIGN (1 << 0) /* modules on 4 KiB boundaries */
#define MULTIBOOT_MEMORY_INFO (1 << 1) /* mem_* and mmap_* fields */

/* multiboot_info.flags: which fields the loader filled. */
#define MULTIBOOT_INFO_MEMORY (1 << 0)
#define MULTIBOOT_INFO_CMDLINE (1 << 2)
#define MULTIBOOT_INFO_MEM_MAP (1 << 6)

#define MULTIBOOT_MEMORY_AVAILABLE 1

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <uk/essentials.h>

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower; /* KiB from 0 */
	uint32_t mem_upper; /* KiB from 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
	/* Later fields (drives, APM, VBE, framebuffer) are unused. */
} __packed;

struct multiboot_mmap_entry {
	uint32_t size; /* of the rest of this entry, not counting size itself */
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __packed;

#endif /* !__ASSEMBLER__ */

#endif /* X86_MULTIBOOT_H */
