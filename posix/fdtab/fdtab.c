/*
 * The fd table: lowest-free allocation, lookup, replacement and close.
 *
 * The table grows on demand, as Linux's expand_files does: the first
 * FDTAB_INITIAL fds live in static arrays, and when an fd at or above the
 * table's size is needed (below the limit), a table twice the size (or
 * enough for that fd) is allocated outside the lock, then copied and
 * swapped in under it. Every access to the arrays holds fdtab.lock, so
 * the old arrays are freed as soon as the swap is done. Memory, not a
 * compile-time size, bounds the fds in use, up to UK_FDTAB_SIZE.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>

#include "posix/fdtab/fdtab_impl.h"

#define FDTAB_WORD_BITS (sizeof(unsigned long) * CHAR_BIT)
/* Fds held before the first growth: what most programs ever use. */
#define FDTAB_INITIAL FDTAB_WORD_BITS

_Static_assert(UK_FDTAB_SIZE >= FDTAB_INITIAL &&
		       UK_FDTAB_SIZE % FDTAB_WORD_BITS == 0,
	       "UK_FDTAB_SIZE must be a positive multiple of the long bits");

static unsigned long used0[FDTAB_INITIAL / FDTAB_WORD_BITS];
static struct uk_file *files0[FDTAB_INITIAL];
static unsigned char fdflags0[FDTAB_INITIAL];

static struct {
	struct uk_spinlock lock;
	/* Fds the arrays hold: a multiple of the bits in a long. */
	unsigned int size;
	/* Bit fd set: fd is in use. */
	unsigned long *used;
	struct uk_file **files;
	unsigned char *fdflags;
} fdtab = {
	.size = FDTAB_INITIAL,
	.used = used0,
	.files = files0,
	.fdflags = fdflags0,
};

/* RLIMIT_NOFILE's soft limit: new fds are below it. */
static unsigned int fdtab_limit = UK_FDTAB_SIZE;

/* Lock held. */
static inline bool fd_used(int fd)
{
	return (unsigned int)fd < fdtab.size &&
	       (fdtab.used[fd / FDTAB_WORD_BITS] &
		(1UL << (fd % FDTAB_WORD_BITS)));
}

/*
 * Lowest free fd >= minfd below the limit, or -EMFILE. The result may be
 * at or above fdtab.size: the table must grow to hold it. Lock held.
 */
static int fd_find_free(int minfd)
{
	size_t w = (size_t)minfd / FDTAB_WORD_BITS;
	size_t words = fdtab.size / FDTAB_WORD_BITS;
	unsigned long free_bits;
	unsigned int fd;

	if ((unsigned int)minfd >= fdtab.size) {
		fd = (unsigned int)minfd;
	} else {
		/* Bits below minfd in its word count as used. */
		free_bits = ~fdtab.used[w] &
			    (~0UL << ((size_t)minfd % FDTAB_WORD_BITS));
		while (!free_bits && ++w < words)
			free_bits = ~fdtab.used[w];
		fd = free_bits ?
			     (unsigned int)(w * FDTAB_WORD_BITS +
					    (size_t)__builtin_ctzl(free_bits)) :
			     fdtab.size;
	}
	return fd < uk_fdtab_limit() ? (int)fd : -EMFILE;
}

/*
 * Grows the table to hold fd (< UK_FDTAB_SIZE): at least doubles it.
 * Called without the lock; another thread may have grown it meanwhile.
 * 0 or -ENOMEM.
 */
static int fdtab_expand(int fd)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned int size, old_size;
	void *block, *old = NULL;
	unsigned long *used;
	struct uk_file **files;
	unsigned char *fdflags;

	uk_spin_lock(&fdtab.lock);
	size = fdtab.size;
	uk_spin_unlock(&fdtab.lock);
	while (size <= (unsigned int)fd)
		size *= 2;
	if (size > UK_FDTAB_SIZE)
		size = UK_FDTAB_SIZE;
	/* One block: files, then the used bits, then the fd flags. */
	block = uk_malloc(a, size * (sizeof(*files) + 1) + size / CHAR_BIT);
	if (!block)
		return -ENOMEM;
	files = block;
	used = (unsigned long *)(files + size);
	fdflags = (unsigned char *)(used + size / FDTAB_WORD_BITS);

	uk_spin_lock(&fdtab.lock);
	old_size = fdtab.size;
	if (old_size >= size) {
		/* Grown by another thread meanwhile. */
		old = block;
	} else {
		memcpy(files, fdtab.files, old_size * sizeof(*files));
		memset(files + old_size, 0, (size - old_size) * sizeof(*files));
		memcpy(used, fdtab.used, old_size / CHAR_BIT);
		memset(used + old_size / FDTAB_WORD_BITS, 0,
		       (size - old_size) / CHAR_BIT);
		memcpy(fdflags, fdtab.fdflags, old_size);
		memset(fdflags + old_size, 0, size - old_size);
		if (fdtab.files != files0)
			old = fdtab.files;
		fdtab.files = files;
		fdtab.used = used;
		fdtab.fdflags = fdflags;
		fdtab.size = size;
	}
	uk_spin_unlock(&fdtab.lock);
	uk_free(a, old);
	return 0;
}

/*
 * Takes the lock with the table holding fd (0 <= fd < UK_FDTAB_SIZE),
 * growing it first if needed. 0 with the lock held, or -ENOMEM.
 */
static int fdtab_lock_holding(int fd)
{
	int ret;

	for (;;) {
		uk_spin_lock(&fdtab.lock);
		if ((unsigned int)fd < fdtab.size)
			return 0;
		uk_spin_unlock(&fdtab.lock);
		ret = fdtab_expand(fd);
		if (ret)
			return ret;
	}
}

/* Sets fd (< fdtab.size) to f; returns the file that was there. Lock held. */
static struct uk_file *fd_assign(int fd, struct uk_file *f,
				 unsigned int fdflags)
{
	struct uk_file *old = fd_used(fd) ? fdtab.files[fd] : NULL;

	fdtab.files[fd] = f;
	fdtab.fdflags[fd] = (unsigned char)(fdflags & FD_CLOEXEC);
	fdtab.used[fd / FDTAB_WORD_BITS] |= 1UL << (fd % FDTAB_WORD_BITS);
	return old;
}

int uk_fdtab_install(struct uk_file *f, int minfd, unsigned int fdflags)
{
	int fd;

	if (minfd < 0 || minfd >= UK_FDTAB_SIZE)
		return -EINVAL;
	uk_file_acquire(f);
	for (;;) {
		uk_spin_lock(&fdtab.lock);
		fd = fd_find_free(minfd);
		if (fd < 0 || (unsigned int)fd < fdtab.size)
			break;
		uk_spin_unlock(&fdtab.lock);
		fd = fdtab_expand(fd);
		if (fd < 0) {
			uk_file_release(f);
			return fd;
		}
	}
	if (fd >= 0)
		fd_assign(fd, f, fdflags);
	uk_spin_unlock(&fdtab.lock);
	if (fd < 0)
		uk_file_release(f);
	return fd;
}

int uk_fdtab_install_at(int fd, struct uk_file *f, unsigned int fdflags)
{
	struct uk_file *old;
	int ret;

	if (fd < 0 || (unsigned int)fd >= uk_fdtab_limit())
		return -EBADF;
	ret = fdtab_lock_holding(fd);
	if (ret)
		return ret;
	uk_file_acquire(f);
	old = fd_assign(fd, f, fdflags);
	uk_spin_unlock(&fdtab.lock);
	/* Outside the lock: the release op may block. */
	if (old)
		uk_file_release(old);
	return fd;
}

struct uk_file *uk_fdtab_get(int fd)
{
	struct uk_file *f = NULL;

	if (fd < 0 || fd >= UK_FDTAB_SIZE)
		return NULL;
	uk_spin_lock(&fdtab.lock);
	if (fd_used(fd)) {
		f = fdtab.files[fd];
		uk_file_acquire(f);
	}
	uk_spin_unlock(&fdtab.lock);
	return f;
}

int uk_fdtab_next(int fd)
{
	size_t w;
	unsigned long bits;
	int ret = -1;

	if (fd < 0)
		fd = 0;
	uk_spin_lock(&fdtab.lock);
	if ((unsigned int)fd < fdtab.size) {
		w = (size_t)fd / FDTAB_WORD_BITS;
		bits = fdtab.used[w] & (~0UL << ((size_t)fd % FDTAB_WORD_BITS));
		while (!bits && ++w < fdtab.size / FDTAB_WORD_BITS)
			bits = fdtab.used[w];
		if (bits)
			ret = (int)(w * FDTAB_WORD_BITS +
				    (size_t)__builtin_ctzl(bits));
	}
	uk_spin_unlock(&fdtab.lock);
	return ret;
}

int uk_fdtab_remove(int fd, struct uk_file **f)
{
	if (fd < 0 || fd >= UK_FDTAB_SIZE)
		return -EBADF;
	uk_spin_lock(&fdtab.lock);
	if (!fd_used(fd)) {
		uk_spin_unlock(&fdtab.lock);
		return -EBADF;
	}
	*f = fdtab.files[fd];
	fdtab.files[fd] = NULL;
	fdtab.used[fd / FDTAB_WORD_BITS] &= ~(1UL << (fd % FDTAB_WORD_BITS));
	uk_spin_unlock(&fdtab.lock);
	return 0;
}

int uk_fdtab_fdflags_get(int fd)
{
	int ret = -EBADF;

	if (fd < 0 || fd >= UK_FDTAB_SIZE)
		return -EBADF;
	uk_spin_lock(&fdtab.lock);
	if (fd_used(fd))
		ret = fdtab.fdflags[fd];
	uk_spin_unlock(&fdtab.lock);
	return ret;
}

int uk_fdtab_fdflags_set(int fd, unsigned int fdflags)
{
	int ret = -EBADF;

	if (fd < 0 || fd >= UK_FDTAB_SIZE)
		return -EBADF;
	uk_spin_lock(&fdtab.lock);
	if (fd_used(fd)) {
		fdtab.fdflags[fd] = (unsigned char)(fdflags & FD_CLOEXEC);
		ret = 0;
	}
	uk_spin_unlock(&fdtab.lock);
	return ret;
}

int uk_fdtab_dup_at(int oldfd, int newfd, unsigned int fdflags)
{
	struct uk_file *f, *old;
	int ret;

	/* Linux: dup2 to an fd at or above RLIMIT_NOFILE is -EBADF. */
	if (oldfd < 0 || oldfd >= UK_FDTAB_SIZE || newfd < 0 ||
	    (unsigned int)newfd >= uk_fdtab_limit())
		return -EBADF;
	ret = fdtab_lock_holding(newfd);
	if (ret)
		return ret;
	if (!fd_used(oldfd)) {
		uk_spin_unlock(&fdtab.lock);
		return -EBADF;
	}
	f = fdtab.files[oldfd];
	uk_file_acquire(f);
	/* Checked and switched under one lock: no window for a close. */
	old = fd_assign(newfd, f, fdflags);
	uk_spin_unlock(&fdtab.lock);
	if (old)
		uk_file_release(old);
	return newfd;
}

unsigned int uk_fdtab_limit(void)
{
	return __atomic_load_n(&fdtab_limit, __ATOMIC_RELAXED);
}

int uk_fdtab_limit_set(unsigned int limit)
{
	if (limit > UK_FDTAB_SIZE)
		return -EPERM;
	__atomic_store_n(&fdtab_limit, limit, __ATOMIC_RELAXED);
	return 0;
}
