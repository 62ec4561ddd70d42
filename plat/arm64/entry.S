/* arm64 boot: Image header, EL2 to EL1, stack, .bss, FP, early MMU, then C. */
#include <arm64/lcpu.h>
#include <arm64/pl011.h>
#include <arm64/semihost.h>
#include <arm64/sysreg.h>

/* Linux arm64 Image header fields (Documentation/arch/arm64/booting.rst). */
#define IMAGE_TEXT_OFFSET 0x100000	/* link.ld checks _text against it */
#define IMAGE_FLAGS_LE 0
#define IMAGE_FLAGS_4K (1 << 1)
#define IMAGE_FLAGS_PHYS_BASE (0 << 3)	/* 2 MiB aligned, near RAM base */

#define BOOT_STACK_SIZE 0x10000

	.section .text.ukplat_head, "ax"
	.globl	_ukplat_head
_ukplat_head:
	b	_ukplat_entry			/* code0 */
	.long	0				/* code1 */
	.quad	IMAGE_TEXT_OFFSET		/* text_offset */
	.quad	_ukplat_image_size		/* image_size, from link.ld */
	.quad	IMAGE_FLAGS_LE | IMAGE_FLAGS_4K | IMAGE_FLAGS_PHYS_BASE
	.quad	0, 0, 0				/* res2..res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5: no PE/COFF header */

/*
 * Entered with the MMU off, x0 = device tree address (0 for an ELF), at
 * EL2 or EL1. x19 keeps the device tree address until C.
 */
	.globl	_ukplat_entry
	.type	_ukplat_entry, %function
_ukplat_entry:
	mov	x19, x0
	msr	daifset, #0xf

	mrs	x1, CurrentEL
	lsr	x1, x1, #CURRENTEL_EL_SHIFT
	cmp	x1, #2
	b.hi	el3_unsupported
	b.lo	el1
	bl	arm64_el2_to_el1

el1:
	/* Position-dependent: stop loudly if loaded elsewhere. */
	adr	x1, _text
	ldr	x2, =_text
	cmp	x1, x2
	b.ne	bad_load_address

	adrp	x1, arm64_vectors
	add	x1, x1, :lo12:arm64_vectors
	msr	vbar_el1, x1

	/* Applications and musl use FP/SIMD; kernel code is built without. */
	mov	x1, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x1
	isb

	/*
	 * Zero .bss (holds the boot stack and page tables). With the MMU
	 * off data accesses are Device memory: keep stores aligned.
	 */
	adrp	x1, _bss
	add	x1, x1, :lo12:_bss
	adrp	x2, _ebss
	add	x2, x2, :lo12:_ebss
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	bl	build_boot_pt

	/*
	 * The stores above bypassed the caches: drop any stale lines over
	 * .bss so that table walks and cached accesses see memory.
	 */
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x4, #4
	lsl	x4, x4, x3		/* smallest D-cache line, bytes */
	adrp	x1, _bss
	add	x1, x1, :lo12:_bss
3:	cmp	x1, x2
	b.hs	4f
	dc	ivac, x1
	add	x1, x1, x4
	b	3b
4:	dsb	sy

	bl	enable_mmu

	/*
	 * CPU 0's state in TPIDR_EL1, exceptions on its own stack (SP_EL1),
	 * kernel code on the boot stack as SP_EL0 (see vectors.S).
	 */
	adrp	x0, arm64_lcpus
	add	x0, x0, :lo12:arm64_lcpus
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	adrp	x2, arm64_boot_exc_stack
	add	x2, x2, :lo12:arm64_boot_exc_stack
	add	x2, x2, #ARM64_EXC_STACK_SIZE
	bl	arm64_lcpu_set_stacks
	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr

	mov	x0, x19
	bl	_ukplat_entry_c
	b	halt
	.size	_ukplat_entry, . - _ukplat_entry

/*
 * EL2 (QEMU -M virt,virtualization=on): no hypervisor here, so make EL1
 * AArch64 with nothing trapped and eret to it, MMU off, interrupts masked.
 * Called with bl, by the boot CPU and by secondaries (lcpu_entry.S):
 * returns to x30 at EL1h. Clobbers x1.
 */
	.globl	arm64_el2_to_el1
	.type	arm64_el2_to_el1, %function
arm64_el2_to_el1:
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	mrs	x1, cnthctl_el2
	orr	x1, x1, #(CNTHCTL_EL2_EL1PCTEN | CNTHCTL_EL2_EL1PCEN)
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mov	x1, #CPTR_EL2_DEFAULT
	msr	cptr_el2, x1
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr

	/* A GICv3 CPU interface is reachable from EL1 only if EL2 allows. */
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x1, 1f
	mrs	x1, ICC_SRE_EL2
	orr	x1, x1, #ICC_SRE_EL2_SRE
	orr	x1, x1, #ICC_SRE_EL2_ENABLE
	msr	ICC_SRE_EL2, x1
	isb
1:
	ldr	x1, =SCTLR_EL1_RES1
	msr	sctlr_el1, x1
	mov	x1, #SPSR_EL1H_DAIF
	msr	spsr_el2, x1
	msr	elr_el2, x30
	eret
	.size	arm64_el2_to_el1, . - arm64_el2_to_el1

/*
 * Identity map of the first 512 GiB with level 1 blocks of 1 GiB: GiB 0
 * holds QEMU virt's MMIO (GIC, PL011, virtio-mmio), GiB 1..255 its RAM,
 * GiB 256..511 its high MMIO (GICv3 redistributors, PCIe).
 */
build_boot_pt:
	adrp	x1, boot_pt_l0
	adrp	x2, boot_pt_l1
	orr	x3, x2, #PTE_TYPE_TABLE
	str	x3, [x1]

	ldr	x3, =PTE_BOOT_DEVICE
	str	x3, [x2]
	ldr	x3, =PTE_BOOT_NORMAL
	mov	x4, #1
1:	orr	x5, x3, x4, lsl #PTE_L1_BLOCK_SHIFT
	str	x5, [x2, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #256
	b.lo	1b
	ldr	x3, =PTE_BOOT_DEVICE
2:	orr	x5, x3, x4, lsl #PTE_L1_BLOCK_SHIFT
	str	x5, [x2, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #PTE_ENTRIES
	b.lo	2b
	ret

enable_mmu:
	ldr	x1, =MAIR_EL1_BOOT
	msr	mair_el1, x1

	/* IPS = the CPU's physical address size, at most 48 bits. */
	ldr	x1, =TCR_EL1_BOOT
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0xf
	mov	x3, #TCR_IPS_MAX
	cmp	x2, x3
	csel	x2, x2, x3, ls
	orr	x1, x1, x2, lsl #TCR_IPS_SHIFT
	msr	tcr_el1, x1

	adrp	x1, boot_pt_l0
	msr	ttbr0_el1, x1
	msr	ttbr1_el1, xzr
	isb
	tlbi	vmalle1
	dsb	nsh
	isb

	ldr	x1, =SCTLR_EL1_BOOT
	msr	sctlr_el1, x1
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

/*
 * Too early for C: writes a message straight to the PL011, then exits
 * with status 1 by semihosting (the runner's exit line first, as
 * ukplat_terminate() does), or halts where semihosting is off.
 */
bad_load_address:
	adr	x1, bad_load_msg
	b	early_fail
/* QEMU enters an ELF at EL3 on -M virt,secure=on: no firmware to leave. */
el3_unsupported:
	adr	x1, el3_msg
early_fail:
	mov	x2, #ARM64_PL011_BASE
1:	ldrb	w3, [x1], #1
	cbz	w3, 3f
2:	ldr	w4, [x2, #ARM64_PL011_FR]
	tbnz	w4, #5, 2b
	str	w3, [x2]
	b	1b
3:	mov	x0, #SEMIHOST_SYS_WRITE0
	adr	x1, exit_line
	hlt	#0xf000
	mov	x0, #SEMIHOST_SYS_EXIT
	adr	x1, exit_block
	hlt	#0xf000

halt:
	wfe
	b	halt

	.balign	8
exit_block:
	.quad	SEMIHOST_ADP_STOPPED_APPLICATION_EXIT, 1
exit_line:
	.asciz	"exit 1\n"
bad_load_msg:
	.asciz	"arm64: image not at its link address\r\n"
el3_msg:
	.asciz	"arm64: entered at EL3 (QEMU -M virt,secure=on), unsupported\r\n"
	.balign	4
	.ltorg

	.section .bss.ukplat_boot_pt, "aw", %nobits
	.balign	4096
boot_pt_l0:
	.space	4096
boot_pt_l1:
	.space	4096

	.section .bss.ukplat_boot_stack, "aw", %nobits
	.balign	16
	.space	BOOT_STACK_SIZE
boot_stack_top:
