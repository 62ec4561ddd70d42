/* Legacy IRQ lines: handler registration on the PIC's vectors. */
#include <errno.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <uk/spinlock.h>
#include <x86/pic8259.h>
#include <x86/traps.h>

/* Keeps a line's mask in step with its handler list. */
static struct uk_spinlock irq_lock = UK_SPINLOCK_INITIALIZER;

int ukplat_irq_register(unsigned int irq, ukplat_trap_handler_t handler,
			void *arg)
{
	unsigned long flags;
	int rc;

	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&irq_lock);
	rc = ukplat_trap_register(X86_PIC_VECTOR_BASE + irq, handler, arg);
	if (rc == 0)
		x86_pic_unmask(irq);
	uk_spin_unlock(&irq_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int ukplat_irq_unregister(unsigned int irq, ukplat_trap_handler_t handler,
			  void *arg)
{
	unsigned long flags;
	int rc;

	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&irq_lock);
	rc = ukplat_trap_unregister(X86_PIC_VECTOR_BASE + irq, handler, arg);
	if (rc == 0 && !x86_trap_has_handler(X86_PIC_VECTOR_BASE + irq))
		x86_pic_mask(irq);
	uk_spin_unlock(&irq_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/*
 * The i8259 runs its lines edge-triggered, active high (ICW1 without LTIM),
 * as ISA devices signal: that is the only trigger a legacy line takes.
 */
int ukplat_irq_set_trigger(unsigned int irq, unsigned int trigger)
{
	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return -EINVAL;
	switch (trigger) {
	case UKPLAT_IRQ_EDGE_RISING:
		return 0;
	case UKPLAT_IRQ_EDGE_FALLING:
	case UKPLAT_IRQ_LEVEL_HIGH:
	case UKPLAT_IRQ_LEVEL_LOW:
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
}
