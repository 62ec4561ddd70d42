/* x86_64 context switch: callee-saved registers and FP control words. */
	.text
	.globl ukplat_ctx_switch
	.type ukplat_ctx_switch, @function
/* void ukplat_ctx_switch(struct ukplat_ctx *prev (rdi), struct ukplat_ctx *next (rsi)) */
ukplat_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* MXCSR and the x87 control word are callee-saved in the SysV ABI. */
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size ukplat_ctx_switch, . - ukplat_ctx_switch

	.globl x86_ctx_start
	.type x86_ctx_start, @function
/* First code of a new thread: r12 = entry, r13 = arg (see ctx.c). */
x86_ctx_start:
	xorl %ebp, %ebp		/* end of the frame-pointer chain */
	movq %r13, %rdi
	callq *%r12
	ud2			/* entry must not return */
	.size x86_ctx_start, . - x86_ctx_start
	.section .note.GNU-stack, "", @progbits
