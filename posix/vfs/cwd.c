/*
 * The current directory (chdir, fchdir, getcwd), the root (chroot) and the
 * umask.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_impl.h"

static int set_cwd(struct uk_vnode *vn)
{
	if (!S_ISDIR(vn->mode)) {
		uk_vnode_release(vn);
		return -ENOTDIR;
	}
	uk_vfs_lock();
	uk_vnode_release(uk_vfs_cwd);
	uk_vfs_cwd = vn;
	uk_vfs_unlock();
	return 0;
}

UK_SYSCALL_DEFINE(int, chdir, const char *, path)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_lookup(AT_FDCWD, path, true, &vn);

	return ret ? ret : set_cwd(vn);
}

UK_SYSCALL_DEFINE(int, fchdir, int, fd)
{
	struct uk_vnode *vn;
	int ret;

	uk_vfs_lock();
	ret = uk_vfs_fd_vnode(fd, &vn);
	uk_vfs_unlock();
	if (ret)
		return ret == -EINVAL ? -ENOTDIR : ret;
	return set_cwd(vn);
}

/* The name of vn in directory dir, copied into name (NAME_MAX + 1). */
static int name_in(struct uk_vnode *dir, struct uk_vnode *vn, char *name)
{
	struct uk_vfs_dirent ent;
	uint64_t pos = 0;
	int ret;

	for (;;) {
		ret = dir->ops->readdir(dir, pos, &ent);
		if (ret)
			return ret;
		if (ent.ino == vn->ino) {
			strcpy(name, ent.name);
			return 0;
		}
		pos = ent.next;
	}
}

/*
 * Builds the path of the current directory backwards from the end of
 * buf (PATH_MAX bytes), climbing ".." and mount points to the root.
 * Returns where the path starts.
 */
static char *cwd_path(char *buf, int *err)
{
	char name[NAME_MAX + 1], *p = buf + PATH_MAX - 1;
	struct uk_vnode *vn = uk_vfs_cwd, *up;
	size_t len;

	*p = '\0';
	uk_vnode_acquire(vn);
	*err = vn->nlink ? 0 : -ENOENT;
	while (!*err && vn != uk_vfs_root) {
		while (vn == vn->mount->root && vn->mount->covered) {
			up = vn->mount->covered;
			uk_vnode_acquire(up);
			uk_vnode_release(vn);
			vn = up;
		}
		*err = uk_vfs_lookup_name(vn, "..", 2, &up);
		if (*err)
			break;
		*err = name_in(up, vn, name);
		uk_vnode_release(vn);
		vn = up;
		len = strlen(name);
		if (*err || (size_t)(p - buf) < len + 1) {
			*err = *err ? *err : -ENAMETOOLONG;
			break;
		}
		p -= len;
		memcpy(p, name, len);
		*--p = '/';
	}
	uk_vnode_release(vn);
	if (!*p)
		*--p = '/';
	return p;
}

UK_SYSCALL_DEFINE(long, getcwd, char *, buf, size_t, len)
{
	char *tmp, *path;
	size_t n;
	int err;

	tmp = uk_malloc(uk_alloc_get_default(), PATH_MAX);
	if (!tmp)
		return -ENOMEM;
	uk_vfs_lock();
	path = cwd_path(tmp, &err);
	uk_vfs_unlock();
	n = strlen(path) + 1;
	if (!err && n > len)
		err = -ERANGE;
	else if (!err && !buf)
		err = -EFAULT;
	if (!err)
		memcpy(buf, path, n);
	uk_free(uk_alloc_get_default(), tmp);
	return err ? err : (long)n;
}

UK_SYSCALL_DEFINE(mode_t, umask, mode_t, mask)
{
	mode_t old;

	uk_vfs_lock();
	old = uk_vfs_umask;
	uk_vfs_umask = mask & 0777;
	uk_vfs_unlock();
	return old;
}

/*
 * chroot: absolute paths and ".." stop at path's directory from then on.
 * The process is alone, so its root is the VFS's. As on Linux, the
 * current directory stays where it is (possibly outside the new root).
 */
UK_SYSCALL_DEFINE(int, chroot, const char *, path)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_lookup(AT_FDCWD, path, true, &vn);

	if (ret)
		return ret;
	uk_vfs_lock();
	if (!S_ISDIR(vn->mode)) {
		ret = -ENOTDIR;
	} else {
		uk_vnode_release(uk_vfs_root);
		uk_vfs_root = vn;
		vn = NULL;
	}
	if (vn)
		uk_vnode_release(vn);
	uk_vfs_unlock();
	return ret;
}
