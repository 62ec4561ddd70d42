/* The CPU count that /proc/cpuinfo lists (per target). */
#ifndef POSIX_FS_PROCFS_CPUS_H
#define POSIX_FS_PROCFS_CPUS_H

/* Number of CPUs the machine runs. */
unsigned int uk_procfs_cpus(void);

#endif /* POSIX_FS_PROCFS_CPUS_H */
