/*
 * Resource limits: getrlimit, setrlimit and prlimit64 of the one process.
 *
 * Real where Tessera has a real limit: RLIMIT_NOFILE is the fd table
 * (soft limit enforced by posix/fdtab, hard limit its size),
 * RLIMIT_AS/RLIMIT_DATA the RAM of the heap, RLIMIT_STACK main()'s
 * stack (core/boot, the main_stack_size setting). The others report Linux's
 * defaults and keep what setrlimit stores, without effect: there are no
 * core dumps, no CPU-time signals, no file size limits, no swapping.
 * The caller is root (CAP_SYS_RESOURCE): it may raise a hard limit,
 * except RLIMIT_NOFILE's past the table size (-EPERM, Linux's nr_open).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <uk/alloc.h>
#include <uk/boot_stack.h>
#include <uk/fdtab.h>
#include <uk/process.h>
#include <uk/rlimit.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>

/* The kernel's value of RLIM_INFINITY in struct rlimit64. */
#define RLIMIT_INF UINT64_MAX

/*
 * Linux's default (include/asm-generic/resource.h), for main() on the
 * boot stack, whose size no one records.
 */
#define RLIMIT_STACK_DEFAULT (8ULL << 20)

static struct posix_rlimit rlimits[RLIM_NLIMITS];
static bool rlimits_ready;
static struct uk_spinlock rlimit_lock = UK_SPINLOCK_INITIALIZER;

/* Bytes the heap manages: what is free plus what is handed out. */
static uint64_t rlimit_ram(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats st;

	if (!a)
		return RLIMIT_INF;
	uk_alloc_stats_get(a, &st);
	return (uint64_t)a->availmem(a) + st.cur_bytes;
}

/* Fills the table at first use: the heap exists by then. Lock held. */
static void rlimit_init(void)
{
	unsigned int i;
	uint64_t ram, stack = uk_boot_main_stack_size();

	if (rlimits_ready)
		return;
	for (i = 0; i < RLIM_NLIMITS; i++)
		rlimits[i] = (struct posix_rlimit){ RLIMIT_INF, RLIMIT_INF };
	ram = rlimit_ram();
	rlimits[RLIMIT_AS] = (struct posix_rlimit){ ram, ram };
	rlimits[RLIMIT_DATA] = (struct posix_rlimit){ ram, ram };
	/* main()'s stack cannot grow: its size is both limits. */
	if (stack)
		rlimits[RLIMIT_STACK] = (struct posix_rlimit){ stack, stack };
	else
		rlimits[RLIMIT_STACK].cur = RLIMIT_STACK_DEFAULT;
	rlimits[RLIMIT_CORE].cur = 0;
	rlimits[RLIMIT_NICE] = (struct posix_rlimit){ 0, 0 };
	rlimits[RLIMIT_RTPRIO] = (struct posix_rlimit){ 0, 0 };
	rlimits[RLIMIT_NOFILE].max = UK_FDTAB_SIZE;
	rlimits_ready = true;
}

int posix_rlimit_get(int resource, struct posix_rlimit *out)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	uk_spin_lock(&rlimit_lock);
	rlimit_init();
	*out = rlimits[resource];
	uk_spin_unlock(&rlimit_lock);
	/* posix/fdtab holds the soft limit that it enforces. */
	if (resource == RLIMIT_NOFILE)
		out->cur = uk_fdtab_limit();
	return 0;
}

int posix_rlimit_set(int resource, const struct posix_rlimit *in)
{
	int rc = 0;

	if (resource < 0 || resource >= RLIM_NLIMITS || in->cur > in->max)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE && in->max > UK_FDTAB_SIZE)
		return -EPERM;
	uk_spin_lock(&rlimit_lock);
	rlimit_init();
	if (resource == RLIMIT_NOFILE)
		rc = uk_fdtab_limit_set((unsigned int)in->cur);
	if (!rc)
		rlimits[resource] = *in;
	uk_spin_unlock(&rlimit_lock);
	return rc;
}

/* The process itself: pid 0 or its own. */
UK_SYSCALL_DEFINE(int, prlimit64, pid_t, pid, int, resource,
		  const struct posix_rlimit *, new_limit, struct posix_rlimit *,
		  old_limit)
{
	struct posix_rlimit old;
	int rc;

	if (pid != 0 && pid != UK_PROCESS_PID)
		return -ESRCH;
	if (old_limit) {
		rc = posix_rlimit_get(resource, &old);
		if (rc)
			return rc;
	}
	if (new_limit) {
		rc = posix_rlimit_set(resource, new_limit);
		if (rc)
			return rc;
	}
	if (old_limit)
		*old_limit = old;
	return 0;
}

/* struct rlimit of the kernel ABI: two unsigned longs, as posix_rlimit. */
UK_SYSCALL_DEFINE(int, getrlimit, int, resource, struct posix_rlimit *, rlim)
{
	if (!rlim)
		return -EFAULT;
	return posix_rlimit_get(resource, rlim);
}

UK_SYSCALL_DEFINE(int, setrlimit, int, resource, const struct posix_rlimit *,
		  rlim)
{
	if (!rlim)
		return -EFAULT;
	return posix_rlimit_set(resource, rlim);
}
