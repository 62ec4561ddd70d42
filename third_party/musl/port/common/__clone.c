/* Tessera port: __clone creates a core/sched thread through posix/process. */
#define _GNU_SOURCE /* CLONE_* of <sched.h> */
#include <stdarg.h>
#include <stdint.h>
#include "pthread_impl.h"

/* posix/process (<uk/process.h>), linked into every image. */
long posix_process_clone(unsigned long flags, void *stack_top,
			 size_t stack_size, int (*fn)(void *), void *arg,
			 int *ptid, unsigned long tls, int *ctid);

/*
 * The usable stack below stack_top when the caller is musl's
 * pthread_create, else 0 (unknown). pthread_create lays a thread out as
 * [guard][stack ... start_args][TLS + struct pthread][TSD] in one mapping,
 * passes TP_ADJ(new) as tls, and has already set new->stack (the top,
 * above start_args) and new->stack_size (down to the guard or to the
 * caller-provided stack's base), so the bound is new->stack -
 * new->stack_size.
 */
static size_t clone_stack_size(void *stack_top, int flags, void *tls)
{
	struct pthread *td;
	uintptr_t top = (uintptr_t)stack_top, lo, hi;

	if (!(flags & CLONE_SETTLS) || !tls)
		return 0;
	td = (struct pthread *)((char *)tls - (uintptr_t)TP_ADJ((char *)0));
	if (td->self != td)
		return 0;
	hi = (uintptr_t)td->stack;
	lo = hi - td->stack_size;
	if (top <= lo || top > hi)
		return 0;
	return top - lo;
}

/*
 * musl's asm issues the clone syscall and, in the child, calls fn(arg)
 * and exits. A direct call cannot return twice, so posix/process starts
 * the child at fn(arg) itself and ends it with SYS_exit.
 */
int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	va_list ap;
	int *ptid, *ctid;
	void *tls;

	va_start(ap, arg);
	ptid = va_arg(ap, int *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, int *);
	va_end(ap);
	return posix_process_clone((unsigned)flags, stack,
				   clone_stack_size(stack, flags, tls), fn, arg,
				   ptid, (unsigned long)tls, ctid);
}
