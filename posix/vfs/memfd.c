/*
 * memfd_create: an anonymous regular file, created in the root file
 * system (ramfs) under a private name and unlinked at once, so that it
 * lives in memory until its last fd and mapping are gone, as a memfd on
 * Linux. MFD_CLOEXEC and MFD_ALLOW_SEALING (without it the file is
 * sealed with F_SEAL_SEAL); MFD_NOEXEC_SEAL, MFD_EXEC and huge pages give
 * EINVAL, as Linux does for flags it does not support.
 *
 * Seals (fcntl F_ADD_SEALS and F_GET_SEALS, here) are kept in the vnode
 * and enforced where Linux does: writes (uk_vfs_vn_write), truncation
 * and fallocate (io.c) and writable shared mappings (mmap.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

#define MEMFD_CLOEXEC 1u
#define MEMFD_ALLOW_SEALING 2u
/* Linux's limit on the name (NAME_MAX less the "memfd:" prefix). */
#define MEMFD_NAME_MAX 249
/* ".memfd-" and a counter in hexadecimal. */
#define MEMFD_TMP_SIZE 32

static unsigned long memfd_seq;

/* The next private name in buf: its length. */
static size_t memfd_name(char buf[MEMFD_TMP_SIZE])
{
	static const char prefix[] = ".memfd-";
	unsigned long n = memfd_seq++;
	size_t len = sizeof(prefix) - 1;
	int shift;

	memcpy(buf, prefix, len);
	for (shift = 60; shift > 0 && !(n >> shift); shift -= 4)
		;
	for (; shift >= 0; shift -= 4)
		buf[len++] = "0123456789abcdef"[(n >> shift) & 0xf];
	buf[len] = '\0';
	return len;
}

/* A new unlinked regular file in dir: *vn with a reference. */
static int memfd_vnode(struct uk_vnode *dir, struct uk_vnode **vn)
{
	struct uk_vnode *old;
	char name[MEMFD_TMP_SIZE];
	size_t len;
	int ret;

	if (!dir->ops->create || !dir->ops->unlink || !dir->ops->lookup)
		return -EOPNOTSUPP;
	do {
		len = memfd_name(name);
		ret = dir->ops->lookup(dir, name, len, &old);
		if (!ret)
			uk_vnode_release(old);
	} while (!ret);
	if (ret != -ENOENT)
		return ret;
	ret = dir->ops->create(dir, name, len, S_IFREG | 0777, 0, NULL, vn);
	if (ret)
		return ret;
	ret = dir->ops->unlink(dir, name, len, *vn);
	if (ret)
		uk_vnode_release(*vn);
	return ret;
}

UK_SYSCALL_DEFINE(int, memfd_create, const char *, name, unsigned int, flags)
{
	struct uk_vnode *vn;
	struct uk_file *f;
	int ret;

	if (!name)
		return -EFAULT;
	if (flags & ~(MEMFD_CLOEXEC | MEMFD_ALLOW_SEALING))
		return -EINVAL;
	if (strnlen(name, MEMFD_NAME_MAX + 1) > MEMFD_NAME_MAX)
		return -EINVAL;
	uk_vfs_lock();
	ret = uk_vfs_root ? memfd_vnode(uk_vfs_root, &vn) : -ENOENT;
	if (!ret) {
		vn->seals = UK_VNODE_SEALABLE |
			    ((flags & MEMFD_ALLOW_SEALING) ? 0 : F_SEAL_SEAL);
		ret = uk_vfs_file_create(vn, O_RDWR | O_LARGEFILE, &f);
		uk_vnode_release(vn);
	}
	uk_vfs_unlock();
	if (ret)
		return ret;
	ret = uk_fdtab_install(f, 0, (flags & MEMFD_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(f);
	return ret;
}

/* The seals F_ADD_SEALS knows (Linux's F_ALL_SEALS less F_SEAL_EXEC). */
#define SEALS_KNOWN                                                            \
	(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |            \
	 F_SEAL_FUTURE_WRITE)

int uk_vfs_seals_fcntl(struct uk_vfs_file *vf, int cmd, unsigned long arg)
{
	struct uk_vnode *vn = vf->vn;
	int ret = 0;

	if (cmd == F_GET_SEALS) {
		if (!(vn->seals & UK_VNODE_SEALABLE))
			return -EINVAL;
		return (int)(vn->seals & ~UK_VNODE_SEALABLE);
	}
	/* F_ADD_SEALS, checked in Linux's order. */
	if ((uk_file_flags(&vf->f) & UK_FILE_ACCMODE) == O_RDONLY)
		return -EPERM;
	if (arg & ~(unsigned long)SEALS_KNOWN)
		return -EINVAL;
	uk_vfs_lock();
	if (!(vn->seals & UK_VNODE_SEALABLE))
		ret = -EINVAL;
	else if (vn->seals & F_SEAL_SEAL)
		ret = -EPERM;
	else if ((arg & F_SEAL_WRITE) && !(vn->seals & F_SEAL_WRITE) &&
		 uk_vfs_shared_writable(vn))
		ret = -EBUSY;
	else
		vn->seals |= (unsigned int)arg;
	uk_vfs_unlock();
	return ret;
}
