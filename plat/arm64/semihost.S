/* Arm semihosting trap: w0 = operation, x1 = parameter, result in x0. */

	.section .text.arm64_semihost_call, "ax"
	.globl	arm64_semihost_call
	.type	arm64_semihost_call, %function
	.balign	4
arm64_semihost_call:
	.globl	arm64_semihost_trap
arm64_semihost_trap:
	/* AArch64 semihosting uses HLT 0xF000 (Arm IHI 0056). */
	hlt	#0xf000
	ret
	.size	arm64_semihost_call, . - arm64_semihost_call
