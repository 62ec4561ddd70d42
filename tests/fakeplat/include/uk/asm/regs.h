/* Fake platform: the register frame of host unit tests (never a real trap). */
#ifndef UK_ASM_REGS_H
#define UK_ASM_REGS_H

struct __regs {
	unsigned long pc;
	unsigned long sp;
};

#endif /* UK_ASM_REGS_H */
