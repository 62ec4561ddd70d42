/* open, openat and creat: the path, the O_* flags, a new open file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/pipe.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

/* The flags open(2) knows; others are ignored, as Linux does. */
#define OPEN_ACCMODE 3

/* Creates the regular file nd names: *vn with a reference. */
static int open_create(struct uk_vfs_nd *nd, mode_t mode, struct uk_vnode **vn)
{
	int ret;

	if (nd->slash)
		return -EISDIR;
	if (uk_vfs_rdonly(nd->dir))
		return -EROFS;
	if (!nd->dir->ops->create)
		return -EPERM;
	ret = nd->dir->ops->create(nd->dir, nd->name, nd->len,
				   S_IFREG | (mode & 07777 & ~uk_vfs_umask), 0,
				   NULL, vn);
	if (!ret) {
		uk_vnode_touch(nd->dir);
		uk_vfs_notify(nd->dir, nd->name, nd->len, IN_CREATE);
	}
	return ret;
}

/* Resolves (and creates) the file to open: *vn with a reference. */
static int open_lookup(int dirfd, const char *path, int flags, mode_t mode,
		       struct uk_vnode **vn, bool *created)
{
	const bool excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	const bool follow = !(flags & O_NOFOLLOW) && !excl;
	struct uk_vfs_nd nd;
	char *target = NULL;
	int ret;

	*created = false;
	ret = uk_vfs_walk_parent(dirfd, path, &nd);
	if (ret)
		return ret;
	/* Linux: O_CREAT with a trailing slash is EISDIR, whatever is there. */
	if ((flags & O_CREAT) && (uk_vfs_nd_special(&nd) || nd.slash)) {
		uk_vnode_release(nd.dir);
		return -EISDIR;
	}
	if ((flags & O_CREAT) && follow) {
		/* A dangling final link: its target is created. */
		target = uk_malloc(uk_alloc_get_default(), PATH_MAX);
		ret = target ? uk_vfs_walk_creat(&nd, target, vn) : -ENOMEM;
	} else {
		/* O_EXCL never follows a final link: the link exists. */
		ret = uk_vfs_walk_last(&nd, follow, vn);
		if (ret == -ENOENT && (flags & O_CREAT))
			ret = 1;
	}
	if (ret == 1 && nd.dir->nlink) {
		ret = open_create(&nd, mode, vn);
		*created = !ret;
	} else if (ret == 1) {
		ret = -ENOENT; /* the directory was removed */
	} else if (!ret && excl) {
		uk_vnode_release(*vn);
		ret = -EEXIST;
	}
	uk_vnode_release(nd.dir);
	uk_free(uk_alloc_get_default(), target);
	return ret;
}

/* Checks flags against the opened vnode, as Linux's may_open. */
static int open_check(struct uk_vnode *vn, int flags)
{
	const bool wr = (flags & OPEN_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if (S_ISLNK(vn->mode))
		return (flags & O_PATH) ? 0 : -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(vn->mode))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	/* A socket file is reached with connect(2), never opened. */
	if (S_ISSOCK(vn->mode))
		return -ENXIO;
	if (S_ISDIR(vn->mode) && (wr || (flags & O_CREAT)))
		return -EISDIR;
	if (wr && uk_vfs_rdonly(vn) && (S_ISREG(vn->mode) || S_ISDIR(vn->mode)))
		return -EROFS;
	return 0;
}

/*
 * posix/pipe's FIFOs, when the image has pipes (weak: files do not need
 * them). Without it a FIFO cannot be opened: ENXIO, as a device without
 * a driver.
 */
extern int uk_pipe_fifo_open(void **slot, unsigned int flags,
			     const struct uk_pipe_fifo_owner *owner, void *arg,
			     struct uk_file **f) __attribute__((weak));

extern void *uk_pipe_fifo_arg(struct uk_file *f,
			      const struct uk_pipe_fifo_owner *owner)
	__attribute__((weak));

static int fifo_stat(void *arg, struct stat *st)
{
	uk_vfs_lock();
	uk_vnode_stat(arg, st);
	uk_vfs_unlock();
	return 0;
}

static void fifo_release(void *arg)
{
	struct uk_vnode *vn = arg;

	__atomic_sub_fetch(&vn->mount->files, 1, __ATOMIC_RELAXED);
	uk_vnode_release(vn);
}

static const struct uk_pipe_fifo_owner fifo_owner = {
	.stat = fifo_stat,
	.release = fifo_release,
};

struct uk_vnode *uk_vfs_fifo_vnode(struct uk_file *f)
{
	return uk_pipe_fifo_arg ? uk_pipe_fifo_arg(f, &fifo_owner) : NULL;
}

/*
 * Opens the FIFO vn (a reference, which the open file takes over on
 * success), waiting for the other side without the VFS lock.
 */
static int open_fifo(struct uk_vnode *vn, int flags, struct uk_file **f)
{
	int ret;

	if (!uk_pipe_fifo_open) {
		uk_vnode_release(vn);
		return -ENXIO;
	}
	__atomic_add_fetch(&vn->mount->files, 1, __ATOMIC_RELAXED);
	ret = uk_pipe_fifo_open(&vn->fifo, (unsigned int)flags, &fifo_owner, vn,
				f);
	if (ret) {
		fifo_release(vn);
		return ret;
	}
	uk_vfs_lock();
	uk_vfs_notify(vn, NULL, 0, IN_OPEN);
	uk_vfs_unlock();
	return 0;
}

UK_SYSCALL_DEFINE(int, openat, int, dirfd, const char *, path, int, flags,
		  mode_t, mode)
{
	struct uk_vnode *vn;
	struct uk_file *f;
	bool created;
	int ret;

	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	uk_vfs_lock();
	ret = open_lookup(dirfd, path, flags, mode, &vn, &created);
	if (ret)
		goto out;
	ret = open_check(vn, flags);
	if (!ret && !(flags & O_PATH) && S_ISREG(vn->mode) &&
	    vn->ops->check_open)
		ret = vn->ops->check_open(vn, flags & OPEN_ACCMODE);
	if (!ret && S_ISFIFO(vn->mode) && !(flags & O_PATH)) {
		uk_vfs_unlock();
		ret = open_fifo(vn, flags, &f);
		goto install;
	}
	if (!ret && (flags & O_TRUNC) && S_ISREG(vn->mode) && !created) {
		ret = vn->ops->truncate ? vn->ops->truncate(vn, 0) : -EINVAL;
		if (!ret) {
			uk_vnode_touch(vn);
			uk_vfs_notify(vn, NULL, 0, IN_MODIFY);
		}
	}
	if (!ret)
		ret = uk_vfs_file_create(vn, flags, &f);
	if (!ret && !(flags & O_PATH))
		uk_vfs_notify(vn, NULL, 0, IN_OPEN);
	uk_vnode_release(vn);
out:
	uk_vfs_unlock();
install:
	if (ret)
		return ret;
	ret = uk_fdtab_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(int, open, const char *, path, int, flags, mode_t, mode)
{
	return uk_sys_openat(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_DEFINE(int, creat, const char *, path, mode_t, mode)
{
	return uk_sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC,
			     mode);
}
