/* x86_64 register frame of a trap or interrupt (struct __regs). */
#ifndef UK_ASM_REGS_H
#define UK_ASM_REGS_H

/* Size in bytes, for traps.S: a multiple of 16 keeps the C stack aligned. */
#define __REGS_SIZE 176

#ifndef __ASSEMBLER__

/*
 * The interrupted context, lowest address first. traps.S pushes the
 * general registers (r15 last, so it sits lowest) after the vector number
 * and the error code (0 for vectors without one); the CPU pushed
 * rip..ss. A handler may change any field: the trap returns into the
 * modified context (e.g. rip += 2 skips a two-byte instruction).
 */
struct __regs {
	unsigned long r15;
	unsigned long r14;
	unsigned long r13;
	unsigned long r12;
	unsigned long rbp;
	unsigned long rbx;
	unsigned long r11;
	unsigned long r10;
	unsigned long r9;
	unsigned long r8;
	unsigned long rax;
	unsigned long rcx;
	unsigned long rdx;
	unsigned long rsi;
	unsigned long rdi;
	unsigned long vector; /* IDT vector, 0..255 */
	unsigned long error_code; /* from the CPU, or 0 */
	unsigned long rip;
	unsigned long cs;
	unsigned long rflags;
	unsigned long rsp; /* the interrupted stack pointer, always valid */
	unsigned long ss;
};

_Static_assert(sizeof(struct __regs) == __REGS_SIZE, "traps.S frame size");

#endif /* !__ASSEMBLER__ */
#endif /* UK_ASM_REGS_H */
