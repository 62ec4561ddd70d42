/* x2APIC mode: every local APIC register is an MSR (Intel SDM 11.12). */
#include <stdint.h>
#include <x86/apic.h>
#include <x86/cpu.h>

#define X2APIC_MSR(reg) (0x800 + ((reg) >> 4))

static void x2apic_enable(void)
{
	uint64_t base = x86_rdmsr(X86_MSR_APIC_BASE);

	/*
	 * Disabled -> x2APIC is not a legal transition (SDM 11.12.5): go
	 * through xAPIC mode (EN) first, then set EXTD.
	 */
	if (!(base & X86_APIC_BASE_ENABLE)) {
		base |= X86_APIC_BASE_ENABLE;
		x86_wrmsr(X86_MSR_APIC_BASE, base);
	}
	if (!(base & X86_APIC_BASE_X2APIC))
		x86_wrmsr(X86_MSR_APIC_BASE, base | X86_APIC_BASE_X2APIC);
}

static uint32_t x2apic_read(uint32_t reg)
{
	return (uint32_t)x86_rdmsr(X2APIC_MSR(reg));
}

static void x2apic_write(uint32_t reg, uint32_t val)
{
	x86_wrmsr(X2APIC_MSR(reg), val);
}

/* SDM 11.12.5.1: the x2APIC id is the whole 32-bit ID register. */
static uint32_t x2apic_id(void)
{
	return x2apic_read(X86_APIC_ID);
}

/*
 * SDM 11.12.10: the ICR is one 64-bit MSR (destination in bits 32..63),
 * written at once; there is no delivery status to poll. The fence orders
 * earlier stores (queued work) before the IPI: WRMSR to the x2APIC range
 * is not serialising (SDM 11.12.3).
 */
static int x2apic_send(uint32_t dest, uint32_t icr_lo)
{
	__asm__ __volatile__("mfence" : : : "memory");
	x86_wrmsr(X2APIC_MSR(X86_APIC_ICR_LO), ((uint64_t)dest << 32) | icr_lo);
	return 0;
}

const struct x86_apic_ops x86_x2apic_ops = {
	.name = "x2APIC",
	.enable = x2apic_enable,
	.read = x2apic_read,
	.write = x2apic_write,
	.id = x2apic_id,
	.send = x2apic_send,
};
