/* The mount table and the VFS lock. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/mutex.h>
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
