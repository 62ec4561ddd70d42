/*
 * Multiboot v1 header, PVH note, the Linux boot protocol's 32- and 64-bit
 * entries: 32-bit protected mode to 64-bit C.
 */
#include <x86/cpu.h>
#include <x86/linux_boot.h>
#include <x86/multiboot.h>
#include <x86/pvh.h>

#define MB_FLAGS (MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO)

#define BOOT_STACK_SIZE (16 * 1024)
#define GDT_CODE64 0x08
#define GDT_DATA 0x10
#define GDT_CODE32 0x18

/*
 * The Linux boot protocol's 32-bit entry, at the load address (link.ld):
 * linux_setup.S jumps here in flat 32-bit protected mode without paging,
 * ESI = struct boot_params. Joins the multiboot path with EBX the boot
 * information and EAX saying which it is.
 */
	.section .text.linux_entry, "ax"
	.code32
	.globl _ukplat_linux_entry32
	.type _ukplat_linux_entry32, @function
_ukplat_linux_entry32:
	movl %esi, %ebx
	movl $X86_LINUX_BOOT_MAGIC, %eax
	jmp _ukplat_entry32
	.size _ukplat_linux_entry32, . - _ukplat_linux_entry32

/*
 * The 64-bit entry, 0x200 past the 32-bit one (xloadflags XLF_KERNEL_64):
 * long mode with the kernel and boot_params identity-mapped, RSI =
 * boot_params, any GDT and page tables (Firecracker enters a bzImage
 * here). Leaves long mode for the common 32-bit path, which builds its
 * own tables: the boot GDT's 32-bit code segment, paging and LME off.
 */
	.code64
	.org 0x200
	.globl _ukplat_linux_entry64
	.type _ukplat_linux_entry64, @function
_ukplat_linux_entry64:
	cli
	movl %esi, %ebx /* below 4 GiB: a 32-bit field of the protocol */
	lgdt x86_boot_gdt_ptr(%rip)
	pushq $GDT_CODE32
	leaq .Lcompat32(%rip), %rax
	pushq %rax
	lretq
	.code32
.Lcompat32:
	movl $GDT_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %cr0, %eax
	andl $~X86_CR0_PG, %eax
	movl %eax, %cr0
	movl $X86_MSR_EFER, %ecx
	rdmsr
	andl $~X86_EFER_LME, %eax
	wrmsr
	movl $X86_LINUX64_BOOT_MAGIC, %eax
	jmp _ukplat_entry32
	.size _ukplat_linux_entry64, . - _ukplat_linux_entry64

/*
 * No a.out kludge (flag 16): QEMU and GRUB load us by the ELF program
 * headers. The loader scans the first 8 KiB of the file for this header;
 * link.ld puts it first.
 */
	.section .multiboot, "a"
	.balign 4
	.long MULTIBOOT_HEADER_MAGIC
	.long MB_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MB_FLAGS)

/*
 * PVH: QEMU -kernel takes this entry when the image has no multiboot
 * header (multiboot wins otherwise); Firecracker always does. The
 * descriptor is 32 bits: the image is an ELF32 container (link.ld).
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4 /* name size: "Xen" */
	.long 4 /* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long _ukplat_pvh_entry32

/*
 * PVH machine state: multiboot's, but EAX undefined and EBX the physical
 * address of struct hvm_start_info. Joins the multiboot path with EAX
 * saying which it is.
 */
	.section .text.boot, "ax"
	.code32
	.globl _ukplat_pvh_entry32
	.type _ukplat_pvh_entry32, @function
_ukplat_pvh_entry32:
	movl $X86_PVH_BOOT_MAGIC, %eax
	jmp _ukplat_entry32
	.size _ukplat_pvh_entry32, . - _ukplat_pvh_entry32

/*
 * Multiboot machine state (spec 3.2): 32-bit protected mode, paging off,
 * flat segments, IRQs off, EAX = magic, EBX = physical address of the
 * multiboot information. No stack.
 */
	.globl _ukplat_entry32
	.type _ukplat_entry32, @function
_ukplat_entry32:
	/* Boot-time measurement: the TSC before anything else (tsc.h). */
	movl %eax, %ebp
	rdtsc
	movl %eax, x86_boot_tsc
	movl %edx, x86_boot_tsc + 4
	movl %ebp, %eax
	cli
	cld
	/* In .data, which the .bss clearing below leaves alone. */
	movl %eax, x86_boot_magic
	cmpl $MULTIBOOT_BOOTLOADER_MAGIC, %eax
	je 1f
	cmpl $X86_PVH_BOOT_MAGIC, %eax
	je 1f
	cmpl $X86_LINUX_BOOT_MAGIC, %eax
	je 1f
	cmpl $X86_LINUX64_BOOT_MAGIC, %eax
	jne .Lhalt32
1:	movl %ebx, %esi /* rep stos below clobbers EDI/ECX/EAX only */

	/* The ELF loader should zero .bss; do not depend on it. */
	movl $_bss, %edi
	movl $_ebss, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	/* Long mode and, if present, NX (W^X needs it: paging.c). */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb .Lhalt32
	movl $0x80000001, %eax
	cpuid
	testl $X86_CPUID81_EDX_LM, %edx
	jz .Lhalt32
	movl %edx, %ebp /* EDX feature bits, tested again for NX below */

	/*
	 * Identity map 0..4 GiB with 2 MiB pages (qemu64 lacks 1 GiB pages):
	 * PML4[0] -> PDPT, PDPT[0..3] -> 4 PDs of 512 entries each.
	 */
	movl $x86_boot_pdpt, %eax
	orl $(X86_PTE_P | X86_PTE_RW), %eax
	movl %eax, x86_boot_pml4

	movl $x86_boot_pd, %eax
	orl $(X86_PTE_P | X86_PTE_RW), %eax
	xorl %ecx, %ecx
1:	movl %eax, x86_boot_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 1b

	movl $(X86_PTE_P | X86_PTE_RW | X86_PTE_PS), %eax
	xorl %ecx, %ecx
1:	movl %eax, x86_boot_pd(, %ecx, 8)
	addl $0x200000, %eax
	incl %ecx
	cmpl $2048, %ecx
	jb 1b

	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4

	movl $x86_boot_pml4, %eax
	movl %eax, %cr3

	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	testl $X86_CPUID81_EDX_NX, %ebp
	jz 1f
	orl $X86_EFER_NXE, %eax
1:	wrmsr

	/* Paging on with LME set activates long mode (compatibility mode). */
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl %eax, %cr0

	lgdt x86_boot_gdt_ptr
	ljmp $GDT_CODE64, $.Lentry64

.Lhalt32:
	cli
	hlt
	jmp .Lhalt32
	.size _ukplat_entry32, . - _ukplat_entry32

	.code64
.Lentry64:
	movl $GDT_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs

	leaq x86_boot_stack_top(%rip), %rsp

	/*
	 * FPU/SSE for applications (kernel code is built without them):
	 * x87 present (EM clear), WAIT honours TS (MP), native #MF (NE),
	 * FXSAVE and SSE enabled with #XM for unmasked SIMD exceptions.
	 */
	movq %cr0, %rax
	andq $~X86_CR0_EM, %rax
	orq $(X86_CR0_MP | X86_CR0_NE), %rax
	movq %rax, %cr0
	movq %cr4, %rax
	orq $(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %rax
	movq %rax, %cr4
	fninit

	/* RBP = 0 ends the frame-pointer chain for backtraces. */
	xorl %ebp, %ebp
	movl %esi, %edi /* multiboot or PVH info, zero-extended */
	call _ukplat_multiboot_entry

1:	cli
	hlt
	jmp 1b

/* Boot GDT: accessed bits preset so the CPU never writes to it. */
	.section .rodata
	.balign 16
x86_boot_gdt:
	.quad 0
	.quad 0x00af9b000000ffff /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf93000000ffff /* 0x10: data, DPL 0 */
	.quad 0x00cf9b000000ffff /* 0x18: 32-bit code (the 64-bit Linux entry) */
x86_boot_gdt_end:

	.balign 8
x86_boot_gdt_ptr:
	.word x86_boot_gdt_end - x86_boot_gdt - 1
	.quad x86_boot_gdt /* lgdt in 32-bit mode reads only the low 4 */

	/* In .data: the .bss clearing below runs after the store. */
	.section .data
	.balign 8
	.globl x86_boot_tsc
x86_boot_tsc:
	.quad 0
	/*
	 * MULTIBOOT_BOOTLOADER_MAGIC, X86_PVH_BOOT_MAGIC,
	 * X86_LINUX_BOOT_MAGIC or X86_LINUX64_BOOT_MAGIC (multiboot.c).
	 */
	.globl x86_boot_magic
x86_boot_magic:
	.long 0

	.section .bss
	.balign 4096
x86_boot_pml4:
	.skip 4096
x86_boot_pdpt:
	.skip 4096
x86_boot_pd:
	.skip 4 * 4096

	/*
	 * multiboot.c unmaps the guard page once paging helpers work, so an
	 * overflow of the boot stack double-faults (crash report on IST2)
	 * instead of overwriting the page tables above.
	 */
	.balign 4096
	.globl x86_boot_stack_guard
x86_boot_stack_guard:
	.skip 4096
x86_boot_stack:
	.skip BOOT_STACK_SIZE
x86_boot_stack_top:
