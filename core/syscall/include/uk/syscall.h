/* System calls: musl's direct-call dispatcher and handler registration. */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>
/* SYS_* numbers of the target architecture, from musl's bits/syscall.h. */
#include <bits/syscall.h>

/*
 * A syscall handler: up to six arguments as Linux passes them (unused ones
 * are 0). Returns the result (>= 0) or a negative errno, as Linux does.
 */
typedef long (*uk_syscall_func_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	uk_syscall_func_t handler;
};

/* Dispatch table size: Linux syscall numbers used by musl are below this. */
#define UK_SYSCALL_NR_MAX 512

/*
 * Registers handler for Linux syscall nr_linux (write SYS_write: the number
 * of the target architecture). The record lands in the linker section
 * .uk_syscalls, so the registering cc_library must be alwayslink. A number
 * registered twice keeps the last entry the linker placed, with a warning.
 */
#define UK_SYSCALL_REGISTER(nr_linux, handler)                               \
	_UK_SYSCALL_REGISTER(nr_linux, handler, __COUNTER__)
#define _UK_SYSCALL_REGISTER(nr, fn, id) __UK_SYSCALL_REGISTER(nr, fn, id)
#define __UK_SYSCALL_REGISTER(nr, fn, id)                                    \
	_Static_assert((nr) >= 0 && (nr) < UK_SYSCALL_NR_MAX,                \
		       "syscall number out of the dispatch table");          \
	static const struct uk_syscall_entry __used                          \
	__section(".uk_syscalls") __aligned(sizeof(long))                    \
	__uk_syscall_entry_##id = { (nr), (fn) }

/*
 * Runs syscall n with arguments a1..a6. Called by musl for every system
 * call (third_party/musl/port/include/syscall_arch.h), in the caller's
 * context: no trap, no stack switch. Returns the handler's result, or
 * -ENOSYS for a number nothing registered (logged once per number).
 */
long uk_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
		 long a6);

/* Name of Linux syscall nr ("write"), or NULL if the number is unknown. */
const char *uk_syscall_name(long nr);

#endif /* UK_SYSCALL_H */
