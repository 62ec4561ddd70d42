/*
 * memfd_create: an anonymous regular file, created in the root file
 * system (ramfs) under a private name and unlinked at once, so that it
 * lives in memory until its last fd and mapping are gone, as a memfd on
 * Linux. MFD_CLOEXEC only: sealing (MFD_ALLOW_SEALING and the
 * MFD_NOEXEC_SEAL/MFD_EXEC it implies) and huge pages give EINVAL, as
 * Linux does for flags it does not support.
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
	if (flags & ~MEMFD_CLOEXEC)
		return -EINVAL;
	if (strnlen(name, MEMFD_NAME_MAX + 1) > MEMFD_NAME_MAX)
		return -EINVAL;
	uk_vfs_lock();
	ret = uk_vfs_root ? memfd_vnode(uk_vfs_root, &vn) : -ENOENT;
	if (!ret) {
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
