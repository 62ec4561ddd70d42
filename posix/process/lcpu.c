/*
 * The code that secondary CPUs run outside threads (ukplat_lcpu_run
 * functions, entry functions, idle threads): each CPU gets a thread id, a
 * record for gettid and signal masks, and a libc thread descriptor with
 * its own TLS, so that musl's locks (stdio, LOCK()) and errno tell the
 * CPUs apart. With smp_threads on, the secondary CPUs are then started
 * into core/sched, so that threads run on every CPU.
 */
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/cpu_relax.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/preempt.h>
#include <uk/print.h>
#include "process_impl.h"

/* The stack of a secondary CPU's idle thread (and its IRQs on arm64). */
#define LCPU_IDLE_STACK_SIZE (32 * 1024)
/* How long a started CPU may take to join the scheduler. */
#define LCPU_ONLINE_TIMEOUT_NS 2000000000LL

/* Records of CPUs 1 .. lcpu_nrecs - 1 (index 0 unused: the boot CPU). */
static struct posix_thread *lcpu_recs;
static unsigned int lcpu_nrecs;

struct posix_thread *posix_lcpu_thread(__lcpuidx cpu)
{
	if (!cpu || cpu >= __atomic_load_n(&lcpu_nrecs, __ATOMIC_ACQUIRE))
		return NULL;
	return &lcpu_recs[cpu];
}

/* A secondary CPU's entry: its preemption tick, then core/sched. */
static void lcpu_sched_entry(void)
{
	uk_preempt_cpu_start();
	uk_sched_cpu_run();
}

/*
 * Starts CPUs 1 .. n - 1 into core/sched (uk_sched_cpu_run), each on a
 * stack of its own that its idle thread keeps, and waits until they run
 * threads, so that main() sees every CPU (sched_getaffinity).
 */
static void lcpu_sched_start(unsigned int n)
{
	__lcpuidx idx[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	void *sp[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	ukplat_lcpu_entry_t entry[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int cpu, m = 0;
	__nsec end;
	char *stack;
	int rc;

	for (cpu = 1; cpu < n; cpu++) {
		stack = uk_palloc(uk_alloc_get_default(),
				  LCPU_IDLE_STACK_SIZE / __PAGE_SIZE);
		if (!stack) {
			uk_pr_err("lcpu: no memory for the stack of CPU %u\n",
				  cpu);
			break;
		}
		idx[m] = cpu;
		sp[m] = stack + LCPU_IDLE_STACK_SIZE;
		entry[m] = lcpu_sched_entry;
		m++;
	}
	rc = ukplat_lcpu_start(idx, &m, sp, entry, 0);
	if (rc)
		uk_pr_err("lcpu: %u of %u CPUs run threads: %d\n", m, n - 1,
			  rc);
	end = ukplat_monotonic_clock() + LCPU_ONLINE_TIMEOUT_NS;
	while ((unsigned int)__builtin_popcountl(uk_sched_cpus()) < m + 1 &&
	       ukplat_monotonic_clock() < end)
		uk_cpu_relax();
}

/*
 * A constructor, not an init call: musl sizes TLS in __libc_start_main,
 * which runs constructors once libc is ready, before main() can start a
 * CPU. Priority 101, the first: before any application constructor.
 */
__attribute__((constructor(101))) static void lcpu_libc_init(void)
{
	unsigned int n = ukplat_lcpu_count(), cpu;
	unsigned long tp;
	int rc;

	if (n < 2)
		return;
	lcpu_recs = uk_calloc(uk_alloc_get_default(), n, sizeof(*lcpu_recs));
	if (!lcpu_recs) {
		uk_pr_err("lcpu: no memory for the records of %u CPUs\n",
			  n - 1);
		return;
	}
	for (cpu = 1; cpu < n; cpu++) {
		struct posix_thread *rec = &lcpu_recs[cpu];

		rec->tid = posix_thread_alloc_tid();
		uk_list_init(&rec->node);
		uk_waitq_init(&rec->sigwq);
		tp = uk_libc_cpu_tls_create(rec->tid);
		if (!tp) {
			uk_pr_err("lcpu: no memory for the TLS of CPU %u\n",
				  cpu);
			break;
		}
		rc = ukplat_lcpu_set_tlsp(cpu, tp);
		if (rc)
			uk_pr_warn("lcpu: CPU %u keeps its starter's TLS: %d\n",
				   cpu, rc);
	}
	/* CPUs without a TLS of their own act as the main thread. */
	__atomic_store_n(&lcpu_nrecs, cpu, __ATOMIC_RELEASE);
	if (CONFIG_UK_SMP_THREADS)
		lcpu_sched_start(n);
}
