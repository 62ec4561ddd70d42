/*
 * prctl: the options programs set on themselves. Thread names (PR_SET_NAME,
 * PR_GET_NAME) are per thread and become the kernel thread's name, so crash
 * reports show them; PR_SET_DUMPABLE, PR_SET_KEEPCAPS, PR_SET_NO_NEW_PRIVS,
 * PR_SET_PDEATHSIG and PR_SET_TIMERSLACK are kept and read back (nothing
 * else acts on them: no core dumps, no exec, no parent to die, timers do
 * not coalesce). Other options give -EINVAL, as Linux does for unknown ones.
 */
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <uk/syscall.h>
#include "process_impl.h"

#define PRCTL_SIG_MAX 64
/* Linux's default timer slack, in ns. */
#define PRCTL_TIMERSLACK_DEFAULT 50000UL

static int prctl_dumpable = 1;
static int prctl_keepcaps;
static int prctl_no_new_privs;
static int prctl_pdeathsig;
static unsigned long prctl_timerslack = PRCTL_TIMERSLACK_DEFAULT;

/* Stores 0 or 1 in *flag; -EINVAL for another value. */
static int prctl_set_bool(int *flag, unsigned long v)
{
	if (v > 1)
		return -EINVAL;
	__atomic_store_n(flag, (int)v, __ATOMIC_RELAXED);
	return 0;
}

static int prctl_name(int option, char *name)
{
	struct posix_thread *rec = posix_thread_current();

	if (!name)
		return -EFAULT;
	if (option == PR_GET_NAME) {
		memcpy(name, rec->comm, sizeof(rec->comm));
		return 0;
	}
	/* Linux keeps the first 15 bytes and a terminating NUL. */
	strncpy(rec->comm, name, sizeof(rec->comm) - 1);
	rec->comm[sizeof(rec->comm) - 1] = '\0';
	if (rec->thread)
		rec->thread->name = rec->comm;
	return 0;
}

UK_SYSCALL_DEFINE(int, prctl, int, option, unsigned long, arg2, unsigned long,
		  arg3, unsigned long, arg4, unsigned long, arg5)
{
	switch (option) {
	case PR_SET_NAME:
	case PR_GET_NAME:
		return prctl_name(option, (char *)arg2);
	case PR_GET_DUMPABLE:
		return __atomic_load_n(&prctl_dumpable, __ATOMIC_RELAXED);
	case PR_SET_DUMPABLE:
		return prctl_set_bool(&prctl_dumpable, arg2);
	case PR_GET_KEEPCAPS:
		return __atomic_load_n(&prctl_keepcaps, __ATOMIC_RELAXED);
	case PR_SET_KEEPCAPS:
		return prctl_set_bool(&prctl_keepcaps, arg2);
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return __atomic_load_n(&prctl_no_new_privs, __ATOMIC_RELAXED);
	case PR_SET_NO_NEW_PRIVS:
		/* It can only be turned on. */
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		return prctl_set_bool(&prctl_no_new_privs, 1);
	case PR_GET_PDEATHSIG:
		if (!arg2)
			return -EFAULT;
		*(int *)arg2 =
			__atomic_load_n(&prctl_pdeathsig, __ATOMIC_RELAXED);
		return 0;
	case PR_SET_PDEATHSIG:
		if (arg2 > PRCTL_SIG_MAX)
			return -EINVAL;
		__atomic_store_n(&prctl_pdeathsig, (int)arg2, __ATOMIC_RELAXED);
		return 0;
	case PR_GET_TIMERSLACK:
		return (int)__atomic_load_n(&prctl_timerslack,
					    __ATOMIC_RELAXED);
	case PR_SET_TIMERSLACK:
		/* 0 restores the default. */
		__atomic_store_n(&prctl_timerslack,
				 arg2 ? arg2 : PRCTL_TIMERSLACK_DEFAULT,
				 __ATOMIC_RELAXED);
		return 0;
	default:
		return -EINVAL;
	}
}
