/* Tessera port: x86_64 thread pointer, written directly into FS.base. */
#include "pthread_impl.h"

/*
 * musl runs in ring 0 with the kernel, so instead of arch_prctl(ARCH_SET_FS)
 * it writes IA32_FS_BASE (MSR 0xC0000100, Intel SDM vol. 4, table 2-2).
 * The scheduler saves and restores it per thread.
 */
#define MSR_FS_BASE 0xC0000100u

int __set_thread_area(void *p)
{
	unsigned long v = (unsigned long)p;

	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(MSR_FS_BASE), "a"((unsigned)v),
			       "d"((unsigned)(v >> 32))
			     : "memory");
	return 0;
}
