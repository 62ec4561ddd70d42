/*
 * inotify on the VFS: an instance is a pollable open file whose reads
 * return struct inotify_event records. The VFS reports, with its lock
 * held (uk_vfs_notify): IN_CREATE, IN_DELETE, IN_MOVED_FROM and
 * IN_MOVED_TO (one cookie for the pair) on a watched directory (IN_ISDIR
 * for directories); IN_OPEN, IN_ACCESS, IN_MODIFY (writes, truncation),
 * IN_ATTRIB (mode, owner, times, link count), IN_CLOSE_WRITE,
 * IN_CLOSE_NOWRITE and IN_MOVE_SELF on a watched file or directory;
 * IN_DELETE_SELF when its last name goes (at once, where Linux waits for
 * its last open file), then IN_IGNORED, which also follows
 * inotify_rm_watch and IN_ONESHOT. A watched directory also gets its
 * children's open/access/modify/attrib/close events with their names:
 * files do not know their directory, so the directories watched for the
 * event are searched for the file (a file with names in several gets
 * the event in each; an unlinked one in none, as IN_EXCL_UNLINK, which
 * is thus always in effect).
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/list.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/vfs.h>
#include <uk/wait.h>

#include "posix/vfs/vfs_impl.h"

/* <sys/inotify.h>'s values that the watches and records use. */
#define IN_ACCESS_EV 0x1u
#define IN_MODIFY_EV 0x2u
#define IN_ATTRIB_EV 0x4u
#define IN_CLOSE_WRITE_EV 0x8u
#define IN_CLOSE_NOWRITE_EV 0x10u
#define IN_OPEN_EV 0x20u
#define IN_IGNORED_EV 0x8000u
#define IN_MOVED_FROM_EV 0x40u
#define IN_MOVED_TO_EV 0x80u
#define IN_DELETE_SELF_EV 0x400u
#define IN_MOVE_SELF_EV 0x800u
#define IN_ISDIR_EV 0x40000000u
#define IN_ALL_EVENTS_MASK 0xfffu
#define IN_ONLYDIR_FLAG 0x1000000u
#define IN_DONT_FOLLOW_FLAG 0x2000000u
#define IN_EXCL_UNLINK_FLAG 0x4000000u
#define IN_MASK_CREATE_FLAG 0x10000000u
#define IN_MASK_ADD_FLAG 0x20000000u
#define IN_ONESHOT_FLAG 0x80000000u
#define IN_WATCH_FLAGS                                                         \
	(IN_ONLYDIR_FLAG | IN_DONT_FOLLOW_FLAG | IN_EXCL_UNLINK_FLAG |         \
	 IN_MASK_CREATE_FLAG | IN_MASK_ADD_FLAG | IN_ONESHOT_FLAG)
/* Linux's max_queued_events: then one IN_Q_OVERFLOW. */
#define INOTIFY_MAX_QUEUED 16384
#define IN_Q_OVERFLOW_EV 0x4000u

struct inotify_rec {
	int32_t wd;
	uint32_t mask;
	uint32_t cookie;
	uint32_t len;
};

struct ino_event {
	struct ino_event *next;
	size_t size; /* of rec and name, padded */
	struct inotify_rec rec;
	char name[];
};

struct ino_watch {
	struct uk_list_head link; /* in ino_watches */
	struct ino *in;
	struct uk_vnode *vn; /* a reference */
	int wd;
	uint32_t mask;
};

struct ino {
	struct uk_file f;
	int next_wd;
	struct uk_spinlock lock;
	struct ino_event *head, **tail;
	size_t queued;
	struct uk_waitq wq;
};

/* Every watch of every instance; under the VFS lock. */
static struct uk_list_head ino_watches = UK_LIST_HEAD_INIT(ino_watches);

static struct uk_alloc *heap(void)
{
	return uk_alloc_get_default();
}

static const struct uk_file_ops ino_ops;

/* Queues an event on in (events dropped past the limit but one overflow). */
static void ino_queue(struct ino *in, int wd, uint32_t mask, uint32_t cookie,
		      const char *name, size_t len)
{
	size_t nlen =
		len ? UK_ALIGN_UP(len + 1, sizeof(struct inotify_rec)) : 0;
	struct ino_event *ev, *last;

	uk_spin_lock(&in->lock);
	/* As Linux: an event equal to the last one queued is merged in. */
	last = in->tail == &in->head ?
		       NULL :
		       uk_container_of(in->tail, struct ino_event, next);
	if (last && last->rec.wd == wd && last->rec.mask == mask &&
	    last->rec.cookie == cookie && last->rec.len == nlen &&
	    (!len || (!memcmp(last->name, name, len) && !last->name[len]))) {
		uk_spin_unlock(&in->lock);
		return;
	}
	if (in->queued >= INOTIFY_MAX_QUEUED) {
		uk_spin_unlock(&in->lock);
		return;
	}
	if (in->queued == INOTIFY_MAX_QUEUED - 1) {
		wd = -1;
		mask = IN_Q_OVERFLOW_EV;
		nlen = len = 0;
	}
	ev = uk_calloc(heap(), 1, sizeof(*ev) + nlen);
	if (!ev) {
		uk_spin_unlock(&in->lock);
		return;
	}
	ev->rec.wd = wd;
	ev->rec.mask = mask;
	ev->rec.cookie = cookie;
	ev->rec.len = (uint32_t)nlen;
	ev->size = sizeof(ev->rec) + nlen;
	memcpy(ev->name, name, len);
	*in->tail = ev;
	in->tail = &ev->next;
	in->queued++;
	uk_spin_unlock(&in->lock);
	uk_waitq_wake_up(&in->wq);
	uk_file_poll_wake(&in->f, POLLIN | POLLRDNORM);
}

static void watch_free(struct ino_watch *w)
{
	uk_list_del(&w->link);
	uk_vnode_release(w->vn);
	uk_free(heap(), w);
}

static void notify(struct uk_vnode *vn, const char *name, size_t len,
		   uint32_t mask, uint32_t cookie)
{
	struct ino_watch *w, *n;

	uk_list_for_each_entry_safe(w, n, &ino_watches, link) {
		if (w->vn != vn || !(w->mask & mask & IN_ALL_EVENTS_MASK))
			continue;
		ino_queue(w->in, w->wd, mask, cookie, name, len);
		if (w->mask & IN_ONESHOT_FLAG) {
			ino_queue(w->in, w->wd, IN_IGNORED_EV, 0, NULL, 0);
			watch_free(w);
		}
	}
}

/* The events a watched directory also gets for its children. */
#define IN_CHILD_EVENTS                                                        \
	(IN_ACCESS_EV | IN_MODIFY_EV | IN_ATTRIB_EV | IN_CLOSE_WRITE_EV |      \
	 IN_CLOSE_NOWRITE_EV | IN_OPEN_EV)
/* Directories told of one event at most (more watch nothing here). */
#define NOTIFY_DIRS_MAX 8

/* The name of vn in dir, into buf (NAME_MAX + 1): its length, or 0. */
static size_t name_in(struct uk_vnode *dir, struct uk_vnode *vn, char *buf)
{
	struct uk_vfs_dirent ent;
	uint64_t pos = 0;
	size_t len;

	if (dir->mount != vn->mount || !dir->ops->readdir)
		return 0;
	while (!dir->ops->readdir(dir, pos, &ent)) {
		if (ent.ino == vn->ino) {
			len = strlen(ent.name);
			memcpy(buf, ent.name, len + 1);
			return len;
		}
		pos = ent.next;
	}
	return 0;
}

/*
 * A child event of vn to the watched directories that hold it, with its
 * name there (Linux: its parent's; a file with links in several watched
 * directories is reported in each).
 */
static void notify_dirs(struct uk_vnode *vn, uint32_t mask)
{
	struct uk_vnode *dirs[NOTIFY_DIRS_MAX];
	char name[NAME_MAX + 1];
	struct ino_watch *w;
	size_t n = 0, i, len;

	uk_list_for_each_entry(w, &ino_watches, link) {
		if (!S_ISDIR(w->vn->mode) || w->vn == vn ||
		    !(w->mask & mask & IN_ALL_EVENTS_MASK) ||
		    n == NOTIFY_DIRS_MAX)
			continue;
		for (i = 0; i < n && dirs[i] != w->vn; i++)
			;
		if (i == n) {
			uk_vnode_acquire(w->vn);
			dirs[n++] = w->vn;
		}
	}
	for (i = 0; i < n; i++) {
		len = name_in(dirs[i], vn, name);
		if (len)
			notify(dirs[i], name, len, mask, 0);
		uk_vnode_release(dirs[i]);
	}
}

void uk_vfs_notify(struct uk_vnode *vn, const char *name, size_t len,
		   uint32_t mask)
{
	/* As Linux: the parent's watch first, then the file's own. */
	if (!name && (mask & IN_CHILD_EVENTS)) {
		if (S_ISDIR(vn->mode))
			mask |= IN_ISDIR_EV;
		notify_dirs(vn, mask);
	}
	notify(vn, name, len, mask, 0);
}

void uk_vfs_notify_self(struct uk_vnode *vn, uint32_t mask)
{
	notify(vn, NULL, 0, mask, 0);
}

void uk_vfs_notify_move(struct uk_vnode *odir, const char *oname, size_t olen,
			struct uk_vnode *ndir, const char *nname, size_t nlen,
			struct uk_vnode *vn)
{
	/* Under the VFS lock; never 0, which means no pair. */
	static uint32_t cookie;
	const uint32_t isdir = S_ISDIR(vn->mode) ? IN_ISDIR_EV : 0;

	if (!++cookie)
		cookie = 1;
	notify(odir, oname, olen, IN_MOVED_FROM_EV | isdir, cookie);
	notify(ndir, nname, nlen, IN_MOVED_TO_EV | isdir, cookie);
	notify(vn, NULL, 0, IN_MOVE_SELF_EV, 0);
}

void uk_vfs_notify_gone(struct uk_vnode *vn)
{
	struct ino_watch *w, *n;

	notify(vn, NULL, 0, IN_DELETE_SELF_EV, 0);
	uk_list_for_each_entry_safe(w, n, &ino_watches, link) {
		if (w->vn != vn)
			continue;
		ino_queue(w->in, w->wd, IN_IGNORED_EV, 0, NULL, 0);
		watch_free(w);
	}
}

static bool ino_ready(struct ino *in)
{
	return __atomic_load_n(&in->head, __ATOMIC_ACQUIRE) != NULL;
}

/* Whole events that fit in len; EINVAL if not even the first does. */
static ssize_t ino_read(struct uk_file *f, void *buf, size_t len)
{
	struct ino *in = f->priv;
	struct ino_event *ev;
	size_t done = 0;

	for (;;) {
		uk_spin_lock(&in->lock);
		if (in->head)
			break;
		uk_spin_unlock(&in->lock);
		if (uk_file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		if (uk_waitq_wait_event_deadline_intr(&in->wq, ino_ready(in),
						      0))
			return -UK_ERESTARTSYS;
	}
	while ((ev = in->head) && ev->size <= len - done) {
		memcpy((char *)buf + done, &ev->rec, ev->size);
		done += ev->size;
		in->head = ev->next;
		if (!in->head)
			in->tail = &in->head;
		in->queued--;
		uk_free(heap(), ev);
	}
	uk_spin_unlock(&in->lock);
	return done ? (ssize_t)done : -EINVAL;
}

static int ino_poll(struct uk_file *f, unsigned int *revents,
		    struct uk_poll_chain *chain __unused)
{
	*revents = ino_ready(f->priv) ? POLLIN | POLLRDNORM : 0;
	return 0;
}

static int ino_release(struct uk_file *f)
{
	struct ino *in = f->priv;
	struct ino_watch *w, *n;
	struct ino_event *ev;

	uk_vfs_lock();
	uk_list_for_each_entry_safe(w, n, &ino_watches, link)
		if (w->in == in)
			watch_free(w);
	uk_vfs_unlock();
	while ((ev = in->head)) {
		in->head = ev->next;
		uk_free(heap(), ev);
	}
	uk_free(heap(), in);
	return 0;
}

static const struct uk_file_ops ino_ops = {
	.read = ino_read,
	.poll = ino_poll,
	.release = ino_release,
};

UK_SYSCALL_DEFINE(int, inotify_init1, int, flags)
{
	struct ino *in;
	int fd;

	if (flags & ~(O_NONBLOCK | O_CLOEXEC))
		return -EINVAL;
	in = uk_calloc(heap(), 1, sizeof(*in));
	if (!in)
		return -ENOMEM;
	in->next_wd = 1;
	in->tail = &in->head;
	uk_spin_init(&in->lock);
	uk_waitq_init(&in->wq);
	uk_file_init(&in->f, &ino_ops, O_RDONLY | (flags & O_NONBLOCK), in);
	fd = uk_fdtab_install(&in->f, 0, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
	uk_file_release(&in->f);
	return fd;
}

UK_SYSCALL_DEFINE(int, inotify_init)
{
	return uk_sys_inotify_init1(0);
}

/* fd's instance with a reference on its file: -EBADF or -EINVAL. */
static int ino_get(int fd, struct ino **in)
{
	struct uk_file *f = uk_fdtab_get(fd);

	if (!f)
		return -EBADF;
	if (f->ops != &ino_ops) {
		uk_file_release(f);
		return -EINVAL;
	}
	*in = f->priv;
	return 0;
}

static int add_watch(struct ino *in, struct uk_vnode *vn, uint32_t mask)
{
	struct ino_watch *w;

	uk_list_for_each_entry(w, &ino_watches, link) {
		if (w->in != in || w->vn != vn)
			continue;
		if (mask & IN_MASK_CREATE_FLAG)
			return -EEXIST;
		w->mask = (mask & IN_MASK_ADD_FLAG) ? w->mask | mask : mask;
		return w->wd;
	}
	w = uk_malloc(heap(), sizeof(*w));
	if (!w)
		return -ENOMEM;
	uk_vnode_acquire(vn);
	w->in = in;
	w->vn = vn;
	w->wd = in->next_wd++;
	w->mask = mask;
	uk_list_add_tail(&w->link, &ino_watches);
	return w->wd;
}

UK_SYSCALL_DEFINE(int, inotify_add_watch, int, fd, const char *, path, uint32_t,
		  mask)
{
	struct uk_vnode *vn;
	struct ino *in;
	int ret = ino_get(fd, &in);

	if (ret)
		return ret;
	if (!(mask & IN_ALL_EVENTS_MASK) ||
	    (mask & ~(IN_ALL_EVENTS_MASK | IN_WATCH_FLAGS)) ||
	    ((mask & IN_MASK_ADD_FLAG) && (mask & IN_MASK_CREATE_FLAG))) {
		ret = -EINVAL;
		goto out;
	}
	ret = uk_vfs_lookup(AT_FDCWD, path, !(mask & IN_DONT_FOLLOW_FLAG), &vn);
	if (ret)
		goto out;
	uk_vfs_lock();
	if ((mask & IN_ONLYDIR_FLAG) && !S_ISDIR(vn->mode))
		ret = -ENOTDIR;
	else
		ret = add_watch(in, vn, mask);
	uk_vnode_release(vn);
	uk_vfs_unlock();
out:
	uk_file_release(&in->f);
	return ret;
}

UK_SYSCALL_DEFINE(int, inotify_rm_watch, int, fd, int, wd)
{
	struct ino_watch *w;
	struct ino *in;
	int ret = ino_get(fd, &in);

	if (ret)
		return ret;
	ret = -EINVAL;
	uk_vfs_lock();
	uk_list_for_each_entry(w, &ino_watches, link) {
		if (w->in == in && w->wd == wd) {
			watch_free(w);
			ret = 0;
			break;
		}
	}
	uk_vfs_unlock();
	if (!ret)
		ino_queue(in, wd, IN_IGNORED_EV, 0, NULL, 0);
	uk_file_release(&in->f);
	return ret;
}
