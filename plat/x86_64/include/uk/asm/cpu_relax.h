/* x86_64 spin-wait hint for uk_cpu_relax() (<uk/cpu_relax.h>). */
#ifndef UK_ASM_CPU_RELAX_H
#define UK_ASM_CPU_RELAX_H

/*
 * PAUSE (Intel SDM Vol. 2B): saves power in a spin loop and avoids the
 * memory-order mis-speculation penalty when the loop exits.
 */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

#endif /* UK_ASM_CPU_RELAX_H */
