/* Thread contexts: the architecture's part of a context switch. */
#ifndef UK_PLAT_THREAD_H
#define UK_PLAT_THREAD_H

#include <uk/asm/thread_self.h>
#include <uk/essentials.h>

/*
 * A suspended thread: its stack pointer. Callee-saved registers (and the
 * FP control state: MXCSR/x87 CW on x86_64, d8-d15 and FPCR on arm64) are
 * saved on the thread's own stack by ukplat_ctx_switch.
 */
struct ukplat_ctx {
	unsigned long sp;
};

/*
 * Prepares ctx so that the first ukplat_ctx_switch() to it runs entry(arg)
 * on the stack [stack, stack + size). entry must never return.
 */
void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack, size_t size,
		     void (*entry)(void *arg), void *arg);

/*
 * Saves the running context into prev and resumes next. Returns when
 * something switches back to prev. Call with IRQs disabled if IRQ handlers
 * touch the scheduler's queues.
 */
void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next);

/* The thread pointer (x86_64: FS base; arm64: TPIDR_EL0), for TLS. */
void ukplat_tlsp_set(unsigned long tp);
unsigned long ukplat_tlsp_get(void);

/*
 * This CPU's current-thread word: what ukplat_thread_self_set() last
 * stored on this CPU, NULL before (a CPU that does not run threads).
 * Read with one instruction (x86_64: a load relative to the GS base;
 * arm64: TPIDRRO_EL0), so a reader needs no IRQ masking: the thread that
 * reads it is the one that runs on that CPU at that instruction, and it
 * keeps the value it read if it then moves to another CPU. A platform
 * without such a word (the host's fake) always returns NULL.
 */
static inline void *ukplat_thread_self(void)
{
	return ukarch_thread_self();
}

/* Sets this CPU's word; the scheduler's, at each switch, IRQs disabled. */
static inline void ukplat_thread_self_set(void *t)
{
	ukarch_thread_self_set(t);
}

#endif /* UK_PLAT_THREAD_H */
