/* The random bytes of /dev/random and /dev/urandom (per target). */
#ifndef POSIX_FS_DEVFS_RANDOM_H
#define POSIX_FS_DEVFS_RANDOM_H

#include <stddef.h>

/* Fills buf with up to len random bytes: the count, or -errno. */
long uk_devfs_random(void *buf, size_t len);

#endif /* POSIX_FS_DEVFS_RANDOM_H */
