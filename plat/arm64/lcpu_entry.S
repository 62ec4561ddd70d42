/* Secondary CPU entry from PSCI CPU_ON, and per-CPU stack selection. */
#include <arm64/lcpu.h>
#include <arm64/sysreg.h>

	.text
/*
 * arm64_lcpu_set_stacks(x0 = struct arm64_lcpu *, x1 = SP_EL0 top,
 * x2 = SP_EL1 top): makes x0 the CPU's TPIDR_EL1, clears its
 * current-thread word TPIDRRO_EL0 (<uk/asm/thread_self.h>), gives
 * exceptions the stack x2 and continues on SP_EL0 = x1. Leaf, uses no stack; clobbers
 * nothing else. Callers then run kernel code in EL1t.
 */
	.globl	arm64_lcpu_set_stacks
	.type	arm64_lcpu_set_stacks, %function
arm64_lcpu_set_stacks:
	msr	tpidr_el1, x0
	msr	tpidrro_el0, xzr
	msr	spsel, #1
	mov	sp, x2
	msr	spsel, #0
	mov	sp, x1
	ret
	.size	arm64_lcpu_set_stacks, . - arm64_lcpu_set_stacks

/*
 * PSCI CPU_ON lands here at EL2 or EL1 with the MMU and caches off and
 * x0 = the context id = the CPU's struct arm64_lcpu (identity-mapped).
 * The boot CPU cleaned that struct and arm64_lcpu_mmu to the point of
 * coherency before CPU_ON, so they read right with the MMU off.
 */
	.globl	arm64_lcpu_entry
	.type	arm64_lcpu_entry, %function
arm64_lcpu_entry:
	msr	daifset, #0xf
	mov	x19, x0

	mrs	x1, CurrentEL
	lsr	x1, x1, #CURRENTEL_EL_SHIFT
	cmp	x1, #2
	b.hi	1f			/* EL3: unsupported, as on boot */
	b.lo	2f
	bl	arm64_el2_to_el1
2:
	adrp	x1, arm64_vectors
	add	x1, x1, :lo12:arm64_vectors
	msr	vbar_el1, x1
	mov	x1, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x1
	isb

	/* The boot CPU's translation regime, as it is now. */
	adrp	x1, arm64_lcpu_mmu
	add	x1, x1, :lo12:arm64_lcpu_mmu
	ldr	x2, [x1, #MMU_OFF_MAIR]
	msr	mair_el1, x2
	ldr	x2, [x1, #MMU_OFF_TCR]
	msr	tcr_el1, x2
	ldr	x2, [x1, #MMU_OFF_TTBR0]
	msr	ttbr0_el1, x2
	ldr	x2, [x1, #MMU_OFF_TTBR1]
	msr	ttbr1_el1, x2
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x2, [x1, #MMU_OFF_SCTLR]
	msr	sctlr_el1, x2
	isb
	ic	iallu
	dsb	nsh
	isb

	mov	x0, x19
	ldr	x1, [x19, #LCPU_OFF_SP]
	ldr	x2, [x19, #LCPU_OFF_EXC_SP]
	bl	arm64_lcpu_set_stacks
	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x19
	bl	arm64_lcpu_secondary_main
1:	wfe
	b	1b
	.size	arm64_lcpu_entry, . - arm64_lcpu_entry
