/* Process-level syscalls of a single-process kernel: exit, thread id. */
#include <uk/plat/bootstrap.h>
#include <uk/syscall.h>

/*
 * One process: exit and exit_group power the machine off with the status
 * (Linux keeps the low 8 bits). With threads, exit will end only the
 * calling thread (core/sched).
 */
static long sys_exit_group(long status, long a2 __unused, long a3 __unused,
			   long a4 __unused, long a5 __unused,
			   long a6 __unused)
{
	ukplat_terminate((int)(status & 0xff));
}
UK_SYSCALL_REGISTER(SYS_exit_group, sys_exit_group);
UK_SYSCALL_REGISTER(SYS_exit, sys_exit_group);

/* musl records the clear-child-tid address; the main thread's id is 1. */
static long sys_set_tid_address(long tidptr __unused, long a2 __unused,
				long a3 __unused, long a4 __unused,
				long a5 __unused, long a6 __unused)
{
	return 1;
}
UK_SYSCALL_REGISTER(SYS_set_tid_address, sys_set_tid_address);
