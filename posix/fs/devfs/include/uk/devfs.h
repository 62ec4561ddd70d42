/* devfs: the device files of /dev. */
#ifndef UK_DEVFS_H
#define UK_DEVFS_H

#include <sys/types.h>
#include <uk/file.h>

#ifdef __cplusplus
extern "C" {
#endif

/* statfs(2) f_type of devfs (Linux's TMPFS_MAGIC, which /dev has). */
#define UK_DEVFS_MAGIC 0x01021994

/*
 * Mounts devfs at path (normally "/dev"): null, zero, full, random,
 * urandom, fd/N (a new fd for the file open at fd N, as dup does), and
 * stdin, stdout, stderr (links to fd/0, fd/1, fd/2). console, when not
 * NULL, returns the console's open file with a new reference: then
 * console and tty open it. Returns 0 or a negative errno.
 */
int uk_devfs_mount(const char *path, struct uk_file *(*console)(void));

#ifdef __cplusplus
}
#endif

#endif /* UK_DEVFS_H */
