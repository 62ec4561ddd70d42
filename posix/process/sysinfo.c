/* sysinfo: uptime, memory of the default allocator, number of threads. */
#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include "process_impl.h"

#define NSEC_PER_SEC 1000000000ULL

/*
 * totalram is what the heap holds: free bytes plus the bytes handed out
 * (the allocator's own overhead is not counted). No swap, no load
 * average (the scheduler keeps none), everything in bytes (mem_unit 1).
 */
UK_SYSCALL_DEFINE(long, sysinfo, long, info)
{
	struct sysinfo *si = (struct sysinfo *)info;
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats st;

	if (!si)
		return -EFAULT;
	memset(si, 0, sizeof(*si));
	si->uptime = (long)(uk_sched_now() / NSEC_PER_SEC);
	if (a) {
		uk_alloc_stats_get(a, &st);
		si->freeram = a->availmem(a);
		si->totalram = si->freeram + st.cur_bytes;
	}
	si->procs = (unsigned short)posix_thread_count();
	si->mem_unit = 1;
	return 0;
}
