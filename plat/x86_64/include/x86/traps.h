/* x86_64 exception vectors and the trap entry/dispatch/crash interfaces. */
#ifndef X86_TRAPS_H
#define X86_TRAPS_H

/* Exception vectors (Intel SDM Vol. 3A, table 6-1). */
#define X86_TRAP_DE 0 /* divide error */
#define X86_TRAP_DB 1 /* debug */
#define X86_TRAP_NMI 2 /* non-maskable interrupt */
#define X86_TRAP_BP 3 /* breakpoint (int3) */
#define X86_TRAP_OF 4
#define X86_TRAP_BR 5
#define X86_TRAP_UD 6 /* invalid opcode (ud2) */
#define X86_TRAP_NM 7
#define X86_TRAP_DF 8 /* double fault */
#define X86_TRAP_TS 10
#define X86_TRAP_NP 11
#define X86_TRAP_SS 12
#define X86_TRAP_GP 13 /* general protection */
#define X86_TRAP_PF 14 /* page fault */
#define X86_TRAP_MF 16
#define X86_TRAP_AC 17
#define X86_TRAP_MC 18 /* machine check */
#define X86_TRAP_XM 19
#define X86_TRAP_VE 20
#define X86_TRAP_CP 21
#define X86_TRAP_HV 28
#define X86_TRAP_VC 29
#define X86_TRAP_SX 30
#define X86_TRAP_EXCEPTIONS 32 /* vectors 32..255 are interrupts */

/* Exceptions for which the CPU pushes an error code. */
#define X86_TRAP_ERRCODE_MASK                                                  \
	((1 << X86_TRAP_DF) | (1 << X86_TRAP_TS) | (1 << X86_TRAP_NP) |        \
	 (1 << X86_TRAP_SS) | (1 << X86_TRAP_GP) | (1 << X86_TRAP_PF) |        \
	 (1 << X86_TRAP_AC) | (1 << X86_TRAP_CP) | (1 << X86_TRAP_VC) |        \
	 (1 << X86_TRAP_SX))

/* traps.S: 256 entry stubs of X86_TRAP_STUB_SIZE bytes each, in order. */
#define X86_TRAP_STUB_SIZE 16

/* Page-fault error code bits. */
#define X86_PF_ERR_P (1 << 0) /* 0: page not present, 1: protection */
#define X86_PF_ERR_W (1 << 1) /* caused by a write */
#define X86_PF_ERR_I (1 << 4) /* caused by an instruction fetch */

#ifndef __ASSEMBLER__

#include <uk/asm/regs.h>
#include <uk/essentials.h>

extern char x86_trap_stubs[];

/*
 * Called by traps.S for every vector with the saved context, on the
 * interrupted stack or the gate's IST stack, IRQs disabled. Runs the
 * registered handlers; acknowledges PIC interrupts; an exception nobody
 * handles ends in x86_crash().
 */
void x86_trap_dispatch(struct __regs *regs);

/* True if vector has at least one registered handler (traps.c). */
int x86_trap_has_handler(unsigned int vector);

/*
 * Prints the crash report of regs on the console ("CRASH: ..." lines: CPU,
 * vector, error code, CR2, registers, stack, backtrace) and powers off with
 * UKPLAT_TRAP_CRASH_STATUS(regs->vector). A fault during the report powers
 * off at once; other CPUs that crash meanwhile halt.
 */
void x86_crash(const struct __regs *regs) __noreturn;

/* "#PF page fault" and the like; "interrupt" for vectors >= 32. */
const char *x86_trap_name(unsigned long vector);

/* The linear address of the last page fault. */
static inline unsigned long x86_read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif /* !__ASSEMBLER__ */
#endif /* X86_TRAPS_H */
