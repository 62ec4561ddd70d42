/* uk_cpu_relax(): the CPU's spin-wait hint, for busy-wait loops. */
#ifndef UK_CPU_RELAX_H
#define UK_CPU_RELAX_H

/*
 * Tells the CPU that the caller is spinning: x86_64 PAUSE (saves power and
 * avoids the memory-order mis-speculation penalty when the loop exits),
 * arm64 YIELD (a hint to SMT siblings and hypervisors). This is a
 * compiler-level hint, the only architecture choice in core/lock; any other
 * CPU gets a compiler barrier so that the loop still re-reads memory.
 */
static inline void uk_cpu_relax(void)
{
#if defined(__x86_64__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

#endif /* UK_CPU_RELAX_H */
