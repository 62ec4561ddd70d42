/*
 * 9pfs: the vnodes of a 9P2000.L export. Each vnode holds a fid walked
 * to its file, and, once read, written or listed, a second fid opened
 * for that. Vnodes are kept in a list by the server's qid path while
 * referenced, so one file is one vnode (the VFS compares vnodes). The
 * attributes are fetched at every lookup; the server keeps the truth.
 * open(2) of a regular file opens that fid already, so that the server's
 * permission checks fail open as on Linux.
 * Everything runs under the VFS lock, which also serialises the
 * session's requests.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <uk/9pfs.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/vfs.h>

#include "posix/fs/9pfs/9p.h"

struct p9fs {
	struct uk_mount mount;
	struct p9 c;
	/* Referenced vnodes (p9node.node). */
	struct uk_list_head nodes;
	/* The name of the last readdir entry (NAME_MAX + 1). */
	char name[256];
};

struct p9node {
	struct uk_vnode vn;
	struct uk_list_head node;
	uint64_t qpath;
	uint32_t fid;
	/* Opened for I/O (P9_NOFID: not yet), and with which flags. */
	uint32_t ofid;
	uint32_t oflags;
	/* Directories: the server offset of entry number rd_index. */
	uint64_t rd_index, rd_off;
};

static const struct uk_vnode_ops p9fs_ops;

static struct p9node *node_of(struct uk_vnode *vn)
{
	return uk_container_of(vn, struct p9node, vn);
}

static struct p9fs *fs_of(struct uk_vnode *vn)
{
	return uk_container_of(vn->mount, struct p9fs, mount);
}

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static void attr_to_vnode(const struct p9_attr *a, struct uk_vnode *vn)
{
	vn->mode = a->mode;
	vn->ino = a->qid.path;
	vn->nlink = a->nlink;
	vn->uid = a->uid;
	vn->gid = a->gid;
	vn->rdev = a->rdev;
	vn->size = (off_t)a->size;
	vn->bytes = (off_t)(a->blocks * 512);
	vn->atime =
		(struct timespec){ (time_t)a->atime_sec, (long)a->atime_nsec };
	vn->mtime =
		(struct timespec){ (time_t)a->mtime_sec, (long)a->mtime_nsec };
	vn->ctime =
		(struct timespec){ (time_t)a->ctime_sec, (long)a->ctime_nsec };
}

/*
 * The vnode for fid (walked to a file with qid path qpath): the one
 * already referenced, then fid is clunked, or a new one owning fid.
 */
static int node_get(struct p9fs *fs, uint32_t fid, struct uk_vnode **vn)
{
	struct uk_list_head *p;
	struct p9_attr a;
	struct p9node *n;
	int ret;

	ret = p9_getattr(&fs->c, fid, &a);
	if (ret) {
		p9_clunk(&fs->c, fid);
		return ret;
	}
	for (p = fs->nodes.next; p != &fs->nodes; p = p->next) {
		n = uk_container_of(p, struct p9node, node);
		if (n->qpath == a.qid.path) {
			p9_clunk(&fs->c, fid);
			uk_vnode_acquire(&n->vn);
			attr_to_vnode(&a, &n->vn);
			*vn = &n->vn;
			return 0;
		}
	}
	n = uk_calloc(heap(), 1, sizeof(*n));
	if (!n) {
		p9_clunk(&fs->c, fid);
		return -ENOMEM;
	}
	uk_vnode_init(&n->vn, &p9fs_ops, &fs->mount, a.mode, (ino_t)a.qid.path);
	attr_to_vnode(&a, &n->vn);
	n->qpath = a.qid.path;
	n->fid = fid;
	n->ofid = P9_NOFID;
	uk_list_add_tail(&n->node, &fs->nodes);
	*vn = &n->vn;
	return 0;
}

static int p9fs_lookup(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode **vn)
{
	struct p9fs *fs = fs_of(dir);
	uint32_t fid = p9_fid_new(&fs->c);
	struct p9_qid qid;
	int ret;

	ret = p9_walk(&fs->c, node_of(dir)->fid, fid, name, len, &qid);
	if (ret)
		return ret;
	return node_get(fs, fid, vn);
}

/* Opens the vnode's I/O fid with flags (a clone of its fid). */
static int node_open(struct p9node *n, uint32_t flags)
{
	struct p9fs *fs = fs_of(&n->vn);
	uint32_t fid;
	struct p9_qid qid;
	int ret;

	if (n->ofid != P9_NOFID &&
	    ((n->oflags & P9_DOTL_ACCMODE) == P9_DOTL_RDWR ||
	     (n->oflags & P9_DOTL_ACCMODE) == (flags & P9_DOTL_ACCMODE)))
		return 0;
	fid = p9_fid_new(&fs->c);
	ret = p9_walk(&fs->c, n->fid, fid, NULL, 0, &qid);
	if (ret)
		return ret;
	ret = p9_lopen(&fs->c, fid, flags);
	if (ret) {
		p9_clunk(&fs->c, fid);
		return ret;
	}
	if (n->ofid != P9_NOFID)
		p9_clunk(&fs->c, n->ofid);
	n->ofid = fid;
	n->oflags = flags;
	return 0;
}

/* Opens a file for I/O: read and write if the server allows. */
static int node_open_io(struct p9node *n, bool write)
{
	int ret = node_open(n, P9_DOTL_RDWR);

	if (ret == -EACCES || ret == -EROFS)
		ret = node_open(n, write ? P9_DOTL_WRONLY : P9_DOTL_RDONLY);
	return ret;
}

/* Opens the I/O fid at open(2), so that the server refuses there. */
static int p9fs_check_open(struct uk_vnode *vn, int accmode)
{
	struct p9node *n = node_of(vn);

	if (accmode == O_RDWR)
		return node_open(n, P9_DOTL_RDWR);
	return node_open_io(n, accmode == O_WRONLY);
}

static int p9fs_create(struct uk_vnode *dir, const char *name, size_t len,
		       mode_t mode, dev_t rdev __unused, const char *target,
		       struct uk_vnode **vn)
{
	struct p9fs *fs = fs_of(dir);
	struct p9node *d = node_of(dir);
	uint32_t fid;
	struct p9_qid qid;
	int ret;

	switch (mode & S_IFMT) {
	case S_IFDIR:
		ret = p9_mkdir(&fs->c, d->fid, name, len, mode & 07777);
		break;
	case S_IFLNK:
		ret = p9_symlink(&fs->c, d->fid, name, len, target);
		break;
	case S_IFIFO:
		/* The host keeps the FIFO file; its pipe is the guest's. */
		ret = p9_mknod(&fs->c, d->fid, name, len,
			       mode & (S_IFMT | 07777));
		break;
	case S_IFREG:
		/* Tlcreate turns a clone of the directory's fid into it. */
		fid = p9_fid_new(&fs->c);
		ret = p9_walk(&fs->c, d->fid, fid, NULL, 0, &qid);
		if (ret)
			return ret;
		ret = p9_lcreate(&fs->c, fid, name, len,
				 P9_DOTL_RDWR | P9_DOTL_CREATE | P9_DOTL_EXCL,
				 mode & 07777);
		p9_clunk(&fs->c, fid);
		break;
	default:
		return -EPERM;
	}
	return ret ? ret : p9fs_lookup(dir, name, len, vn);
}

static int p9fs_link(struct uk_vnode *dir, const char *name, size_t len,
		     struct uk_vnode *vn)
{
	int ret = p9_link(&fs_of(dir)->c, node_of(dir)->fid, node_of(vn)->fid,
			  name, len);

	if (!ret)
		vn->nlink++;
	return ret;
}

static int p9fs_unlink(struct uk_vnode *dir, const char *name, size_t len,
		       struct uk_vnode *vn)
{
	int ret = p9_unlinkat(&fs_of(dir)->c, node_of(dir)->fid, name, len,
			      S_ISDIR(vn->mode));

	if (!ret)
		vn->nlink = S_ISDIR(vn->mode) ? 0 : vn->nlink - 1;
	return ret;
}

static int p9fs_rename(struct uk_vnode *odir, const char *oname, size_t olen,
		       struct uk_vnode *ndir, const char *nname, size_t nlen)
{
	return p9_renameat(&fs_of(odir)->c, node_of(odir)->fid, oname, olen,
			   node_of(ndir)->fid, nname, nlen);
}

/*
 * The server's entries, without "." and "..", which the VFS adds. The
 * VFS's cookie is the entry's index: servers' offsets are opaque and may
 * use all 64 bits (ext4's hashes). The node remembers where the entry
 * after the last one returned starts, so that a listing in order costs
 * one pass; another cookie restarts from the beginning.
 */
static int p9fs_readdir(struct uk_vnode *dir, uint64_t pos,
			struct uk_vfs_dirent *ent)
{
	struct p9fs *fs = fs_of(dir);
	struct p9node *d = node_of(dir);
	const char *data, *end, *name;
	uint64_t idx = 0, off = 0, next;
	struct p9_qid qid;
	uint16_t len;
	uint8_t type;
	long n;
	int ret;

	ret = node_open(d, P9_DOTL_RDONLY | P9_DOTL_DIRECTORY);
	if (ret)
		return ret;
	if (pos && pos == d->rd_index) {
		idx = d->rd_index;
		off = d->rd_off;
	}
	for (;;) {
		n = p9_readdir(&fs->c, d->ofid, off, &data);
		if (n <= 0)
			return n ? (int)n : -ENOENT;
		end = data + n;
		while (p9_dirent(&data, end, &qid, &next, &type, &name, &len)) {
			off = next;
			if ((len == 1 && name[0] == '.') ||
			    (len == 2 && name[0] == '.' && name[1] == '.'))
				continue;
			if (idx++ < pos)
				continue;
			if (len >= sizeof(fs->name))
				return -EIO;
			memcpy(fs->name, name, len);
			fs->name[len] = '\0';
			ent->ino = (ino_t)qid.path;
			ent->type = type;
			ent->next = idx;
			ent->name = fs->name;
			d->rd_index = idx;
			d->rd_off = off;
			return 0;
		}
		if (data != end)
			return -EIO;
	}
}

static ssize_t p9fs_read(struct uk_vnode *vn, void *buf, size_t len, off_t off)
{
	struct p9node *n = node_of(vn);
	size_t done = 0;
	long got;
	int ret;

	ret = node_open_io(n, false);
	if (ret)
		return ret;
	while (done < len) {
		got = p9_read(&fs_of(vn)->c, n->ofid, (uint64_t)off + done,
			      (char *)buf + done, len - done);
		if (got < 0)
			return done ? (ssize_t)done : got;
		if (!got)
			break;
		done += (size_t)got;
	}
	return (ssize_t)done;
}

static ssize_t p9fs_write(struct uk_vnode *vn, const void *buf, size_t len,
			  off_t off)
{
	struct p9node *n = node_of(vn);
	size_t done = 0;
	long put;
	int ret;

	ret = node_open_io(n, true);
	if (ret)
		return ret;
	while (done < len) {
		put = p9_write(&fs_of(vn)->c, n->ofid, (uint64_t)off + done,
			       (const char *)buf + done, len - done);
		if (put <= 0) {
			if (done)
				break;
			return put ? put : -EIO;
		}
		done += (size_t)put;
	}
	if (off + (off_t)done > vn->size)
		vn->size = off + (off_t)done;
	return (ssize_t)done;
}

static int p9fs_truncate(struct uk_vnode *vn, off_t size)
{
	int ret = p9_setattr(&fs_of(vn)->c, node_of(vn)->fid, P9_SETATTR_SIZE,
			     0, (uint64_t)size, NULL);

	if (!ret)
		vn->size = size;
	return ret;
}

static ssize_t p9fs_readlink(struct uk_vnode *vn, char *buf, size_t len)
{
	return p9_readlink(&fs_of(vn)->c, node_of(vn)->fid, buf, len);
}

static int p9fs_setattr(struct uk_vnode *vn, unsigned int what)
{
	struct p9_attr t = {
		.atime_sec = (uint64_t)vn->atime.tv_sec,
		.atime_nsec = (uint64_t)vn->atime.tv_nsec,
		.mtime_sec = (uint64_t)vn->mtime.tv_sec,
		.mtime_nsec = (uint64_t)vn->mtime.tv_nsec,
	};
	uint32_t valid = 0;

	if (what & UK_VNODE_SET_MODE)
		valid |= P9_SETATTR_MODE;
	if (what & UK_VNODE_SET_TIMES)
		valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET |
			 P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
	/* The single user owns everything: owners are not sent. */
	if (!valid)
		return 0;
	return p9_setattr(&fs_of(vn)->c, node_of(vn)->fid, valid,
			  vn->mode & 07777, 0, &t);
}

static void p9fs_inactive(struct uk_vnode *vn)
{
	struct p9node *n = node_of(vn);
	struct p9fs *fs = fs_of(vn);

	uk_list_del(&n->node);
	if (n->ofid != P9_NOFID)
		p9_clunk(&fs->c, n->ofid);
	p9_clunk(&fs->c, n->fid);
	uk_free(heap(), n);
}

static const struct uk_vnode_ops p9fs_ops = {
	.lookup = p9fs_lookup,
	.create = p9fs_create,
	.link = p9fs_link,
	.unlink = p9fs_unlink,
	.rename = p9fs_rename,
	.readdir = p9fs_readdir,
	.read = p9fs_read,
	.write = p9fs_write,
	.truncate = p9fs_truncate,
	.readlink = p9fs_readlink,
	.setattr = p9fs_setattr,
	.check_open = p9fs_check_open,
	.inactive = p9fs_inactive,
};

static int p9fs_statfs(struct uk_mount *m, struct statfs *st)
{
	struct p9fs *fs = uk_container_of(m, struct p9fs, mount);
	uint64_t blocks, bfree, bavail;
	uint32_t bsize;
	int ret;

	ret = p9_statfs(&fs->c, node_of(m->root)->fid, &blocks, &bfree, &bavail,
			&bsize);
	if (ret)
		return ret;
	st->f_bsize = bsize;
	st->f_frsize = bsize;
	st->f_blocks = blocks;
	st->f_bfree = bfree;
	st->f_bavail = bavail;
	return 0;
}

int uk_9pfs_mount(const char *path, struct uk_9p_transport *t,
		  const char *aname, unsigned int flags)
{
	static unsigned int next_minor = 100;
	unsigned int minor;
	struct uk_vnode *root;
	struct p9_qid qid;
	struct p9fs *fs;
	uint32_t fid;
	int ret;

	fs = uk_calloc(heap(), 1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	uk_list_init(&fs->nodes);
	fs->mount.magic = UK_9PFS_MAGIC;
	fs->mount.statfs = p9fs_statfs;
	minor = __atomic_fetch_add(&next_minor, 1, __ATOMIC_RELAXED);
	fs->mount.dev = makedev(0, minor);
	ret = p9_connect(&fs->c, t);
	if (ret)
		goto fail;
	fid = p9_fid_new(&fs->c);
	ret = p9_attach(&fs->c, fid, aname, &qid);
	if (ret)
		goto fail;
	uk_vfs_lock();
	ret = node_get(fs, fid, &root);
	uk_vfs_unlock();
	if (ret)
		goto fail;
	ret = uk_vfs_mount(path, &fs->mount, root);
	/* On failure this was the root's last reference: clunked, freed. */
	uk_vnode_release(root);
	if (!ret) {
		fs->mount.flags = flags;
		return 0;
	}
fail:
	uk_free(heap(), fs->c.tx);
	uk_free(heap(), fs);
	return ret;
}
