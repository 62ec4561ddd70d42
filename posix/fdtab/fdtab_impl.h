/* Internals of posix/fdtab shared by its files (not a public API). */
#ifndef POSIX_FDTAB_IMPL_H
#define POSIX_FDTAB_IMPL_H

#include <uk/file.h>

/* Frees fd and hands its file reference to *f. 0 or -EBADF. */
int uk_fdtab_remove(int fd, struct uk_file **f);

/* FD_CLOEXEC or 0 for an open fd, or -EBADF. */
int uk_fdtab_fdflags_get(int fd);

/* Sets the fd flags of an open fd (FD_CLOEXEC or 0). 0 or -EBADF. */
int uk_fdtab_fdflags_set(int fd, unsigned int fdflags);

/*
 * Makes newfd refer to oldfd's file with fdflags, closing what newfd
 * had. Returns newfd, or -EBADF if either fd is outside the table or
 * oldfd is not open.
 */
int uk_fdtab_dup_at(int oldfd, int newfd, unsigned int fdflags);

#endif /* POSIX_FDTAB_IMPL_H */
