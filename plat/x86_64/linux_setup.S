/*
 * The real-mode part of the Linux x86 boot protocol (boot.rst): the setup
 * sectors of a bzImage, which tools/bzimage.sh puts before the flat
 * kernel. A loader (QEMU's linuxboot option ROM under SeaBIOS, qboot on
 * microvm, GRUB's linux16) loads them below 1 MiB, the kernel at 1 MiB,
 * fills the header's loader fields and enters at the jump at 0x200 in real
 * mode with CS = the setup's segment + 0x20. Like Linux's setup, this code
 * builds struct boot_params from the header and the BIOS memory map
 * (INT 15h E820), enters 32-bit protected mode with the protocol's GDT and
 * jumps to code32_start (_ukplat_linux_entry32) with ESI = boot_params.
 *
 * Not loaded with the kernel: a section without the alloc flag, so the
 * ELF image leaves it out and tools/bzimage.sh takes it from the .dbg file.
 * Offsets in the section are offsets in the real-mode segment.
 */
#include <x86/linux_boot.h>

#define SETUP_SECTS 4 /* 512-byte sectors after the boot sector */
#define SETUP_SIZE ((SETUP_SECTS + 1) * 512)
/* In the setup's 64 KiB segment, beyond the loaded sectors. */
#define BP_OFF 0x1000
#define STACK_TOP 0x3000
#define SMAP 0x534d4150

	.section .linux_setup, ""
	.code16
_setup:
	.org LINUX_HDR_OFFSET
	.byte SETUP_SECTS /* setup_sects */
	.word 0 /* root_flags */
	.long 0 /* syssize (16-byte units): tools/bzimage.sh */
	.word 0 /* ram_size */
	.word 0xffff /* vid_mode: normal */
	.word 0 /* root_dev */
	.word LINUX_BOOT_FLAG /* boot_flag */
	/* 0x200: the entry. */
	.byte 0xeb, .Lstart - 1f /* jump (short) */
1:	.long LINUX_HDR_MAGIC /* header */
	.word LINUX_BOOT_VERSION /* version */
	.long 0 /* realmode_swtch */
	.word 0 /* start_sys_seg */
	.word 0 /* kernel_version: no version string */
	.byte 0 /* type_of_loader: the loader's */
	.byte LINUX_LOADED_HIGH /* loadflags */
	.word 0 /* setup_move_size */
.Lcode32_start:
	.long LINUX_LOAD_ADDR /* code32_start */
	.long 0 /* ramdisk_image */
	.long 0 /* ramdisk_size */
	.long 0 /* bootsect_kludge */
	.word 0 /* heap_end_ptr */
	.byte 0 /* ext_loader_ver */
	.byte 0 /* ext_loader_type */
	.long 0 /* cmd_line_ptr: the loader's */
	.long 0x7fffffff /* initrd_addr_max */
	.long 0x1000 /* kernel_alignment */
	.byte 0 /* relocatable_kernel: no, it runs at 1 MiB */
	.byte 12 /* min_alignment: 4 KiB */
	.word 0 /* xloadflags */
	.long 4095 /* cmdline_size: what multiboot.c keeps */
	.long 0 /* hardware_subarch: a PC */
	.quad 0 /* hardware_subarch_data */
	.long 0 /* payload_offset */
	.long 0 /* payload_length */
	.quad 0 /* setup_data */
	.quad LINUX_LOAD_ADDR /* pref_address */
	.long _ukplat_linux_init_size /* init_size: link.ld */
	.long 0 /* handover_offset: no EFI handover */
.Lhdr_end:

.Lstart:
	cli
	cld
	movw %cs, %ax
	subw $0x20, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $STACK_TOP, %sp

	/* boot_params: zeroed, then the header as the loader filled it. */
	movw $BP_OFF, %di
	movw $(LINUX_BP_SIZE / 4), %cx
	xorl %eax, %eax
	rep stosl
	movw $LINUX_HDR_OFFSET, %si
	movw $(BP_OFF + LINUX_HDR_OFFSET), %di
	movw $(.Lhdr_end - _setup - LINUX_HDR_OFFSET), %cx
	rep movsb

	/* The memory map, one INT 15h E820 call per entry. */
	xorl %ebx, %ebx
	movw $(BP_OFF + LINUX_BP_E820_TABLE), %di
.Le820:
	movl $0xe820, %eax
	movl $20, %ecx
	movl $SMAP, %edx
	int $0x15
	jc .Le820_done
	cmpl $SMAP, %eax
	jne .Le820_done
	addw $20, %di
	incb (BP_OFF + LINUX_BP_E820_ENTRIES)
	cmpb $LINUX_E820_MAX, (BP_OFF + LINUX_BP_E820_ENTRIES)
	jae .Le820_done
	testl %ebx, %ebx
	jnz .Le820
.Le820_done:
	cli

	/* Linear addresses: the segment's base, the GDT, the 32-bit code. */
	xorl %esi, %esi
	movw %ds, %si
	shll $4, %esi
	leal (.Lgdt - _setup)(%esi), %eax
	movl %eax, (.Lgdt_ptr + 2 - _setup)
	leal (.Lpm32 - _setup)(%esi), %eax
	movl %eax, (.Lpm32_ptr - _setup)
	addl $BP_OFF, %esi

	lgdtl (.Lgdt_ptr - _setup)
	movl %cr0, %eax
	orl $1, %eax /* PE */
	movl %eax, %cr0
	ljmpl *(.Lpm32_ptr - _setup)

	/* 32-bit protected mode, the state boot.rst gives the 32-bit entry. */
	.code32
.Lpm32:
	movl $LINUX_BOOT_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %fs
	movl %eax, %gs
	movl %eax, %ss
	movl (.Lcode32_start - _setup)(%esi), %ecx /* the copy in boot_params */
	xorl %ebx, %ebx
	xorl %ebp, %ebp
	xorl %edi, %edi
	jmp *%ecx

	.balign 8
.Lgdt:
	.quad 0
	.quad 0
	.quad 0x00cf9b000000ffff /* LINUX_BOOT_CS: flat 32-bit code */
	.quad 0x00cf93000000ffff /* LINUX_BOOT_DS: flat data */
.Lgdt_end:
.Lgdt_ptr:
	.word .Lgdt_end - .Lgdt - 1
	.long 0 /* the GDT's linear address */
.Lpm32_ptr:
	.long 0 /* .Lpm32's linear address */
	.word LINUX_BOOT_CS

	.org SETUP_SIZE
