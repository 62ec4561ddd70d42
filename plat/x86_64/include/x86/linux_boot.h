/*
 * The Linux x86 boot protocol (Linux Documentation/arch/x86/boot.rst): the
 * setup header at offset 0x1f1 of a bzImage and of struct boot_params (the
 * "zero page"), and the boot_params fields the kernel reads. linux_setup.S
 * is the real-mode part; the 32-bit entry is at the load address, 1 MiB.
 */
#ifndef X86_LINUX_BOOT_H
#define X86_LINUX_BOOT_H

#define LINUX_HDR_OFFSET 0x1f1
#define LINUX_HDR_MAGIC 0x53726448 /* "HdrS" at 0x202 */
#define LINUX_BOOT_FLAG 0xaa55 /* at 0x1fe */
#define LINUX_BOOT_VERSION 0x020c /* 2.12: xloadflags */
#define LINUX_LOADED_HIGH 0x01 /* loadflags: kernel at 1 MiB */
#define LINUX_CAN_USE_HEAP 0x80 /* loadflags: heap_end_ptr is valid */
/* xloadflags: a 64-bit entry at the load address + 0x200 (multiboot.S). */
#define LINUX_XLF_KERNEL_64 0x01
#define LINUX_BOOT_CS 0x10 /* the GDT selectors the 32-bit entry gets */
#define LINUX_BOOT_DS 0x18
#define LINUX_E820_MAX 128
/* The protected-mode kernel's load address (link.ld). */
#define LINUX_LOAD_ADDR 0x100000
#define LINUX_ENTRY64_OFFSET 0x200

/*
 * Not part of the protocol: what the Linux entries (32-bit, 64-bit) put in
 * EAX for the common 32-bit path, beside multiboot's and PVH's magic.
 */
#define X86_LINUX_BOOT_MAGIC LINUX_HDR_MAGIC
#define X86_LINUX64_BOOT_MAGIC (LINUX_HDR_MAGIC + 1)

/* struct boot_params offsets. */
#define LINUX_BP_ACPI_RSDP 0x070
#define LINUX_BP_EXT_CMD_LINE_PTR 0x0c8
#define LINUX_BP_E820_ENTRIES 0x1e8
#define LINUX_BP_HDR_MAGIC 0x202
#define LINUX_BP_VERSION 0x206
#define LINUX_BP_CMD_LINE_PTR 0x228
#define LINUX_BP_E820_TABLE 0x2d0
#define LINUX_BP_SIZE 0x1000

#ifndef __ASSEMBLER__
#include <stdint.h>

#define LINUX_E820_RAM 1

struct linux_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));
#endif /* __ASSEMBLER__ */

#endif /* X86_LINUX_BOOT_H */
