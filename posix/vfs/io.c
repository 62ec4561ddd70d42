/*
 * Positioned and whole-file I/O on files of the VFS: lseek, pread64,
 * pwrite64, preadv, pwritev, getdents64 and x86_64's getdents, truncate,
 * ftruncate, fallocate, sendfile, copy_file_range, the sync calls and
 * the cache hints (fadvise64, readahead, sync_file_range). Files outside the VFS (pipes, sockets) give
 * ESPIPE or EINVAL as Linux does.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

#ifndef SEEK_DATA
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif

/* Cookies 0 and 1 of a directory are "." and ".."; then the entries'. */
#define DIR_FIRST 2

/*
 * fd's VFS file with a reference on f; -EBADF if fd is not open (or an
 * O_PATH file), -ESPIPE if it is not a file of the VFS (*vf NULL then).
 */
static int fd_vfs_file(int fd, struct uk_vfs_file **vf)
{
	struct uk_file *f = uk_fdtab_get(fd);
	int ret;

	*vf = NULL;
	if (!f)
		return -EBADF;
	*vf = uk_vfs_file_of(f);
	if (*vf && !((*vf)->oflags & O_PATH))
		return 0;
	ret = *vf ? -EBADF : -ESPIPE;
	*vf = NULL;
	uk_file_release(f);
	return ret;
}

static off_t seek_pos(struct uk_vfs_file *vf, off_t off, int whence)
{
	struct uk_vnode *vn = vf->vn;
	off_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = vf->pos;
		break;
	case SEEK_END:
		if (S_ISDIR(vn->mode))
			return -EINVAL;
		base = vn->size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		/* No holes are reported: data up to the end, one hole. */
		if (!S_ISREG(vn->mode))
			return -EINVAL;
		if (off < 0 || off >= vn->size)
			return -ENXIO;
		return whence == SEEK_DATA ? off : vn->size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	return base + off;
}

UK_SYSCALL_DEFINE(off_t, lseek, int, fd, off_t, off, int, whence)
{
	struct uk_vfs_file *vf;
	off_t pos;
	int ret;

	ret = fd_vfs_file(fd, &vf);
	if (ret)
		return ret;
	uk_vfs_lock();
	/* Devices other than regular files and directories do not seek. */
	if (!S_ISREG(vf->vn->mode) && !S_ISDIR(vf->vn->mode) &&
	    !S_ISLNK(vf->vn->mode)) {
		pos = whence > SEEK_END ? -EINVAL : 0;
	} else {
		pos = seek_pos(vf, off, whence);
		if (pos >= 0)
			vf->pos = pos;
	}
	uk_vfs_unlock();
	uk_file_release(&vf->f);
	return pos;
}

/* The checks pread64 and pwrite64 share with read and write. */
static int prw_begin(int fd, off_t off, bool rd, struct uk_vfs_file **vf)
{
	unsigned int mode;
	int ret;

	ret = fd_vfs_file(fd, vf);
	if (ret)
		return ret;
	mode = uk_file_flags(&(*vf)->f) & UK_FILE_ACCMODE;
	if (rd ? mode == O_WRONLY : mode == O_RDONLY)
		ret = -EBADF;
	else if (off < 0)
		ret = -EINVAL;
	if (ret)
		uk_file_release(&(*vf)->f);
	return ret;
}

static ssize_t prw(int fd, const struct iovec *iov, int iovcnt, off_t off,
		   bool rd)
{
	struct uk_vfs_file *vf;
	ssize_t n, total = 0;
	size_t left = 0;
	int i, ret;

	ret = prw_begin(fd, off, rd, &vf);
	if (ret)
		return ret;
	if (iovcnt < 0 || iovcnt > UK_IOV_MAX) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - left) {
			ret = -EINVAL;
			goto out;
		}
		if (iov[i].iov_len && !iov[i].iov_base) {
			ret = -EFAULT;
			goto out;
		}
		left += iov[i].iov_len;
	}
	uk_vfs_lock();
	/* pwrite on an O_APPEND file appends, as on Linux. */
	if (!rd && (uk_file_flags(&vf->f) & O_APPEND))
		off = vf->vn->size;
	for (i = 0; i < iovcnt; i++) {
		if (!iov[i].iov_len)
			continue;
		n = rd ? uk_vfs_vn_read(vf->vn, iov[i].iov_base, iov[i].iov_len,
					off) :
			 uk_vfs_vn_write(vf->vn, iov[i].iov_base,
					 iov[i].iov_len, off);
		if (n < 0) {
			total = total ? total : n;
			break;
		}
		total += n;
		off += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	if (rd && total > 0)
		uk_vfs_notify(vf->vn, NULL, 0, IN_ACCESS);
	uk_vfs_unlock();
	uk_file_release(&vf->f);
	return total;
out:
	uk_file_release(&vf->f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, pread64, int, fd, void *, buf, size_t, len, off_t,
		  off)
{
	struct iovec iov = { buf, UK_MIN(len, (size_t)INT_MAX & ~0xfffUL) };

	if (len && !buf)
		return -EFAULT;
	return prw(fd, &iov, 1, off, true);
}

UK_SYSCALL_DEFINE(ssize_t, pwrite64, int, fd, const void *, buf, size_t, len,
		  off_t, off)
{
	struct iovec iov = { (void *)(uintptr_t)buf,
			     UK_MIN(len, (size_t)INT_MAX & ~0xfffUL) };

	if (len && !buf)
		return -EFAULT;
	return prw(fd, &iov, 1, off, false);
}

UK_SYSCALL_DEFINE(ssize_t, preadv, int, fd, const struct iovec *, iov, int,
		  iovcnt, off_t, off)
{
	if (iovcnt > 0 && !iov)
		return -EFAULT;
	return prw(fd, iov, iovcnt, off, true);
}

UK_SYSCALL_DEFINE(ssize_t, pwritev, int, fd, const struct iovec *, iov, int,
		  iovcnt, off_t, off)
{
	if (iovcnt > 0 && !iov)
		return -EFAULT;
	return prw(fd, iov, iovcnt, off, false);
}

/*
 * x86_64's old struct linux_dirent: d_ino, d_off, d_reclen, the name, and
 * the type in the record's last byte.
 */
struct uk_dirent_old {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

/*
 * Appends one linux_dirent64 (or, when old, one linux_dirent) at *p if it
 * fits in end - *p.
 */
static bool dirent_put(char **p, char *end, bool old, uint64_t ino,
		       int64_t next, unsigned char type, const char *name)
{
	size_t len = strlen(name);
	size_t head = old ? offsetof(struct uk_dirent_old, d_name) :
			    offsetof(struct uk_dirent64, d_name);
	size_t reclen = UK_ALIGN_UP(head + len + 1 + old, 8);
	struct uk_dirent_old *o = (struct uk_dirent_old *)*p;
	struct uk_dirent64 *d = (struct uk_dirent64 *)*p;

	if (reclen > (size_t)(end - *p))
		return false;
	memset(*p, 0, reclen);
	if (old) {
		o->d_ino = (unsigned long)ino;
		o->d_off = (unsigned long)next;
		o->d_reclen = (unsigned short)reclen;
		memcpy(o->d_name, name, len);
		(*p)[reclen - 1] = (char)type;
	} else {
		d->d_ino = ino;
		d->d_off = next;
		d->d_reclen = (unsigned short)reclen;
		d->d_type = type;
		memcpy(d->d_name, name, len);
	}
	*p += reclen;
	return true;
}

/* Fills buf with entries of dir from cookie *pos on. */
static ssize_t dir_fill(struct uk_vnode *dir, off_t *pos, char *buf, size_t len,
			bool old)
{
	char *p = buf, *end = buf + len;
	struct uk_vfs_dirent ent;
	struct uk_vnode *up;
	uint64_t ino;
	int ret;

	if (!dir->nlink)
		return -ENOENT;
	while (*pos < DIR_FIRST) {
		ino = dir->ino;
		if (*pos == 1 && dir != uk_vfs_root &&
		    !uk_vfs_lookup_name(dir, "..", 2, &up)) {
			ino = up->ino;
			uk_vnode_release(up);
		}
		if (!dirent_put(&p, end, old, ino, *pos + 1, DT_DIR,
				*pos ? ".." : "."))
			goto full;
		(*pos)++;
	}
	for (;;) {
		ret = dir->ops->readdir(dir, (uint64_t)*pos - DIR_FIRST, &ent);
		if (ret == -ENOENT)
			break;
		if (ret)
			return p != buf ? p - buf : ret;
		if (!dirent_put(&p, end, old, ent.ino,
				(int64_t)ent.next + DIR_FIRST, ent.type,
				ent.name))
			goto full;
		*pos = (off_t)ent.next + DIR_FIRST;
	}
	return p - buf;
full:
	return p != buf ? p - buf : -EINVAL;
}

static ssize_t dir_read(int fd, void *buf, size_t len, bool old)
{
	struct uk_vfs_file *vf;
	ssize_t ret;

	ret = fd_vfs_file(fd, &vf);
	if (ret)
		return ret == -ESPIPE ? -ENOTDIR : ret;
	uk_vfs_lock();
	if (!S_ISDIR(vf->vn->mode) || !vf->vn->ops->readdir)
		ret = -ENOTDIR;
	else if (!buf)
		ret = -EFAULT;
	else
		ret = dir_fill(vf->vn, &vf->pos, buf,
			       UK_MIN(len, (size_t)INT_MAX), old);
	/* Linux reports every walk of a directory not removed. */
	if (ret != -ENOTDIR && ret != -EFAULT && vf->vn->nlink)
		uk_vfs_notify(vf->vn, NULL, 0, IN_ACCESS);
	uk_vfs_unlock();
	uk_file_release(&vf->f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, getdents64, int, fd, void *, buf, size_t, len)
{
	return dir_read(fd, buf, len, false);
}

UK_SYSCALL_DEFINE(ssize_t, getdents, int, fd, void *, buf, size_t, len)
{
	return dir_read(fd, buf, len, true);
}

/* Sets the size of regular file vn (truncate and ftruncate). */
static int vn_truncate(struct uk_vnode *vn, off_t len)
{
	int ret;

	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(vn->mode))
		return -EISDIR;
	if (!S_ISREG(vn->mode))
		return -EINVAL;
	if (uk_vfs_rdonly(vn))
		return -EROFS;
	if (!vn->ops->truncate)
		return -EPERM;
	if (((vn->seals & F_SEAL_SHRINK) && len < vn->size) ||
	    ((vn->seals & F_SEAL_GROW) && len > vn->size))
		return -EPERM;
	ret = vn->ops->truncate(vn, len);
	if (!ret) {
		uk_vnode_touch(vn);
		uk_vfs_notify(vn, NULL, 0, IN_MODIFY);
	}
	return ret;
}

UK_SYSCALL_DEFINE(int, truncate, const char *, path, off_t, len)
{
	struct uk_vnode *vn;
	int ret;

	ret = uk_vfs_lookup(AT_FDCWD, path, true, &vn);
	if (ret)
		return ret;
	uk_vfs_lock();
	ret = vn_truncate(vn, len);
	uk_vfs_unlock();
	uk_vnode_release(vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, ftruncate, int, fd, off_t, len)
{
	struct uk_vfs_file *vf;
	int ret;

	ret = fd_vfs_file(fd, &vf);
	if (ret)
		return ret == -ESPIPE ? -EINVAL : ret;
	uk_vfs_lock();
	if (len < 0)
		ret = -EINVAL;
	else if ((uk_file_flags(&vf->f) & UK_FILE_ACCMODE) == O_RDONLY)
		ret = S_ISDIR(vf->vn->mode) ? -EISDIR : -EINVAL;
	else
		ret = vn_truncate(vf->vn, len);
	uk_vfs_unlock();
	uk_file_release(&vf->f);
	return ret;
}

/*
 * Mode 0 only. The size grows to off + len; the pages themselves are
 * taken at the first write (ramfs keeps holes sparse).
 */
UK_SYSCALL_DEFINE(int, fallocate, int, fd, int, mode, off_t, off, off_t, len)
{
	struct uk_vfs_file *vf;
	int ret;

	ret = fd_vfs_file(fd, &vf);
	if (ret)
		return ret;
	uk_vfs_lock();
	if (off < 0 || len <= 0)
		ret = -EINVAL;
	else if (mode)
		ret = -EOPNOTSUPP;
	else if ((uk_file_flags(&vf->f) & UK_FILE_ACCMODE) == O_RDONLY)
		ret = -EBADF;
	else if (S_ISDIR(vf->vn->mode))
		ret = -EISDIR;
	else if (!S_ISREG(vf->vn->mode))
		ret = -ENODEV;
	else if (off > INT64_MAX - len)
		ret = -EFBIG;
	else if (off + len > vf->vn->size)
		ret = vn_truncate(vf->vn, off + len);
	uk_vfs_unlock();
	uk_file_release(&vf->f);
	return ret;
}

/* Files live in memory: syncing only checks the fd. */
static int fd_sync(int fd)
{
	struct uk_vfs_file *vf;
	int ret = fd_vfs_file(fd, &vf);

	if (ret)
		return ret == -ESPIPE ? -EINVAL : ret;
	uk_file_release(&vf->f);
	return 0;
}

UK_SYSCALL_DEFINE(int, fsync, int, fd)
{
	return fd_sync(fd);
}

UK_SYSCALL_DEFINE(int, fdatasync, int, fd)
{
	return fd_sync(fd);
}

UK_SYSCALL_DEFINE(int, syncfs, int, fd)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	uk_file_release(f);
	return 0;
}

UK_SYSCALL_DEFINE(int, sync)
{
	return 0;
}

/* posix_fadvise's advice: POSIX_FADV_NORMAL (0) to POSIX_FADV_NOREUSE. */
#define FADV_LAST 5
/* sync_file_range's flags: WAIT_BEFORE, WRITE and WAIT_AFTER. */
#define SYNC_FILE_RANGE_FLAGS 7u

/*
 * Files live in memory, so the cache hints only validate, as Linux does
 * on tmpfs: ESPIPE for pipes and sockets, EINVAL for bad advice.
 */
UK_SYSCALL_DEFINE(int, fadvise64, int, fd, off_t, off __unused, off_t, len, int,
		  advice)
{
	struct uk_vfs_file *vf;
	int ret = fd_vfs_file(fd, &vf);

	if (ret)
		return ret;
	if (len < 0 || advice < 0 || advice > FADV_LAST)
		ret = -EINVAL;
	uk_file_release(&vf->f);
	return ret;
}

UK_SYSCALL_DEFINE(ssize_t, readahead, int, fd, off_t, off __unused, size_t,
		  count __unused)
{
	struct uk_vfs_file *vf;
	int ret = fd_vfs_file(fd, &vf);

	if (ret)
		return ret == -ESPIPE ? -EINVAL : ret;
	if ((uk_file_flags(&vf->f) & UK_FILE_ACCMODE) == O_WRONLY)
		ret = -EBADF;
	else if (!S_ISREG(vf->vn->mode))
		ret = -EINVAL;
	uk_file_release(&vf->f);
	return ret;
}

/* sync_file_range's argument checks, which Linux makes after the fd's. */
static int sync_range_check(off_t off, off_t nbytes, unsigned int flags)
{
	if (flags & ~SYNC_FILE_RANGE_FLAGS)
		return -EINVAL;
	if (off < 0 || nbytes < 0 || off > INT64_MAX - nbytes)
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE(int, sync_file_range, int, fd, off_t, off, off_t, nbytes,
		  unsigned int, flags)
{
	struct uk_vfs_file *vf;
	int ret = fd_vfs_file(fd, &vf);

	if (ret == -ESPIPE) {
		/* Pipes and sockets: the range checks come first. */
		ret = sync_range_check(off, nbytes, flags);
		return ret ? ret : -ESPIPE;
	}
	if (ret)
		return ret;
	ret = sync_range_check(off, nbytes, flags);
	if (!ret && !S_ISREG(vf->vn->mode) && !S_ISDIR(vf->vn->mode) &&
	    !S_ISLNK(vf->vn->mode) && !S_ISBLK(vf->vn->mode))
		ret = -ESPIPE;
	uk_file_release(&vf->f);
	return ret;
}

/* Bytes sendfile moves per step, through a buffer of its own. */
#define SENDFILE_CHUNK 65536

/*
 * sendfile: from a regular file of the VFS (at *offset, which is then
 * advanced, or at the file position) to any file open for writing: a
 * socket, a pipe or another file. Stops at the end of the input or at a
 * short write.
 */
UK_SYSCALL_DEFINE(ssize_t, sendfile, int, out_fd, int, in_fd, off_t *, offset,
		  size_t, count)
{
	struct uk_file *out = uk_fdtab_get(out_fd);
	struct uk_vfs_file *in = NULL;
	ssize_t total = 0, n, w;
	off_t pos;
	char *buf;
	int ret;

	if (!out)
		return -EBADF;
	ret = fd_vfs_file(in_fd, &in);
	if (ret == -ESPIPE)
		ret = -EINVAL;
	if (!ret && ((uk_file_flags(&in->f) & UK_FILE_ACCMODE) == O_WRONLY ||
		     (uk_file_flags(out) & UK_FILE_ACCMODE) == O_RDONLY))
		ret = -EBADF;
	else if (!ret &&
		 (!S_ISREG(in->vn->mode) || (uk_file_flags(out) & O_APPEND)))
		ret = -EINVAL;
	if (ret)
		goto out;
	uk_vfs_lock();
	pos = offset ? *offset : in->pos;
	uk_vfs_unlock();
	if (pos < 0) {
		ret = -EINVAL;
		goto out;
	}
	buf = uk_malloc(uk_alloc_get_default(), SENDFILE_CHUNK);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	count = UK_MIN(count, (size_t)INT_MAX & ~0xfffUL);
	while ((size_t)total < count) {
		uk_vfs_lock();
		n = uk_vfs_vn_read(
			in->vn, buf,
			UK_MIN(count - (size_t)total, SENDFILE_CHUNK), pos);
		uk_vfs_unlock();
		if (n <= 0) {
			total = total ? total : n;
			break;
		}
		w = uk_sys_write(out_fd, buf, (size_t)n);
		if (w <= 0) {
			total = total ? total : w;
			break;
		}
		total += w;
		pos += w;
		if (w < n)
			break;
	}
	uk_free(uk_alloc_get_default(), buf);
	uk_vfs_lock();
	if (offset)
		*offset = pos;
	else
		in->pos = pos;
	uk_vfs_unlock();
	ret = total < 0 ? (int)total : 0;
out:
	if (in)
		uk_file_release(&in->f);
	uk_file_release(out);
	return ret ? ret : total;
}

/* copy_file_range's checks on two open VFS files, in Linux's order. */
static int copy_check(struct uk_vfs_file *in, struct uk_vfs_file *out)
{
	if (S_ISDIR(in->vn->mode) || S_ISDIR(out->vn->mode))
		return -EISDIR;
	if (!S_ISREG(in->vn->mode) || !S_ISREG(out->vn->mode))
		return -EINVAL;
	if ((uk_file_flags(&in->f) & UK_FILE_ACCMODE) == O_WRONLY ||
	    (uk_file_flags(&out->f) & UK_FILE_ACCMODE) == O_RDONLY ||
	    (uk_file_flags(&out->f) & O_APPEND))
		return -EBADF;
	return 0;
}

/*
 * Copies between two open regular files, SENDFILE_CHUNK bytes per step
 * through a buffer, from *off_in to *off_out (each then advanced) or
 * from the file positions. Overlapping ranges of one file give EINVAL.
 */
static ssize_t copy_range(struct uk_vfs_file *in, off_t *off_in,
			  struct uk_vfs_file *out, off_t *off_out, size_t len)
{
	off_t ipos, opos;
	ssize_t total = 0, n = 0;
	char *buf;

	uk_vfs_lock();
	ipos = off_in ? *off_in : in->pos;
	opos = off_out ? *off_out : out->pos;
	/* Linux adds the length as unsigned: a negative offset overflows. */
	if (ipos < 0 || opos < 0) {
		uk_vfs_unlock();
		return -EOVERFLOW;
	}
	len = UK_MIN(len, (size_t)INT_MAX & ~0xfffUL);
	len = ipos >= in->vn->size ? 0 :
				     UK_MIN(len, (size_t)(in->vn->size - ipos));
	uk_vfs_unlock();
	if (in->vn == out->vn && opos + (off_t)len > ipos &&
	    opos < ipos + (off_t)len)
		return -EINVAL;
	if (!len)
		return 0;
	buf = uk_malloc(uk_alloc_get_default(), SENDFILE_CHUNK);
	if (!buf)
		return -ENOMEM;
	while ((size_t)total < len) {
		uk_vfs_lock();
		n = uk_vfs_vn_read(in->vn, buf,
				   UK_MIN(len - (size_t)total, SENDFILE_CHUNK),
				   ipos);
		if (n > 0)
			n = uk_vfs_vn_write(out->vn, buf, (size_t)n, opos);
		uk_vfs_unlock();
		if (n <= 0)
			break;
		total += n;
		ipos += n;
		opos += n;
	}
	uk_free(uk_alloc_get_default(), buf);
	uk_vfs_lock();
	if (off_in)
		*off_in = ipos;
	else
		in->pos = ipos;
	if (off_out)
		*off_out = opos;
	else
		out->pos = opos;
	uk_vfs_unlock();
	return total ? total : n;
}

UK_SYSCALL_DEFINE(ssize_t, copy_file_range, int, fd_in, off_t *, off_in, int,
		  fd_out, off_t *, off_out, size_t, len, unsigned int, flags)
{
	struct uk_vfs_file *in, *out;
	int rin, rout;
	ssize_t ret;

	rin = fd_vfs_file(fd_in, &in);
	rout = fd_vfs_file(fd_out, &out);
	if (rin == -EBADF || rout == -EBADF)
		ret = -EBADF;
	else if (flags)
		ret = -EINVAL;
	else if (rin || rout)
		ret = -EINVAL;
	else
		ret = copy_check(in, out);
	if (!ret)
		ret = copy_range(in, off_in, out, off_out, len);
	if (in)
		uk_file_release(&in->f);
	if (out)
		uk_file_release(&out->f);
	return ret;
}
