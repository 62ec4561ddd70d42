/* Local APIC common code: mode choice, per-CPU enable, EOI and IPIs. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/asm/regs.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <x86/apic.h>
#include <x86/cpu.h>

#define X86_CPUID1_EDX_APIC (1U << 9)

static const struct x86_apic_ops *apic;

/*
 * A spurious interrupt (SDM 11.9) is not in service: no EOI. Claiming
 * it keeps the trap layer from treating it as a crash.
 */
static int apic_spurious(struct __regs *regs __unused,
			 unsigned long error_code __unused, void *arg __unused)
{
	return 1;
}

int x86_apic_init(uint64_t mmio_base)
{
	uint32_t a, b, c, d;
	int rc;

	x86_cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & X86_CPUID1_EDX_APIC))
		return -ENODEV;
	if (c & X86_CPUID1_ECX_X2APIC) {
		apic = &x86_x2apic_ops;
	} else {
		x86_xapic_set_base(mmio_base ? mmio_base :
					       X86_APIC_DEFAULT_BASE);
		apic = &x86_xapic_ops;
	}
	rc = ukplat_trap_register(X86_APIC_VEC_SPURIOUS, apic_spurious, NULL);
	if (rc)
		return rc;
	x86_apic_cpu_init(true);
	return 0;
}

void x86_apic_cpu_init(bool boot_cpu)
{
	apic->enable();
	apic->write(X86_APIC_TPR, 0);
	apic->write(X86_APIC_LVT_TIMER, X86_APIC_LVT_MASKED);
	apic->write(X86_APIC_LVT_ERROR, X86_APIC_LVT_MASKED);
	/* Only the boot CPU takes the PIC's ExtINT through LINT0. */
	if (!boot_cpu)
		apic->write(X86_APIC_LVT_LINT0, X86_APIC_LVT_MASKED);
	apic->write(X86_APIC_SVR, X86_APIC_SVR_ENABLE | X86_APIC_VEC_SPURIOUS);
	/* Clear errors latched before the enable (SDM 11.5.3: write, read). */
	apic->write(X86_APIC_ESR, 0);
	(void)apic->read(X86_APIC_ESR);
}

const struct x86_apic_ops *x86_apic_mode(void)
{
	return apic;
}

uint32_t x86_apic_id(void)
{
	return apic->id();
}

void x86_apic_eoi(void)
{
	apic->write(X86_APIC_EOI, 0);
}

uint32_t x86_apic_read(uint32_t reg)
{
	return apic->read(reg);
}

void x86_apic_write(uint32_t reg, uint32_t val)
{
	apic->write(reg, val);
}

/* With IRQs off: a handler must not send between xAPIC's two ICR writes. */
static int apic_send(uint32_t dest, uint32_t icr_lo)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	int rc;

	rc = apic->send(dest, icr_lo);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int x86_apic_send_ipi(uint32_t dest, uint8_t vector)
{
	return apic_send(dest,
			 X86_APIC_ICR_FIXED | X86_APIC_ICR_ASSERT | vector);
}

int x86_apic_send_init(uint32_t dest)
{
	int rc;

	rc = apic_send(dest, X86_APIC_ICR_INIT | X86_APIC_ICR_ASSERT |
				     X86_APIC_ICR_LEVEL);
	if (rc)
		return rc;
	/*
	 * INIT level de-assert (SDM 11.6.1): needed by Pentium and P6
	 * family processors, ignored by later ones. Not supported in
	 * x2APIC mode, where only the assert exists.
	 */
	if (apic == &x86_xapic_ops)
		rc = apic_send(dest, X86_APIC_ICR_INIT | X86_APIC_ICR_LEVEL);
	return rc;
}

int x86_apic_send_sipi(uint32_t dest, uint8_t page)
{
	return apic_send(dest,
			 X86_APIC_ICR_STARTUP | X86_APIC_ICR_ASSERT | page);
}
