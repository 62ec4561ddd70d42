/* File timestamps in host tests: the host's CLOCK_REALTIME. */
#include <sys/stat.h>
#include <time.h>
#include <uk/vfs.h>

void uk_vfs_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}
