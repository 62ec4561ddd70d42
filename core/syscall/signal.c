/* Signal syscalls: accepted and ignored until signals exist. */
#include <errno.h>
#include <string.h>
#include <uk/syscall.h>

/* Linux's kernel sigset_t: 64 signals, the size musl passes (_NSIG/8). */
#define KSIGSET_SIZE 8

/* Linux's struct sigaction for rt_sigaction on x86_64 and aarch64. */
struct ksigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	unsigned int mask[2];
};

/* No signal is ever delivered: every mask is empty and stays so. */
static long sys_rt_sigprocmask(long how __unused, long set __unused,
			       long oldset, long size, long a5 __unused,
			       long a6 __unused)
{
	if (size != KSIGSET_SIZE)
		return -EINVAL;
	if (oldset)
		memset((void *)oldset, 0, KSIGSET_SIZE);
	return 0;
}
UK_SYSCALL_REGISTER(SYS_rt_sigprocmask, sys_rt_sigprocmask);

/* Handlers are accepted but never run; the old action reads as SIG_DFL. */
static long sys_rt_sigaction(long sig, long act __unused, long oact,
			     long size, long a5 __unused, long a6 __unused)
{
	if (size != KSIGSET_SIZE || sig < 1 || sig > 64)
		return -EINVAL;
	if (oact)
		memset((void *)oact, 0, sizeof(struct ksigaction));
	return 0;
}
UK_SYSCALL_REGISTER(SYS_rt_sigaction, sys_rt_sigaction);
