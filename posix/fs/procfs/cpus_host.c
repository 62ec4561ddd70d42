/* /proc/cpuinfo and /proc/self/maps in host tests: the host's CPUs. */
#include <unistd.h>

#include "posix/fs/procfs/procfs_cpus.h"

unsigned int uk_procfs_cpus(void)
{
	return (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
}

/* A fixed address space in host tests: the format is what they check. */
unsigned int uk_procfs_regions(struct uk_procfs_region *r, unsigned int max)
{
	if (max < 2)
		return 0;
	r[0] = (struct uk_procfs_region){ 0x100000, 0x123000, "r-xp",
					  "/tessera" };
	r[1] = (struct uk_procfs_region){ 0x200000, 0x4000000, "rw-p",
					  "[heap]" };
	return 2;
}
