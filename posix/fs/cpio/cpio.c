/*
 * cpio "newc" reader: a 110-byte header of "070701" and thirteen 8-digit
 * hexadecimal fields, the NUL-terminated name padded to 4 bytes, then the
 * data padded to 4 bytes; "TRAILER!!!" ends the archive. Files are made
 * through the VFS system calls, relative to a directory fd.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/cpio.h>
#include <uk/fdtab.h>
#include <uk/vfs.h>

#define CPIO_HDR 110
#define CPIO_FIELDS 13
/* Field indexes in the header. */
#define F_MODE 1
#define F_FILESIZE 6
#define F_NAMESIZE 11

static size_t align4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

/* Parses the header's fields; false if one is not hexadecimal. */
static bool parse_header(const char *h, unsigned long *f)
{
	int i, j;
	char c;

	for (i = 0; i < CPIO_FIELDS; i++) {
		f[i] = 0;
		for (j = 0; j < 8; j++) {
			c = h[6 + 8 * i + j];
			f[i] <<= 4;
			if (c >= '0' && c <= '9')
				f[i] |= (unsigned long)(c - '0');
			else if (c >= 'A' && c <= 'F')
				f[i] |= (unsigned long)(c - 'A' + 10);
			else if (c >= 'a' && c <= 'f')
				f[i] |= (unsigned long)(c - 'a' + 10);
			else
				return false;
		}
	}
	return true;
}

/*
 * The name relative to the extraction directory: leading "/" and "./"
 * dropped; NULL if a component is "..". An empty result is the directory
 * itself.
 */
static const char *relative_name(const char *name)
{
	const char *p;
	size_t len;

	while (*name == '/' || (name[0] == '.' && name[1] == '/'))
		name += *name == '/' ? 1 : 2;
	if (!strcmp(name, "."))
		return "";
	for (p = name; *p; p += len + (p[len] == '/')) {
		len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return NULL;
	}
	return name;
}

static int make_file(int dirfd, const char *name, unsigned int mode,
		     const char *data, size_t size)
{
	ssize_t n;
	int fd, ret = 0;

	fd = uk_sys_openat(dirfd, name,
			   O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC,
			   mode & 07777);
	if (fd < 0)
		return fd;
	while (size) {
		n = uk_sys_write(fd, data, size);
		if (n <= 0) {
			ret = n ? (int)n : -EIO;
			break;
		}
		data += n;
		size -= (size_t)n;
	}
	if (!ret)
		ret = uk_sys_fchmod(fd, mode & 07777);
	uk_sys_close(fd);
	return ret;
}

static int make_dir(int dirfd, const char *name, unsigned int mode)
{
	struct stat st;
	int ret;

	ret = uk_sys_mkdirat(dirfd, name, mode & 07777);
	if (ret == -EEXIST &&
	    !uk_sys_newfstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
	    S_ISDIR(st.st_mode))
		ret = 0;
	return ret ? ret : uk_sys_fchmodat(dirfd, name, mode & 07777);
}

static int make_link(int dirfd, const char *name, const char *data, size_t size)
{
	char *target;
	int ret;

	if (!size || size >= PATH_MAX || memchr(data, '\0', size))
		return -EINVAL;
	target = uk_malloc(uk_alloc_get_default(), size + 1);
	if (!target)
		return -ENOMEM;
	memcpy(target, data, size);
	target[size] = '\0';
	ret = uk_sys_symlinkat(target, dirfd, name);
	uk_free(uk_alloc_get_default(), target);
	return ret;
}

/*
 * Whether a directory on the way to rel (below dirfd) is a symbolic
 * link: an archive's link followed by a later entry's name could lead
 * out of dirfd ("l" -> "..", then "l/file"). 0 (none), 1, or -ENOMEM.
 */
static int through_link(int dirfd, const char *rel)
{
	struct stat st;
	size_t len = strlen(rel), i;
	char *path;
	int ret = 0;

	path = uk_malloc(uk_alloc_get_default(), len + 1);
	if (!path)
		return -ENOMEM;
	memcpy(path, rel, len + 1);
	for (i = 0; i < len && !ret; i++) {
		if (path[i] != '/')
			continue;
		path[i] = '\0';
		if (!uk_sys_newfstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISLNK(st.st_mode))
			ret = 1;
		path[i] = '/';
	}
	uk_free(uk_alloc_get_default(), path);
	return ret;
}

/* Creates one entry; sets *reason when it fails. */
static int make_entry(int dirfd, const char *name, unsigned int mode,
		      const char *data, size_t size, const char **reason)
{
	const char *rel = relative_name(name);
	int ret;

	*reason = "cannot create the file";
	if (!rel) {
		*reason = "path leaves the root";
		return -EINVAL;
	}
	ret = through_link(dirfd, rel);
	if (ret) {
		*reason = "path goes through a link";
		return ret < 0 ? ret : -EINVAL;
	}
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return *rel ? make_dir(dirfd, rel, mode) : 0;
	case S_IFREG:
		return make_file(dirfd, rel, mode, data, size);
	case S_IFLNK:
		ret = make_link(dirfd, rel, data, size);
		if (ret == -EINVAL)
			*reason = "bad link target";
		return ret;
	default:
		*reason = "unsupported file type";
		return -EINVAL;
	}
}

int uk_cpio_extract(const void *archive, size_t len, int dirfd,
		    struct uk_cpio_error *err)
{
	const char *a = archive, *h, *name;
	unsigned long f[CPIO_FIELDS];
	size_t off = 0, data, nsize, fsize;
	int ret;

	for (;;) {
		err->offset = off;
		h = a + off;
		err->reason = "truncated header";
		if (len - off < CPIO_HDR)
			return -EINVAL;
		err->reason = "bad magic";
		if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
			return -EINVAL;
		err->reason = "bad number in the header";
		if (!parse_header(h, f))
			return -EINVAL;
		nsize = f[F_NAMESIZE];
		fsize = f[F_FILESIZE];
		err->reason = "bad name size";
		if (!nsize || nsize > PATH_MAX)
			return -EINVAL;
		err->reason = "truncated name";
		if (nsize > len - off - CPIO_HDR)
			return -EINVAL;
		name = h + CPIO_HDR;
		err->reason = "name not NUL-terminated";
		if (name[nsize - 1] || memchr(name, '\0', nsize - 1))
			return -EINVAL;
		data = align4(off + CPIO_HDR + nsize);
		err->reason = "truncated data";
		if (data > len || fsize > len - data)
			return -EINVAL;
		if (!strcmp(name, "TRAILER!!!"))
			return 0;
		ret = make_entry(dirfd, name, (unsigned int)f[F_MODE], a + data,
				 fsize, &err->reason);
		if (ret)
			return ret;
		off = align4(data + fsize);
		if (off > len)
			off = len;
	}
}
