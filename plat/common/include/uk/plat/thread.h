/* Thread contexts: the architecture's part of a context switch. */
#ifndef UK_PLAT_THREAD_H
#define UK_PLAT_THREAD_H

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

#endif /* UK_PLAT_THREAD_H */
