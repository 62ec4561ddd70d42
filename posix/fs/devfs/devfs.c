/*
 * devfs: a fixed directory of device files and the fd/ directory.
 *
 * The devices are vnodes whose read and write ops are the device (null
 * reads nothing and takes everything, zero reads zeros, full refuses
 * writes with ENOSPC, random and urandom read getrandom's bytes), opened
 * as ordinary VFS files. console and tty open the console's own file;
 * fd/N opens the file open at fd N (a new fd for the same open file, as
 * Linux's /dev/fd does for pipes and sockets). The root directory and
 * the devices are allocated once and never freed; fd/N vnodes come and
 * go with their lookups. Everything runs under the VFS lock.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <uk/alloc.h>
#include <uk/devfs.h>
#include <uk/fdtab.h>
#include <uk/vfs.h>

#include "posix/fs/devfs/devfs_random.h"

enum devfs_kind {
	DEV_NULL,
	DEV_ZERO,
	DEV_FULL,
	DEV_RANDOM,
	DEV_CONSOLE,
	DEV_FDDIR,
	DEV_LINK,
};

struct devfs_entry {
	const char *name;
	enum devfs_kind kind;
	mode_t mode;
	unsigned int major, minor;
	/* Target of a link. */
	const char *target;
};

static const struct devfs_entry devfs_entries[] = {
	{ "null", DEV_NULL, S_IFCHR | 0666, 1, 3, NULL },
	{ "zero", DEV_ZERO, S_IFCHR | 0666, 1, 5, NULL },
	{ "full", DEV_FULL, S_IFCHR | 0666, 1, 7, NULL },
	{ "random", DEV_RANDOM, S_IFCHR | 0666, 1, 8, NULL },
	{ "urandom", DEV_RANDOM, S_IFCHR | 0666, 1, 9, NULL },
	{ "console", DEV_CONSOLE, S_IFCHR | 0600, 5, 1, NULL },
	{ "tty", DEV_CONSOLE, S_IFCHR | 0666, 5, 0, NULL },
	{ "fd", DEV_FDDIR, S_IFDIR | 0755, 0, 0, NULL },
	{ "stdin", DEV_LINK, S_IFLNK | 0777, 0, 0, "fd/0" },
	{ "stdout", DEV_LINK, S_IFLNK | 0777, 0, 0, "fd/1" },
	{ "stderr", DEV_LINK, S_IFLNK | 0777, 0, 0, "fd/2" },
};

#define DEVFS_N UK_ARRAY_SIZE(devfs_entries)

struct devfs_node {
	struct uk_vnode vn;
	/* NULL for the root directory and fd/N. */
	const struct devfs_entry *ent;
	/* fd/N: the fd. */
	int fd;
};

struct devfs {
	struct uk_mount mount;
	struct devfs_node root;
	struct devfs_node nodes[DEVFS_N];
	struct uk_file *(*console)(void);
	/* Name of the last fd/ entry readdir reported. */
	char fdname[12];
};

static const struct uk_vnode_ops devfs_ops, devfs_special_ops;

static struct devfs_node *node_of(struct uk_vnode *vn)
{
	return uk_container_of(vn, struct devfs_node, vn);
}

static struct devfs *fs_of(struct uk_vnode *vn)
{
	return uk_container_of(vn->mount, struct devfs, mount);
}

static bool is_fddir(struct uk_vnode *vn)
{
	struct devfs_node *n = node_of(vn);

	return n->ent && n->ent->kind == DEV_FDDIR;
}

/* Whether this devfs offers entry i (console and tty need a console). */
static bool entry_present(struct devfs *fs, size_t i)
{
	return devfs_entries[i].kind != DEV_CONSOLE || fs->console;
}

/* fd/N: a new vnode for an open fd. */
static int fd_lookup(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode **vn)
{
	struct devfs_node *n;
	struct uk_file *f;
	int fd = 0;
	size_t i;

	if (len > 9 || (len > 1 && name[0] == '0'))
		return -ENOENT;
	for (i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -ENOENT;
		fd = fd * 10 + (name[i] - '0');
	}
	f = uk_fdtab_get(fd);
	if (!f)
		return -ENOENT;
	uk_file_release(f);
	n = uk_calloc(uk_alloc_get_default(), 1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	uk_vnode_init(&n->vn, &devfs_special_ops, dir->mount, S_IFCHR | 0600,
		      (ino_t)(1000 + fd));
	n->fd = fd;
	*vn = &n->vn;
	return 0;
}

static int devfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
			struct uk_vnode **vn)
{
	struct devfs *fs = fs_of(dir);
	size_t i;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*vn = &fs->root.vn;
		uk_vnode_acquire(*vn);
		return 0;
	}
	if (is_fddir(dir))
		return fd_lookup(dir, name, len, vn);
	for (i = 0; i < DEVFS_N; i++) {
		if (entry_present(fs, i) &&
		    !strncmp(devfs_entries[i].name, name, len) &&
		    !devfs_entries[i].name[len]) {
			*vn = &fs->nodes[i].vn;
			uk_vnode_acquire(*vn);
			return 0;
		}
	}
	return -ENOENT;
}

/* The decimal name of an fd (buf: at least 11 bytes). */
static void fd_name(char *buf, unsigned int fd)
{
	char tmp[10];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + fd % 10);
		fd /= 10;
	} while (fd);
	while (n)
		*buf++ = tmp[--n];
	*buf = '\0';
}

static int devfs_readdir(struct uk_vnode *dir, uint64_t pos,
			 struct uk_vfs_dirent *ent)
{
	struct devfs *fs = fs_of(dir);
	uint64_t i;
	int fd;

	if (is_fddir(dir)) {
		fd = pos < UK_FDTAB_SIZE ? uk_fdtab_next((int)pos) : -1;
		if (fd < 0)
			return -ENOENT;
		fd_name(fs->fdname, (unsigned int)fd);
		ent->ino = (ino_t)(1000 + fd);
		ent->type = DT_CHR;
		ent->next = (uint64_t)fd + 1;
		ent->name = fs->fdname;
		return 0;
	}
	for (i = pos; i < DEVFS_N; i++) {
		if (!entry_present(fs, i))
			continue;
		ent->ino = fs->nodes[i].vn.ino;
		ent->type = (unsigned char)IFTODT(devfs_entries[i].mode);
		ent->next = i + 1;
		ent->name = devfs_entries[i].name;
		return 0;
	}
	return -ENOENT;
}

static ssize_t devfs_read(struct uk_vnode *vn, void *buf, size_t len,
			  off_t off __unused)
{
	switch (node_of(vn)->ent->kind) {
	case DEV_NULL:
		return 0;
	case DEV_RANDOM:
		return uk_devfs_random(buf, len);
	default:
		memset(buf, 0, len);
		return (ssize_t)len;
	}
}

static ssize_t devfs_write(struct uk_vnode *vn, const void *buf __unused,
			   size_t len, off_t off __unused)
{
	return node_of(vn)->ent->kind == DEV_FULL ? -ENOSPC : (ssize_t)len;
}

static ssize_t devfs_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	const char *t = node_of(vn)->ent->target;
	size_t n = UK_MIN(len, strlen(t));

	memcpy(buf, t, n);
	return (ssize_t)n;
}

/* console, tty and fd/N open an existing file; the rest are VFS files. */
static int devfs_open(struct uk_vnode *vn, unsigned int flags __unused,
		      struct uk_file **f)
{
	struct devfs_node *n = node_of(vn);

	if (!n->ent) {
		*f = uk_fdtab_get(n->fd);
		return *f ? 0 : -ENOENT;
	}
	*f = fs_of(vn)->console();
	return 0;
}

static void devfs_inactive(struct uk_vnode *vn)
{
	struct devfs_node *n = node_of(vn);

	if (!n->ent && vn != &fs_of(vn)->root.vn)
		uk_free(uk_alloc_get_default(), n);
}

static const struct uk_vnode_ops devfs_ops = {
	.lookup = devfs_lookup,
	.readdir = devfs_readdir,
	.inactive = devfs_inactive,
};

static const struct uk_vnode_ops devfs_dev_ops = {
	.read = devfs_read,
	.write = devfs_write,
	.inactive = devfs_inactive,
};

static const struct uk_vnode_ops devfs_special_ops = {
	.open = devfs_open,
	.inactive = devfs_inactive,
};

static const struct uk_vnode_ops devfs_link_ops = {
	.readlink = devfs_readlink,
	.inactive = devfs_inactive,
};

static const struct uk_vnode_ops *entry_ops(const struct devfs_entry *e)
{
	switch (e->kind) {
	case DEV_CONSOLE:
		return &devfs_special_ops;
	case DEV_FDDIR:
		return &devfs_ops;
	case DEV_LINK:
		return &devfs_link_ops;
	default:
		return &devfs_dev_ops;
	}
}

int uk_devfs_mount(const char *path, struct uk_file *(*console)(void))
{
	struct devfs *fs;
	size_t i;
	int ret;

	fs = uk_calloc(uk_alloc_get_default(), 1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->console = console;
	fs->mount.magic = UK_DEVFS_MAGIC;
	fs->mount.dev = makedev(0, 5);
	uk_vnode_init(&fs->root.vn, &devfs_ops, &fs->mount, S_IFDIR | 0755, 1);
	for (i = 0; i < DEVFS_N; i++) {
		uk_vnode_init(&fs->nodes[i].vn, entry_ops(&devfs_entries[i]),
			      &fs->mount, devfs_entries[i].mode,
			      (ino_t)(2 + i));
		fs->nodes[i].ent = &devfs_entries[i];
		fs->nodes[i].vn.rdev =
			makedev(devfs_entries[i].major, devfs_entries[i].minor);
		if (devfs_entries[i].target)
			fs->nodes[i].vn.size =
				(off_t)strlen(devfs_entries[i].target);
	}
	ret = uk_vfs_mount(path, &fs->mount, &fs->root.vn);
	if (ret)
		uk_free(uk_alloc_get_default(), fs);
	return ret;
}
