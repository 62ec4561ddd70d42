/* The handlers of defs.c, for define_test.cc. */
#ifndef TESTS_HOST_SYSCALL_DEFS_H
#define TESTS_HOST_SYSCALL_DEFS_H

#include <stddef.h>
#include <uk/syscall.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the last handler call received. */
struct test_seen {
	int calls;
	int fd;
	unsigned int req;
	void *ptr;
	size_t len;
	int prot, flags;
	long off;
};
extern struct test_seen test_seen;

int uk_sys_getpid(void);
int uk_sys_ioctl(int fd, unsigned int req, void *arg);
long uk_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off);

const struct uk_syscall_entry *test_entry_getpid(void);
const struct uk_syscall_entry *test_entry_ioctl(void);
const struct uk_syscall_entry *test_entry_mmap(void);

#ifdef __cplusplus
}
#endif

#endif /* TESTS_HOST_SYSCALL_DEFS_H */
