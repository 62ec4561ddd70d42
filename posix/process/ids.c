/* Process ids: one process, pid 1, whose parent is outside the machine. */
#include <uk/process.h>
#include <uk/syscall.h>

static long sys_getpid(long a1 __unused, long a2 __unused, long a3 __unused,
		       long a4 __unused, long a5 __unused, long a6 __unused)
{
	return UK_PROCESS_PID;
}
UK_SYSCALL_REGISTER(SYS_getpid, sys_getpid);

/* Like Linux's init: no parent process, so 0. */
static long sys_getppid(long a1 __unused, long a2 __unused, long a3 __unused,
			long a4 __unused, long a5 __unused, long a6 __unused)
{
	return 0;
}
UK_SYSCALL_REGISTER(SYS_getppid, sys_getppid);
