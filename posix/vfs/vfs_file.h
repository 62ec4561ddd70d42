/* The VFS's open file, shared by the files of posix/vfs. */
#ifndef POSIX_VFS_FILE_H
#define POSIX_VFS_FILE_H

#include <uk/file.h>
#include <uk/vfs.h>

/* The largest regular file (Linux's MAX_LFS_FILESIZE). */
#define UK_VFS_MAXFILESIZE ((off_t)INT64_MAX)

struct uk_vfs_file {
	struct uk_file f;
	struct uk_vnode *vn;
	/* The file position (directories: the getdents64 cookie). */
	off_t pos;
	/* The flags given to open(2). */
	int oflags;
};

/* f's VFS file, or NULL if f is not one. */
struct uk_vfs_file *uk_vfs_file_of(struct uk_file *f);

/*
 * A new open file for vn with flags (one reference): the vnode's own
 * (devices) or a VFS file. Does not check the flags against vn.
 */
int uk_vfs_file_create(struct uk_vnode *vn, int flags, struct uk_file **fp);

/*
 * Reads and writes vn at off as read(2)/write(2) would (sizes, EISDIR,
 * times), with the VFS lock held.
 */
ssize_t uk_vfs_vn_read(struct uk_vnode *vn, void *buf, size_t len, off_t off);
ssize_t uk_vfs_vn_write(struct uk_vnode *vn, const void *buf, size_t len,
			off_t off);

/*
 * The vnode of f if f is an open FIFO (a posix/pipe file), without a new
 * reference, else NULL.
 */
struct uk_vnode *uk_vfs_fifo_vnode(struct uk_file *f);

struct flock;

/*
 * fcntl F_GETLK, F_SETLK or F_SETLKW on vf (see lock.c), with the VFS
 * lock held.
 */
int uk_vfs_record_lock(struct uk_vfs_file *vf, int cmd, struct flock *fl);

/*
 * fcntl F_ADD_SEALS or F_GET_SEALS on vf (memfd.c): the seals, 0 or
 * -errno as Linux (EINVAL for files that take no seals).
 */
int uk_vfs_seals_fcntl(struct uk_vfs_file *vf, int cmd, unsigned long arg);

/* Drops vf's flock(2) lock, if it holds one. VFS lock held. */
void uk_vfs_flock_drop(struct uk_vfs_file *vf);

#endif /* POSIX_VFS_FILE_H */
