/*
 * File mappings: core/syscall's mmap allocates zeroed pages and calls
 * uk_mmap_file to fill them from the file. MAP_PRIVATE is a copy taken
 * at mmap time (Linux's copy-on-write differs only in when the copy is
 * taken: later writes to the file are not seen). MAP_SHARED on a file
 * system with a map op (ramfs) shares: the file uses the mapping's pages
 * as its own until munmap (uk_munmap_file), so stores through the
 * mapping and read()/write() see the same bytes and msync has nothing
 * to do (a PROT_NONE one, whose pages mmap guards, is a copy).
 * Elsewhere a read-only MAP_SHARED is a snapshot and a writable one is
 * refused (ENODEV), as is a second shared mapping of a page.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
#include <uk/vfs.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

/* A shared mapping: mem lent to vn (which it keeps referenced). */
struct vfs_shared_map {
	struct uk_list_head node;
	void *mem;
	struct uk_vnode *vn;
	/* Mapped with PROT_WRITE (F_SEAL_WRITE waits for none). */
	bool writable;
};

/* Under the VFS lock. */
static struct uk_list_head shared_maps = UK_LIST_HEAD_INIT(shared_maps);

/* Lends p to vf's file for [off, off + len). With the VFS lock held. */
static long map_shared(struct uk_vfs_file *vf, void *p, size_t len, long off,
		       bool writable)
{
	struct vfs_shared_map *m;
	int ret;

	m = uk_malloc(uk_alloc_get_default(), sizeof(*m));
	if (!m)
		return -ENOMEM;
	ret = vf->vn->ops->map(vf->vn, p, (size_t)off / __PAGE_SIZE,
			       UK_ALIGN_UP(len, __PAGE_SIZE) / __PAGE_SIZE);
	if (ret) {
		uk_free(uk_alloc_get_default(), m);
		return ret;
	}
	m->mem = p;
	m->vn = vf->vn;
	m->writable = writable;
	uk_vnode_acquire(m->vn);
	uk_list_add_tail(&m->node, &shared_maps);
	return 0;
}

long uk_mmap_file(void *p, size_t len, int prot, int flags, int fd, long off)
{
	struct uk_file *f = uk_fdtab_get(fd);
	bool shared = (flags & MAP_TYPE) == MAP_SHARED;
	struct uk_vfs_file *vf;
	unsigned int mode;
	ssize_t n;
	long ret = 0;

	if (!f)
		return -EBADF;
	vf = uk_vfs_file_of(f);
	mode = uk_file_flags(f) & UK_FILE_ACCMODE;
	if (!vf || (vf->oflags & O_PATH))
		ret = vf ? -EBADF : -ENODEV;
	else if (!S_ISREG(vf->vn->mode))
		ret = -ENODEV;
	else if (mode == O_WRONLY)
		ret = -EACCES;
	else if (shared && (prot & PROT_WRITE) && mode != O_RDWR)
		ret = -EACCES;
	else if (shared && (prot & PROT_WRITE) &&
		 (vf->vn->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		ret = -EPERM;
	else if (shared && (prot & PROT_WRITE) && !vf->vn->ops->map)
		ret = -ENODEV;
	if (ret) {
		uk_file_release(f);
		return ret;
	}
	uk_vfs_lock();
	/* PROT_NONE pages are guarded: the file must not use them. */
	if (shared && prot != PROT_NONE && vf->vn->ops->map) {
		ret = map_shared(vf, p, len, off, prot & PROT_WRITE);
	} else {
		n = uk_vfs_vn_read(vf->vn, p, len, off);
		ret = n < 0 ? n : 0;
	}
	uk_vfs_unlock();
	uk_file_release(f);
	return ret;
}

long uk_munmap_file(void *p)
{
	struct vfs_shared_map *m = NULL;
	struct uk_list_head *pos;
	long ret = 0;

	uk_vfs_lock();
	for (pos = shared_maps.next; pos != &shared_maps; pos = pos->next) {
		m = uk_container_of(pos, struct vfs_shared_map, node);
		if (m->mem == p)
			break;
		m = NULL;
	}
	if (m)
		ret = m->vn->ops->unmap(m->vn, p);
	if (m && !ret)
		uk_list_del(&m->node);
	uk_vfs_unlock();
	if (!m || ret)
		return ret;
	uk_vnode_release(m->vn);
	uk_free(uk_alloc_get_default(), m);
	return 0;
}

bool uk_vfs_shared_writable(struct uk_vnode *vn)
{
	struct vfs_shared_map *m;

	uk_list_for_each_entry(m, &shared_maps, node)
		if (m->vn == vn && m->writable)
			return true;
	return false;
}
