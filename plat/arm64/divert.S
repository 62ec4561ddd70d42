/*
 * Entry of a diverted context (divert.c): calls fn on the thread's own
 * stack (SP_EL0) with every register saved, then resumes the interrupted
 * code by eret from ELR_EL1/SPSR_EL1, which restores PC, NZCV and DAIF in
 * one step.
 */
#include <arm64/gprs_asm.h>

	.text
	.globl arm64_divert_entry
	.type arm64_divert_entry, %function
/*
 * Entered by the IRQ's eret with IRQs masked and SP pointing at fn, the
 * interrupted PC and the interrupted PSTATE (and a pad word): 32 bytes
 * below the interrupted SP.
 */
arm64_divert_entry:
	sub	sp, sp, #784
	stp	x0, x1, [sp, #0]
	gprs_save_x2_x29
	str	x30, [sp, #240]
	/* FP/SIMD state: the thread's application code uses it. */
	stp	q0, q1, [sp, #256]
	stp	q2, q3, [sp, #288]
	stp	q4, q5, [sp, #320]
	stp	q6, q7, [sp, #352]
	stp	q8, q9, [sp, #384]
	stp	q10, q11, [sp, #416]
	stp	q12, q13, [sp, #448]
	stp	q14, q15, [sp, #480]
	stp	q16, q17, [sp, #512]
	stp	q18, q19, [sp, #544]
	stp	q20, q21, [sp, #576]
	stp	q22, q23, [sp, #608]
	stp	q24, q25, [sp, #640]
	stp	q26, q27, [sp, #672]
	stp	q28, q29, [sp, #704]
	stp	q30, q31, [sp, #736]
	mrs	x0, fpcr
	str	x0, [sp, #768]
	mrs	x0, fpsr
	str	x0, [sp, #776]
	ldr	x0, [sp, #784]
	msr	daifclr, #2
	blr	x0
	/* Nothing may take an exception while ELR/SPSR hold the return. */
	msr	daifset, #0xf
	ldr	x0, [sp, #768]
	msr	fpcr, x0
	ldr	x0, [sp, #776]
	msr	fpsr, x0
	ldp	q0, q1, [sp, #256]
	ldp	q2, q3, [sp, #288]
	ldp	q4, q5, [sp, #320]
	ldp	q6, q7, [sp, #352]
	ldp	q8, q9, [sp, #384]
	ldp	q10, q11, [sp, #416]
	ldp	q12, q13, [sp, #448]
	ldp	q14, q15, [sp, #480]
	ldp	q16, q17, [sp, #512]
	ldp	q18, q19, [sp, #544]
	ldp	q20, q21, [sp, #576]
	ldp	q22, q23, [sp, #608]
	ldp	q24, q25, [sp, #640]
	ldp	q26, q27, [sp, #672]
	ldp	q28, q29, [sp, #704]
	ldp	q30, q31, [sp, #736]
	add	x0, sp, #784
	ldp	x1, x2, [x0, #8]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	gprs_restore
	add	sp, sp, #816
	eret
	.size arm64_divert_entry, . - arm64_divert_entry
	.section .note.GNU-stack, "", %progbits
