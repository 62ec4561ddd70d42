/*
 * Handlers defined with UK_SYSCALL_DEFINE for define_test.cc: each records
 * the typed arguments it received, so the test can check the wrapper's
 * casts from the six longs the dispatcher passes.
 */
#include <stdint.h>
#include <uk/syscall.h>
#include "defs.h"

struct test_seen test_seen;

UK_SYSCALL_DEFINE(int, getpid)
{
	test_seen.calls++;
	return 42;
}

/* Linux takes ioctl's request as an unsigned int (fs/ioctl.c). */
UK_SYSCALL_DEFINE(int, ioctl, int, fd, unsigned int, req, void *, arg)
{
	test_seen.calls++;
	test_seen.fd = fd;
	test_seen.req = req;
	test_seen.ptr = arg;
	return -22;
}

UK_SYSCALL_DEFINE(long, mmap, void *, addr, size_t, len, int, prot, int, flags,
		  int, fd, long, off)
{
	test_seen.calls++;
	test_seen.ptr = addr;
	test_seen.len = len;
	test_seen.prot = prot;
	test_seen.flags = flags;
	test_seen.fd = fd;
	test_seen.off = off;
	return (long)(uintptr_t)addr + off;
}

const struct uk_syscall_entry *test_entry_getpid(void)
{
	return &__uk_sc_entry_getpid;
}

const struct uk_syscall_entry *test_entry_ioctl(void)
{
	return &__uk_sc_entry_ioctl;
}

const struct uk_syscall_entry *test_entry_mmap(void)
{
	return &__uk_sc_entry_mmap;
}
