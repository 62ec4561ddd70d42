/* arm64 spin-wait hint for uk_cpu_relax() (<uk/cpu_relax.h>). */
#ifndef UK_ASM_CPU_RELAX_H
#define UK_ASM_CPU_RELAX_H

/* YIELD (Arm ARM C6.2): a hint to SMT siblings and hypervisors. */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

#endif /* UK_ASM_CPU_RELAX_H */
