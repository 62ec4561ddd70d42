/*
 * CPU discovery from the ACPI MADT (or the MP table), secondary CPU start by
 * INIT-SIPI-SIPI.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/cpu_relax.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/print.h>
#include <x86/acpi.h>
#include <x86/apic.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include <x86/lcpu.h>
#include <x86/madt.h>
#include <x86/mptable.h>
#include <x86/paging.h>
#include <x86/percpu.h>
#include <x86/tsc.h>

#define X86_EFER_LMA (1 << 10) /* read-only status bit */

/*
 * Intel SDM Vol. 3A, 9.4.4.1 (MP initialization example): 10 ms after
 * INIT, 200 us after each STARTUP IPI. Paid once per ukplat_lcpu_start()
 * call however many CPUs it starts: every target gets each IPI in turn.
 */
#define SMP_INIT_DELAY_US 10000
#define SMP_SIPI_DELAY_US 200
/* A CPU that has not reached C by then did not start (-EIO). */
#define SMP_START_TIMEOUT_US 2000000

uint32_t x86_lcpu_apic_ids[CONFIG_UKPLAT_LCPU_MAXCOUNT];
uint64_t x86_lcpu_boot_sp[CONFIG_UKPLAT_LCPU_MAXCOUNT];
uint64_t x86_ap_cr3, x86_ap_efer, x86_ap_fsbase;

/*
 * The boot page tables identity-map 0..4 GiB: readable if mapped. The
 * RSDP search asks for thousands of 16-byte steps in the same few pages:
 * ctx remembers the last page found mapped, to skip its page walk.
 */
static const void *smp_acpi_map(void *ctx, uint64_t pa, size_t len)
{
	uint64_t *last_ok = ctx;
	uint64_t end = pa + (len ? len : 1);
	uint64_t p;

	if (end < pa || end > (4ULL << 30))
		return NULL;
	for (p = UK_ALIGN_DOWN(pa, __PAGE_SIZE); p < end; p += __PAGE_SIZE) {
		if (p == *last_ok) /* UINT64_MAX at first: no page */
			continue;
		if (!x86_vaddr_mapped((uintptr_t)p))
			return NULL;
		*last_ok = p;
	}
	return (const void *)(uintptr_t)pa;
}

static int smp_read_madt(uint64_t rsdp, struct x86_madt_info *madt)
{
	uint64_t last_ok = UINT64_MAX;
	const struct x86_acpi_mem mem = {
		.map = smp_acpi_map,
		.ctx = &last_ok,
	};
	struct x86_acpi acpi;
	uint64_t pa;
	int rc;

	rc = x86_acpi_rsdp_find(&mem, rsdp, &pa);
	if (!rc)
		rc = x86_acpi_init(&acpi, &mem, pa);
	if (!rc)
		rc = x86_madt_read(&acpi, madt);
	if (!rc)
		return 0;
	/* No ACPI (microvm with acpi=off): the firmware's MP table. */
	if (x86_mptable_read(&mem, madt) == 0) {
		uk_pr_info("lcpu: CPUs and I/O APIC from the MP table (no "
			   "ACPI MADT: %d)\n",
			   rc);
		return 0;
	}
	return rc;
}

static void smp_add_cpu(uint32_t apic_id)
{
	unsigned int i = x86_lcpu_num++;

	x86_lcpu_apic_ids[i] = apic_id;
	x86_lcpus[i].apic_id = apic_id;
	x86_lcpus[i].state = X86_LCPU_OFFLINE;
}

/* Keeps the first CPUs that fit, in MADT order; one log line names the rest. */
static void smp_enumerate(const struct x86_madt_info *madt, uint32_t self)
{
	char ignored[128];
	unsigned int i, n = 0, len = 0;

	ignored[0] = '\0';
	for (i = 0; i < madt->cpu_count; i++) {
		if (madt->cpus[i].apic_id == self)
			continue;
		if (x86_lcpu_num < CONFIG_UKPLAT_LCPU_MAXCOUNT) {
			smp_add_cpu(madt->cpus[i].apic_id);
			continue;
		}
		n++;
		if (len < sizeof(ignored) - 1)
			len += uk_snprintf(ignored + len, sizeof(ignored) - len,
					   " %u", madt->cpus[i].apic_id);
	}
	n += madt->cpus_dropped;
	if (n)
		uk_pr_warn("lcpu: %u CPUs ignored (lcpu_maxcount %d), "
			   "APIC ids:%s%s\n",
			   n, CONFIG_UKPLAT_LCPU_MAXCOUNT, ignored,
			   madt->cpus_dropped ? " and more" : "");
}

int x86_smp_init(uint64_t rsdp)
{
	struct uk_alloc *a = uk_alloc_get_default();
	/* 4.5 KiB: not on the boot stack, and only needed here. */
	struct x86_madt_info *madt = uk_malloc(a, sizeof(*madt));
	uint64_t lapic_addr = 0;
	const char *irqc;
	uint32_t self;
	int have_madt, rc;

	rc = madt ? smp_read_madt(rsdp, madt) : -ENOMEM;
	have_madt = rc == 0;
	if (have_madt)
		lapic_addr = madt->lapic_addr;
	else
		uk_pr_warn("lcpu: no ACPI MADT or MP table (%d): boot CPU "
			   "only\n",
			   rc);
	rc = x86_apic_init(lapic_addr);
	if (!rc) {
		self = x86_apic_id();
		x86_lcpu_num = 0;
		smp_add_cpu(self);
		x86_lcpus[0].state = X86_LCPU_BUSY;
		if (have_madt)
			smp_enumerate(madt, self);
		/* Not inside uk_pr_info(): log levels compile its arguments out. */
		irqc = x86_irq_init(have_madt ? madt : NULL, self);
		uk_pr_info("x86: interrupts through the %s\n", irqc);
	}
	uk_free(a, madt);
	if (rc)
		return rc;

	rc = x86_lcpu_ipi_init();
	if (rc)
		return rc;
	rc = x86_tlb_init();
	if (rc)
		return rc;
	memcpy((void *)X86_TRAMPOLINE_ADDR, x86_trampoline_start,
	       x86_trampoline_end - x86_trampoline_start);
	return 0;
}

/* Claims CPU cpu for starting: -EINVAL, -EBUSY or 0 (now STARTING). */
static int smp_claim(__lcpuidx cpu, __lcpuidx self)
{
	int offline = X86_LCPU_OFFLINE;

	if (cpu >= x86_lcpu_num)
		return -EINVAL;
	if (cpu == self ||
	    !__atomic_compare_exchange_n(&x86_lcpus[cpu].state, &offline,
					 X86_LCPU_STARTING, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return -EBUSY;
	return 0;
}

static bool smp_offline(__lcpuidx cpu)
{
	return __atomic_load_n(&x86_lcpus[cpu].state, __ATOMIC_ACQUIRE) ==
	       X86_LCPU_OFFLINE;
}

static bool smp_starting(__lcpuidx cpu)
{
	return __atomic_load_n(&x86_lcpus[cpu].state, __ATOMIC_ACQUIRE) ==
	       X86_LCPU_STARTING;
}

/*
 * INIT, then two STARTUP IPIs (the second only to CPUs that did not
 * react to the first, SDM 9.4.4.1), then waits until each target runs C
 * code. A target that never does goes back to OFFLINE (it halts if it
 * shows up later). Returns 0 or -EIO; *failed = first failed position.
 */
static int smp_boot(const __lcpuidx *cpus, unsigned int n, unsigned int *failed)
{
	uint64_t end;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (x86_apic_send_init(x86_lcpus[cpus[i]].apic_id))
			rc = -EIO;
	x86_tsc_udelay(SMP_INIT_DELAY_US);
	for (i = 0; i < n; i++)
		if (x86_apic_send_sipi(x86_lcpus[cpus[i]].apic_id,
				       X86_TRAMPOLINE_ADDR >> 12))
			rc = -EIO;
	x86_tsc_udelay(SMP_SIPI_DELAY_US);
	for (i = 0; i < n; i++)
		if (smp_starting(cpus[i]) &&
		    x86_apic_send_sipi(x86_lcpus[cpus[i]].apic_id,
				       X86_TRAMPOLINE_ADDR >> 12))
			rc = -EIO;

	end = x86_tsc_read() + x86_tsc_us_to_ticks(SMP_START_TIMEOUT_US);
	for (i = 0; i < n; i++) {
		while (smp_starting(cpus[i]) && x86_tsc_read() < end)
			uk_cpu_relax();
	}
	for (i = 0; i < n; i++) {
		int starting = X86_LCPU_STARTING;

		if (__atomic_compare_exchange_n(&x86_lcpus[cpus[i]].state,
						&starting, X86_LCPU_OFFLINE,
						false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			uk_pr_err("lcpu: CPU %u (APIC id %u) did not start\n",
				  cpus[i], x86_lcpus[cpus[i]].apic_id);
			if (!rc)
				*failed = i;
			rc = -EIO;
		}
	}
	return rc;
}

int ukplat_lcpu_start(const __lcpuidx idx[], unsigned int *num, void *sp[],
		      const ukplat_lcpu_entry_t entry[], unsigned long flags)
{
	__lcpuidx self = ukplat_lcpu_idx();
	__lcpuidx cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];
	unsigned int i, n, m = 0, failed = 0;
	__lcpuidx cpu;
	int rc = 0, brc;

	if (idx && !num)
		return -EINVAL;
	if (flags || !sp) {
		if (num)
			*num = 0;
		return -EINVAL;
	}
	n = idx ? *num : x86_lcpu_num;
	/* What the new CPUs inherit: page tables, EFER, thread pointer. */
	__asm__ __volatile__("mov %%cr3, %0" : "=r"(x86_ap_cr3));
	x86_ap_efer = x86_rdmsr(X86_MSR_EFER) & ~(uint64_t)X86_EFER_LMA;
	x86_ap_fsbase = x86_rdmsr(X86_MSR_FS_BASE);

	for (i = 0; i < n; i++) {
		cpu = idx ? idx[i] : i;
		if (!idx && (cpu == self || !smp_offline(cpu)))
			continue;
		/* m < x86_lcpu_num: a CPU listed twice fails smp_claim(). */
		if (cpu < x86_lcpu_num && !sp[m]) {
			rc = -EINVAL;
			break;
		}
		rc = smp_claim(cpu, self);
		if (rc)
			break;
		x86_lcpus[cpu].entry = entry ? entry[m] : NULL;
		x86_lcpu_boot_sp[cpu] = (uintptr_t)sp[m];
		cpus[m++] = cpu;
	}
	/* Publish the boot data before the IPIs that make CPUs read it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	brc = m ? smp_boot(cpus, m, &failed) : 0;
	if (num)
		*num = brc ? failed : (rc ? i : m);
	return brc ? brc : rc;
}
