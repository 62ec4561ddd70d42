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

static long sys_exit_group(long status, long a2 __unused, long a3 __unused,
			   long a4 __unused, long a5 __unused,
			   long a6 __unused)
{
	posix_process_terminate((int)status);
}
UK_SYSCALL_REGISTER(SYS_exit_group, sys_exit_group);

/* Ends the calling thread only; the last one ends the process. */
static long sys_exit(long status, long a2 __unused, long a3 __unused,
		     long a4 __unused, long a5 __unused, long a6 __unused)
{
	posix_thread_exit((int)status);
}
UK_SYSCALL_REGISTER(SYS_exit, sys_exit);
