/*
 * errno for lwIP's socket calls, caught per calling thread: lwIP's
 * set_errno() (lwipopts.h) stores into the context of the calling thread,
 * which the glue opens around each lwip_* call.
 */
#ifndef UK_LWIP_ERRNO_CTX_H
#define UK_LWIP_ERRNO_CTX_H

struct uk_thread;

struct uk_lwip_errctx {
	struct uk_thread *thread;
	int err; /* the errno lwIP set, EIO if it set none */
	struct uk_lwip_errctx *next;
};

/* Opens c for the calling thread. Calls do not nest per thread. */
void uk_lwip_errctx_enter(struct uk_lwip_errctx *c);

/* Closes c; c->err then holds the last errno lwIP set in between. */
void uk_lwip_errctx_leave(struct uk_lwip_errctx *c);

#endif /* UK_LWIP_ERRNO_CTX_H */
