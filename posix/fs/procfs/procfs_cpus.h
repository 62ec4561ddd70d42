/* What /proc/cpuinfo and /proc/self/maps list (per target). */
#ifndef POSIX_FS_PROCFS_CPUS_H
#define POSIX_FS_PROCFS_CPUS_H

/* Number of CPUs the machine runs. */
unsigned int uk_procfs_cpus(void);

/* One line of /proc/self/maps. */
struct uk_procfs_region {
	unsigned long start, end;
	const char *perms; /* "r-xp" */
	const char *name; /* "/tessera", "[heap]", or "" */
};

/*
 * Fills r with at most max regions of the address space, by address.
 * Returns their number.
 */
unsigned int uk_procfs_regions(struct uk_procfs_region *r, unsigned int max);

#endif /* POSIX_FS_PROCFS_CPUS_H */
