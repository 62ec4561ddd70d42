/* Process ids: one process, pid 1, whose parent is outside the machine. */
#include <uk/process.h>
#include <uk/syscall.h>

UK_SYSCALL_DEFINE(long, getpid)
{
	return UK_PROCESS_PID;
}

/* Like Linux's init: no parent process, so 0. */
UK_SYSCALL_DEFINE(long, getppid)
{
	return 0;
}
