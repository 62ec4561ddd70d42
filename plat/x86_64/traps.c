/* Trap handler registration and dispatch of every IDT vector. */
#include <errno.h>
#include <uk/asm/regs.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <uk/spinlock.h>
#include <x86/apic.h>
#include <x86/irq.h>
#include <x86/lcpu.h>
#include <x86/pic8259.h>
#include <x86/traps.h>

struct trap_slot {
	ukplat_trap_handler_t fn; /* NULL = free; published last */
	void *arg;
};

static struct trap_slot trap_slots[UKPLAT_TRAP_VECTORS]
				  [UKPLAT_TRAP_HANDLERS_MAX];
static struct uk_spinlock trap_lock = UK_SPINLOCK_INITIALIZER;

int ukplat_trap_register(unsigned int vector, ukplat_trap_handler_t handler,
			 void *arg)
{
	struct trap_slot *s, *free = NULL;
	unsigned long flags;
	int rc = 0;
	int i;

	if (vector >= UKPLAT_TRAP_VECTORS || !handler)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&trap_lock);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		s = &trap_slots[vector][i];
		if (s->fn == handler && s->arg == arg) {
			rc = -EEXIST;
			goto out;
		}
		if (!s->fn && !free)
			free = s;
	}
	if (!free) {
		rc = -EBUSY;
		goto out;
	}
	/* Dispatch reads without the lock: arg must be visible before fn. */
	free->arg = arg;
	__atomic_store_n(&free->fn, handler, __ATOMIC_RELEASE);
out:
	uk_spin_unlock(&trap_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int ukplat_trap_unregister(unsigned int vector, ukplat_trap_handler_t handler,
			   void *arg)
{
	struct trap_slot *s;
	unsigned long flags;
	int rc = -ENOENT;
	int i;

	if (vector >= UKPLAT_TRAP_VECTORS)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&trap_lock);
	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		s = &trap_slots[vector][i];
		if (s->fn && s->fn == handler && s->arg == arg) {
			__atomic_store_n(&s->fn, NULL, __ATOMIC_RELEASE);
			rc = 0;
			break;
		}
	}
	uk_spin_unlock(&trap_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int x86_trap_has_handler(unsigned int vector)
{
	int i;

	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++)
		if (__atomic_load_n(&trap_slots[vector][i].fn,
				    __ATOMIC_ACQUIRE))
			return 1;
	return 0;
}

static int trap_run_handlers(struct __regs *regs)
{
	struct trap_slot *slots = trap_slots[regs->vector];
	ukplat_trap_handler_t fn;
	int i;

	for (i = 0; i < UKPLAT_TRAP_HANDLERS_MAX; i++) {
		fn = __atomic_load_n(&slots[i].fn, __ATOMIC_ACQUIRE);
		if (fn && fn(regs, regs->error_code, slots[i].arg))
			return 1;
	}
	return 0;
}

static void trap_pic_irq(struct __regs *regs)
{
	unsigned int irq = regs->vector - X86_PIC_VECTOR_BASE;

	if (x86_pic_spurious(irq))
		return;
	/*
	 * Unclaimed: a device on a shared line, or a line someone unmasked
	 * without a handler; mask the latter so it cannot storm.
	 */
	if (!trap_run_handlers(regs) && !x86_trap_has_handler(regs->vector))
		x86_pic_mask(irq);
	x86_pic_eoi(irq);
}

/* An I/O APIC interrupt: handlers first, then the EOI (level lines). */
static void trap_ioapic_irq(struct __regs *regs)
{
	if (!trap_run_handlers(regs) && !x86_trap_has_handler(regs->vector))
		x86_irq_mask(regs->vector - X86_IRQ_VECTOR_BASE);
	x86_apic_eoi();
}

void x86_trap_dispatch(struct __regs *regs)
{
	unsigned long v = regs->vector;

	if (v >= X86_TRAP_EXCEPTIONS && v != X86_APIC_VEC_TIMER)
		__atomic_store_n(&x86_lcpu_self()->irq_other, 1,
				 __ATOMIC_RELAXED);

	if (v >= X86_IRQ_VECTOR_BASE &&
	    v < X86_IRQ_VECTOR_BASE + UKPLAT_IRQ_LINES) {
		trap_ioapic_irq(regs);
		return;
	}

	if (v >= X86_PIC_VECTOR_BASE &&
	    v < X86_PIC_VECTOR_BASE + X86_PIC_LINES) {
		trap_pic_irq(regs);
		return;
	}
	if (!trap_run_handlers(regs))
		x86_crash(regs);
}
