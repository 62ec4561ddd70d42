/* arm64 IRQ dispatch: GIC acknowledge, registered handlers, EOI. */
#ifndef ARM64_IRQ_H
#define ARM64_IRQ_H

#include <uk/asm/regs.h>
#include <uk/plat/trap.h>

/*
 * ukplat_irq_register() on arm64 takes a GIC INTID: 16..31 for a PPI
 * (enabled on the calling CPU only: register it on each CPU that wants
 * it), 32..ARM64_GIC_MAX_INTID-1 for an SPI (routed to the boot CPU).
 * SGIs (0..15) belong to the platform (ARM64_SGI_WAKEUP) and give -EINVAL.
 * ukplat_irq_set_trigger() takes the same numbers (a PPI's trigger is set
 * on the calling CPU only); the GIC has no falling edge or active-low
 * level, which give -ENOTSUP.
 * Handlers get the INTID as error_code. The platform EOIs after them; an
 * IRQ that no handler claims is disabled with a warning.
 */

/* Called by arm64_trap_handler() for an IRQ exception. */
void arm64_irq_handle(struct __regs *regs);

/* Registers a platform handler for an SGI (0..15) of every CPU. */
int arm64_irq_register_sgi(unsigned int sgi, ukplat_trap_handler_t handler,
			   void *arg);

/* Number of IRQs the calling CPU has taken (handled or not). */
unsigned long arm64_irq_count(void);

#endif /* ARM64_IRQ_H */
