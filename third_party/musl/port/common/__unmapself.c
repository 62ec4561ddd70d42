/* Tessera port: __unmapself without musl's raw-syscall assembly. */
#include "pthread_impl.h"

/* posix/process (<uk/process.h>), linked into every image. */
_Noreturn void posix_process_unmapself(void *base, size_t size);

/*
 * A detached thread frees its own stack and exits. musl does this in asm
 * (or by jumping onto a shared stack) because the stack disappears under
 * it; posix/process instead unmaps it after the thread has switched away
 * for good.
 */
void __unmapself(void *base, size_t size)
{
	posix_process_unmapself(base, size);
}
