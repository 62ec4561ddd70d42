/* Tessera port: aarch64 thread pointer, written directly into TPIDR_EL0. */
#include "pthread_impl.h"

/*
 * musl reads the thread pointer with `mrs x, tpidr_el0`; at EL1 the kernel
 * may write it too. The scheduler saves and restores it per thread.
 */
int __set_thread_area(void *p)
{
	__asm__ __volatile__("msr tpidr_el0, %0" : : "r"(p) : "memory");
	return 0;
}
