/*
 * Syscall dispatch: a dense table, indexed by number, of registered
 * handlers; signal handlers run on the way back (uk_syscall_signals).
 */
#include <errno.h>
#include <uk/preempt.h>
#include <uk/print.h>
#include <uk/syscall.h>

extern const struct uk_syscall_entry __uk_syscalls_start[];
extern const struct uk_syscall_entry __uk_syscalls_end[];

static uk_syscall_func_t table[UK_SYSCALL_NR_MAX];
static int table_ready;

/* One bit per number: an unknown syscall is logged the first time only. */
#define BITS_PER_LONG (8 * sizeof(unsigned long))
static unsigned long warned[UK_SYSCALL_NR_MAX / BITS_PER_LONG];

/*
 * Built on first use, from the linker section. CPUs racing here store the
 * same values, so no lock is needed; the release store of table_ready
 * publishes the entries to CPUs that then skip the build.
 */
static void table_build(void)
{
	const struct uk_syscall_entry *e;

	for (e = __uk_syscalls_start; e < __uk_syscalls_end; e++) {
		/* UK_SYSCALL_DEFINE checks the range at compile time. */
		if (table[e->nr] && table[e->nr] != e->handler)
			uk_pr_warn("syscall %ld registered twice\n", e->nr);
		__atomic_store_n(&table[e->nr], e->handler, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&table_ready, 1, __ATOMIC_RELEASE);
}

static long unknown(long n)
{
	const char *name = uk_syscall_name(n);
	unsigned long bit;

	if (n >= 0 && n < UK_SYSCALL_NR_MAX) {
		bit = 1UL << (n % BITS_PER_LONG);
		if (__atomic_fetch_or(&warned[n / BITS_PER_LONG], bit,
				      __ATOMIC_RELAXED) &
		    bit)
			return -ENOSYS;
	}
	uk_pr_warn("unsupported syscall %s (%ld): -ENOSYS\n", name ? name : "?",
		   n);
	return -ENOSYS;
}

__weak bool uk_syscall_signals(long rc __unused)
{
	return false;
}

/* Without core/sched's preemption tick, no tick is ever missed. */
__weak void uk_preempt_tick_missed(void)
{
}

long uk_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	uk_syscall_func_t fn;
	long rc;

	if (unlikely(!__atomic_load_n(&table_ready, __ATOMIC_ACQUIRE)))
		table_build();
	if (unlikely(n < 0 || n >= UK_SYSCALL_NR_MAX))
		return unknown(n);
	fn = __atomic_load_n(&table[n], __ATOMIC_RELAXED);
	if (unlikely(!fn))
		return unknown(n);
	/*
	 * Kernel code is not preempted (<uk/preempt.h>). Signal handlers run
	 * in here too, so a handler that never returns is never preempted.
	 */
	uk_preempt_disable();
	do
		rc = fn(a1, a2, a3, a4, a5, a6);
	while (uk_syscall_signals(rc));
	uk_preempt_enable();
	if (unlikely(__atomic_load_n(&uk_thread_current()->tick_missed,
				     __ATOMIC_RELAXED)))
		uk_preempt_tick_missed();
	return rc == -UK_ERESTARTSYS ? -EINTR : rc;
}
