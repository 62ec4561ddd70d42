/*
 * exit and exit_group. musl's exit() has already run the atexit handlers
 * and flushed stdio when it calls exit_group, so the kernel only powers the
 * machine off, with the status as the VMM's exit code.
 */
#include <uk/plat/bootstrap.h>
#include <uk/syscall.h>
#include "process_impl.h"

void posix_process_terminate(int status)
{
	/* Linux reports the low 8 bits of the status to the parent. */
	ukplat_terminate(status & 0xff);
}

UK_SYSCALL_DEFINE(long, exit_group, long, status)
{
	posix_process_terminate((int)status);
}

/* Ends the calling thread only; the last one ends the process. */
UK_SYSCALL_DEFINE(long, exit, long, status)
{
	posix_thread_exit((int)status);
}
