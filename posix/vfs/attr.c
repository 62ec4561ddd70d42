/*
 * Attributes: the stat family, statx, access, chmod, chown, utimensat
 * (and utimes and futimesat over it) and statfs. The process is a single user (posix/user's default), so
 * modes are kept and reported but grant the owner's rights, as root has
 * on Linux: only execute permission and read-only mounts refuse access.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <unistd.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_impl.h"

/* statx mask bits (Linux's STATX_BASIC_STATS and STATX_BTIME). */
#define STATX_BASIC 0x7ffu
#define STATX_BTIME_BIT 0x800u
#define STATX_RESERVED 0x80000000u
/* The statx flags Linux accepts: AT_STATX_SYNC_TYPE is 0x6000. */
#define STATX_FLAGS                                                            \
	(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | 0x6000)
#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

UK_SYSCALL_DEFINE(int, fstat, int, fd, struct stat *, st)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int ret = 0;

	if (!f)
		return -EBADF;
	if (!st) {
		ret = -EFAULT;
	} else {
		memset(st, 0, sizeof(*st));
		if (f->ops->stat) {
			ret = f->ops->stat(f, st);
		} else {
			st->st_mode = 0600;
			st->st_nlink = 1;
			st->st_uid = UK_DEFAULT_UID;
			st->st_gid = UK_DEFAULT_GID;
			st->st_blksize = 4096;
		}
	}
	uk_file_release(f);
	return ret;
}

UK_SYSCALL_DEFINE(int, newfstatat, int, dirfd, const char *, path,
		  struct stat *, st, int, flags)
{
	struct uk_vnode *vn;
	int ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if (path && !path[0] && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD)
		return uk_sys_fstat(dirfd, st);
	ret = uk_vfs_at(dirfd, path, flags, !(flags & AT_SYMLINK_NOFOLLOW),
			&vn);
	if (ret)
		return ret;
	if (st) {
		uk_vfs_lock();
		uk_vnode_stat(vn, st);
		uk_vfs_unlock();
	}
	uk_vnode_release(vn);
	return st ? 0 : -EFAULT;
}

UK_SYSCALL_DEFINE(int, stat, const char *, path, struct stat *, st)
{
	return uk_sys_newfstatat(AT_FDCWD, path, st, 0);
}

UK_SYSCALL_DEFINE(int, lstat, const char *, path, struct stat *, st)
{
	return uk_sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

static void statx_time(struct uk_statx_timestamp *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (uint32_t)ts->tv_nsec;
}

UK_SYSCALL_DEFINE(int, statx, int, dirfd, const char *, path, int, flags,
		  unsigned int, mask, struct uk_statx *, stx)
{
	struct stat st;
	int ret;

	if ((flags & ~STATX_FLAGS) || (flags & 0x6000) == 0x6000 ||
	    (mask & STATX_RESERVED))
		return -EINVAL;
	ret = uk_sys_newfstatat(dirfd, path, &st, flags & ~0x6000);
	if (ret)
		return ret;
	if (!stx)
		return -EFAULT;
	memset(stx, 0, sizeof(*stx));
	stx->stx_mask = STATX_BASIC;
	stx->stx_blksize = (uint32_t)st.st_blksize;
	stx->stx_nlink = (uint32_t)st.st_nlink;
	stx->stx_uid = st.st_uid;
	stx->stx_gid = st.st_gid;
	stx->stx_mode = (uint16_t)st.st_mode;
	stx->stx_ino = st.st_ino;
	stx->stx_size = (uint64_t)st.st_size;
	stx->stx_blocks = (uint64_t)st.st_blocks;
	statx_time(&stx->stx_atime, &st.st_atim);
	statx_time(&stx->stx_mtime, &st.st_mtim);
	statx_time(&stx->stx_ctime, &st.st_ctim);
	stx->stx_rdev_major = major(st.st_rdev);
	stx->stx_rdev_minor = minor(st.st_rdev);
	stx->stx_dev_major = major(st.st_dev);
	stx->stx_dev_minor = minor(st.st_dev);
	return 0;
}

UK_SYSCALL_DEFINE(int, faccessat2, int, dirfd, const char *, path, int, mode,
		  int, flags)
{
	struct uk_vnode *vn;
	int ret;

	if ((mode & ~(R_OK | W_OK | X_OK)) ||
	    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return -EINVAL;
	ret = uk_vfs_at(dirfd, path, flags, !(flags & AT_SYMLINK_NOFOLLOW),
			&vn);
	if (ret)
		return ret;
	uk_vfs_lock();
	if ((mode & W_OK) && uk_vfs_rdonly(vn) &&
	    (S_ISREG(vn->mode) || S_ISDIR(vn->mode) || S_ISLNK(vn->mode)))
		ret = -EROFS;
	else if ((mode & X_OK) && !S_ISDIR(vn->mode) && !(vn->mode & 0111))
		ret = -EACCES;
	uk_vfs_unlock();
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, faccessat, int, dirfd, const char *, path, int, mode)
{
	return uk_sys_faccessat2(dirfd, path, mode, 0);
}

UK_SYSCALL_DEFINE(int, access, const char *, path, int, mode)
{
	return uk_sys_faccessat2(AT_FDCWD, path, mode, 0);
}

/*
 * Starts a change of vn's attributes: takes the VFS lock and saves the
 * attributes in *old. 0, or -EROFS (lock not held then).
 */
static int attr_begin(struct uk_vnode *vn, struct uk_vnode *old)
{
	uk_vfs_lock();
	if (uk_vfs_rdonly(vn)) {
		uk_vfs_unlock();
		return -EROFS;
	}
	*old = *vn;
	return 0;
}

/*
 * Ends the change: the file system stores what changed (its setattr op);
 * if it cannot, the old attributes come back. Drops the VFS lock.
 */
static int attr_end(struct uk_vnode *vn, const struct uk_vnode *old,
		    unsigned int what)
{
	int ret = vn->ops->setattr ? vn->ops->setattr(vn, what) : 0;

	if (ret) {
		vn->mode = old->mode;
		vn->uid = old->uid;
		vn->gid = old->gid;
		vn->atime = old->atime;
		vn->mtime = old->mtime;
		vn->ctime = old->ctime;
	} else {
		uk_vfs_notify(vn, NULL, 0, IN_ATTRIB);
	}
	uk_vfs_unlock();
	return ret;
}

static int set_mode(struct uk_vnode *vn, mode_t mode)
{
	struct uk_vnode old;
	int ret = attr_begin(vn, &old);

	if (!ret) {
		vn->mode = (vn->mode & S_IFMT) | (mode & 07777);
		uk_vfs_now(&vn->ctime);
		ret = attr_end(vn, &old, UK_VNODE_SET_MODE);
	}
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, fchmodat, int, dirfd, const char *, path, mode_t, mode)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_at(dirfd, path, 0, true, &vn);

	return ret ? ret : set_mode(vn, mode);
}

UK_SYSCALL_DEFINE(int, chmod, const char *, path, mode_t, mode)
{
	return uk_sys_fchmodat(AT_FDCWD, path, mode);
}

UK_SYSCALL_DEFINE(int, fchmod, int, fd, mode_t, mode)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_fd_vnode(fd, &vn);

	return ret ? ret : set_mode(vn, mode);
}

/* The single user owns everything: only "no change" or itself. */
static int set_owner(struct uk_vnode *vn, uid_t uid, gid_t gid)
{
	struct uk_vnode old;
	int ret = 0;

	if ((uid != (uid_t)-1 && uid != UK_DEFAULT_UID) ||
	    (gid != (gid_t)-1 && gid != UK_DEFAULT_GID))
		ret = -EPERM;
	else
		ret = attr_begin(vn, &old);
	if (!ret) {
		/* Linux clears set-user-ID on a chown of a regular file. */
		if (S_ISREG(vn->mode) && (uid != (uid_t)-1 || gid != (gid_t)-1))
			vn->mode &=
				~(mode_t)(S_ISUID |
					  ((vn->mode & S_IXGRP) ? S_ISGID : 0));
		uk_vfs_now(&vn->ctime);
		ret = attr_end(vn, &old,
			       UK_VNODE_SET_OWNER | UK_VNODE_SET_MODE);
	}
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, fchownat, int, dirfd, const char *, path, uid_t, uid,
		  gid_t, gid, int, flags)
{
	struct uk_vnode *vn;
	int ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = uk_vfs_at(dirfd, path, flags, !(flags & AT_SYMLINK_NOFOLLOW),
			&vn);
	return ret ? ret : set_owner(vn, uid, gid);
}

UK_SYSCALL_DEFINE(int, chown, const char *, path, uid_t, uid, gid_t, gid)
{
	return uk_sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

UK_SYSCALL_DEFINE(int, lchown, const char *, path, uid_t, uid, gid_t, gid)
{
	return uk_sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

UK_SYSCALL_DEFINE(int, fchown, int, fd, uid_t, uid, gid_t, gid)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_fd_vnode(fd, &vn);

	return ret ? ret : set_owner(vn, uid, gid);
}

/* One timestamp of utimensat: now, unchanged, or the given time. */
static void set_time(struct timespec *t, const struct timespec *req,
		     const struct timespec *now)
{
	if (!req || req->tv_nsec == UTIME_NOW)
		*t = *now;
	else if (req->tv_nsec != UTIME_OMIT)
		*t = *req;
}

static bool time_valid(const struct timespec *t)
{
	return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
	       (t->tv_nsec >= 0 && t->tv_nsec < 1000000000);
}

UK_SYSCALL_DEFINE(int, utimensat, int, dirfd, const char *, path,
		  const struct timespec *, times, int, flags)
{
	struct uk_vnode *vn, old;
	struct timespec now;
	int ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (times && (!time_valid(&times[0]) || !time_valid(&times[1])))
		return -EINVAL;
	if (times && times[0].tv_nsec == UTIME_OMIT &&
	    times[1].tv_nsec == UTIME_OMIT)
		return 0;
	/* A NULL path is futimens: the file dirfd itself. */
	if (!path)
		ret = uk_vfs_fd_vnode(dirfd, &vn);
	else
		ret = uk_vfs_at(dirfd, path, flags,
				!(flags & AT_SYMLINK_NOFOLLOW), &vn);
	if (ret)
		return ret == -EINVAL ? -EBADF : ret;
	ret = attr_begin(vn, &old);
	if (!ret) {
		uk_vfs_now(&now);
		set_time(&vn->atime, times, &now);
		set_time(&vn->mtime, times ? &times[1] : NULL, &now);
		vn->ctime = now;
		ret = attr_end(vn, &old, UK_VNODE_SET_TIMES);
	}
	uk_vnode_release(vn);
	return ret;
}

/*
 * futimesat: utimensat with microsecond times (NULL: now); a NULL path is
 * the file dirfd itself.
 */
UK_SYSCALL_DEFINE(int, futimesat, int, dirfd, const char *, path,
		  const struct timeval *, tv)
{
	struct timespec ts[2];
	int i;

	if (!path && dirfd == AT_FDCWD)
		return -EFAULT;
	if (!tv)
		return uk_sys_utimensat(dirfd, path, NULL, 0);
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return uk_sys_utimensat(dirfd, path, ts, 0);
}

UK_SYSCALL_DEFINE(int, utimes, const char *, path, const struct timeval *, tv)
{
	return uk_sys_futimesat(AT_FDCWD, path, tv);
}

static int vn_statfs(struct uk_vnode *vn, struct statfs *st)
{
	struct uk_mount *m = vn->mount;
	int ret = 0;

	if (!st) {
		uk_vnode_release(vn);
		return -EFAULT;
	}
	memset(st, 0, sizeof(*st));
	uk_vfs_lock();
	st->f_type = m->magic;
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = 255;
	st->f_flags = (m->flags & UK_MOUNT_RDONLY) ? ST_RDONLY : 0;
	if (m->statfs)
		ret = m->statfs(m, st);
	uk_vfs_unlock();
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, statfs, const char *, path, struct statfs *, st)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_lookup(AT_FDCWD, path, true, &vn);

	return ret ? ret : vn_statfs(vn, st);
}

UK_SYSCALL_DEFINE(int, fstatfs, int, fd, struct statfs *, st)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_fd_vnode(fd, &vn);

	if (ret == -EINVAL) {
		/* Pipes, sockets: Linux's pseudo file systems. */
		if (!st)
			return -EFAULT;
		memset(st, 0, sizeof(*st));
		st->f_bsize = 4096;
		st->f_namelen = 255;
		return 0;
	}
	return ret ? ret : vn_statfs(vn, st);
}
