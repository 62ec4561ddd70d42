/*
 * Process ids: one process, pid 1, whose parent is outside the machine;
 * its process group, session and nice value.
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/types.h>
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

/*
 * The process is its own process group and session (pid 1, like init);
 * another pid does not exist.
 */
UK_SYSCALL_DEFINE(int, getpgid, pid_t, pid)
{
	return pid == 0 || pid == UK_PROCESS_PID ? UK_PROCESS_PID : -ESRCH;
}

UK_SYSCALL_DEFINE(int, getsid, pid_t, pid)
{
	return pid == 0 || pid == UK_PROCESS_PID ? UK_PROCESS_PID : -ESRCH;
}

/* Linux: a process group leader cannot start a session. */
UK_SYSCALL_DEFINE(int, setsid)
{
	return -EPERM;
}

/* Only into its own group, where it already is. */
UK_SYSCALL_DEFINE(int, setpgid, pid_t, pid, pid_t, pgid)
{
	if (pgid < 0)
		return -EINVAL;
	if (pid != 0 && pid != UK_PROCESS_PID)
		return -ESRCH;
	if (pgid != 0 && pgid != UK_PROCESS_PID)
		return -EPERM;
	return 0;
}

/*
 * Nice value of the process (which: PRIO_PROCESS, PRIO_PGRP or PRIO_USER
 * with who 0 or our own id, uid 0), kept for getpriority: core/sched has
 * no priorities. As the syscall, getpriority returns 20 - nice.
 */
static int process_nice;

static int prio_check(int which, id_t who)
{
	switch (which) {
	case PRIO_PROCESS:
	case PRIO_PGRP:
		return who == 0 || who == UK_PROCESS_PID ? 0 : -ESRCH;
	case PRIO_USER:
		return who == 0 ? 0 : -ESRCH;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE(int, getpriority, int, which, id_t, who)
{
	int rc = prio_check(which, who);

	return rc ? rc : 20 - __atomic_load_n(&process_nice, __ATOMIC_RELAXED);
}

/* Linux clamps to -20..19; root may lower it. */
UK_SYSCALL_DEFINE(int, setpriority, int, which, id_t, who, int, prio)
{
	int rc = prio_check(which, who);

	if (rc)
		return rc;
	if (prio < -20)
		prio = -20;
	if (prio > 19)
		prio = 19;
	__atomic_store_n(&process_nice, prio, __ATOMIC_RELAXED);
	return 0;
}
