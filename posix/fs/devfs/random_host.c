/* /dev/random and /dev/urandom in host tests: the host's getrandom. */
#include <sys/random.h>

#include "posix/fs/devfs/devfs_random.h"

long uk_devfs_random(void *buf, size_t len)
{
	return getrandom(buf, len, 0);
}
