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

#ifdef __cplusplus
}
#endif

#endif /* UK_MOUNT_OPT_H */
