/*
 * The code that secondary CPUs run outside threads (ukplat_lcpu_run
 * functions, entry functions): each CPU gets a thread id, a record for
 * gettid and signal masks, and a libc thread descriptor with its own TLS,
 * so that musl's locks (stdio, LOCK()) and errno tell the CPUs apart.
 */
#include <uk/alloc.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include "process_impl.h"

/* Records of CPUs 1 .. lcpu_nrecs - 1 (index 0 unused: the boot CPU). */
static struct posix_thread *lcpu_recs;
static unsigned int lcpu_nrecs;

struct posix_thread *posix_lcpu_thread(__lcpuidx cpu)
{
	if (!cpu || cpu >= __atomic_load_n(&lcpu_nrecs, __ATOMIC_ACQUIRE))
		return NULL;
	return &lcpu_recs[cpu];
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
}
