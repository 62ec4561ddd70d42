/* Internals of posix/vfs shared by its files (not a public API). */
#ifndef POSIX_VFS_IMPL_H
#define POSIX_VFS_IMPL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <uk/vfs.h>

/*
 * The namespace: the root directory, the current directory and the umask,
 * all under the VFS lock (recursive: releasing a file may take it again).
 */
extern struct uk_vnode *uk_vfs_root;
extern struct uk_vnode *uk_vfs_cwd;
extern mode_t uk_vfs_umask;

/* A path split at its last component, which is not resolved. */
struct uk_vfs_nd {
	/* The directory holding the last component (a reference). */
	struct uk_vnode *dir;
	/* The last component inside the path; len 0 for "/". */
	const char *name;
	size_t len;
	/* The path ends with a slash after the last component. */
	bool slash;
	/* Symbolic links followed so far. */
	int links;
};

/* "." or ".." or "" (the root): a last component no call may create. */
bool uk_vfs_nd_special(const struct uk_vfs_nd *nd);

/*
 * Checks a path argument: -EFAULT for NULL, -ENAMETOOLONG from PATH_MAX
 * bytes, -ENOENT if empty, else 0.
 */
int uk_vfs_path_check(const char *path);

/*
 * With the VFS lock held: resolves every component of path but the last
 * into nd (nd->dir then needs uk_vnode_release).
 */
int uk_vfs_walk_parent(int dirfd, const char *path, struct uk_vfs_nd *nd);

/*
 * With the VFS lock held: resolves nd's last component in nd->dir (a
 * trailing slash requires a directory and follows a link): *vn with a
 * reference. nd->dir keeps its reference.
 */
int uk_vfs_walk_last(struct uk_vfs_nd *nd, bool follow, struct uk_vnode **vn);

/*
 * With the VFS lock held, for O_CREAT: resolves nd's last component,
 * following final links. Returns 0 (*vn with a reference), 1 when the
 * name is absent: nd is then what to create, for a dangling link its
 * target's directory and name (the name in buf, PATH_MAX bytes, which
 * must outlive nd), as Linux creates the target; or a negative errno.
 */
int uk_vfs_walk_creat(struct uk_vfs_nd *nd, char *buf, struct uk_vnode **vn);

/*
 * With the VFS lock held: one name in directory dir, also "." and "..",
 * crossing mount points: *vn with a reference.
 */
int uk_vfs_lookup_name(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **vn);

/* uk_vfs_lookup with the VFS lock held. */
int uk_vfs_walk(int dirfd, const char *path, bool follow, struct uk_vnode **vn);

/*
 * The vnode for the *at calls' (dirfd, path): AT_EMPTY_PATH in flags with
 * an empty path gives dirfd's own vnode (any file of the VFS); follow: a
 * final symbolic link is followed. Takes the VFS lock for the walk only.
 */
int uk_vfs_at(int dirfd, const char *path, int flags, bool follow,
	      struct uk_vnode **vn);

/* Whether the vnode's file system is mounted read-only. */
static inline bool uk_vfs_rdonly(const struct uk_vnode *vn)
{
	return vn->mount->flags & UK_MOUNT_RDONLY;
}

/* Sets vn's modification and change times to now. */
void uk_vnode_touch(struct uk_vnode *vn);

/* Fills st from vn, as stat(2) reports it. */
void uk_vnode_stat(struct uk_vnode *vn, struct stat *st);

/*
 * With the VFS lock held: the open file of an fd as its VFS file's vnode
 * (a reference), -EBADF if fd is not open, -EINVAL if it is not a file of
 * the VFS.
 */
int uk_vfs_fd_vnode(int fd, struct uk_vnode **vn);

/*
 * Reports an inotify event (IN_* mask, name of a directory's entry or
 * NULL) on vn to the instances watching it (inotify.c), and an event of
 * vn itself (name NULL: open, access, modify, attrib, close) also to the
 * watched directories holding vn, with its name. VFS lock held.
 */
void uk_vfs_notify(struct uk_vnode *vn, const char *name, size_t len,
		   uint32_t mask);

/*
 * An event of vn itself only, not told to the directories that hold it
 * (link count changes: IN_ATTRIB). VFS lock held.
 */
void uk_vfs_notify_self(struct uk_vnode *vn, uint32_t mask);

/*
 * A rename of vn from oname in odir to nname in ndir: IN_MOVED_FROM and
 * IN_MOVED_TO with one new cookie, then IN_MOVE_SELF. VFS lock held.
 */
void uk_vfs_notify_move(struct uk_vnode *odir, const char *oname, size_t olen,
			struct uk_vnode *ndir, const char *nname, size_t nlen,
			struct uk_vnode *vn);

/*
 * vn lost its last name: IN_DELETE_SELF, then IN_IGNORED for every watch
 * of vn, which go. VFS lock held.
 */
void uk_vfs_notify_gone(struct uk_vnode *vn);

/*
 * Whether vn's data may be written through a shared writable mapping
 * (mmap.c), which F_SEAL_WRITE refuses: EBUSY. VFS lock held.
 */
bool uk_vfs_shared_writable(struct uk_vnode *vn);

/*
 * Whether vn's seals forbid writing len bytes at off (F_SEAL_WRITE,
 * F_SEAL_FUTURE_WRITE, F_SEAL_GROW beyond the end): -EPERM, else 0.
 */
static inline int uk_vfs_seal_write(const struct uk_vnode *vn, off_t off,
				    size_t len)
{
	if (vn->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if ((vn->seals & F_SEAL_GROW) && (off_t)len > vn->size - off)
		return -EPERM;
	return 0;
}

#endif /* POSIX_VFS_IMPL_H */
