/* Trap entry: one stub per IDT vector and the common save/restore path. */
#include <x86/traps.h>

/*
 * Stub for vector `vec`: pushes a 0 error code where the CPU pushes none,
 * so that every frame has the struct __regs layout, then the vector.
 * Each stub fills exactly X86_TRAP_STUB_SIZE bytes (.org fails the build
 * if one grows past it): idt.c computes the stub of vector v as
 * x86_trap_stubs + v * X86_TRAP_STUB_SIZE. The jmp is spelled as bytes so
 * that its size is fixed (rel32) when .org is evaluated.
 */
.macro TRAP_STUB vec
.Lstub\@:
	.if (\vec >= 32) || (((X86_TRAP_ERRCODE_MASK >> (\vec & 31)) & 1) == 0)
	pushq $0
	.endif
	pushq $\vec
	.byte 0xe9 /* jmp rel32 */
	.long x86_trap_common - . - 4
	.org .Lstub\@ + X86_TRAP_STUB_SIZE, 0xcc
.endm

	.text
	.balign X86_TRAP_STUB_SIZE
	.globl x86_trap_stubs
	.type x86_trap_stubs, @function
x86_trap_stubs:
	/* altmacro: %vec passes the counter's value, not its name. */
	.altmacro
	.set vec, 0
	.rept 256
	TRAP_STUB %vec
	.set vec, vec + 1
	.endr
	.noaltmacro
	.size x86_trap_stubs, . - x86_trap_stubs

/*
 * Stack on entry, from the CPU (aligned to 16 bytes first in long mode)
 * and the stub: ss, rsp, rflags, cs, rip, error code, vector. Pushing the
 * general registers completes a struct __regs of __REGS_SIZE bytes, a
 * multiple of 16, so RSP is 16-byte aligned at the call as the ABI wants.
 * No FP/SIMD state is saved: kernel code never touches those registers.
 */
	.type x86_trap_common, @function
x86_trap_common:
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld /* the ABI wants DF clear; iretq restores the caller's RFLAGS */
	movq %rsp, %rdi
	call x86_trap_dispatch
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	addq $16, %rsp /* vector and error code */
	iretq
	.size x86_trap_common, . - x86_trap_common
