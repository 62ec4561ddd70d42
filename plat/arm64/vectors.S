/* EL1 exception vector table: saves a struct __regs and calls C. */
#include <arm64/gprs_asm.h>
#include <arm64/traps.h>

/*
 * Every exception taken to EL1 runs on SP_EL1, the CPU's own exception
 * stack; kernel code (threads, main) runs on SP_EL0 (see lcpu_entry.S),
 * so a fault caused by a broken thread stack still has a stack to report
 * it on. Nested exceptions keep using SP_EL1 below the outer frame.
 *
 * Each slot has 32 instructions: room to save x0/x1 and jump to the
 * common path with the slot number (Arm ARM D1.10.2 for the layout).
 */
.macro	ventry slot
	.balign	0x80
	sub	sp, sp, #__REGS_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\slot
	b	arm64_trap_common
.endm

	.section .text.arm64_vectors, "ax"
	.balign	2048
	.globl	arm64_vectors
arm64_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

arm64_trap_common:
	gprs_save_x2_x29

	/* The interrupted SP: SP_EL0, or SP_EL1 above this frame. */
	mrs	x2, spsr_el1
	mrs	x3, sp_el0
	add	x4, sp, #__REGS_SIZE
	tst	x2, #SPSR_M_SPX
	csel	x3, x4, x3, ne
	stp	x30, x3, [sp, #240]
	mrs	x1, elr_el1
	stp	x1, x2, [sp, #__REGS_OFF_ELR]
	mrs	x3, esr_el1
	mrs	x4, far_el1
	stp	x3, x4, [sp, #__REGS_OFF_ESR]

	/* Frame record so that a backtrace can cross the exception. */
	stp	x29, x1, [sp, #-16]!
	mov	x29, sp
	add	x1, sp, #16
	bl	arm64_trap_handler
	add	sp, sp, #16

	/* A handler may have moved the SP_EL0 of the interrupted code. */
	ldp	x1, x2, [sp, #__REGS_OFF_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	tst	x2, #SPSR_M_SPX
	b.ne	1f
	ldr	x3, [sp, #__REGS_OFF_SP]
	msr	sp_el0, x3
1:	gprs_restore
	add	sp, sp, #__REGS_SIZE
	eret
