/*
 * procfs: the few files of /proc that programs commonly read. cpuinfo,
 * meminfo and self/maps are generated at each read (so they stay current
 * and report a size of 0, as Linux's do); self/fd is a link to /dev/fd,
 * whose entries reopen the files open at each fd; self/exe is a link to
 * UK_PROCFS_EXE, the program's name (the image has no file of itself: the
 * link dangles). The tree is fixed and never freed. Everything runs under
 * the VFS lock.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <uk/alloc.h>
#include <uk/procfs.h>
#include <uk/vfs.h>

#include "posix/fs/procfs/procfs_cpus.h"

enum proc_kind {
	PROC_ROOT,
	PROC_SELF,
	PROC_CPUINFO,
	PROC_MEMINFO,
	PROC_MAPS,
	PROC_LINK,
	PROC_EXE
};

struct proc_entry {
	const char *name;
	enum proc_kind kind;
	mode_t mode;
	/* The directory it is in. */
	enum proc_kind parent;
	const char *target;
};

/* [0] is the root itself. */
static const struct proc_entry proc_entries[] = {
	{ "", PROC_ROOT, S_IFDIR | 0555, PROC_ROOT, NULL },
	{ "cpuinfo", PROC_CPUINFO, S_IFREG | 0444, PROC_ROOT, NULL },
	{ "meminfo", PROC_MEMINFO, S_IFREG | 0444, PROC_ROOT, NULL },
	{ "self", PROC_SELF, S_IFDIR | 0555, PROC_ROOT, NULL },
	{ "fd", PROC_LINK, S_IFLNK | 0777, PROC_SELF, "/dev/fd" },
	{ "exe", PROC_EXE, S_IFLNK | 0777, PROC_SELF, UK_PROCFS_EXE },
	{ "maps", PROC_MAPS, S_IFREG | 0444, PROC_SELF, NULL },
};

#define PROC_N UK_ARRAY_SIZE(proc_entries)

struct procfs {
	struct uk_mount mount;
	struct uk_vnode nodes[PROC_N];
};

/*
 * Longest text of a generated file: one line per CPU, a few lines, a
 * few map lines.
 */
#define PROC_TEXT_MAX 8192

static const struct proc_entry *entry_of(struct uk_vnode *vn)
{
	struct procfs *fs = uk_container_of(vn->mount, struct procfs, mount);

	return &proc_entries[vn - fs->nodes];
}

static struct uk_vnode *node(struct uk_vnode *any, enum proc_kind kind)
{
	struct procfs *fs = uk_container_of(any->mount, struct procfs, mount);
	size_t i;

	for (i = 0; i < PROC_N && proc_entries[i].kind != kind; i++)
		;
	return &fs->nodes[i];
}

static int proc_lookup(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **vn)
{
	enum proc_kind kind = entry_of(dir)->kind;
	size_t i;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*vn = node(dir, PROC_ROOT);
		uk_vnode_acquire(*vn);
		return 0;
	}
	for (i = 1; i < PROC_N; i++) {
		if (proc_entries[i].parent == kind &&
		    !strncmp(proc_entries[i].name, name, len) &&
		    !proc_entries[i].name[len]) {
			*vn = node(dir, proc_entries[i].kind);
			uk_vnode_acquire(*vn);
			return 0;
		}
	}
	return -ENOENT;
}

static int proc_readdir(struct uk_vnode *dir, uint64_t pos,
			struct uk_vfs_dirent *ent)
{
	enum proc_kind kind = entry_of(dir)->kind;
	uint64_t i;

	for (i = UK_MAX(pos, 1); i < PROC_N; i++) {
		if (proc_entries[i].parent != kind)
			continue;
		ent->ino = (ino_t)(i + 1);
		ent->type = (unsigned char)IFTODT(proc_entries[i].mode);
		ent->next = i + 1;
		ent->name = proc_entries[i].name;
		return 0;
	}
	return -ENOENT;
}

/* Appends s to the text at *len (room for PROC_TEXT_MAX bytes). */
static void put_str(char *text, size_t *len, const char *s)
{
	size_t n = UK_MIN(strlen(s), PROC_TEXT_MAX - *len);

	memcpy(text + *len, s, n);
	*len += n;
}

static void put_num(char *text, size_t *len, unsigned long v)
{
	char tmp[24];
	int n = (int)sizeof(tmp) - 1;

	tmp[n] = '\0';
	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(text, len, tmp + n);
}

/* v in hexadecimal, at least width digits. */
static void put_hex(char *text, size_t *len, unsigned long v, int width)
{
	char tmp[24];
	int n = (int)sizeof(tmp) - 1;

	tmp[n] = '\0';
	do {
		tmp[--n] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v || (int)sizeof(tmp) - 1 - n < width);
	put_str(text, len, tmp + n);
}

#define PROC_MAPS_REGIONS 8
/* Linux pads the line to this column before the name. */
#define PROC_MAPS_NAME_COLUMN 73

/*
 * Linux's show_map_vma() format: start-end perms offset dev inode name.
 * Offsets, device and inode are 0: nothing is mapped from a file.
 */
static size_t proc_maps(char *text)
{
	struct uk_procfs_region r[PROC_MAPS_REGIONS];
	unsigned int i, n = uk_procfs_regions(r, PROC_MAPS_REGIONS);
	size_t len = 0, line;

	for (i = 0; i < n; i++) {
		line = len;
		put_hex(text, &len, r[i].start, 8);
		put_str(text, &len, "-");
		put_hex(text, &len, r[i].end, 8);
		put_str(text, &len, " ");
		put_str(text, &len, r[i].perms);
		put_str(text, &len, " 00000000 00:00 0");
		if (r[i].name[0]) {
			do
				put_str(text, &len, " ");
			while (len - line < PROC_MAPS_NAME_COLUMN);
			put_str(text, &len, r[i].name);
		}
		put_str(text, &len, "\n");
	}
	return len;
}

/* The text of cpuinfo, meminfo or maps; returns its length. */
static size_t proc_text(enum proc_kind kind, char *text)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats st;
	unsigned int i, cpus;
	size_t len = 0, avail;

	if (kind == PROC_CPUINFO) {
		cpus = uk_procfs_cpus();
		for (i = 0; i < cpus; i++) {
			put_str(text, &len, "processor\t: ");
			put_num(text, &len, i);
			put_str(text, &len, "\n\n");
		}
		return len;
	}
	if (kind == PROC_MAPS)
		return proc_maps(text);
	uk_alloc_stats_get(a, &st);
	avail = uk_alloc_availmem(a);
	put_str(text, &len, "MemTotal:       ");
	put_num(text, &len, (avail + st.cur_bytes) / 1024);
	put_str(text, &len, " kB\nMemFree:        ");
	put_num(text, &len, avail / 1024);
	put_str(text, &len, " kB\nMemAvailable:   ");
	put_num(text, &len, avail / 1024);
	put_str(text, &len, " kB\n");
	return len;
}

static ssize_t proc_read(struct uk_vnode *vn, void *buf, size_t len, off_t off)
{
	char *text = uk_malloc(uk_alloc_get_default(), PROC_TEXT_MAX);
	size_t n;

	if (!text)
		return -ENOMEM;
	n = proc_text(entry_of(vn)->kind, text);
	if ((size_t)off >= n) {
		n = 0;
	} else {
		n = UK_MIN(len, n - (size_t)off);
		memcpy(buf, text + off, n);
	}
	uk_free(uk_alloc_get_default(), text);
	return (ssize_t)n;
}

static ssize_t proc_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	const char *t = entry_of(vn)->target;
	size_t n = UK_MIN(len, strlen(t));

	memcpy(buf, t, n);
	return (ssize_t)n;
}

static const struct uk_vnode_ops proc_dir_ops = {
	.lookup = proc_lookup,
	.readdir = proc_readdir,
};

static const struct uk_vnode_ops proc_file_ops = {
	.read = proc_read,
};

static const struct uk_vnode_ops proc_link_ops = {
	.readlink = proc_readlink,
};

int uk_procfs_mount(const char *path)
{
	const struct uk_vnode_ops *ops;
	struct procfs *fs;
	size_t i;
	int ret;

	fs = uk_calloc(uk_alloc_get_default(), 1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->mount.magic = UK_PROCFS_MAGIC;
	fs->mount.dev = makedev(0, 4);
	for (i = 0; i < PROC_N; i++) {
		if (S_ISDIR(proc_entries[i].mode))
			ops = &proc_dir_ops;
		else if (S_ISLNK(proc_entries[i].mode))
			ops = &proc_link_ops;
		else
			ops = &proc_file_ops;
		uk_vnode_init(&fs->nodes[i], ops, &fs->mount,
			      proc_entries[i].mode, (ino_t)(i + 1));
		if (proc_entries[i].target)
			fs->nodes[i].size =
				(off_t)strlen(proc_entries[i].target);
	}
	fs->mount.flags = UK_MOUNT_RDONLY;
	ret = uk_vfs_mount(path, &fs->mount, &fs->nodes[0]);
	if (ret)
		uk_free(uk_alloc_get_default(), fs);
	return ret;
}
