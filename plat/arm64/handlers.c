/* Handler rows: lock-free readers, writers serialised by one spinlock. */
#include <errno.h>
#include <uk/spinlock.h>
#include <arm64/handlers.h>

/* Writers run with IRQs on or off, never inside a trap handler. */
static struct uk_spinlock handlers_lock = UK_SPINLOCK_INITIALIZER;

int arm64_handlers_add(arm64_handler_row_t row, ukplat_trap_handler_t handler,
		       void *arg)
{
	struct arm64_handler_slot *free = NULL;
	unsigned int i;
	int rc = 0;

	uk_spin_lock(&handlers_lock);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		if (row[i].handler == handler && row[i].arg == arg) {
			rc = -EEXIST;
			goto out;
		}
		if (!row[i].handler && !free)
			free = &row[i];
	}
	if (!free) {
		rc = -EBUSY;
		goto out;
	}
	/* A reader that sees the handler must see its arg. */
	free->arg = arg;
	__atomic_store_n(&free->handler, handler, __ATOMIC_RELEASE);
out:
	uk_spin_unlock(&handlers_lock);
	return rc;
}

int arm64_handlers_del(arm64_handler_row_t row, ukplat_trap_handler_t handler,
		       void *arg)
{
	unsigned int i;
	int rc = -ENOENT;

	uk_spin_lock(&handlers_lock);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		if (row[i].handler == handler && row[i].arg == arg) {
			__atomic_store_n(&row[i].handler, NULL,
					 __ATOMIC_RELEASE);
			rc = 0;
			break;
		}
	}
	uk_spin_unlock(&handlers_lock);
	return rc;
}

int arm64_handlers_call(arm64_handler_row_t row, struct __regs *regs,
			unsigned long code)
{
	ukplat_trap_handler_t h;
	unsigned int i;

	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		h = __atomic_load_n(&row[i].handler, __ATOMIC_ACQUIRE);
		if (h && h(regs, code, row[i].arg))
			return 1;
	}
	return 0;
}

int arm64_handlers_any(arm64_handler_row_t row)
{
	unsigned int i;

	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++)
		if (__atomic_load_n(&row[i].handler, __ATOMIC_RELAXED))
			return 1;
	return 0;
}
