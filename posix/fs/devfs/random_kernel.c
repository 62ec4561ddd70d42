/* /dev/random and /dev/urandom on the kernel: posix/process's getrandom. */
#include <stddef.h>

#include "posix/fs/devfs/devfs_random.h"

/* posix/process (UK_SYSCALL_DEFINE in random.c). */
long uk_sys_getrandom(long buf, long len, long flags);

long uk_devfs_random(void *buf, size_t len)
{
	return uk_sys_getrandom((long)buf, (long)len, 0);
}
