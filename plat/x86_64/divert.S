/*
 * Entry of a diverted context (divert.c): calls fn on the thread's own
 * stack with every register saved, then resumes the interrupted code by
 * iretq, which restores RIP, RSP and RFLAGS (IF included) in one step.
 */
	.text
	.globl x86_divert_entry
	.type x86_divert_entry, @function
/*
 * Entered by the IRQ's iretq with IRQs disabled and RSP 16-byte aligned,
 * pointing at fn, above which lies an iretq frame (rip, cs, rflags, rsp,
 * ss) of the interrupted context.
 */
x86_divert_entry:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* 8 (fn) + 15 * 8 + 8 + 512: RSP stays 16-byte aligned for fxsave. */
	subq $520, %rsp
	/* x87, MMX, SSE and MXCSR: the thread's application code uses them. */
	fxsave (%rsp)
	movq 640(%rsp), %rax
	cld
	sti
	callq *%rax
	cli
	fxrstor (%rsp)
	addq $520, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $8, %rsp /* fn */
	iretq
	.size x86_divert_entry, . - x86_divert_entry
	.section .note.GNU-stack, "", @progbits
