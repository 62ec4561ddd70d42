/* EL1 exception vector table: saves a struct __regs and calls C. */
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
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]

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
1:	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #__REGS_SIZE
	eret
