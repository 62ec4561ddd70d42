/* Legacy IRQ lines: handler registration on the PIC's vectors. */
#include <errno.h>
#include <uk/plat/trap.h>
#include <x86/irqlock.h>
#include <x86/pic8259.h>
#include <x86/traps.h>

/* Keeps a line's mask in step with its handler list. */
static volatile int irq_lock;

int ukplat_irq_register(unsigned int irq, ukplat_trap_handler_t handler,
			void *arg)
{
	unsigned long flags;
	int rc;

	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return -EINVAL;
	flags = x86_irqlock_acquire(&irq_lock);
	rc = ukplat_trap_register(X86_PIC_VECTOR_BASE + irq, handler, arg);
	if (rc == 0)
		x86_pic_unmask(irq);
	x86_irqlock_release(&irq_lock, flags);
	return rc;
}

int ukplat_irq_unregister(unsigned int irq, ukplat_trap_handler_t handler,
			  void *arg)
{
	unsigned long flags;
	int rc;

	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return -EINVAL;
	flags = x86_irqlock_acquire(&irq_lock);
	rc = ukplat_trap_unregister(X86_PIC_VECTOR_BASE + irq, handler, arg);
	if (rc == 0 && !x86_trap_has_handler(X86_PIC_VECTOR_BASE + irq))
		x86_pic_mask(irq);
	x86_irqlock_release(&irq_lock, flags);
	return rc;
}
