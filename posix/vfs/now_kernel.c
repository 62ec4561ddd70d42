/* File timestamps on the kernel: posix/process's CLOCK_REALTIME. */
#include <sys/stat.h>
#include <time.h>
#include <uk/vfs.h>

/* posix/process (UK_SYSCALL_DEFINE in time.c). */
long uk_sys_clock_gettime(long clk, long ts);

void uk_vfs_now(struct timespec *ts)
{
	uk_sys_clock_gettime(CLOCK_REALTIME, (long)ts);
}
