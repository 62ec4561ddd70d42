/* Tessera port: __syscall_cp_asm (cancellable syscalls) without musl asm. */
#include "pthread_impl.h"
#include "syscall.h"

/*
 * musl's asm checks self->cancel, then issues the syscall between the
 * labels __cp_begin and __cp_end so that the cancellation signal handler
 * can tell "blocked in the syscall" from "about to enter it". We have no
 * signals yet: check the flag, then call the dispatcher. The labels only
 * need to exist; no program counter ever lies inside these objects, so
 * the signal handler never redirects to __cp_cancel.
 */
hidden const char __cp_begin[1], __cp_end[1], __cp_cancel[1];

/* Defined in musl's pthread_cancel.c, the only caller of this file. */
hidden long __cancel(void);

hidden long __syscall_cp_asm(volatile int *cancel, syscall_arg_t nr,
			     syscall_arg_t u, syscall_arg_t v, syscall_arg_t w,
			     syscall_arg_t x, syscall_arg_t y, syscall_arg_t z)
{
	if (*cancel)
		return __cancel();
	return __syscall6(nr, u, v, w, x, y, z);
}
