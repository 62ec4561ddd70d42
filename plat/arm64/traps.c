/* Exception dispatch: registered trap handlers, IRQs, else a crash. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/trap.h>
#include <arm64/handlers.h>
#include <arm64/irq.h>
#include <arm64/semihost.h>
#include <arm64/traps.h>

static arm64_handler_row_t trap_rows[ARM64_TRAP_VECTORS];

static const char *const slot_names[16] = {
	"Synchronous (EL1t)",
	"IRQ (EL1t)",
	"FIQ (EL1t)",
	"SError (EL1t)",
	"Synchronous (EL1h)",
	"IRQ (EL1h)",
	"FIQ (EL1h)",
	"SError (EL1h)",
	"Synchronous (EL0, AArch64)",
	"IRQ (EL0, AArch64)",
	"FIQ (EL0, AArch64)",
	"SError (EL0, AArch64)",
	"Synchronous (EL0, AArch32)",
	"IRQ (EL0, AArch32)",
	"FIQ (EL0, AArch32)",
	"SError (EL0, AArch32)",
};

int ukplat_trap_register(unsigned int vector, ukplat_trap_handler_t handler,
			 void *arg)
{
	if (vector >= ARM64_TRAP_VECTORS || !handler)
		return -EINVAL;
	return arm64_handlers_add(trap_rows[vector], handler, arg);
}

int ukplat_trap_unregister(unsigned int vector, ukplat_trap_handler_t handler,
			   void *arg)
{
	if (vector >= ARM64_TRAP_VECTORS)
		return -EINVAL;
	return arm64_handlers_del(trap_rows[vector], handler, arg);
}

static void sync_exception(unsigned long slot, struct __regs *regs)
{
	unsigned long ec = (regs->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	/*
	 * Without a semihosting host, hlt #0xf000 is undefined (EC 0): make
	 * arm64_semihost_call() return -1 so callers fall back.
	 */
	if (ec == ESR_EC_UNKNOWN &&
	    regs->elr == (uintptr_t)arm64_semihost_trap) {
		regs->x[0] = (unsigned long)-1;
		regs->elr += 4;
		return;
	}
	if (slot < TRAP_ORIGIN_EL0_64 &&
	    arm64_handlers_call(trap_rows[ec], regs, regs->esr))
		return;
	arm64_crash(arm64_esr_class_name(ec), regs, ARM64_CRASH_STATUS_EC(ec));
}

void arm64_trap_handler(unsigned long slot, struct __regs *regs)
{
	unsigned long kind = slot & 3;

	if (slot >= TRAP_ORIGIN_EL0_64) {
		/* Nothing runs at EL0: this is a bug, whatever the kind. */
		arm64_crash(slot_names[slot & 15], regs,
			    UKPLAT_TRAP_CRASH_STATUS(32));
	}
	switch (kind) {
	case TRAP_SYNC:
		sync_exception(slot, regs);
		break;
	case TRAP_IRQ:
		arm64_irq_handle(regs);
		break;
	case TRAP_SERROR:
		arm64_crash(slot_names[slot], regs,
			    ARM64_CRASH_STATUS_EC(ESR_EC_SERROR));
		break;
	default:
		arm64_crash(slot_names[slot], regs,
			    UKPLAT_TRAP_CRASH_STATUS(32));
	}
}
