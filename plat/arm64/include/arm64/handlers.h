/* Rows of (handler, arg) slots shared by trap and IRQ registration. */
#ifndef ARM64_HANDLERS_H
#define ARM64_HANDLERS_H

#include <uk/plat/trap.h>

struct arm64_handler_slot {
	ukplat_trap_handler_t handler; /* published last, with release */
	void *arg;
};

/* A row: the handlers of one vector or IRQ, called in slot order. */
typedef struct arm64_handler_slot arm64_handler_row_t[UKPLAT_TRAP_HANDLERS_MAX];

/*
 * Adds (handler, arg) to row. Exception handlers on any CPU read rows
 * without a lock, so this never blocks them. Not for exception context.
 * Returns 0, -EEXIST if already there, or -EBUSY if the row is full.
 */
int arm64_handlers_add(arm64_handler_row_t row, ukplat_trap_handler_t handler,
		       void *arg);

/*
 * Removes (handler, arg) from row. Returns 0 or -ENOENT. A call already
 * running on another CPU may still complete.
 */
int arm64_handlers_del(arm64_handler_row_t row, ukplat_trap_handler_t handler,
		       void *arg);

/* Calls row's handlers until one returns non-zero; returns 1 then, else 0. */
int arm64_handlers_call(arm64_handler_row_t row, struct __regs *regs,
			unsigned long code);

/* Non-zero when row has a handler. */
int arm64_handlers_any(arm64_handler_row_t row);

#endif /* ARM64_HANDLERS_H */
