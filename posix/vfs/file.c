/*
 * Open files of the VFS: a vnode, a position and the open flags, behind
 * posix/fdtab's struct uk_file. Regular files and directories have no
 * poll op, so they poll as always ready, as on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

ssize_t uk_vfs_vn_read(struct uk_vnode *vn, void *buf, size_t len, off_t off)
{
	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!vn->ops->read)
		return -EINVAL;
	return vn->ops->read(vn, buf, len, off);
}

ssize_t uk_vfs_vn_write(struct uk_vnode *vn, const void *buf, size_t len,
			off_t off)
{
	ssize_t n;

	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!vn->ops->write)
		return -EINVAL;
	if (S_ISREG(vn->mode) && len > (size_t)(UK_VFS_MAXFILESIZE - off)) {
		if (off >= UK_VFS_MAXFILESIZE)
			return -EFBIG;
		len = (size_t)(UK_VFS_MAXFILESIZE - off);
	}
	if (!len)
		return 0;
	n = uk_vfs_seal_write(vn, off, len);
	if (n)
		return n;
	n = vn->ops->write(vn, buf, len, off);
	if (n > 0 && S_ISREG(vn->mode)) {
		uk_vnode_touch(vn);
		uk_vfs_notify(vn, NULL, 0, IN_MODIFY);
	}
	return n;
}

static ssize_t vf_read(struct uk_file *f, void *buf, size_t len)
{
	struct uk_vfs_file *vf = f->priv;
	ssize_t n;

	uk_vfs_lock();
	n = uk_vfs_vn_read(vf->vn, buf, len, vf->pos);
	if (n > 0) {
		vf->pos += n;
		uk_vfs_notify(vf->vn, NULL, 0, IN_ACCESS);
	}
	uk_vfs_unlock();
	return n;
}

static ssize_t vf_write(struct uk_file *f, const void *buf, size_t len)
{
	struct uk_vfs_file *vf = f->priv;
	ssize_t n;

	uk_vfs_lock();
	if ((uk_file_flags(f) & O_APPEND) && S_ISREG(vf->vn->mode))
		vf->pos = vf->vn->size;
	n = uk_vfs_vn_write(vf->vn, buf, len, vf->pos);
	if (n > 0)
		vf->pos += n;
	uk_vfs_unlock();
	return n;
}

static int vf_stat(struct uk_file *f, struct stat *st)
{
	struct uk_vfs_file *vf = f->priv;

	uk_vfs_lock();
	uk_vnode_stat(vf->vn, st);
	uk_vfs_unlock();
	return 0;
}

static int vf_fcntl(struct uk_file *f, int cmd, unsigned long arg)
{
	int ret;

	if (cmd == F_ADD_SEALS || cmd == F_GET_SEALS)
		return uk_vfs_seals_fcntl(f->priv, cmd, arg);
	if (cmd != F_GETLK && cmd != F_SETLK && cmd != F_SETLKW)
		return -EINVAL;
	uk_vfs_lock();
	ret = uk_vfs_record_lock(f->priv, cmd, (struct flock *)arg);
	uk_vfs_unlock();
	return ret;
}

static int vf_release(struct uk_file *f)
{
	struct uk_vfs_file *vf = f->priv;

	uk_vfs_lock();
	uk_vfs_flock_drop(vf);
	if (!(vf->oflags & O_PATH))
		uk_vfs_notify(vf->vn, NULL, 0,
			      (uk_file_flags(f) & UK_FILE_ACCMODE) == O_RDONLY ?
				      IN_CLOSE_NOWRITE :
				      IN_CLOSE_WRITE);
	uk_vfs_unlock();
	__atomic_sub_fetch(&vf->vn->mount->files, 1, __ATOMIC_RELAXED);
	uk_vnode_release(vf->vn);
	uk_free(uk_alloc_get_default(), vf);
	return 0;
}

static const struct uk_file_ops vf_ops = {
	.read = vf_read,
	.write = vf_write,
	.fcntl = vf_fcntl,
	.stat = vf_stat,
	.release = vf_release,
};

/* O_PATH: only a place in the namespace, neither read nor written. */
static ssize_t vf_path_read(struct uk_file *f __unused, void *buf __unused,
			    size_t len __unused)
{
	return -EBADF;
}

static ssize_t vf_path_write(struct uk_file *f __unused,
			     const void *buf __unused, size_t len __unused)
{
	return -EBADF;
}

static const struct uk_file_ops vf_path_ops = {
	.read = vf_path_read,
	.write = vf_path_write,
	.stat = vf_stat,
	.release = vf_release,
};

struct uk_vfs_file *uk_vfs_file_of(struct uk_file *f)
{
	return f->ops == &vf_ops || f->ops == &vf_path_ops ? f->priv : NULL;
}

struct uk_vnode *uk_vfs_file_vnode(struct uk_file *f)
{
	struct uk_vfs_file *vf = uk_vfs_file_of(f);
	struct uk_vnode *vn = vf ? vf->vn : uk_vfs_fifo_vnode(f);

	if (vn)
		uk_vnode_acquire(vn);
	return vn;
}

int uk_vfs_file_create(struct uk_vnode *vn, int flags, struct uk_file **fp)
{
	struct uk_vfs_file *vf;

	if (vn->ops->open && !(flags & O_PATH))
		return vn->ops->open(vn, (unsigned int)flags, fp);
	vf = uk_calloc(uk_alloc_get_default(), 1, sizeof(*vf));
	if (!vf)
		return -ENOMEM;
	uk_vnode_acquire(vn);
	__atomic_add_fetch(&vn->mount->files, 1, __ATOMIC_RELAXED);
	vf->vn = vn;
	vf->oflags = flags;
	uk_file_init(&vf->f, (flags & O_PATH) ? &vf_path_ops : &vf_ops,
		     (unsigned int)flags, vf);
	*fp = &vf->f;
	return 0;
}

int uk_vfs_open_vnode(struct uk_vnode *vn, int flags)
{
	struct uk_file *f;
	int ret;

	ret = uk_vfs_file_create(vn, flags, &f);
	if (ret)
		return ret;
	ret = uk_fdtab_install(f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(f);
	return ret;
}
