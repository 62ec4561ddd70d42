/*
 * Diverting an interrupted thread into a function call (<uk/plat/
 * preempt.h>): the IRQ returns into x86_divert_entry (divert.S) on the
 * thread's own stack instead of into the interrupted code.
 */
#include <uk/plat/preempt.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>

/* The System V ABI lets leaf code use 128 bytes below RSP (red zone). */
#define X86_RED_ZONE 128

void x86_divert_entry(void);

/*
 * IRQ handlers run with IF clear, so IF set in the frame means the IRQ
 * interrupted code that was not itself in a trap or IRQ handler; halting
 * CPUs run with IF set for the hlt only, and are told by their flag.
 */
bool ukplat_irq_divertable(const struct __regs *regs)
{
	return (regs->rflags & X86_RFLAGS_IF) && !x86_lcpu_self()->halted;
}

void ukplat_irq_divert(struct __regs *regs, void (*fn)(void))
{
	unsigned long *sp =
		(unsigned long *)((regs->rsp - X86_RED_ZONE) & ~15UL);

	/* iretq frame of the interrupted context, then fn (divert.S). */
	*--sp = regs->ss;
	*--sp = regs->rsp;
	*--sp = regs->rflags;
	*--sp = regs->cs;
	*--sp = regs->rip;
	*--sp = (unsigned long)fn;
	/* Six words: sp is 16-byte aligned again. */
	regs->rsp = (unsigned long)sp;
	regs->rip = (unsigned long)x86_divert_entry;
	regs->rflags &= ~X86_RFLAGS_IF;
}
