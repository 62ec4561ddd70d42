/* xAPIC mode: local APIC registers in a 4 KiB MMIO page (Intel SDM 11.4). */
#include <errno.h>
#include <stdint.h>
#include <uk/cpu_relax.h>
#include <x86/apic.h>
#include <x86/cpu.h>
#include <x86/tsc.h>

/* How long a previous IPI may stay "send pending" before we give up. */
#define XAPIC_ICR_TIMEOUT_US 100000

/*
 * The boot page tables map 0..4 GiB as write-back memory, the APIC page
 * included. Under QEMU (TCG and KVM) APIC accesses are trapped whatever
 * the memory type; real hardware wants this page mapped UC.
 */
static volatile uint32_t *xapic_regs =
	(volatile uint32_t *)X86_APIC_DEFAULT_BASE;

void x86_xapic_set_base(uintptr_t base)
{
	xapic_regs = (volatile uint32_t *)base;
}

static void xapic_enable(void)
{
	uint64_t base = x86_rdmsr(X86_MSR_APIC_BASE);
	uint64_t want = (base & ~X86_APIC_BASE_ADDR_MASK) |
			((uintptr_t)xapic_regs & X86_APIC_BASE_ADDR_MASK) |
			X86_APIC_BASE_ENABLE;

	if (want != base)
		x86_wrmsr(X86_MSR_APIC_BASE, want);
}

static uint32_t xapic_read(uint32_t reg)
{
	return xapic_regs[reg / 4];
}

static void xapic_write(uint32_t reg, uint32_t val)
{
	xapic_regs[reg / 4] = val;
}

/* SDM 11.4.6: the xAPIC id is bits 24..31 of the ID register. */
static uint32_t xapic_id(void)
{
	return xapic_read(X86_APIC_ID) >> 24;
}

/* SDM 11.6.1: delivery status is 1 while the previous IPI is pending. */
static int xapic_wait_idle(void)
{
	uint64_t end =
		x86_tsc_read() + x86_tsc_us_to_ticks(XAPIC_ICR_TIMEOUT_US);

	while (xapic_read(X86_APIC_ICR_LO) & X86_APIC_ICR_BUSY) {
		if (x86_tsc_read() > end)
			return -ETIMEDOUT;
		uk_cpu_relax();
	}
	return 0;
}

/*
 * The write to the low word sends the IPI, so the destination (high word)
 * goes first. Callers keep IRQs off so that no handler on this CPU sends
 * an IPI between the two writes.
 */
static int xapic_send(uint32_t dest, uint32_t icr_lo)
{
	int rc = xapic_wait_idle();

	if (rc)
		return rc;
	xapic_write(X86_APIC_ICR_HI, dest << 24);
	xapic_write(X86_APIC_ICR_LO, icr_lo);
	return xapic_wait_idle();
}

const struct x86_apic_ops x86_xapic_ops = {
	.name = "xAPIC",
	.enable = xapic_enable,
	.read = xapic_read,
	.write = xapic_write,
	.id = xapic_id,
	.send = xapic_send,
};
