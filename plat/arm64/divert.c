/*
 * Diverting an interrupted thread into a function call (<uk/plat/
 * preempt.h>): the IRQ returns into arm64_divert_entry (divert.S) on the
 * thread's own stack instead of into the interrupted code.
 */
#include <uk/plat/preempt.h>
#include <arm64/lcpu.h>

#define SPSR_M_MASK 0xfUL
#define SPSR_M_EL1T 0x4UL /* EL1 with SP_EL0: kernel threads */
#define SPSR_I (1UL << 7)

void arm64_divert_entry(void);

/*
 * Threads run at EL1t on SP_EL0; exception and IRQ handlers at EL1h on
 * SP_EL1. A halting CPU unmasks IRQs only to take the wake-up IRQ and is
 * told by its flag. AAPCS64 keeps SP 16-byte aligned.
 */
bool ukplat_irq_divertable(const struct __regs *regs)
{
	return (regs->spsr & SPSR_M_MASK) == SPSR_M_EL1T &&
	       !(regs->spsr & SPSR_I) && !(regs->sp & 15) &&
	       !arm64_lcpu_self()->halted;
}

void ukplat_irq_divert(struct __regs *regs, void (*fn)(void))
{
	unsigned long *sp = (unsigned long *)regs->sp;

	/* AAPCS64 has no red zone: nothing lives below SP. */
	sp -= 4;
	sp[0] = (unsigned long)fn;
	sp[1] = regs->elr;
	sp[2] = regs->spsr;
	sp[3] = 0;
	regs->sp = (unsigned long)sp;
	regs->elr = (unsigned long)arm64_divert_entry;
	regs->spsr |= SPSR_I;
}
