/*
 * Calls that change the namespace: mkdir, mknod, rmdir, unlink, rename,
 * link, symlink (with their *at forms), and readlink, with Linux's errnos.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_impl.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

/* A mount point or the root of a mount: never removed or renamed. */
static bool vn_busy(const struct uk_vnode *vn)
{
	return vn->covered_by || vn == vn->mount->root;
}

/*
 * Creates path's last component (absent): mode holds the type. out (may
 * be NULL) receives the new vnode with a reference.
 */
static int create_at(int dirfd, const char *path, mode_t mode,
		     const char *target, struct uk_vnode **out)
{
	struct uk_vnode *vn;
	struct uk_vfs_nd nd;
	int ret;

	uk_vfs_lock();
	ret = uk_vfs_walk_parent(dirfd, path, &nd);
	if (ret)
		goto out;
	if (uk_vfs_nd_special(&nd)) {
		ret = -EEXIST;
		goto release;
	}
	ret = uk_vfs_walk_last(&nd, false, &vn);
	if (!ret || ret == -ENOTDIR) {
		if (!ret)
			uk_vnode_release(vn);
		ret = -EEXIST;
		goto release;
	}
	if (ret != -ENOENT)
		goto release;
	if (!nd.dir->nlink) {
		ret = -ENOENT;
	} else if (nd.slash && !S_ISDIR(mode)) {
		ret = -ENOENT;
	} else if (uk_vfs_rdonly(nd.dir)) {
		ret = -EROFS;
	} else if (!nd.dir->ops->create) {
		ret = -EPERM;
	} else {
		ret = nd.dir->ops->create(nd.dir, nd.name, nd.len, mode, 0,
					  target, &vn);
		if (!ret) {
			uk_vnode_touch(nd.dir);
			uk_vfs_notify(nd.dir, nd.name, nd.len,
				      IN_CREATE |
					      (S_ISDIR(mode) ? IN_ISDIR : 0));
			if (out)
				*out = vn;
			else
				uk_vnode_release(vn);
		}
	}
release:
	uk_vnode_release(nd.dir);
out:
	uk_vfs_unlock();
	return ret;
}

UK_SYSCALL_DEFINE(int, mkdirat, int, dirfd, const char *, path, mode_t, mode)
{
	return create_at(dirfd, path, S_IFDIR | (mode & 01777 & ~uk_vfs_umask),
			 NULL, NULL);
}

UK_SYSCALL_DEFINE(int, mkdir, const char *, path, mode_t, mode)
{
	return uk_sys_mkdirat(AT_FDCWD, path, mode);
}

UK_SYSCALL_DEFINE(int, symlinkat, const char *, target, int, dirfd,
		  const char *, path)
{
	int ret = uk_vfs_path_check(target);

	if (ret)
		return ret;
	return create_at(dirfd, path, S_IFLNK | 0777, target, NULL);
}

UK_SYSCALL_DEFINE(int, symlink, const char *, target, const char *, path)
{
	return uk_sys_symlinkat(target, AT_FDCWD, path);
}

int uk_vfs_mksock(const char *path, struct uk_vnode **vn)
{
	/* Linux's socket inodes are 0777 before the umask. */
	return create_at(AT_FDCWD, path, S_IFSOCK | (0777 & ~uk_vfs_umask),
			 NULL, vn);
}

/*
 * mknod makes regular files, FIFOs (opened through posix/pipe) and socket
 * files. The VFS has no device nodes (devfs has the devices), so those
 * and directories give EPERM, as for a caller without CAP_MKNOD.
 */
UK_SYSCALL_DEFINE(int, mknodat, int, dirfd, const char *, path, mode_t, mode,
		  unsigned int, dev __unused)
{
	mode_t perm = mode & 07777 & ~uk_vfs_umask;

	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
		return create_at(dirfd, path, S_IFREG | perm, NULL, NULL);
	case S_IFSOCK:
		return create_at(dirfd, path, S_IFSOCK | perm, NULL, NULL);
	case S_IFIFO:
		return create_at(dirfd, path, S_IFIFO | perm, NULL, NULL);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE(int, mknod, const char *, path, mode_t, mode, unsigned int,
		  dev)
{
	return uk_sys_mknodat(AT_FDCWD, path, mode, dev);
}

/* unlink (rmdir false) or rmdir of path. */
static int remove_at(int dirfd, const char *path, bool rmdir)
{
	struct uk_vnode *vn;
	struct uk_vfs_nd nd;
	int ret;

	uk_vfs_lock();
	ret = uk_vfs_walk_parent(dirfd, path, &nd);
	if (ret)
		goto out;
	if (uk_vfs_nd_special(&nd)) {
		if (!rmdir)
			ret = -EISDIR;
		else if (!nd.len)
			ret = -EBUSY;
		else
			ret = nd.len == 1 ? -EINVAL : -ENOTEMPTY;
		goto release;
	}
	ret = uk_vfs_walk_last(&nd, false, &vn);
	if (ret)
		goto release;
	if (rmdir && !S_ISDIR(vn->mode))
		ret = -ENOTDIR;
	else if (!rmdir && S_ISDIR(vn->mode))
		ret = -EISDIR;
	else if (vn_busy(vn))
		ret = -EBUSY;
	else if (uk_vfs_rdonly(nd.dir))
		ret = -EROFS;
	else if (!nd.dir->ops->unlink)
		ret = -EPERM;
	else
		ret = nd.dir->ops->unlink(nd.dir, nd.name, nd.len, vn);
	if (!ret) {
		uk_vnode_touch(nd.dir);
		uk_vfs_now(&vn->ctime);
		/* Linux's order: the link count, the file, its directory. */
		if (!rmdir)
			uk_vfs_notify_self(vn, IN_ATTRIB);
		if (!rmdir ? !vn->nlink : true)
			uk_vfs_notify_gone(vn);
		uk_vfs_notify(nd.dir, nd.name, nd.len,
			      IN_DELETE | (rmdir ? IN_ISDIR : 0));
	}
	uk_vnode_release(vn);
release:
	uk_vnode_release(nd.dir);
out:
	uk_vfs_unlock();
	return ret;
}

UK_SYSCALL_DEFINE(int, unlinkat, int, dirfd, const char *, path, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return remove_at(dirfd, path, flags & AT_REMOVEDIR);
}

UK_SYSCALL_DEFINE(int, unlink, const char *, path)
{
	return remove_at(AT_FDCWD, path, false);
}

UK_SYSCALL_DEFINE(int, rmdir, const char *, path)
{
	return remove_at(AT_FDCWD, path, true);
}

/* Whether dir is vn or below it (moving vn there would cut it off). */
static bool is_below(struct uk_vnode *dir, struct uk_vnode *vn)
{
	struct uk_vnode *p = dir, *up;
	bool below = false;

	uk_vnode_acquire(p);
	while (p != uk_vfs_root && p->mount == vn->mount) {
		if (p == vn) {
			below = true;
			break;
		}
		if (p == p->mount->root || p->ops->lookup(p, "..", 2, &up))
			break;
		uk_vnode_release(p);
		p = up;
	}
	uk_vnode_release(p);
	return below;
}

/* The checks of rename(2) once both names are resolved. */
static int rename_check(struct uk_vfs_nd *o, struct uk_vnode *ovn,
			struct uk_vfs_nd *n, struct uk_vnode *nvn,
			unsigned int flags)
{
	if (o->dir->mount != n->dir->mount)
		return -EXDEV;
	if (nvn && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (vn_busy(ovn) || (nvn && vn_busy(nvn)))
		return -EBUSY;
	if (S_ISDIR(ovn->mode)) {
		if (nvn && !S_ISDIR(nvn->mode))
			return -ENOTDIR;
		if (is_below(n->dir, ovn))
			return -EINVAL;
	} else {
		if (o->slash || n->slash)
			return -ENOTDIR;
		if (nvn && S_ISDIR(nvn->mode))
			return -EISDIR;
	}
	if (uk_vfs_rdonly(o->dir))
		return -EROFS;
	return o->dir->ops->rename ? 0 : -EPERM;
}

/* The checks of RENAME_EXCHANGE once both names are resolved. */
static int exchange_check(struct uk_vfs_nd *o, struct uk_vnode *ovn,
			  struct uk_vfs_nd *n, struct uk_vnode *nvn)
{
	if (o->dir->mount != n->dir->mount)
		return -EXDEV;
	if (vn_busy(ovn) || vn_busy(nvn))
		return -EBUSY;
	if ((o->slash && !S_ISDIR(ovn->mode)) ||
	    (n->slash && !S_ISDIR(nvn->mode)))
		return -ENOTDIR;
	/* Neither may move below itself. */
	if ((S_ISDIR(ovn->mode) && is_below(n->dir, ovn)) ||
	    (S_ISDIR(nvn->mode) && is_below(o->dir, nvn)))
		return -EINVAL;
	if (uk_vfs_rdonly(o->dir))
		return -EROFS;
	return o->dir->ops->exchange ? 0 : -EINVAL;
}

/* Renames, or with RENAME_EXCHANGE swaps, two resolved names. */
static int rename_names(struct uk_vfs_nd *o, struct uk_vnode *ovn,
			struct uk_vfs_nd *n, struct uk_vnode *nvn,
			unsigned int flags)
{
	int ret;

	if (flags & RENAME_EXCHANGE) {
		ret = exchange_check(o, ovn, n, nvn);
		if (!ret)
			ret = o->dir->ops->exchange(o->dir, o->name, o->len,
						    n->dir, n->name, n->len);
		if (!ret)
			uk_vfs_now(&nvn->ctime);
	} else {
		ret = rename_check(o, ovn, n, nvn, flags);
		if (!ret)
			ret = o->dir->ops->rename(o->dir, o->name, o->len,
						  n->dir, n->name, n->len);
		if (!ret)
			uk_vfs_notify_move(o->dir, o->name, o->len, n->dir,
					   n->name, n->len, ovn);
		if (!ret && nvn && !nvn->nlink)
			uk_vfs_notify_gone(nvn);
	}
	if (!ret) {
		uk_vnode_touch(o->dir);
		uk_vnode_touch(n->dir);
		uk_vfs_now(&ovn->ctime);
	}
	return ret;
}

UK_SYSCALL_DEFINE(int, renameat2, int, odirfd, const char *, opath, int, ndirfd,
		  const char *, npath, unsigned int, flags)
{
	struct uk_vnode *ovn = NULL, *nvn = NULL;
	struct uk_vfs_nd o, n;
	int ret;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    flags == (RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	uk_vfs_lock();
	ret = uk_vfs_walk_parent(odirfd, opath, &o);
	if (ret)
		goto out;
	ret = uk_vfs_walk_parent(ndirfd, npath, &n);
	if (ret)
		goto release_o;
	ret = -EBUSY;
	if (uk_vfs_nd_special(&o) || uk_vfs_nd_special(&n))
		goto release_n;
	ret = uk_vfs_walk_last(&o, false, &ovn);
	if (ret)
		goto release_n;
	ret = uk_vfs_walk_last(&n, false, &nvn);
	/* RENAME_EXCHANGE needs both names. */
	if (ret == -ENOENT && !(flags & RENAME_EXCHANGE)) {
		nvn = NULL;
		ret = n.dir->nlink ? 0 : -ENOENT;
	}
	if (ret)
		goto release_ovn;
	/* Two names of one file: nothing to do, as POSIX says. */
	if (ovn != nvn)
		ret = rename_names(&o, ovn, &n, nvn, flags);
	if (nvn)
		uk_vnode_release(nvn);
release_ovn:
	uk_vnode_release(ovn);
release_n:
	uk_vnode_release(n.dir);
release_o:
	uk_vnode_release(o.dir);
out:
	uk_vfs_unlock();
	return ret;
}

UK_SYSCALL_DEFINE(int, renameat, int, odirfd, const char *, opath, int, ndirfd,
		  const char *, npath)
{
	return uk_sys_renameat2(odirfd, opath, ndirfd, npath, 0);
}

UK_SYSCALL_DEFINE(int, rename, const char *, opath, const char *, npath)
{
	return uk_sys_renameat2(AT_FDCWD, opath, AT_FDCWD, npath, 0);
}

UK_SYSCALL_DEFINE(int, linkat, int, odirfd, const char *, opath, int, ndirfd,
		  const char *, npath, int, flags)
{
	struct uk_vnode *vn, *exist;
	struct uk_vfs_nd n;
	int ret;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = uk_vfs_at(odirfd, opath, flags, flags & AT_SYMLINK_FOLLOW, &vn);
	if (ret)
		return ret;
	uk_vfs_lock();
	ret = uk_vfs_walk_parent(ndirfd, npath, &n);
	if (ret)
		goto out;
	if (S_ISDIR(vn->mode))
		ret = -EPERM;
	else if (uk_vfs_nd_special(&n))
		ret = -EEXIST;
	else
		ret = uk_vfs_walk_last(&n, false, &exist);
	if (!ret) {
		uk_vnode_release(exist);
		ret = -EEXIST;
	} else if (ret == -ENOENT) {
		if (!n.dir->nlink || n.slash || !vn->nlink)
			ret = -ENOENT;
		else if (n.dir->mount != vn->mount)
			ret = -EXDEV;
		else if (uk_vfs_rdonly(n.dir))
			ret = -EROFS;
		else if (!n.dir->ops->link)
			ret = -EPERM;
		else
			ret = n.dir->ops->link(n.dir, n.name, n.len, vn);
		if (!ret) {
			uk_vnode_touch(n.dir);
			uk_vfs_now(&vn->ctime);
			uk_vfs_notify_self(vn, IN_ATTRIB);
			uk_vfs_notify(n.dir, n.name, n.len, IN_CREATE);
		}
	}
	uk_vnode_release(n.dir);
out:
	uk_vfs_unlock();
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, link, const char *, opath, const char *, npath)
{
	return uk_sys_linkat(AT_FDCWD, opath, AT_FDCWD, npath, 0);
}

UK_SYSCALL_DEFINE(ssize_t, readlinkat, int, dirfd, const char *, path, char *,
		  buf, size_t, len)
{
	struct uk_vnode *vn;
	ssize_t ret;

	if ((ssize_t)len <= 0 || len > INT_MAX)
		return -EINVAL;
	ret = uk_vfs_at(dirfd, path, AT_EMPTY_PATH, false, &vn);
	if (ret)
		return ret;
	uk_vfs_lock();
	if (!S_ISLNK(vn->mode) || !vn->ops->readlink)
		ret = -EINVAL;
	else if (!buf)
		ret = -EFAULT;
	else
		ret = vn->ops->readlink(vn, buf, len);
	uk_vfs_unlock();
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, readlink, const char *, path, char *, buf, size_t,
		  len)
{
	return uk_sys_readlinkat(AT_FDCWD, path, buf, len);
}
