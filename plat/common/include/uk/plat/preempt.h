/*
 * What preemption needs from the platform: a per-CPU tick, and diverting
 * the context an IRQ interrupted into a function call on its own stack.
 * The divert is also how a signal reaches a thread busy in application
 * code (issue 13): the tick or an IPI diverts it into the delivery.
 */
#ifndef UK_PLAT_PREEMPT_H
#define UK_PLAT_PREEMPT_H

#include <stdbool.h>
#include <uk/asm/regs.h>
#include <uk/plat/time.h>

/* Called in IRQ context on each tick with the interrupted registers. */
typedef void (*ukplat_tick_fn_t)(struct __regs *regs);

/*
 * Starts a tick every period ns on the calling CPU (call it on each CPU
 * that runs threads), calling fn from the timer IRQ. The timer is the one
 * of ukplat_lcpu_halt_to(): while the CPU halts, only the halt's deadline
 * is armed, and the tick resumes when the halt ends. One fn for all CPUs.
 * Call with IRQs disabled. Returns 0, -EINVAL for a zero period, -ENODEV
 * without a timer.
 */
int ukplat_tick_start(__nsec period, ukplat_tick_fn_t fn);

/*
 * Whether the context that regs (the frame of an IRQ being handled)
 * interrupted may be diverted: it ran with IRQs enabled on a thread's
 * stack, not halted in ukplat_lcpu_halt*() nor on an IRQ or exception
 * stack. lcpu functions run with IRQs disabled and are never divertable.
 */
bool ukplat_irq_divertable(const struct __regs *regs);

/*
 * Makes the interrupted context call fn() when the IRQ returns, on its own
 * stack below the interrupted stack pointer (past the x86_64 red zone,
 * 16-byte aligned), with IRQs enabled. When fn returns, every general and
 * FP/SIMD register, the flags (x86_64 RFLAGS; arm64 NZCV and DAIF), the
 * stack pointer and the program counter are restored exactly and the
 * context resumes where it was interrupted. fn may switch threads (it
 * runs as a function of the interrupted thread). Call only from an IRQ
 * handler with the frame it was given, and only when
 * ukplat_irq_divertable(regs); at most once per IRQ.
 */
void ukplat_irq_divert(struct __regs *regs, void (*fn)(void));

#endif /* UK_PLAT_PREEMPT_H */
