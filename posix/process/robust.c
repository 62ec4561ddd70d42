/*
 * Robust futex lists (set_robust_list, get_robust_list): at a thread's
 * exit, every lock on its list that it still owns is marked
 * FUTEX_OWNER_DIED and one waiter is woken, so that the next locker of a
 * robust mutex gets EOWNERDEAD (Documentation/locking/robust-futex-ABI.rst);
 * a PI lock goes straight to its first waiter (posix_futex_owner_died).
 * musl walks the list itself in pthread_exit; this covers threads that
 * end otherwise (SYS_exit).
 */
#include <errno.h>
#include <stdint.h>
#include <uk/syscall.h>
#include "process_impl.h"

/* Linux's ROBUST_LIST_LIMIT: a corrupt (cyclic) list ends here. */
#define ROBUST_LIST_LIMIT 2048

struct robust_list {
	struct robust_list *next;
};

/* The ABI's head; the size set_robust_list must be given. */
struct robust_list_head {
	struct robust_list list;
	long futex_offset;
	struct robust_list *list_op_pending;
};

UK_SYSCALL_DEFINE(int, set_robust_list, struct robust_list_head *, head, size_t,
		  len)
{
	if (len != sizeof(struct robust_list_head))
		return -EINVAL;
	posix_thread_current()->robust_list = head;
	return 0;
}

UK_SYSCALL_DEFINE(int, get_robust_list, int, pid, struct robust_list_head **,
		  head_ptr, size_t *, len_ptr)
{
	struct posix_thread *rec =
		pid ? posix_thread_find(pid) : posix_thread_current();

	if (!rec)
		return -ESRCH;
	if (!head_ptr || !len_ptr)
		return -EFAULT;
	*head_ptr = rec->robust_list;
	*len_ptr = sizeof(struct robust_list_head);
	return 0;
}

/* Entries carry a PI flag in bit 0 (the ABI): not part of the address. */
static struct robust_list *robust_entry(struct robust_list *p)
{
	return (struct robust_list *)((uintptr_t)p & ~(uintptr_t)1);
}

void posix_robust_exit(struct posix_thread *rec)
{
	struct robust_list_head *head = rec->robust_list;
	struct robust_list *e, *pending;
	unsigned int n = 0;

	if (!head)
		return;
	pending = robust_entry(head->list_op_pending);
	for (e = robust_entry(head->list.next);
	     e && e != &head->list && n < ROBUST_LIST_LIMIT;
	     e = robust_entry(e->next), n++) {
		if (e != pending)
			posix_futex_owner_died(
				(int *)((char *)e + head->futex_offset),
				rec->tid);
	}
	if (pending)
		posix_futex_owner_died(
			(int *)((char *)pending + head->futex_offset),
			rec->tid);
	rec->robust_list = NULL;
}
