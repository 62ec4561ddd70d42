/* arm64 context switch: x19-x30, d8-d15 and FPCR (AAPCS64 callee-saved). */
	.text
	.globl ukplat_ctx_switch
	.type ukplat_ctx_switch, %function
/* void ukplat_ctx_switch(struct ukplat_ctx *prev (x0), struct ukplat_ctx *next (x1)) */
ukplat_ctx_switch:
	sub sp, sp, #176
	stp x19, x20, [sp, #0]
	stp x21, x22, [sp, #16]
	stp x23, x24, [sp, #32]
	stp x25, x26, [sp, #48]
	stp x27, x28, [sp, #64]
	stp x29, x30, [sp, #80]
	stp d8, d9, [sp, #96]
	stp d10, d11, [sp, #112]
	stp d12, d13, [sp, #128]
	stp d14, d15, [sp, #144]
	mrs x9, fpcr
	str x9, [sp, #160]
	mov x9, sp
	str x9, [x0]
	ldr x9, [x1]
	mov sp, x9
	ldr x9, [sp, #160]
	msr fpcr, x9
	ldp d14, d15, [sp, #144]
	ldp d12, d13, [sp, #128]
	ldp d10, d11, [sp, #112]
	ldp d8, d9, [sp, #96]
	ldp x29, x30, [sp, #80]
	ldp x27, x28, [sp, #64]
	ldp x25, x26, [sp, #48]
	ldp x23, x24, [sp, #32]
	ldp x21, x22, [sp, #16]
	ldp x19, x20, [sp, #0]
	add sp, sp, #176
	ret
	.size ukplat_ctx_switch, . - ukplat_ctx_switch

	.globl arm64_ctx_start
	.type arm64_ctx_start, %function
/* First code of a new thread: x19 = entry, x20 = arg (see ctx.c). */
arm64_ctx_start:
	mov x29, #0		/* end of the frame-pointer chain */
	mov x0, x20
	blr x19
	brk #0			/* entry must not return */
	.size arm64_ctx_start, . - arm64_ctx_start
	.section .note.GNU-stack, "", %progbits
