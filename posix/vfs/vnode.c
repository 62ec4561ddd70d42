/* Vnodes: reference counts, attributes and timestamps. */
#include <string.h>
#include <sys/stat.h>
#include <uk/vfs.h>
#include <uk/user.h>

#include "posix/vfs/vfs_impl.h"

void uk_vnode_init(struct uk_vnode *vn, const struct uk_vnode_ops *ops,
		   struct uk_mount *m, mode_t mode, ino_t ino)
{
	memset(vn, 0, sizeof(*vn));
	vn->ops = ops;
	vn->mount = m;
	vn->refcount = 1;
	vn->mode = mode;
	vn->ino = ino;
	vn->nlink = S_ISDIR(mode) ? 2 : 1;
	vn->uid = UK_DEFAULT_UID;
	vn->gid = UK_DEFAULT_GID;
	uk_vfs_now(&vn->btime);
	vn->atime = vn->mtime = vn->ctime = vn->btime;
}

void uk_vnode_acquire(struct uk_vnode *vn)
{
	__atomic_add_fetch(&vn->refcount, 1, __ATOMIC_RELAXED);
}

/*
 * Under the VFS lock: file systems take a vnode's first reference again
 * only in their ops (a lookup in a cache), so a vnode whose count
 * reached 0 here cannot come back before its inactive op ran.
 */
void uk_vnode_release(struct uk_vnode *vn)
{
	uk_vfs_lock();
	if (!__atomic_sub_fetch(&vn->refcount, 1, __ATOMIC_ACQ_REL) &&
	    vn->ops->inactive)
		vn->ops->inactive(vn);
	uk_vfs_unlock();
}

void uk_vnode_touch(struct uk_vnode *vn)
{
	uk_vfs_now(&vn->mtime);
	vn->ctime = vn->mtime;
}

void uk_vnode_stat(struct uk_vnode *vn, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = vn->mount->dev;
	st->st_ino = vn->ino;
	st->st_mode = vn->mode;
	st->st_nlink = vn->nlink;
	st->st_uid = vn->uid;
	st->st_gid = vn->gid;
	st->st_rdev = vn->rdev;
	st->st_size = vn->size;
	st->st_blksize = 4096;
	st->st_blocks = (blkcnt_t)(vn->bytes / 512);
	st->st_atim = vn->atime;
	st->st_mtim = vn->mtime;
	st->st_ctim = vn->ctime;
}
