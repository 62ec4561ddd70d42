/* Secondary CPU entry: real mode at X86_TRAMPOLINE_ADDR -> long mode -> C. */
#include <x86/cpu.h>
#include <x86/lcpu.h>

/* Address of a trampoline symbol in its low copy. */
#define LOW(sym) ((sym) - x86_trampoline_start + X86_TRAMPOLINE_ADDR)

/*
 * The STARTUP IPI starts the CPU in real mode at CS:IP = 0x0800:0000
 * (vector X86_TRAMPOLINE_ADDR >> 12), IRQs off. smp.c copies the bytes
 * from x86_trampoline_start to x86_trampoline_end there: only this part
 * must lie below 1 MiB; everything after the jump to protected mode runs
 * in the kernel image.
 */
	.section .rodata
	.balign 16
	.globl x86_trampoline_start
	.code16
x86_trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl LOW(tramp_gdt_ptr)
	movl %cr0, %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $X86_TRAMPOLINE_CODE32, $x86_ap_entry32

	/* Flat segments; accessed bits preset so the CPU never writes. */
	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9b000000ffff /* 0x08: 32-bit code */
	.quad 0x00cf93000000ffff /* 0x10: data */
	.quad 0x00af9b000000ffff /* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdt_ptr:
	.word tramp_gdt_end - tramp_gdt - 1
	.long LOW(tramp_gdt)
	.globl x86_trampoline_end
x86_trampoline_end:

	.text
	.code32
	.type x86_ap_entry32, @function
x86_ap_entry32:
	movl $X86_TRAMPOLINE_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs

	/* The boot CPU's page tables and EFER (LME, NXE): smp.c. */
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl x86_ap_cr3, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	movl x86_ap_efer, %eax
	movl x86_ap_efer + 4, %edx
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmp $X86_TRAMPOLINE_CODE64, $.Lap_entry64
	.size x86_ap_entry32, . - x86_ap_entry32

	.code64
.Lap_entry64:
	movl $X86_TRAMPOLINE_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss

	/* FPU/SSE for applications, as multiboot.S does on the boot CPU. */
	movq %cr0, %rax
	andq $~X86_CR0_EM, %rax
	orq $(X86_CR0_MP | X86_CR0_NE), %rax
	movq %rax, %cr0
	movq %cr4, %rax
	orq $(X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %rax
	movq %rax, %cr4
	fninit

	/*
	 * Our APIC id without touching the APIC: CPUID leaf 0xB EDX (the
	 * 32-bit x2APIC id) where it exists, else CPUID.01H:EBX[31:24].
	 */
	xorl %eax, %eax
	cpuid
	cmpl $0xb, %eax
	jb 1f
	movl $0xb, %eax
	xorl %ecx, %ecx
	cpuid
	testl %ebx, %ebx
	jz 1f
	movl %edx, %esi
	jmp 2f
1:	movl $1, %eax
	cpuid
	shrl $24, %ebx
	movl %ebx, %esi
2:
	/* Our index: the position of that id in x86_lcpu_apic_ids. */
	movl x86_lcpu_num(%rip), %ecx
	leaq x86_lcpu_apic_ids(%rip), %rdx
	xorl %edi, %edi
3:	cmpl %ecx, %edi
	jae .Lap_halt
	cmpl (%rdx, %rdi, 4), %esi
	je 4f
	incl %edi
	jmp 3b
4:	leaq x86_lcpu_boot_sp(%rip), %rdx
	movq (%rdx, %rdi, 8), %rsp
	testq %rsp, %rsp
	jz .Lap_halt
	/* RBP = 0 ends the frame-pointer chain for backtraces. */
	xorl %ebp, %ebp
	call x86_lcpu_entry64

.Lap_halt:
	cli
	hlt
	jmp .Lap_halt
