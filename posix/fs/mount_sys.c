/*
 * mount(2) for a fresh ramfs ("ramfs" or "tmpfs") at a directory, read-only
 * with MS_RDONLY; the options Linux takes for every mount (nosuid, nodev,
 * noexec, the atime ones, silent) are accepted and have no effect, the
 * operations on existing mounts (remount, bind, move, propagation) give
 * EINVAL, and other file system types ENODEV. Type "9p" mounts a host
 * share (the virtio-9p device whose mount tag is source) in images with
 * posix/fs:vfs_mount, which also mounts them at boot (vfs.mount=).
 */
#include <sys/stat.h>
#include <errno.h>
#include <string.h>
#include <uk/mount_opt.h>
#include <uk/ramfs.h>
#include <uk/syscall.h>
#include <uk/vfs.h>

#define MS_RDONLY_FLAG 0x1ul
/* nosuid, nodev, noexec, synchronous, mandlock, dirsync, noatime,
 * nodiratime, silent, relatime, strictatime, lazytime. */
#define MS_IGNORED                                                             \
	(0x2ul | 0x4ul | 0x8ul | 0x10ul | 0x40ul | 0x80ul | 0x400ul |          \
	 0x800ul | 0x8000ul | 0x200000ul | 0x1000000ul | 0x2000000ul)
/* The magic number old programs put in the high 16 bits. */
#define MS_MGC_VAL_BITS 0xc0ed0000ul
#define MS_MGC_MASK 0xffff0000ul

/* posix/fs:vfs_mount's host shares (weak: images without them). */
extern int uk_vfs_mount_share(const char *tag, const char *path,
			      unsigned int flags, const char *data)
	__attribute__((weak));

UK_SYSCALL_DEFINE(int, mount, const char *, source, const char *, target,
		  const char *, type, unsigned long, flags, const void *, data)
{
	const bool share = type && !strcmp(type, "9p") && uk_vfs_mount_share;
	struct stat st;
	int ret;

	if ((flags & MS_MGC_MASK) == MS_MGC_VAL_BITS)
		flags &= ~MS_MGC_MASK;
	if (flags & ~(MS_RDONLY_FLAG | MS_IGNORED))
		return -EINVAL;
	if (!target || !type)
		return -EFAULT;
	if (!share && strcmp(type, "ramfs") && strcmp(type, "tmpfs"))
		return -ENODEV;
	ret = uk_sys_stat(target, &st);
	if (ret)
		return ret;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (share)
		return uk_vfs_mount_share(
			source, target,
			(flags & MS_RDONLY_FLAG) ? UK_MOUNT_RDONLY : 0, data);
	return uk_ramfs_mount(target,
			      (flags & MS_RDONLY_FLAG) ? UK_MOUNT_RDONLY : 0);
}
