/* Scheduling syscalls: sched_yield and the CPU affinity of threads. */
#include <errno.h>
#include <string.h>
#include <uk/cpu_relax.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

/* Linux's cpumask size here: one unsigned long, CPUs 0..63. */
#define SCHED_CPUMASK_SIZE sizeof(unsigned long)

UK_SYSCALL_DEFINE(long, sched_yield)
{
	/* Other CPUs have no thread to yield: a spin-wait hint instead. */
	if (posix_can_block())
		uk_sched_yield();
	else
		uk_cpu_relax();
	return 0;
}

static int sched_is_tid(struct posix_thread *rec, void *arg)
{
	return rec->tid == *(int *)arg;
}

/*
 * Every thread runs on CPU 0 (core/sched schedules on the boot CPU).
 * Returns the bytes written, as Linux does; len must hold the mask and be
 * a multiple of the word size.
 */
UK_SYSCALL_DEFINE(long, sched_getaffinity, long, pid, long, len, long, mask)
{
	int tid = (int)pid;

	if ((unsigned long)len < SCHED_CPUMASK_SIZE ||
	    (len & (SCHED_CPUMASK_SIZE - 1)))
		return -EINVAL;
	if (pid && !posix_thread_foreach(sched_is_tid, &tid))
		return -ESRCH;
	if (!mask)
		return -EFAULT;
	memset((void *)mask, 0, SCHED_CPUMASK_SIZE);
	*(unsigned char *)mask = 1;
	return SCHED_CPUMASK_SIZE;
}
