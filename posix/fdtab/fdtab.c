/* The fd table: lowest-free allocation, lookup, replacement and close. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <uk/fdtab.h>

#include "posix/fdtab/fdtab_impl.h"

#define FDTAB_WORD_BITS (sizeof(unsigned long) * CHAR_BIT)
#define FDTAB_WORDS (UK_FDTAB_SIZE / FDTAB_WORD_BITS)

_Static_assert(UK_FDTAB_SIZE > 0 && UK_FDTAB_SIZE % FDTAB_WORD_BITS == 0,
	       "UK_FDTAB_SIZE must be a positive multiple of the long bits");

static struct {
	struct uk_spinlock lock;
	/* Bit fd set: fd is in use. */
	unsigned long used[FDTAB_WORDS];
	struct uk_file *files[UK_FDTAB_SIZE];
	unsigned char fdflags[UK_FDTAB_SIZE];
} fdtab;

/* RLIMIT_NOFILE's soft limit: new fds are below it. */
static unsigned int fdtab_limit = UK_FDTAB_SIZE;

static inline bool fd_used(int fd)
{
	return fdtab.used[fd / FDTAB_WORD_BITS] &
	       (1UL << (fd % FDTAB_WORD_BITS));
}

/* Lowest free fd >= minfd below the limit, or -EMFILE. Lock held. */
static int fd_find_free(int minfd)
{
	size_t w = (size_t)minfd / FDTAB_WORD_BITS;
	unsigned long free_bits;
	int fd;

	/* Bits below minfd in its word count as used. */
	free_bits =
		~fdtab.used[w] & (~0UL << ((size_t)minfd % FDTAB_WORD_BITS));
	for (;;) {
		if (free_bits)
			break;
		if (++w == FDTAB_WORDS)
			return -EMFILE;
		free_bits = ~fdtab.used[w];
	}
	fd = (int)(w * FDTAB_WORD_BITS + (size_t)__builtin_ctzl(free_bits));
	return (unsigned int)fd < uk_fdtab_limit() ? fd : -EMFILE;
}

/* Sets fd to f; returns the file that was there. Lock held. */
static struct uk_file *fd_assign(int fd, struct uk_file *f,
				 unsigned int fdflags)
{
	struct uk_file *old = fdtab.files[fd];

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
	uk_spin_lock(&fdtab.lock);
	fd = fd_find_free(minfd);
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

	if (fd < 0 || (unsigned int)fd >= uk_fdtab_limit())
		return -EBADF;
	uk_file_acquire(f);
	uk_spin_lock(&fdtab.lock);
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

	/* Linux: dup2 to an fd at or above RLIMIT_NOFILE is -EBADF. */
	if (oldfd < 0 || oldfd >= UK_FDTAB_SIZE || newfd < 0 ||
	    (unsigned int)newfd >= uk_fdtab_limit())
		return -EBADF;
	uk_spin_lock(&fdtab.lock);
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
