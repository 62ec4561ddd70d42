/* The mount table (mounting, umount2) and the VFS lock. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/mutex.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_impl.h"

/* Recursive: releasing the last reference of a file may take it again. */
static struct uk_mutex vfs_mutex = { NULL, 0, true,
				     UK_WAITQ_INIT(vfs_mutex.wq) };

struct uk_vnode *uk_vfs_root;
struct uk_vnode *uk_vfs_cwd;
mode_t uk_vfs_umask = 022;

void uk_vfs_lock(void)
{
	uk_mutex_lock(&vfs_mutex);
}

void uk_vfs_unlock(void)
{
	uk_mutex_unlock(&vfs_mutex);
}

int uk_vfs_mount(const char *path, struct uk_mount *m, struct uk_vnode *root)
{
	struct uk_vnode *dir = NULL;
	int ret = 0;

	uk_vfs_lock();
	if (!uk_vfs_root) {
		if (strcmp(path, "/")) {
			ret = -ENOENT;
			goto out;
		}
		uk_vnode_acquire(root);
		uk_vnode_acquire(root);
		uk_vfs_root = uk_vfs_cwd = root;
	} else {
		ret = uk_vfs_walk(AT_FDCWD, path, true, &dir);
		if (ret)
			goto out;
		if (!S_ISDIR(dir->mode)) {
			uk_vnode_release(dir);
			ret = -ENOTDIR;
			goto out;
		}
		if (dir == uk_vfs_root) {
			uk_vnode_release(dir);
			ret = -EBUSY;
			goto out;
		}
		/* The mount keeps the reference on the covered directory. */
		dir->covered_by = m;
	}
	m->covered = dir;
	m->root = root;
	uk_vnode_acquire(root);
out:
	uk_vfs_unlock();
	return ret;
}

/* umount2's flags (MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW). */
#define UMOUNT_FORCE 1
#define UMOUNT_DETACH 2
#define UMOUNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8

/* Whether m is in use: open files, or the current directory or root in it. */
static bool mount_pinned(struct uk_mount *m)
{
	return uk_vfs_cwd->mount == m || uk_vfs_root->mount == m ||
	       __atomic_load_n(&m->files, __ATOMIC_RELAXED);
}

/*
 * umount2: takes the mount at target (the root of one, not "/") out of
 * the namespace. EBUSY while a file in it is open or the current
 * directory or root is in it, unless MNT_DETACH: then what is open stays
 * usable and the file system goes with its last reference. A mount
 * inside it goes with it. MNT_EXPIRE gives EAGAIN (a mount is never
 * marked expired) and MNT_FORCE changes nothing (no server to abort).
 */
UK_SYSCALL_DEFINE(int, umount2, const char *, target, int, flags)
{
	struct uk_vnode *vn, *covered;
	struct uk_mount *m;
	int ret;

	if (flags &
	    ~(UMOUNT_FORCE | UMOUNT_DETACH | UMOUNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & UMOUNT_EXPIRE) && (flags & (UMOUNT_FORCE | UMOUNT_DETACH)))
		return -EINVAL;
	ret = uk_vfs_lookup(AT_FDCWD, target, !(flags & UMOUNT_NOFOLLOW), &vn);
	if (ret)
		return ret;
	uk_vfs_lock();
	m = vn->mount;
	if (vn != m->root)
		ret = -EINVAL;
	else if (!m->covered)
		ret = -EBUSY;
	else if (flags & UMOUNT_EXPIRE)
		ret = -EAGAIN;
	else if (!(flags & UMOUNT_DETACH) && mount_pinned(m))
		ret = -EBUSY;
	uk_vnode_release(vn);
	if (!ret) {
		covered = m->covered;
		covered->covered_by = NULL;
		m->covered = NULL;
		uk_vnode_release(covered);
		uk_vnode_release(m->root);
	}
	uk_vfs_unlock();
	return ret;
}
