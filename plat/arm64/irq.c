/* IRQ handler registration on GIC INTIDs and the IRQ exception path. */
#include <errno.h>
#include <uk/print.h>
#include <arm64/gic.h>
#include <arm64/handlers.h>
#include <arm64/irq.h>
#include <arm64/lcpu.h>

static arm64_handler_row_t irq_rows[ARM64_GIC_MAX_INTID];
static unsigned long irq_counts[ARM64_LCPU_MAX];

static int irq_add(unsigned int intid, ukplat_trap_handler_t handler, void *arg)
{
	int rc;

	if (!handler || !arm64_gic)
		return -EINVAL;
	rc = arm64_handlers_add(irq_rows[intid], handler, arg);
	if (rc == 0)
		arm64_gic->enable(intid);
	return rc;
}

int ukplat_irq_register(unsigned int irq, ukplat_trap_handler_t handler,
			void *arg)
{
	if (irq < GIC_PPI_BASE || irq >= ARM64_GIC_MAX_INTID)
		return -EINVAL;
	return irq_add(irq, handler, arg);
}

/*
 * The GIC takes active-high levels and rising edges only (GIC
 * architecture spec 1.4.2); inverters, if any, sit outside it.
 */
int ukplat_irq_set_trigger(unsigned int irq, unsigned int trigger)
{
	if (irq < GIC_PPI_BASE || irq >= ARM64_GIC_MAX_INTID || !arm64_gic)
		return -EINVAL;
	switch (trigger) {
	case UKPLAT_IRQ_EDGE_RISING:
		arm64_gic->set_trigger(irq, 1);
		return 0;
	case UKPLAT_IRQ_LEVEL_HIGH:
		arm64_gic->set_trigger(irq, 0);
		return 0;
	case UKPLAT_IRQ_EDGE_FALLING:
	case UKPLAT_IRQ_LEVEL_LOW:
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
}

int arm64_irq_register_sgi(unsigned int sgi, ukplat_trap_handler_t handler,
			   void *arg)
{
	if (sgi >= GIC_PPI_BASE)
		return -EINVAL;
	return irq_add(sgi, handler, arg);
}

int ukplat_irq_unregister(unsigned int irq, ukplat_trap_handler_t handler,
			  void *arg)
{
	int rc;

	if (irq < GIC_PPI_BASE || irq >= ARM64_GIC_MAX_INTID)
		return -EINVAL;
	rc = arm64_handlers_del(irq_rows[irq], handler, arg);
	if (rc == 0 && !arm64_handlers_any(irq_rows[irq]))
		arm64_gic->disable(irq);
	return rc;
}

unsigned long arm64_irq_count(void)
{
	return __atomic_load_n(&irq_counts[arm64_lcpu_self()->idx],
			       __ATOMIC_RELAXED);
}

void arm64_irq_handle(struct __regs *regs)
{
	unsigned int idx = arm64_lcpu_self()->idx;
	uint32_t iar, intid;

	/* Every pending IRQ before returning: one exception entry for all. */
	for (;;) {
		iar = arm64_gic->ack();
		intid = GIC_IAR_INTID(iar);
		if (intid >= GIC_INTID_SPURIOUS)
			break;
		irq_counts[idx]++;
		if (intid >= ARM64_GIC_MAX_INTID ||
		    !arm64_handlers_call(irq_rows[intid], regs, intid)) {
			/* Nobody services it: a level IRQ would storm. */
			if (intid >= GIC_PPI_BASE) {
				arm64_gic->disable(intid);
				uk_pr_warn("irq: INTID %u unhandled, "
					   "disabled\n",
					   intid);
			}
		}
		arm64_gic->eoi(iar);
	}
}
