/*
 * TLB shootdown (Intel SDM 4.10.5): a CPU that takes a page's mapping
 * away (ukplat_page_guard(), so also mprotect(PROT_NONE) and the guard
 * pages of thread stacks) flushes it locally with invlpg, but every other
 * CPU may still hold the old entry and keep using it. So it sends them
 * the shootdown IPI and waits until each has flushed its whole TLB.
 * Entries of non-present pages are never cached (SDM 4.10.2.3): making a
 * page present again needs no shootdown. The kernel maps no global pages,
 * so reloading CR3 flushes everything.
 *
 * tlb_gen counts the shootdowns asked for; tlb_done[cpu] is the
 * generation that CPU last flushed at. A waiting CPU flushes for the
 * others too, so two CPUs that shoot down at once with IRQs disabled do
 * not wait for each other forever. A CPU that waits with IRQs disabled
 * for the initiator (an lcpu function spinning on a lock that a thread
 * holds while it guards a page) would still deadlock: lcpu functions run
 * with IRQs disabled and must not wait that way.
 */
#include <uk/cpu_relax.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <x86/apic.h>
#include <x86/lcpu.h>
#include <x86/paging.h>

static unsigned long tlb_gen;
static unsigned long tlb_done[CONFIG_UKPLAT_LCPU_MAXCOUNT];

void x86_tlb_flush_all(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0\n\tmov %0, %%cr3"
			     : "=r"(cr3)
			     :
			     : "memory");
}

/* Flushes this CPU's TLB if a shootdown asked for it since its last. */
static void tlb_catch_up(unsigned int self)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned long gen = __atomic_load_n(&tlb_gen, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(&tlb_done[self], __ATOMIC_RELAXED) != gen) {
		x86_tlb_flush_all();
		__atomic_store_n(&tlb_done[self], gen, __ATOMIC_RELEASE);
	}
	ukplat_lcpu_restore_irqf(flags);
}

static int tlb_ipi(struct __regs *regs __unused,
		   unsigned long error_code __unused, void *arg __unused)
{
	x86_apic_eoi();
	tlb_catch_up(ukplat_lcpu_idx());
	return 1;
}

int x86_tlb_init(void)
{
	return ukplat_trap_register(X86_APIC_VEC_TLB, tlb_ipi, NULL);
}

/* CPUs that take IPIs: started, their APIC enabled (x86_lcpu_entry64). */
static bool tlb_online(unsigned int cpu)
{
	int state = __atomic_load_n(&x86_lcpus[cpu].state, __ATOMIC_SEQ_CST);

	return state == X86_LCPU_BUSY || state == X86_LCPU_IDLE;
}

unsigned long x86_tlb_shootdowns(void)
{
	return __atomic_load_n(&tlb_gen, __ATOMIC_RELAXED);
}

void x86_tlb_shootdown(void)
{
	unsigned int self = ukplat_lcpu_idx(), n = x86_lcpu_num, i;
	unsigned long gen;

	if (n < 2)
		return;
	/* After the page-table write: a CPU flushing for gen sees it. */
	gen = __atomic_add_fetch(&tlb_gen, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < n; i++) {
		if (i != self && tlb_online(i))
			x86_apic_send_ipi(x86_lcpus[i].apic_id,
					  X86_APIC_VEC_TLB);
	}
	for (i = 0; i < n; i++) {
		while (i != self && tlb_online(i) &&
		       __atomic_load_n(&tlb_done[i], __ATOMIC_ACQUIRE) < gen) {
			tlb_catch_up(self);
			uk_cpu_relax();
		}
	}
}
