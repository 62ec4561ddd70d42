/* System calls: typed handlers, their registration, and the dispatcher. */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <stdbool.h>
#include <uk/essentials.h>
/*
 * UK_SYSCALL_NR_<name> and UK_SYSCALL_SECTION_<name> of the target
 * architecture, generated from musl's syscall lists (gen_syscall_nr.sh).
 */
#include <uk/syscall_nr.h>

/*
 * A syscall handler as the dispatcher calls it: six arguments as Linux
 * passes them (unused ones are 0). Returns the result (>= 0) or a negative
 * errno, as Linux does.
 */
typedef long (*uk_syscall_func_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	uk_syscall_func_t handler;
};

/* Dispatch table size: Linux syscall numbers used by musl are below this. */
#define UK_SYSCALL_NR_MAX 512

/*
 * Defines the handler of Linux syscall <name> with typed parameters and
 * registers it, in one place:
 *
 *	UK_SYSCALL_DEFINE(ssize_t, read, int, fd, void *, buf, size_t, len)
 *	{
 *		...
 *	}
 *
 * defines `ssize_t uk_sys_read(int fd, void *buf, size_t len)`, callable
 * like any C function (other libraries and host tests may declare it in a
 * header), and a wrapper that the dispatcher calls with six longs, each
 * cast to its parameter's type. Handlers return 0 or a result, or a
 * negative errno. Up to six (type, name) pairs; none for a syscall without
 * arguments.
 *
 * The registration record lands in the linker section .uk_syscalls, so the
 * defining cc_library must be alwayslink. A syscall that the target
 * architecture does not have (open on arm64, which only has openat) still
 * defines uk_sys_<name>, but its record goes to a section the linker drops.
 */
/* clang-format off: the macros below are aligned by hand. */
#define UK_SYSCALL_DEFINE(rtype, name, ...)                                    \
	rtype uk_sys_##name(__UK_SC_PARAMS(__VA_ARGS__));                      \
	static long __uk_sc_wrap_##name(                                       \
		long __a1 __unused, long __a2 __unused, long __a3 __unused,    \
		long __a4 __unused, long __a5 __unused, long __a6 __unused)    \
	{                                                                      \
		return (long)uk_sys_##name(__UK_SC_CASTS(__VA_ARGS__));        \
	}                                                                      \
	_Static_assert(UK_SYSCALL_NR_##name < UK_SYSCALL_NR_MAX,               \
		       "syscall number out of the dispatch table");            \
	static const struct uk_syscall_entry __used __section(                 \
		UK_SYSCALL_SECTION_##name) __aligned(sizeof(long))             \
		__uk_sc_entry_##name = { UK_SYSCALL_NR_##name,                 \
					 __uk_sc_wrap_##name };                \
	rtype uk_sys_##name(__UK_SC_PARAMS(__VA_ARGS__))
/* clang-format on */

/*
 * Runs syscall n with arguments a1..a6. Called by musl for every system
 * call (third_party/musl/port/include/syscall_arch.h), in the caller's
 * context: no trap, no stack switch. Returns the handler's result, or
 * -ENOSYS for a number nothing registered (logged once per number).
 * Signal handlers run before it returns (uk_syscall_signals).
 */
long uk_syscall6(long n, long a1, long a2, long a3, long a4, long a5, long a6);

/*
 * Returned by a handler whose wait a signal interrupted (Linux's internal
 * ERESTARTSYS): uk_syscall6 runs the signal handlers, then restarts the
 * call if they all have SA_RESTART, else returns -EINTR. Calls that Linux
 * never restarts (nanosleep, poll, epoll_wait, ...) return -EINTR.
 */
#define UK_ERESTARTSYS 512

/*
 * Called by uk_syscall6 after each handler, with its result: runs the
 * handlers of the signals due to the calling thread (the syscall-return
 * path: there is no trap). Returns true if rc is -UK_ERESTARTSYS and the
 * call must be restarted. posix/process defines it; without it there are
 * no signals (this default returns false).
 */
bool uk_syscall_signals(long rc);

/* Name of Linux syscall nr ("write"), or NULL if the number is unknown. */
const char *uk_syscall_name(long nr);

/*
 * Internal to UK_SYSCALL_DEFINE: the parameter list and the argument casts
 * from (type, name) pairs, chosen by the number of macro arguments.
 */
/* clang-format off */
#define __UK_SC_COUNT(...)                                                   \
	__UK_SC_COUNT_(_, ##__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, \
		       1, 0)
#define __UK_SC_COUNT_(_, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, \
		       n, ...)                                               \
	n
#define __UK_SC_CAT(a, b) __UK_SC_CAT_(a, b)
#define __UK_SC_CAT_(a, b) a##b
#define __UK_SC_PARAMS(...)                                                  \
	__UK_SC_CAT(__UK_SC_PARAMS, __UK_SC_COUNT(__VA_ARGS__))(__VA_ARGS__)
#define __UK_SC_CASTS(...)                                                   \
	__UK_SC_CAT(__UK_SC_CASTS, __UK_SC_COUNT(__VA_ARGS__))(__VA_ARGS__)

#define __UK_SC_PARAMS0() void
#define __UK_SC_PARAMS2(t1, p1) t1 p1
#define __UK_SC_PARAMS4(t1, p1, t2, p2) t1 p1, t2 p2
#define __UK_SC_PARAMS6(t1, p1, t2, p2, t3, p3) t1 p1, t2 p2, t3 p3
#define __UK_SC_PARAMS8(t1, p1, t2, p2, t3, p3, t4, p4)                      \
	t1 p1, t2 p2, t3 p3, t4 p4
#define __UK_SC_PARAMS10(t1, p1, t2, p2, t3, p3, t4, p4, t5, p5)             \
	t1 p1, t2 p2, t3 p3, t4 p4, t5 p5
#define __UK_SC_PARAMS12(t1, p1, t2, p2, t3, p3, t4, p4, t5, p5, t6, p6)     \
	t1 p1, t2 p2, t3 p3, t4 p4, t5 p5, t6 p6

#define __UK_SC_CASTS0()
#define __UK_SC_CASTS2(t1, p1) (t1)__a1
#define __UK_SC_CASTS4(t1, p1, t2, p2) (t1)__a1, (t2)__a2
#define __UK_SC_CASTS6(t1, p1, t2, p2, t3, p3) (t1)__a1, (t2)__a2, (t3)__a3
#define __UK_SC_CASTS8(t1, p1, t2, p2, t3, p3, t4, p4)                       \
	(t1)__a1, (t2)__a2, (t3)__a3, (t4)__a4
#define __UK_SC_CASTS10(t1, p1, t2, p2, t3, p3, t4, p4, t5, p5)              \
	(t1)__a1, (t2)__a2, (t3)__a3, (t4)__a4, (t5)__a5
#define __UK_SC_CASTS12(t1, p1, t2, p2, t3, p3, t4, p4, t5, p5, t6, p6)      \
	(t1)__a1, (t2)__a2, (t3)__a3, (t4)__a4, (t5)__a5, (t6)__a6
/* clang-format on */

#endif /* UK_SYSCALL_H */
