/*
 * Path lookup: absolute and relative paths, "." and "..", mount points
 * crossed both ways, symbolic links followed up to UK_VFS_MAXSYMLINKS per
 * lookup (ELOOP), NAME_MAX and PATH_MAX (ENAMETOOLONG), as Linux's namei.
 * Everything here runs with the VFS lock held.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_impl.h"

int uk_vfs_path_check(const char *path)
{
	size_t n;

	if (!path)
		return -EFAULT;
	n = strnlen(path, PATH_MAX);
	if (n == PATH_MAX)
		return -ENAMETOOLONG;
	return n ? 0 : -ENOENT;
}

bool uk_vfs_nd_special(const struct uk_vfs_nd *nd)
{
	return !nd->len ||
	       (nd->name[0] == '.' &&
		(nd->len == 1 || (nd->len == 2 && nd->name[1] == '.')));
}

int uk_vfs_lookup_name(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **vn)
{
	struct uk_mount *m;
	int ret;

	if (len == 1 && name[0] == '.') {
		uk_vnode_acquire(dir);
		*vn = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* ".." of the root is the root; of a mount, its parent's. */
		if (dir == uk_vfs_root) {
			uk_vnode_acquire(dir);
			*vn = dir;
			return 0;
		}
		while (dir == dir->mount->root && dir->mount->covered)
			dir = dir->mount->covered;
	}
	if (!dir->ops->lookup)
		return -ENOTDIR;
	ret = dir->ops->lookup(dir, name, len, vn);
	while (!ret && (*vn)->covered_by) {
		m = (*vn)->covered_by;
		uk_vnode_acquire(m->root);
		uk_vnode_release(*vn);
		*vn = m->root;
	}
	return ret;
}

static int walk_from(struct uk_vnode *dir, const char *path,
		     struct uk_vfs_nd *nd);

/* Resolves the target of link, relative to dir. */
static int follow_link(struct uk_vnode *dir, struct uk_vnode *link, int *links,
		       struct uk_vnode **vn)
{
	struct uk_vfs_nd nd = { .links = *links + 1 };
	char *target;
	ssize_t n;
	int ret;

	if (nd.links > UK_VFS_MAXSYMLINKS)
		return -ELOOP;
	if (!link->ops->readlink)
		return -EINVAL;
	target = uk_malloc(uk_alloc_get_default(), PATH_MAX);
	if (!target)
		return -ENOMEM;
	n = link->ops->readlink(link, target, PATH_MAX - 1);
	if (n <= 0) {
		uk_free(uk_alloc_get_default(), target);
		return n ? (int)n : -ENOENT;
	}
	target[n] = '\0';
	uk_vnode_acquire(dir);
	ret = walk_from(dir, target, &nd);
	if (!ret) {
		ret = uk_vfs_walk_last(&nd, true, vn);
		uk_vnode_release(nd.dir);
	}
	*links = nd.links;
	uk_free(uk_alloc_get_default(), target);
	return ret;
}

/* Looks up one component and follows a link there when follow. */
static int step(struct uk_vnode *dir, const char *name, size_t len, int *links,
		bool follow, struct uk_vnode **vn)
{
	struct uk_vnode *res;
	int ret;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	ret = uk_vfs_lookup_name(dir, name, len, vn);
	if (ret || !follow || !S_ISLNK((*vn)->mode))
		return ret;
	ret = follow_link(dir, *vn, links, &res);
	uk_vnode_release(*vn);
	*vn = ret ? NULL : res;
	return ret;
}

/* Walks all but the last component of path from dir (its reference). */
static int walk_from(struct uk_vnode *dir, const char *path,
		     struct uk_vfs_nd *nd)
{
	const char *p = path, *next;
	struct uk_vnode *vn;
	size_t len;
	int ret;

	if (*p == '/') {
		uk_vnode_release(dir);
		dir = uk_vfs_root;
		uk_vnode_acquire(dir);
	}
	for (;;) {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (len > NAME_MAX) {
			uk_vnode_release(dir);
			return -ENAMETOOLONG;
		}
		next = p + len;
		while (*next == '/')
			next++;
		if (!*next) {
			nd->dir = dir;
			nd->name = p;
			nd->len = len;
			nd->slash = p[len] == '/';
			return 0;
		}
		ret = step(dir, p, len, &nd->links, true, &vn);
		uk_vnode_release(dir);
		if (ret)
			return ret;
		if (!S_ISDIR(vn->mode)) {
			uk_vnode_release(vn);
			return -ENOTDIR;
		}
		dir = vn;
		p = next;
	}
}

int uk_vfs_walk_last(struct uk_vfs_nd *nd, bool follow, struct uk_vnode **vn)
{
	int ret;

	if (!nd->len) {
		uk_vnode_acquire(nd->dir);
		*vn = nd->dir;
		return 0;
	}
	ret = step(nd->dir, nd->name, nd->len, &nd->links, follow || nd->slash,
		   vn);
	if (!ret && nd->slash && !S_ISDIR((*vn)->mode)) {
		uk_vnode_release(*vn);
		return -ENOTDIR;
	}
	return ret;
}

int uk_vfs_walk_creat(struct uk_vfs_nd *nd, char *buf, struct uk_vnode **vn)
{
	struct uk_vfs_nd t;
	ssize_t n;
	int ret;

	for (;;) {
		if (!nd->len)
			return uk_vfs_walk_last(nd, false, vn);
		ret = step(nd->dir, nd->name, nd->len, &nd->links, false, vn);
		if (ret == -ENOENT)
			return 1;
		if (ret || !S_ISLNK((*vn)->mode)) {
			if (!ret && nd->slash && !S_ISDIR((*vn)->mode)) {
				uk_vnode_release(*vn);
				return -ENOTDIR;
			}
			return ret;
		}
		/* A link: where its target is becomes the name to create. */
		if (++nd->links > UK_VFS_MAXSYMLINKS || !(*vn)->ops->readlink) {
			uk_vnode_release(*vn);
			return nd->links > UK_VFS_MAXSYMLINKS ? -ELOOP :
								-EINVAL;
		}
		n = (*vn)->ops->readlink(*vn, buf, PATH_MAX - 1);
		uk_vnode_release(*vn);
		if (n <= 0)
			return n ? (int)n : -ENOENT;
		buf[n] = '\0';
		t.links = nd->links;
		uk_vnode_acquire(nd->dir);
		ret = walk_from(nd->dir, buf, &t);
		if (ret)
			return ret;
		uk_vnode_release(nd->dir);
		*nd = t;
	}
}

int uk_vfs_fd_vnode(int fd, struct uk_vnode **vn)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	*vn = uk_vfs_file_vnode(f);
	uk_file_release(f);
	return *vn ? 0 : -EINVAL;
}

/* The directory a relative path starts from, with a reference. */
static int walk_start(int dirfd, const char *path, struct uk_vnode **dir)
{
	int ret;

	if (!uk_vfs_root)
		return -ENOENT;
	if (path[0] == '/' || dirfd == AT_FDCWD) {
		*dir = path[0] == '/' ? uk_vfs_root : uk_vfs_cwd;
		uk_vnode_acquire(*dir);
		return 0;
	}
	ret = uk_vfs_fd_vnode(dirfd, dir);
	if (ret)
		return ret == -EINVAL ? -ENOTDIR : ret;
	if (!S_ISDIR((*dir)->mode)) {
		uk_vnode_release(*dir);
		return -ENOTDIR;
	}
	return 0;
}

int uk_vfs_walk_parent(int dirfd, const char *path, struct uk_vfs_nd *nd)
{
	struct uk_vnode *dir;
	int ret;

	ret = uk_vfs_path_check(path);
	if (ret)
		return ret;
	ret = walk_start(dirfd, path, &dir);
	if (ret)
		return ret;
	nd->links = 0;
	return walk_from(dir, path, nd);
}

int uk_vfs_walk(int dirfd, const char *path, bool follow, struct uk_vnode **vn)
{
	struct uk_vfs_nd nd;
	int ret;

	ret = uk_vfs_walk_parent(dirfd, path, &nd);
	if (ret)
		return ret;
	ret = uk_vfs_walk_last(&nd, follow, vn);
	uk_vnode_release(nd.dir);
	return ret;
}

int uk_vfs_lookup(int dirfd, const char *path, bool follow,
		  struct uk_vnode **vn)
{
	int ret;

	uk_vfs_lock();
	ret = uk_vfs_walk(dirfd, path, follow, vn);
	uk_vfs_unlock();
	return ret;
}

int uk_vfs_at(int dirfd, const char *path, int flags, bool follow,
	      struct uk_vnode **vn)
{
	int ret;

	if (path && !path[0] && (flags & AT_EMPTY_PATH)) {
		if (dirfd == AT_FDCWD) {
			uk_vfs_lock();
			*vn = uk_vfs_cwd;
			if (*vn)
				uk_vnode_acquire(*vn);
			uk_vfs_unlock();
			return *vn ? 0 : -ENOENT;
		}
		ret = uk_vfs_fd_vnode(dirfd, vn);
		return ret == -EINVAL ? -ENOTDIR : ret;
	}
	return uk_vfs_lookup(dirfd, path, follow, vn);
}
