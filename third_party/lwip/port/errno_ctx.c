/*
 * lwIP's errno per calling thread (see errno_ctx.h). Kernel threads have
 * no C library TLS, so errno itself would be the wrong place.
 */
#include <errno.h>
#include <uk/spinlock.h>
#include <uk/thread.h>

#include "lwip/opt.h"
#include "third_party/lwip/port/errno_ctx.h"

/* One entry per thread inside lwIP's socket code: the list stays short. */
static struct uk_lwip_errctx *errctx_list;
static struct uk_spinlock errctx_lock = UK_SPINLOCK_INITIALIZER;

void uk_lwip_errctx_enter(struct uk_lwip_errctx *c)
{
	c->thread = uk_thread_current();
	/* A failure that lwIP did not explain is an I/O error. */
	c->err = EIO;
	uk_spin_lock(&errctx_lock);
	c->next = errctx_list;
	errctx_list = c;
	uk_spin_unlock(&errctx_lock);
}

void uk_lwip_errctx_leave(struct uk_lwip_errctx *c)
{
	struct uk_lwip_errctx **pp;

	uk_spin_lock(&errctx_lock);
	for (pp = &errctx_list; *pp != c; pp = &(*pp)->next)
		;
	*pp = c->next;
	uk_spin_unlock(&errctx_lock);
}

void uk_lwip_set_errno(int err)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_lwip_errctx *c;

	/* lwIP's set_errno(0) means success: errno keeps its value. */
	if (!err)
		return;
	uk_spin_lock(&errctx_lock);
	for (c = errctx_list; c; c = c->next) {
		if (c->thread == self) {
			c->err = err;
			break;
		}
	}
	uk_spin_unlock(&errctx_lock);
}
