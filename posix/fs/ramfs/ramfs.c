/*
 * ramfs: files, directories and symbolic links in the heap.
 *
 * A regular file's data is an array of page pointers, NULL for a hole:
 * ftruncate to a large size allocates nothing, and the array only grows
 * to the last page written. A write takes its pages before it copies, so
 * a full heap (ENOSPC) never loses or corrupts data already written.
 * A MAP_SHARED mapping lends the file its pages: while it lasts, those
 * page pointers point into the mapping, so stores through it and
 * read()/write() meet in the same memory; munmap copies them back.
 * A directory is a list of entries in creation order, each with a cookie
 * for getdents64 that stays valid while entries come and go.
 *
 * Nodes live while a directory entry or a vnode reference holds them: the
 * last reference to a node without names (nlink 0) frees it. All calls
 * come from posix/vfs with its lock held.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

#define PAGE_SIZE __PAGE_SIZE

struct ramfs_dirent {
	struct uk_list_head node;
	struct ramfs_node *child;
	/* Cookie of this entry for readdir. */
	uint64_t cookie;
	char name[];
};

/*
 * A MAP_SHARED mapping of a file: while it lasts, the file's pages
 * [pgoff, pgoff + npages) are the mapping's (mem), unless a truncation
 * dropped them.
 */
struct ramfs_map {
	struct ramfs_map *next;
	char *mem;
	size_t pgoff, npages;
};

struct ramfs_node {
	struct uk_vnode vn;
	union {
		struct {
			/* The parent directory ("..": itself for the root). */
			struct ramfs_node *parent;
			struct uk_list_head entries;
			uint64_t next_cookie;
		} dir;
		struct {
			void **pages;
			size_t npages;
			/* Shared mappings, whose pages the file uses. */
			struct ramfs_map *maps;
		} file;
		/* NUL-terminated target of a link. */
		char *target;
	};
};

struct ramfs {
	struct uk_mount mount;
	ino_t next_ino;
};

/* Directory sizes as Linux's tmpfs reports them. */
#define DIRENT_BOGO_SIZE 20

static const struct uk_vnode_ops ramfs_ops;

static inline struct ramfs_node *node_of(struct uk_vnode *vn)
{
	return uk_container_of(vn, struct ramfs_node, vn);
}

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static struct ramfs_dirent *dir_find(struct ramfs_node *dir, const char *name,
				     size_t len)
{
	struct uk_list_head *p;
	struct ramfs_dirent *d;

	for (p = dir->dir.entries.next; p != &dir->dir.entries; p = p->next) {
		d = uk_container_of(p, struct ramfs_dirent, node);
		if (!strncmp(d->name, name, len) && !d->name[len])
			return d;
	}
	return NULL;
}

static int ramfs_lookup(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode **vn)
{
	struct ramfs_node *dir = node_of(dvn);
	struct ramfs_dirent *d;

	/* A removed directory has no entries, not even "..". */
	if (!dvn->nlink)
		return -ENOENT;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*vn = &dir->dir.parent->vn;
	} else {
		d = dir_find(dir, name, len);
		if (!d)
			return -ENOENT;
		*vn = &d->child->vn;
	}
	uk_vnode_acquire(*vn);
	return 0;
}

/* Adds an entry for child to dir. */
static int dir_add(struct ramfs_node *dir, const char *name, size_t len,
		   struct ramfs_node *child)
{
	struct ramfs_dirent *d;

	d = uk_malloc(heap(), sizeof(*d) + len + 1);
	if (!d)
		return -ENOSPC;
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->child = child;
	d->cookie = dir->dir.next_cookie++;
	uk_list_add_tail(&d->node, &dir->dir.entries);
	dir->vn.size += DIRENT_BOGO_SIZE;
	if (S_ISDIR(child->vn.mode))
		dir->vn.nlink++;
	return 0;
}

static void dir_del(struct ramfs_node *dir, struct ramfs_dirent *d)
{
	uk_list_del(&d->node);
	dir->vn.size -= DIRENT_BOGO_SIZE;
	if (S_ISDIR(d->child->vn.mode))
		dir->vn.nlink--;
	uk_free(heap(), d);
}

static void node_free(struct ramfs_node *n)
{
	size_t i;

	if (S_ISREG(n->vn.mode)) {
		for (i = 0; i < n->file.npages; i++)
			if (n->file.pages[i])
				uk_pfree(heap(), n->file.pages[i], 1);
		uk_free(heap(), n->file.pages);
	} else if (S_ISLNK(n->vn.mode)) {
		uk_free(heap(), n->target);
	}
	uk_free(heap(), n);
}

static struct ramfs_node *node_new(struct uk_mount *m, mode_t mode)
{
	struct ramfs *fs = uk_container_of(m, struct ramfs, mount);
	struct ramfs_node *n;

	n = uk_calloc(heap(), 1, sizeof(*n));
	if (!n)
		return NULL;
	uk_vnode_init(&n->vn, &ramfs_ops, m, mode, fs->next_ino++);
	if (S_ISDIR(mode)) {
		uk_list_init(&n->dir.entries);
		n->dir.parent = n;
		n->vn.size = 2 * DIRENT_BOGO_SIZE;
	}
	return n;
}

static int ramfs_create(struct uk_vnode *dvn, const char *name, size_t len,
			mode_t mode, dev_t rdev, const char *target,
			struct uk_vnode **vn)
{
	struct ramfs_node *dir = node_of(dvn), *n;
	size_t tlen = target ? strlen(target) : 0;
	int ret;

	if (dir_find(dir, name, len))
		return -EEXIST;
	n = node_new(dvn->mount, mode);
	if (!n)
		return -ENOSPC;
	n->vn.rdev = rdev;
	if (S_ISLNK(mode)) {
		n->target = uk_malloc(heap(), tlen + 1);
		if (!n->target) {
			node_free(n);
			return -ENOSPC;
		}
		memcpy(n->target, target, tlen + 1);
		n->vn.size = (off_t)tlen;
	}
	if (S_ISDIR(mode))
		n->dir.parent = dir;
	ret = dir_add(dir, name, len, n);
	if (ret) {
		node_free(n);
		return ret;
	}
	*vn = &n->vn;
	return 0;
}

static int ramfs_link(struct uk_vnode *dvn, const char *name, size_t len,
		      struct uk_vnode *vn)
{
	int ret = dir_add(node_of(dvn), name, len, node_of(vn));

	if (!ret)
		vn->nlink++;
	return ret;
}

/* The last name of n is going: a directory loses its own links too. */
static void node_unlinked(struct ramfs_node *n)
{
	if (S_ISDIR(n->vn.mode))
		n->vn.nlink = 0;
	else
		n->vn.nlink--;
	if (!n->vn.nlink && !n->vn.refcount)
		node_free(n);
}

static int ramfs_unlink(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode *vn)
{
	struct ramfs_node *dir = node_of(dvn), *n = node_of(vn);
	struct ramfs_dirent *d = dir_find(dir, name, len);

	if (!d || d->child != n)
		return -ENOENT;
	if (S_ISDIR(vn->mode) && !uk_list_empty(&n->dir.entries))
		return -ENOTEMPTY;
	dir_del(dir, d);
	node_unlinked(n);
	return 0;
}

static int ramfs_rename(struct uk_vnode *odvn, const char *oname, size_t olen,
			struct uk_vnode *ndvn, const char *nname, size_t nlen)
{
	struct ramfs_node *odir = node_of(odvn), *ndir = node_of(ndvn);
	struct ramfs_dirent *od = dir_find(odir, oname, olen);
	struct ramfs_dirent *nd = dir_find(ndir, nname, nlen);
	struct ramfs_node *n, *victim;
	int ret;

	if (!od)
		return -ENOENT;
	n = od->child;
	if (nd) {
		victim = nd->child;
		if (S_ISDIR(victim->vn.mode) &&
		    !uk_list_empty(&victim->dir.entries))
			return -ENOTEMPTY;
		/* Reuse the target's entry: nothing to allocate. */
		if (S_ISDIR(victim->vn.mode))
			ndir->vn.nlink--;
		if (S_ISDIR(n->vn.mode))
			ndir->vn.nlink++;
		nd->child = n;
		node_unlinked(victim);
	} else {
		ret = dir_add(ndir, nname, nlen, n);
		if (ret)
			return ret;
	}
	dir_del(odir, od);
	if (S_ISDIR(n->vn.mode))
		n->dir.parent = ndir;
	return 0;
}

/* child, now named in dir: a directory's parent and link counts follow. */
static void child_moved(struct ramfs_node *child, struct ramfs_node *from,
			struct ramfs_node *dir)
{
	if (!S_ISDIR(child->vn.mode) || from == dir)
		return;
	from->vn.nlink--;
	dir->vn.nlink++;
	child->dir.parent = dir;
}

static int ramfs_exchange(struct uk_vnode *advn, const char *aname, size_t alen,
			  struct uk_vnode *bdvn, const char *bname, size_t blen)
{
	struct ramfs_node *adir = node_of(advn), *bdir = node_of(bdvn);
	struct ramfs_dirent *a = dir_find(adir, aname, alen);
	struct ramfs_dirent *b = dir_find(bdir, bname, blen);
	struct ramfs_node *n;

	if (!a || !b)
		return -ENOENT;
	n = a->child;
	a->child = b->child;
	b->child = n;
	child_moved(a->child, bdir, adir);
	child_moved(b->child, adir, bdir);
	return 0;
}

static int ramfs_readdir(struct uk_vnode *dvn, uint64_t pos,
			 struct uk_vfs_dirent *ent)
{
	struct ramfs_node *dir = node_of(dvn);
	struct uk_list_head *p;
	struct ramfs_dirent *d;

	for (p = dir->dir.entries.next; p != &dir->dir.entries; p = p->next) {
		d = uk_container_of(p, struct ramfs_dirent, node);
		if (d->cookie < pos)
			continue;
		ent->ino = d->child->vn.ino;
		ent->type = (unsigned char)IFTODT(d->child->vn.mode);
		ent->next = d->cookie + 1;
		ent->name = d->name;
		return 0;
	}
	return -ENOENT;
}

static ssize_t ramfs_read(struct uk_vnode *vn, void *buf, size_t len, off_t off)
{
	struct ramfs_node *n = node_of(vn);
	size_t done = 0, idx, in, chunk;
	char *out = buf;

	if (off >= vn->size)
		return 0;
	len = UK_MIN(len, (size_t)(vn->size - off));
	while (done < len) {
		idx = (size_t)(off + done) / PAGE_SIZE;
		in = (size_t)(off + done) % PAGE_SIZE;
		chunk = UK_MIN(len - done, PAGE_SIZE - in);
		if (idx < n->file.npages && n->file.pages[idx])
			memcpy(out + done, (char *)n->file.pages[idx] + in,
			       chunk);
		else
			memset(out + done, 0, chunk);
		done += chunk;
	}
	return (ssize_t)done;
}

/*
 * Makes the page array cover page idx (below 2^51 for an off_t offset,
 * so the array's size cannot overflow; a huge one is just not there).
 */
static int pages_cover(struct ramfs_node *n, size_t idx)
{
	size_t cnt;
	void **p;

	if (idx < n->file.npages)
		return 0;
	cnt = UK_MAX(idx + 1, 2 * n->file.npages);
	p = uk_realloc(heap(), n->file.pages, cnt * sizeof(*p));
	if (!p && cnt > idx + 1) {
		cnt = idx + 1;
		p = uk_realloc(heap(), n->file.pages, cnt * sizeof(*p));
	}
	if (!p)
		return -ENOSPC;
	memset(p + n->file.npages, 0, (cnt - n->file.npages) * sizeof(*p));
	n->file.pages = p;
	n->file.npages = cnt;
	return 0;
}

/*
 * The page idx, allocated if it was a hole (zeroed unless the caller
 * overwrites all of it); NULL if no memory.
 */
static char *page_get(struct ramfs_node *n, size_t idx, bool whole)
{
	void *pg;

	if (pages_cover(n, idx))
		return NULL;
	if (!n->file.pages[idx]) {
		pg = uk_palloc(heap(), 1);
		if (!pg)
			return NULL;
		if (!whole)
			memset(pg, 0, PAGE_SIZE);
		n->file.pages[idx] = pg;
		n->vn.bytes += PAGE_SIZE;
	}
	return n->file.pages[idx];
}

static ssize_t ramfs_write(struct uk_vnode *vn, const void *buf, size_t len,
			   off_t off)
{
	struct ramfs_node *n = node_of(vn);
	size_t done = 0, in, chunk;
	const char *src = buf;
	char *pg;

	while (done < len) {
		in = (size_t)(off + done) % PAGE_SIZE;
		chunk = UK_MIN(len - done, PAGE_SIZE - in);
		pg = page_get(n, (size_t)(off + done) / PAGE_SIZE,
			      chunk == PAGE_SIZE);
		if (!pg)
			break;
		memcpy(pg + in, src + done, chunk);
		done += chunk;
	}
	if (!done)
		return -ENOSPC;
	if (off + (off_t)done > vn->size)
		vn->size = off + (off_t)done;
	return (ssize_t)done;
}

/* The shared mapping that page idx belongs to, or NULL. */
static struct ramfs_map *page_map(struct ramfs_node *n, size_t idx)
{
	struct ramfs_map *m;

	for (m = n->file.maps; m; m = m->next)
		if (idx >= m->pgoff && idx - m->pgoff < m->npages)
			return m;
	return NULL;
}

/* Whether page idx is a mapping's page (not the file's own). */
static bool page_borrowed(struct ramfs_node *n, size_t idx)
{
	struct ramfs_map *m = page_map(n, idx);

	return m && (char *)n->file.pages[idx] ==
			    m->mem + (idx - m->pgoff) * PAGE_SIZE;
}

static int ramfs_truncate(struct uk_vnode *vn, off_t size)
{
	struct ramfs_node *n = node_of(vn);
	size_t keep = UK_ALIGN_UP((size_t)size, PAGE_SIZE) / PAGE_SIZE, i;
	size_t in = (size_t)size % PAGE_SIZE;

	if (size < vn->size) {
		for (i = keep; i < n->file.npages; i++) {
			if (n->file.pages[i]) {
				/* A mapping's page stays the mapping's. */
				if (!page_borrowed(n, i))
					uk_pfree(heap(), n->file.pages[i], 1);
				n->file.pages[i] = NULL;
				vn->bytes -= PAGE_SIZE;
			}
		}
		/* Bytes past the end in the last page read as zeros later. */
		if (in && keep - 1 < n->file.npages && n->file.pages[keep - 1])
			memset((char *)n->file.pages[keep - 1] + in, 0,
			       PAGE_SIZE - in);
	}
	vn->size = size;
	return 0;
}

static int ramfs_map(struct uk_vnode *vn, void *mem, size_t pgoff,
		     size_t npages)
{
	struct ramfs_node *n = node_of(vn);
	struct ramfs_map *m;
	size_t i;
	char *dst;

	if (!npages || pgoff + npages < pgoff)
		return -EINVAL;
	for (i = 0; i < npages; i++)
		if (page_map(n, pgoff + i))
			return -ENODEV;
	m = uk_malloc(heap(), sizeof(*m));
	if (!m || pages_cover(n, pgoff + npages - 1)) {
		uk_free(heap(), m);
		return -ENOMEM;
	}
	m->mem = mem;
	m->pgoff = pgoff;
	m->npages = npages;
	for (i = 0; i < npages; i++) {
		dst = m->mem + i * PAGE_SIZE;
		if (n->file.pages[pgoff + i]) {
			memcpy(dst, n->file.pages[pgoff + i], PAGE_SIZE);
			uk_pfree(heap(), n->file.pages[pgoff + i], 1);
			vn->bytes -= PAGE_SIZE;
		}
		n->file.pages[pgoff + i] = dst;
		vn->bytes += PAGE_SIZE;
	}
	m->next = n->file.maps;
	n->file.maps = m;
	return 0;
}

static int ramfs_unmap(struct uk_vnode *vn, void *mem)
{
	struct ramfs_node *n = node_of(vn);
	struct ramfs_map **pm, *m;
	size_t i, idx;
	void *pg;

	for (pm = &n->file.maps; *pm && (*pm)->mem != mem; pm = &(*pm)->next)
		;
	m = *pm;
	if (!m)
		return -EINVAL;
	for (i = 0; i < m->npages; i++) {
		idx = m->pgoff + i;
		if (!page_borrowed(n, idx))
			continue;
		pg = uk_palloc(heap(), 1);
		if (!pg)
			return -ENOMEM; /* the copied pages stay copied */
		memcpy(pg, n->file.pages[idx], PAGE_SIZE);
		n->file.pages[idx] = pg;
	}
	*pm = m->next;
	uk_free(heap(), m);
	return 0;
}

static ssize_t ramfs_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	size_t n = UK_MIN(len, (size_t)vn->size);

	memcpy(buf, node_of(vn)->target, n);
	return (ssize_t)n;
}

static void ramfs_inactive(struct uk_vnode *vn)
{
	if (!vn->nlink)
		node_free(node_of(vn));
}

static const struct uk_vnode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.exchange = ramfs_exchange,
	.readdir = ramfs_readdir,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.readlink = ramfs_readlink,
	.map = ramfs_map,
	.unmap = ramfs_unmap,
	.inactive = ramfs_inactive,
};

/* The heap is the device: its free pages are the free blocks. */
static int ramfs_statfs(struct uk_mount *m __unused, struct statfs *st)
{
	struct uk_alloc_stats s;
	unsigned long avail = uk_alloc_pavailmem(heap());

	uk_alloc_stats_get(heap(), &s);
	st->f_bfree = st->f_bavail = avail;
	st->f_blocks = avail + s.cur_bytes / PAGE_SIZE;
	return 0;
}

int uk_ramfs_mount(const char *path, unsigned int flags)
{
	static dev_t next_dev = 1;
	struct ramfs_node *root;
	struct ramfs *fs;
	int ret;

	fs = uk_calloc(heap(), 1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->next_ino = 1;
	fs->mount.magic = UK_RAMFS_MAGIC;
	fs->mount.statfs = ramfs_statfs;
	root = node_new(&fs->mount, S_IFDIR | 0755);
	if (!root) {
		uk_free(heap(), fs);
		return -ENOMEM;
	}
	fs->mount.dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	ret = uk_vfs_mount(path, &fs->mount, &root->vn);
	/* The mount holds the root now (or nothing, on failure). */
	uk_vnode_release(&root->vn);
	if (ret) {
		node_free(root);
		uk_free(heap(), fs);
		return ret;
	}
	fs->mount.flags = flags;
	return 0;
}
