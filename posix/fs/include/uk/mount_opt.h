/* vfs.mount= boot options: file systems to mount at boot. */
#ifndef UK_MOUNT_OPT_H
#define UK_MOUNT_OPT_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest source (a 9P mount tag), path and type kept, with the NUL. */
#define UK_MOUNT_OPT_SOURCE 64
#define UK_MOUNT_OPT_PATH 256
#define UK_MOUNT_OPT_FSTYPE 16

/* One mount, as a vfs.mount= value describes it. */
struct uk_mount_opt {
	char source[UK_MOUNT_OPT_SOURCE]; /* 9pfs: the mount tag */
	char path[UK_MOUNT_OPT_PATH]; /* absolute mount point */
	char fstype[UK_MOUNT_OPT_FSTYPE]; /* "9pfs" or "ramfs" */
	bool rdonly; /* ":ro" */
};

/*
 * Parses the value of one vfs.mount= option (after the '='):
 *
 *   SOURCE:PATH:FSTYPE[:ro|:rw]
 *
 * SOURCE is the 9P mount tag for FSTYPE 9pfs (alias 9p) and any word for
 * ramfs; PATH is absolute and without ':'; "ro" mounts read-only.
 * Example: vfs.mount=hostshare:/mnt:9pfs. Fields are not empty and fit
 * the sizes above. Returns 0, or -EINVAL for any other value (out is
 * then unspecified).
 */
int uk_mount_opt_parse(const char *value, struct uk_mount_opt *out);

/* Longest 9P export name (aname=) kept, with the NUL. */
#define UK_MOUNT_9P_ANAME 256

/*
 * Parses the data of a mount(2) of type "9p": comma-separated options as
 * Linux's 9p takes them. trans= must be virtio (the default); aname= is
 * copied into aname (UK_MOUNT_9P_ANAME bytes; "" without one); the others
 * (version=, msize=, cache=, access=, ...) are accepted and ignored. data
 * may be NULL. Returns 0, or -EINVAL for another transport (Linux: one
 * it cannot find) or an aname that does not fit.
 */
int uk_mount_9p_data(const char *data, char aname[UK_MOUNT_9P_ANAME]);

/*
 * mount(2) of a host share: the virtio-9p device whose mount tag is tag,
 * at the directory path, with mount(2)'s data. posix/fs:vfs_mount defines
 * it; mount(2) reaches it through a weak reference (without it: ENODEV).
 * Returns 0, -ENOENT (no device with that tag, as Linux's virtio
 * transport), -EBUSY (the device is mounted already: one mount per
 * device and boot, as it stays taken after umount2), -EINVAL (data), or
 * uk_9pfs_mount's errnos.
 */
int uk_vfs_mount_share(const char *tag, const char *path, unsigned int flags,
		       const char *data);

#ifdef __cplusplus
}
#endif

#endif /* UK_MOUNT_OPT_H */
