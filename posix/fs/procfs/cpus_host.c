/* The CPUs of /proc/cpuinfo in host tests: the host's. */
#include <unistd.h>

#include "posix/fs/procfs/procfs_cpus.h"

unsigned int uk_procfs_cpus(void)
{
	return (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
}
