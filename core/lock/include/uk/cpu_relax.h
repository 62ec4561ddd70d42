/* uk_cpu_relax(): the CPU's spin-wait hint, for busy-wait loops. */
#ifndef UK_CPU_RELAX_H
#define UK_CPU_RELAX_H

#include <uk/asm/cpu_relax.h>

/*
 * Tells the CPU that the caller is spinning (x86_64 PAUSE, arm64 YIELD:
 * the architecture's <uk/asm/cpu_relax.h>); also a compiler barrier, so
 * that the loop re-reads memory.
 */
static inline void uk_cpu_relax(void)
{
	ukarch_spinwait();
}

#endif /* UK_CPU_RELAX_H */
