/* Tessera port: __unmapself without musl's raw-syscall assembly. */
#include "pthread_impl.h"
#include "syscall.h"

/*
 * A detached thread frees its own stack and exits. musl does this in asm
 * (or by jumping onto a shared stack) because the stack disappears under
 * it. Threads do not exist yet (__clone returns -ENOSYS), so this is never
 * reached; when core/sched brings threads, the kernel's thread exit will
 * free the stack after switching away from it. Until then: leak it.
 */
void __unmapself(void *base, size_t size)
{
	(void)base;
	(void)size;
	for (;;)
		__syscall(SYS_exit, 0);
}
