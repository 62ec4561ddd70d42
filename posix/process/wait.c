/*
 * wait4 and waitid: the process has no children (no fork), so after the
 * checks Linux makes, every wait ends with -ECHILD.
 */
#include <errno.h>
#include <sys/wait.h>
#include <uk/syscall.h>

/* Linux's __WNOTHREAD, __WALL, __WCLONE. */
#define WAIT_KERNEL_FLAGS (0x20000000 | 0x40000000 | 0x80000000)

UK_SYSCALL_DEFINE(int, wait4, pid_t, pid __unused, int *, status __unused, int,
		  options, void *, rusage __unused)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WAIT_KERNEL_FLAGS))
		return -EINVAL;
	return -ECHILD;
}

UK_SYSCALL_DEFINE(int, waitid, int, idtype, int, id __unused, void *,
		  infop __unused, int, options, void *, rusage __unused)
{
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			WAIT_KERNEL_FLAGS))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	return -ECHILD;
}
