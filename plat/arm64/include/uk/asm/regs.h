/* arm64 register frame of an exception or interrupt (struct __regs). */
#ifndef UK_ASM_REGS_H
#define UK_ASM_REGS_H

/* Byte offsets, for vectors.S. The size keeps SP 16-byte aligned. */
#define __REGS_OFF_SP 248
#define __REGS_OFF_ELR 256
#define __REGS_OFF_SPSR 264
#define __REGS_OFF_ESR 272
#define __REGS_OFF_FAR 280
#define __REGS_SIZE 288

#ifndef __ASSEMBLER__

/*
 * The interrupted context, saved by vectors.S on the CPU's exception
 * stack (SP_EL1). A handler may change x0..x30, elr and spsr, and sp when
 * the interrupted code ran on SP_EL0 (kernel threads do): the exception
 * returns into the modified context (e.g. elr += 4 skips an instruction).
 */
struct __regs {
	unsigned long x[31]; /* x0..x30; x29 is the frame pointer, x30 LR */
	unsigned long sp; /* the interrupted stack pointer */
	unsigned long elr; /* ELR_EL1: where the exception returns to */
	unsigned long spsr; /* SPSR_EL1: the interrupted PSTATE */
	unsigned long esr; /* ESR_EL1 (synchronous exceptions, SError) */
	unsigned long far; /* FAR_EL1 (aborts, alignment faults) */
};

_Static_assert(__builtin_offsetof(struct __regs, sp) == __REGS_OFF_SP,
	       "vectors.S frame layout");
_Static_assert(__builtin_offsetof(struct __regs, far) == __REGS_OFF_FAR,
	       "vectors.S frame layout");
_Static_assert(sizeof(struct __regs) == __REGS_SIZE, "vectors.S frame layout");

#endif /* !__ASSEMBLER__ */
#endif /* UK_ASM_REGS_H */
