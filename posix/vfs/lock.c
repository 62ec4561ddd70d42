/*
 * Advisory locks: fcntl record locks (F_GETLK, F_SETLK, F_SETLKW) and
 * flock(2).
 *
 * Record locks belong to the process, as on Linux, and an image runs one
 * process: its locks never conflict with each other (Linux's threads of
 * one process do not conflict either), so the calls only check their
 * arguments and F_GETLK always answers F_UNLCK.
 *
 * flock locks belong to an open file: two open() calls of one file
 * conflict even in one thread. They live in one list under the VFS lock;
 * a waiter sleeps until some lock is dropped (flock_gen moves) and looks
 * again. Closing an open file drops its lock.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include <uk/wait.h>

#include "posix/vfs/vfs_file.h"
#include "posix/vfs/vfs_impl.h"

struct flock_entry {
	struct uk_list_head node;
	struct uk_vfs_file *owner;
	int type;
};

static struct uk_list_head flocks = UK_LIST_HEAD_INIT(flocks);
static unsigned long flock_gen;
static struct uk_waitq flock_wq = UK_WAITQ_INIT(flock_wq);

static struct flock_entry *flock_find(struct uk_vfs_file *vf)
{
	struct uk_list_head *p;
	struct flock_entry *e;

	for (p = flocks.next; p != &flocks; p = p->next) {
		e = uk_container_of(p, struct flock_entry, node);
		if (e->owner == vf)
			return e;
	}
	return NULL;
}

/* Whether another open file of vf's vnode holds a lock against type. */
static bool flock_conflict(struct uk_vfs_file *vf, int type)
{
	struct uk_list_head *p;
	struct flock_entry *e;

	for (p = flocks.next; p != &flocks; p = p->next) {
		e = uk_container_of(p, struct flock_entry, node);
		if (e->owner != vf && e->owner->vn == vf->vn &&
		    (e->type == LOCK_EX || type == LOCK_EX))
			return true;
	}
	return false;
}

/* Drops vf's flock lock, if any. With the VFS lock held. */
void uk_vfs_flock_drop(struct uk_vfs_file *vf)
{
	struct flock_entry *e = flock_find(vf);

	if (!e)
		return;
	uk_list_del(&e->node);
	uk_free(uk_alloc_get_default(), e);
	__atomic_add_fetch(&flock_gen, 1, __ATOMIC_RELEASE);
	uk_waitq_wake_up(&flock_wq);
}

static int flock_take(struct uk_vfs_file *vf, int type, bool wait)
{
	struct flock_entry *e;
	unsigned long gen;

	uk_vfs_lock();
	/* A conversion drops the old lock first, as on Linux. */
	e = flock_find(vf);
	if (e && e->type == type) {
		uk_vfs_unlock();
		return 0;
	}
	uk_vfs_flock_drop(vf);
	while (flock_conflict(vf, type)) {
		gen = __atomic_load_n(&flock_gen, __ATOMIC_ACQUIRE);
		uk_vfs_unlock();
		if (!wait)
			return -EWOULDBLOCK;
		/* A signal: restarted after its handler with SA_RESTART. */
		if (uk_waitq_wait_event_deadline_intr(
			    &flock_wq,
			    __atomic_load_n(&flock_gen, __ATOMIC_ACQUIRE) !=
				    gen,
			    0))
			return -UK_ERESTARTSYS;
		uk_vfs_lock();
	}
	e = uk_malloc(uk_alloc_get_default(), sizeof(*e));
	if (e) {
		e->owner = vf;
		e->type = type;
		uk_list_add_tail(&e->node, &flocks);
	}
	uk_vfs_unlock();
	return e ? 0 : -ENOLCK;
}

UK_SYSCALL_DEFINE(int, flock, int, fd, int, op)
{
	struct uk_file *f = uk_fdtab_get(fd);
	struct uk_vfs_file *vf;
	int type = op & ~LOCK_NB, ret;

	if (!f)
		return -EBADF;
	vf = uk_vfs_file_of(f);
	if (type != LOCK_SH && type != LOCK_EX && type != LOCK_UN)
		ret = -EINVAL;
	else if (!vf || (vf->oflags & O_PATH))
		ret = vf ? -EBADF : -EINVAL;
	else if (type == LOCK_UN)
		ret = 0;
	else
		ret = flock_take(vf, type, !(op & LOCK_NB));
	if (!ret && type == LOCK_UN) {
		uk_vfs_lock();
		uk_vfs_flock_drop(vf);
		uk_vfs_unlock();
	}
	uk_file_release(f);
	return ret;
}

int uk_vfs_record_lock(struct uk_vfs_file *vf, int cmd, struct flock *fl)
{
	unsigned int mode = uk_file_flags(&vf->f) & UK_FILE_ACCMODE;
	off_t base;

	if (!fl)
		return -EFAULT;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK &&
	    fl->l_type != F_UNLCK)
		return -EINVAL;
	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = vf->pos;
		break;
	case SEEK_END:
		base = vf->vn->size;
		break;
	default:
		return -EINVAL;
	}
	if (base + fl->l_start < 0 ||
	    (fl->l_len < 0 && base + fl->l_start + fl->l_len < 0))
		return -EINVAL;
	if (cmd == F_GETLK) {
		fl->l_type = F_UNLCK;
		return 0;
	}
	if ((fl->l_type == F_RDLCK && mode == O_WRONLY) ||
	    (fl->l_type == F_WRLCK && mode == O_RDONLY))
		return -EBADF;
	return 0;
}
