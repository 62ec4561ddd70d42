/* ramfs: a writable file system in the heap. */
#ifndef UK_RAMFS_H
#define UK_RAMFS_H

#ifdef __cplusplus
extern "C" {
#endif

/* statfs(2) f_type of a ramfs (Linux's RAMFS_MAGIC). */
#define UK_RAMFS_MAGIC 0x858458f6

/*
 * Mounts a new, empty ramfs at path (UK_MOUNT_RDONLY in flags: read-only
 * after mounting). Returns 0 or a negative errno (see uk_vfs_mount).
 */
int uk_ramfs_mount(const char *path, unsigned int flags);

#ifdef __cplusplus
}
#endif

#endif /* UK_RAMFS_H */
