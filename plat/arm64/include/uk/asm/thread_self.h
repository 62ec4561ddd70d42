/* arm64 current-thread word of <uk/plat/thread.h>: TPIDRRO_EL0. */
#ifndef UK_ASM_THREAD_SELF_H
#define UK_ASM_THREAD_SELF_H

/*
 * TPIDRRO_EL0, EL0's read-only thread ID register, is read and written
 * at EL1 and free here: nothing runs at EL0, and musl's TLS uses
 * TPIDR_EL0 (TPIDR_EL1 holds the CPU's struct arm64_lcpu). Cleared on
 * every CPU at start (arm64_lcpu_set_stacks): its reset value is
 * UNKNOWN (Arm ARM D19.2).
 */
static inline void *ukarch_thread_self(void)
{
	void *t;

	__asm__ __volatile__("mrs %0, tpidrro_el0" : "=r"(t));
	return t;
}

static inline void ukarch_thread_self_set(void *t)
{
	__asm__ __volatile__("msr tpidrro_el0, %0" : : "r"(t) : "memory");
}

#endif /* UK_ASM_THREAD_SELF_H */
