/*
 * membarrier: a memory barrier on every CPU that runs the process's code.
 * Threads run on the boot CPU, code on other CPUs comes through
 * ukplat_lcpu_run: the caller's full barrier, then a no-op run on every
 * started CPU (an interrupt there orders its memory accesses), covers
 * both. The commands are those Linux reports without SYNC_CORE and RSEQ.
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/plat/lcpu.h>
#include <uk/syscall.h>

/* Linux's commands (<linux/membarrier.h>): musl names them, glibc not. */
#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED (1 << 4)

#define MEMBARRIER_SUPPORTED                                                   \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |             \
	 MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED |                            \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED |                                    \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)

static bool membarrier_private_registered;

static void membarrier_noop(struct __regs *regs __unused, void *arg __unused)
{
}

static int membarrier_all_cpus(void)
{
	static const struct ukplat_lcpu_func noop = { membarrier_noop, NULL };

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* -ENODEV: no other CPU was started, nothing else to order. */
	if (ukplat_lcpu_count() > 1)
		ukplat_lcpu_run(NULL, NULL, &noop, 0);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

UK_SYSCALL_DEFINE(int, membarrier, int, cmd, unsigned int, flags, int,
		  cpu_id __unused)
{
	if (flags)
		return -EINVAL;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		return membarrier_all_cpus();
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
		return 0;
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		__atomic_store_n(&membarrier_private_registered, true,
				 __ATOMIC_RELAXED);
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		/* Linux: only after the process registered for it. */
		if (!__atomic_load_n(&membarrier_private_registered,
				     __ATOMIC_RELAXED))
			return -EPERM;
		return membarrier_all_cpus();
	default:
		return -EINVAL;
	}
}
