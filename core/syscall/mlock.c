/*
 * Memory locking calls: mlock, mlock2, munlock, mlockall, munlockall,
 * msync. Nothing is ever paged out and no file is mapped, so memory is
 * always locked and in sync: after Linux's argument checks, these
 * succeed. mincore, which must know what is mapped, is in mman.c.
 */
#include <errno.h>
#include <sys/mman.h>
#include <uk/essentials.h>
#include <uk/syscall.h>

/* Linux's MLOCK_ONFAULT and MCL_ONFAULT (musl names only the second). */
#define MLOCK_LOCK_ONFAULT 0x01
#define MLOCK_MCL_ONFAULT 4

UK_SYSCALL_DEFINE(int, mlock, const void *, addr __unused, size_t, len __unused)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, mlock2, const void *, addr __unused, size_t,
		  len __unused, unsigned int, flags)
{
	return flags & ~MLOCK_LOCK_ONFAULT ? -EINVAL : 0;
}

UK_SYSCALL_DEFINE(int, munlock, const void *, addr __unused, size_t,
		  len __unused)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MLOCK_MCL_ONFAULT)))
		return -EINVAL;
	/* MCL_ONFAULT qualifies the others; alone it means nothing. */
	if (flags == MLOCK_MCL_ONFAULT)
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE(int, munlockall)
{
	return 0;
}

UK_SYSCALL_DEFINE(int, msync, void *, addr, size_t, len __unused, int, flags)
{
	if ((unsigned long)addr & (__PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	return 0;
}
