/*
 * Interrupt numbers to controllers: legacy lines 0..15 on the i8259 PIC,
 * or every number on the I/O APIC, ISA lines through the MADT's interrupt
 * source overrides (ACPI 6.5, 5.2.12.5).
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <uk/spinlock.h>
#include <x86/ioapic.h>
#include <x86/irq.h>
#include <x86/pic8259.h>
#include <x86/traps.h>

#define ISA_LINES 16

/* Keeps a line's mask in step with its handler list. */
static struct uk_spinlock irq_lock = UK_SPINLOCK_INITIALIZER;

static bool use_ioapic;
static uint32_t irq_dest;
/* Per interrupt: its GSI and its redirection flags (X86_IOAPIC_*). */
static uint32_t irq_gsi[UKPLAT_IRQ_LINES];
static uint32_t irq_flags[UKPLAT_IRQ_LINES];

/* MPS INTI flags to redirection flags; "bus default" is ISA's. */
static uint32_t iso_flags(uint16_t inti)
{
	uint32_t f = 0;

	if ((inti & X86_MADT_ISO_POLARITY_MASK) == X86_MADT_ISO_POLARITY_LOW)
		f |= X86_IOAPIC_ACTIVE_LOW;
	if ((inti & X86_MADT_ISO_TRIGGER_MASK) == X86_MADT_ISO_TRIGGER_LEVEL)
		f |= X86_IOAPIC_LEVEL;
	return f;
}

const char *x86_irq_init(const struct x86_madt_info *madt, uint32_t dest)
{
	unsigned int i, added = 0;

	for (i = 0; i < UKPLAT_IRQ_LINES; i++) {
		irq_gsi[i] = i;
		/* ISA lines are edge, active high; PCI's GSIs level, low. */
		irq_flags[i] = i < ISA_LINES ?
				       0 :
				       X86_IOAPIC_LEVEL | X86_IOAPIC_ACTIVE_LOW;
	}
	if (madt) {
		for (i = 0; i < madt->ioapic_count; i++)
			if (!x86_ioapic_add(madt->ioapics[i].addr,
					    madt->ioapics[i].gsi_base))
				added++;
		for (i = 0; i < madt->iso_count; i++) {
			const struct x86_madt_iso_info *o = &madt->isos[i];

			if (o->bus != 0 || o->source >= ISA_LINES)
				continue;
			irq_gsi[o->source] = o->gsi;
			irq_flags[o->source] = iso_flags(o->flags);
		}
	} else if (!x86_ioapic_add(X86_IOAPIC_DEFAULT_BASE, 0)) {
		added++;
	}
	if (!added)
		return "i8259 PIC";
	irq_dest = dest;
	use_ioapic = true;
	return "I/O APIC";
}

/* Is irq a number this machine can deliver? */
static bool irq_valid(unsigned int irq)
{
	if (irq >= UKPLAT_IRQ_LINES || irq == X86_PIC_CASCADE)
		return false;
	return use_ioapic ? x86_ioapic_has_gsi(irq_gsi[irq]) :
			    irq < X86_PIC_LINES;
}

unsigned int x86_irq_vector(unsigned int irq)
{
	return use_ioapic ? X86_IRQ_VECTOR_BASE + irq :
			    X86_PIC_VECTOR_BASE + irq;
}

bool x86_irq_is_masked(unsigned int irq)
{
	if (irq >= UKPLAT_IRQ_LINES)
		return true;
	return use_ioapic ? x86_ioapic_is_masked(irq_gsi[irq]) :
			    x86_pic_is_masked(irq);
}

static void irq_set_mask(unsigned int irq, bool masked)
{
	if (!use_ioapic) {
		if (masked)
			x86_pic_mask(irq);
		else
			x86_pic_unmask(irq);
		return;
	}
	if (masked)
		x86_ioapic_mask(irq_gsi[irq], true);
	else
		x86_ioapic_route(irq_gsi[irq], X86_IRQ_VECTOR_BASE + irq,
				 irq_flags[irq], irq_dest, false);
}

void x86_irq_mask(unsigned int irq)
{
	if (irq < UKPLAT_IRQ_LINES)
		irq_set_mask(irq, true);
}

int ukplat_irq_register(unsigned int irq, ukplat_trap_handler_t handler,
			void *arg)
{
	unsigned long flags;
	int rc;

	if (!irq_valid(irq))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&irq_lock);
	rc = ukplat_trap_register(x86_irq_vector(irq), handler, arg);
	if (rc == 0)
		irq_set_mask(irq, false);
	uk_spin_unlock(&irq_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int ukplat_irq_unregister(unsigned int irq, ukplat_trap_handler_t handler,
			  void *arg)
{
	unsigned long flags;
	int rc;

	if (!irq_valid(irq))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&irq_lock);
	rc = ukplat_trap_unregister(x86_irq_vector(irq), handler, arg);
	if (rc == 0 && !x86_trap_has_handler(x86_irq_vector(irq)))
		irq_set_mask(irq, true);
	uk_spin_unlock(&irq_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/*
 * The i8259 runs its lines edge-triggered, active high (ICW1 without
 * LTIM), as ISA devices signal; the I/O APIC takes every trigger.
 */
int ukplat_irq_set_trigger(unsigned int irq, unsigned int trigger)
{
	uint32_t f;

	if (!irq_valid(irq))
		return -EINVAL;
	switch (trigger) {
	case UKPLAT_IRQ_EDGE_RISING:
		f = 0;
		break;
	case UKPLAT_IRQ_EDGE_FALLING:
		f = X86_IOAPIC_ACTIVE_LOW;
		break;
	case UKPLAT_IRQ_LEVEL_HIGH:
		f = X86_IOAPIC_LEVEL;
		break;
	case UKPLAT_IRQ_LEVEL_LOW:
		f = X86_IOAPIC_LEVEL | X86_IOAPIC_ACTIVE_LOW;
		break;
	default:
		return -EINVAL;
	}
	if (!use_ioapic)
		return f ? -ENOTSUP : 0;
	irq_flags[irq] = f;
	return 0;
}
