/* The CPUs of /proc/cpuinfo on the kernel: the platform's count. */
#include <uk/plat/lcpu.h>

#include "posix/fs/procfs/procfs_cpus.h"

unsigned int uk_procfs_cpus(void)
{
	return ukplat_lcpu_count();
}
