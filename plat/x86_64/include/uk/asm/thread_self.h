/* x86_64 current-thread word of <uk/plat/thread.h>: a GS-relative slot. */
#ifndef UK_ASM_THREAD_SELF_H
#define UK_ASM_THREAD_SELF_H

/*
 * Each CPU's GS base points at its struct x86_cpu's thread_self field
 * (x86_cpu_init), so one load reaches this CPU's slot.
 */
static inline void *ukarch_thread_self(void)
{
	void *t;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(t));
	return t;
}

static inline void ukarch_thread_self_set(void *t)
{
	__asm__ __volatile__("movq %0, %%gs:0" : : "r"(t) : "memory");
}

#endif /* UK_ASM_THREAD_SELF_H */
