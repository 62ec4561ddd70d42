/* procfs: a minimal /proc. */
#ifndef UK_PROCFS_H
#define UK_PROCFS_H

#ifdef __cplusplus
extern "C" {
#endif

/* statfs(2) f_type of procfs (Linux's PROC_SUPER_MAGIC). */
#define UK_PROCFS_MAGIC 0x9fa0

/* The target of /proc/self/exe: the program's name (no such file). */
#define UK_PROCFS_EXE "/tessera"

/*
 * Mounts procfs at path (normally "/proc"): cpuinfo and meminfo with the
 * machine's CPU count and heap, and self/ with fd (a link to /dev/fd,
 * whose entries reopen the process's open files), exe (a link to
 * UK_PROCFS_EXE) and maps (the image's sections and the heap, in Linux's
 * format). Returns 0 or a negative errno.
 */
int uk_procfs_mount(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* UK_PROCFS_H */
