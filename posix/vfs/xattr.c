/*
 * Extended attributes. No file system of the VFS keeps them, so the calls
 * answer as Linux does on a file system without xattr support: after the
 * checks of their arguments (flags EINVAL, a name empty or longer than
 * XATTR_NAME_MAX ERANGE, a value over XATTR_SIZE_MAX E2BIG) and of the
 * path or fd, get, set and remove give EOPNOTSUPP and list returns an
 * empty list.
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

#define XATTR_CREATE_FLAG 1
#define XATTR_REPLACE_FLAG 2
#define XATTR_NAME_MAX_LEN 255
#define XATTR_SIZE_MAX_LEN 65536

static int xattr_name(const char *name)
{
	size_t len;

	if (!name)
		return -EFAULT;
	len = strnlen(name, XATTR_NAME_MAX_LEN + 1);
	return (!len || len > XATTR_NAME_MAX_LEN) ? -ERANGE : 0;
}

static int xattr_set_args(const char *name, size_t size, int flags)
{
	if (flags & ~(XATTR_CREATE_FLAG | XATTR_REPLACE_FLAG))
		return -EINVAL;
	if (xattr_name(name))
		return xattr_name(name);
	return size > XATTR_SIZE_MAX_LEN ? -E2BIG : 0;
}

/* The path exists (following a final symbolic link when follow). */
static int xattr_path(const char *path, bool follow)
{
	struct uk_vnode *vn;
	int ret = uk_vfs_lookup(AT_FDCWD, path, follow, &vn);

	if (!ret)
		uk_vnode_release(vn);
	return ret;
}

/* fd is open, and not with O_PATH. */
static int xattr_fd(int fd)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct uk_vfs_file *vf;
	int ret = 0;

	if (!f)
		return -EBADF;
	vf = uk_vfs_file_of(f);
	if (vf && (vf->oflags & O_PATH))
		ret = -EBADF;
	uk_file_release(f);
	return ret;
}

static int path_setxattr(const char *path, bool follow, const char *name,
			 size_t size, int flags)
{
	int ret = xattr_set_args(name, size, flags);

	if (!ret)
		ret = xattr_path(path, follow);
	return ret ? ret : -EOPNOTSUPP;
}

UK_SYSCALL_DEFINE(int, setxattr, const char *, path, const char *, name,
		  const void *, value __unused, size_t, size, int, flags)
{
	return path_setxattr(path, true, name, size, flags);
}

UK_SYSCALL_DEFINE(int, lsetxattr, const char *, path, const char *, name,
		  const void *, value __unused, size_t, size, int, flags)
{
	return path_setxattr(path, false, name, size, flags);
}

UK_SYSCALL_DEFINE(int, fsetxattr, int, fd, const char *, name, const void *,
		  value __unused, size_t, size, int, flags)
{
	int ret = xattr_fd(fd);

	if (!ret)
		ret = xattr_set_args(name, size, flags);
	return ret ? ret : -EOPNOTSUPP;
}

/* getxattr and removexattr: the name, then the path. */
static int path_name_op(const char *path, bool follow, const char *name)
{
	int ret = xattr_name(name);

	if (!ret)
		ret = xattr_path(path, follow);
	return ret ? ret : -EOPNOTSUPP;
}

static int fd_name_op(int fd, const char *name)
{
	int ret = xattr_fd(fd);

	if (!ret)
		ret = xattr_name(name);
	return ret ? ret : -EOPNOTSUPP;
}

UK_SYSCALL_DEFINE(ssize_t, getxattr, const char *, path, const char *, name,
		  void *, value __unused, size_t, size __unused)
{
	return path_name_op(path, true, name);
}

UK_SYSCALL_DEFINE(ssize_t, lgetxattr, const char *, path, const char *, name,
		  void *, value __unused, size_t, size __unused)
{
	return path_name_op(path, false, name);
}

UK_SYSCALL_DEFINE(ssize_t, fgetxattr, int, fd, const char *, name, void *,
		  value __unused, size_t, size __unused)
{
	return fd_name_op(fd, name);
}

UK_SYSCALL_DEFINE(int, removexattr, const char *, path, const char *, name)
{
	return path_name_op(path, true, name);
}

UK_SYSCALL_DEFINE(int, lremovexattr, const char *, path, const char *, name)
{
	return path_name_op(path, false, name);
}

UK_SYSCALL_DEFINE(int, fremovexattr, int, fd, const char *, name)
{
	return fd_name_op(fd, name);
}

/* An empty list: the size of the names is 0. */
UK_SYSCALL_DEFINE(ssize_t, listxattr, const char *, path, char *, list __unused,
		  size_t, size __unused)
{
	return xattr_path(path, true);
}

UK_SYSCALL_DEFINE(ssize_t, llistxattr, const char *, path, char *,
		  list __unused, size_t, size __unused)
{
	return xattr_path(path, false);
}

UK_SYSCALL_DEFINE(ssize_t, flistxattr, int, fd, char *, list __unused, size_t,
		  size __unused)
{
	return xattr_fd(fd);
}
