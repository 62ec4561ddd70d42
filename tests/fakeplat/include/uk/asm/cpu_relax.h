/* Fake platform: uk_cpu_relax() for host unit tests, any host CPU. */
#ifndef UK_ASM_CPU_RELAX_H
#define UK_ASM_CPU_RELAX_H

/* A compiler barrier only: the spinning loop still re-reads memory. */
static inline void ukarch_spinwait(void)
{
	__asm__ __volatile__("" ::: "memory");
}

#endif /* UK_ASM_CPU_RELAX_H */
