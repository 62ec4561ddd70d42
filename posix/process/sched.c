/*
 * Scheduling syscalls: sched_yield, the CPU affinity of threads, getcpu,
 * and scheduling policies and priorities. The CPUs are those that run
 * threads (uk_sched_cpus(), what sysconf(_SC_NPROCESSORS_ONLN) counts
 * through sched_getaffinity), or, in images whose secondary CPUs do not
 * run threads (smp_threads off), those the platform manages. setaffinity
 * moves the thread (core/sched); setscheduler checks and records what it
 * is given, which a thread reads back.
 */
#define _GNU_SOURCE /* cpu_set_t */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>
#include <uk/config.h>
#include <uk/cpu_relax.h>
#include <uk/preempt.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

/* Linux's cpumask as the syscalls see it: here one word, CPUs 0..63. */
#define SCHED_CPUMASK_SIZE sizeof(unsigned long)
#define SCHED_CPUMASK_BITS (8 * SCHED_CPUMASK_SIZE)
/* Linux's SCHED_DEADLINE (<linux/sched.h>), which libcs do not name. */
#define SCHED_POLICY_DEADLINE 6

UK_SYSCALL_DEFINE(int, sched_yield)
{
	/* Other CPUs have no thread to yield: a spin-wait hint instead. */
	if (posix_can_block())
		uk_sched_yield();
	else
		uk_cpu_relax();
	return 0;
}

/* The CPUs a thread may be given, one bit each. */
static unsigned long sched_cpus(void)
{
	unsigned int n = ukplat_lcpu_count();

	if (CONFIG_UK_SMP_THREADS)
		return uk_sched_cpus();
	return n >= SCHED_CPUMASK_BITS ? ~0UL : (1UL << n) - 1;
}

/* The record of thread pid (0: the caller), or NULL. */
static struct posix_thread *sched_thread(pid_t pid)
{
	return pid ? posix_thread_find(pid) : posix_thread_current();
}

/*
 * Returns the bytes written, as Linux does; len must hold the mask and be
 * a multiple of the word size.
 */
UK_SYSCALL_DEFINE(int, sched_getaffinity, pid_t, pid, size_t, len,
		  unsigned long *, mask)
{
	struct posix_thread *rec;
	unsigned long cpus;

	if (len < SCHED_CPUMASK_SIZE || (len & (SCHED_CPUMASK_SIZE - 1)))
		return -EINVAL;
	rec = sched_thread(pid);
	if (!rec)
		return -ESRCH;
	if (!mask)
		return -EFAULT;
	cpus = __atomic_load_n(&rec->affinity, __ATOMIC_RELAXED);
	*mask = cpus ? cpus : sched_cpus();
	return SCHED_CPUMASK_SIZE;
}

/*
 * Linux reads min(len, its mask size) bytes and keeps the CPUs that
 * exist: -EINVAL when none is left.
 */
UK_SYSCALL_DEFINE(int, sched_setaffinity, pid_t, pid, size_t, len,
		  const unsigned long *, mask)
{
	struct posix_thread *rec;
	unsigned long cpus = 0;

	if (!mask)
		return -EFAULT;
	if (len > SCHED_CPUMASK_SIZE)
		len = SCHED_CPUMASK_SIZE;
	memcpy(&cpus, mask, len);
	cpus &= sched_cpus();
	rec = sched_thread(pid);
	if (!rec)
		return -ESRCH;
	if (!cpus)
		return -EINVAL;
	__atomic_store_n(&rec->affinity, cpus, __ATOMIC_RELAXED);
	/* Code outside threads (lcpu functions) only records it. */
	if (!CONFIG_UK_SMP_THREADS || !rec->thread ||
	    (posix_thread_is_caller(rec) && !posix_can_block()))
		return 0;
	return uk_thread_set_affinity(rec->thread,
				      cpus == sched_cpus() ? 0 : cpus);
}

/* One NUMA node; the cache argument is unused since Linux 2.6.24. */
UK_SYSCALL_DEFINE(int, getcpu, unsigned int *, cpu, unsigned int *, node,
		  void *, tcache __unused)
{
	if (cpu)
		*cpu = ukplat_lcpu_idx();
	if (node)
		*node = 0;
	return 0;
}

/* Linux's priority ranges: 1..99 for the real-time policies, else 0. */
static int sched_prio_max(int policy)
{
	switch (policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 99;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * Linux answers 0 for SCHED_DEADLINE too, whose threads are set up through
 * sched_setattr only (sched_setscheduler gives EINVAL for it).
 */
UK_SYSCALL_DEFINE(int, sched_get_priority_max, int, policy)
{
	return policy == SCHED_POLICY_DEADLINE ? 0 : sched_prio_max(policy);
}

UK_SYSCALL_DEFINE(int, sched_get_priority_min, int, policy)
{
	int max = policy == SCHED_POLICY_DEADLINE ? 0 : sched_prio_max(policy);

	return max > 0 ? 1 : max;
}

/*
 * The policy and priority of a thread are checked as Linux checks them
 * and recorded; core/sched runs threads in turn without priorities, so
 * they change nothing yet. SCHED_RESET_ON_FORK is accepted (no fork).
 */
static int sched_set(pid_t pid, int policy, const struct sched_param *param)
{
	struct posix_thread *rec;
	int max;

	if (pid < 0 || !param)
		return -EINVAL;
	rec = sched_thread(pid);
	if (!rec)
		return -ESRCH;
	if (policy < 0)
		policy = rec->policy; /* sched_setparam: keep it */
	max = sched_prio_max(policy & ~SCHED_RESET_ON_FORK);
	if (max < 0)
		return max;
	if (param->sched_priority < (max ? 1 : 0) ||
	    param->sched_priority > max)
		return -EINVAL;
	rec->policy = policy & ~SCHED_RESET_ON_FORK;
	rec->priority = param->sched_priority;
	return 0;
}

UK_SYSCALL_DEFINE(int, sched_setscheduler, pid_t, pid, int, policy,
		  const struct sched_param *, param)
{
	if (policy < 0)
		return -EINVAL;
	return sched_set(pid, policy, param);
}

UK_SYSCALL_DEFINE(int, sched_setparam, pid_t, pid, const struct sched_param *,
		  param)
{
	return sched_set(pid, -1, param);
}

UK_SYSCALL_DEFINE(int, sched_getscheduler, pid_t, pid)
{
	struct posix_thread *rec;

	if (pid < 0)
		return -EINVAL;
	rec = sched_thread(pid);
	return rec ? rec->policy : -ESRCH;
}

UK_SYSCALL_DEFINE(int, sched_getparam, pid_t, pid, struct sched_param *, param)
{
	struct posix_thread *rec;

	if (pid < 0 || !param)
		return -EINVAL;
	rec = sched_thread(pid);
	if (!rec)
		return -ESRCH;
	param->sched_priority = rec->priority;
	return 0;
}

/*
 * The preemption tick's slice, which every thread gets whatever policy it
 * recorded; a cooperative image (preempt off) has none: 0, as Linux says
 * of SCHED_FIFO.
 */
UK_SYSCALL_DEFINE(int, sched_rr_get_interval, pid_t, pid, struct timespec *,
		  interval)
{
	unsigned long long slice = CONFIG_UK_PREEMPT ? UK_PREEMPT_SLICE_NS : 0;

	if (pid < 0)
		return -EINVAL;
	if (!sched_thread(pid))
		return -ESRCH;
	if (!interval)
		return -EFAULT;
	*interval = posix_ns_timespec(slice);
	return 0;
}
