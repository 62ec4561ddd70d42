/* Secondary CPUs: discovery in the device tree, PSCI CPU_ON, bring-up. */
#include <errno.h>
#include <string.h>
#include <libfdt.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/fdt.h>
#include <arm64/gic.h>
#include <arm64/lcpu.h>
#include <arm64/psci.h>
#include <arm64/timer.h>

struct arm64_lcpu arm64_lcpus[ARM64_LCPU_MAX];
unsigned int arm64_lcpu_num = 1;
struct arm64_mmu_state arm64_lcpu_mmu;
char arm64_boot_exc_stack[ARM64_EXC_STACK_SIZE] __aligned(16);

static void lcpu_setup(unsigned int i, uint64_t mpidr, int state)
{
	struct arm64_lcpu *l = &arm64_lcpus[i];

	l->idx = i;
	l->mpidr = mpidr;
	/* Secondary CPUs get theirs when they first start (lcpu.c). */
	l->exc_sp =
		i ? 0 : (uintptr_t)arm64_boot_exc_stack + ARM64_EXC_STACK_SIZE;
	l->state = state;
}

/* Adds a CPU found in the tree, unless it is the boot CPU. */
static unsigned int add_cpu(unsigned int n, uint64_t mpidr, uint64_t boot)
{
	mpidr &= ARM64_MPIDR_AFF_MASK;
	if (mpidr == boot)
		return n;
	if (n >= ARM64_LCPU_MAX) {
		uk_pr_warn("lcpu: ignoring CPU with MPIDR 0x%lx "
			   "(lcpu_maxcount is %d)\n",
			   (unsigned long)mpidr, ARM64_LCPU_MAX);
		return n;
	}
	lcpu_setup(n, mpidr, ARM64_LCPU_OFFLINE);
	return n + 1;
}

unsigned int arm64_lcpu_discover(const void *fdt)
{
	uint64_t boot, mpidr, size;
	unsigned int n = 1;
	const char *type;
	int cpus, node, len;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(boot));
	boot &= ARM64_MPIDR_AFF_MASK;
	lcpu_setup(0, boot, ARM64_LCPU_BUSY);
	cpus = fdt ? fdt_path_offset(fdt, "/cpus") : -FDT_ERR_NOTFOUND;
	if (cpus < 0) {
		uk_pr_warn("lcpu: no /cpus in the device tree, only the "
			   "boot CPU\n");
		return 1;
	}
	/* /cpus/cpu@N: device_type "cpu", reg = MPIDR affinity. */
	fdt_for_each_subnode(node, fdt, cpus) {
		type = fdt_getprop(fdt, node, "device_type", &len);
		if (type && len == sizeof("cpu") &&
		    !memcmp(type, "cpu", sizeof("cpu")) &&
		    arm64_fdt_reg(fdt, cpus, node, 0, &mpidr, &size) == 0)
			n = add_cpu(n, mpidr, boot);
	}
	arm64_lcpu_num = n;
	return n;
}

/* Writes [p, p + len) back to the point of coherency (MMU-off readers). */
static void dcache_clean(const void *p, unsigned long len)
{
	uintptr_t a, end = (uintptr_t)p + len;
	uint64_t ctr, line;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	line = 4UL << ((ctr >> 16) & 0xf); /* DminLine: log2 of words */
	for (a = (uintptr_t)p & ~(line - 1); a < end; a += line)
		__asm__ __volatile__("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}

int arm64_lcpu_power_on(struct arm64_lcpu *lcpu)
{
	struct arm64_mmu_state *m = &arm64_lcpu_mmu;
	int64_t rc;

	/* Same translation regime as the calling CPU, whatever it is now. */
	__asm__ __volatile__("mrs %0, mair_el1" : "=r"(m->mair));
	__asm__ __volatile__("mrs %0, tcr_el1" : "=r"(m->tcr));
	__asm__ __volatile__("mrs %0, ttbr0_el1" : "=r"(m->ttbr0));
	__asm__ __volatile__("mrs %0, ttbr1_el1" : "=r"(m->ttbr1));
	__asm__ __volatile__("mrs %0, sctlr_el1" : "=r"(m->sctlr));
	dcache_clean(m, sizeof(*m));
	dcache_clean(lcpu, sizeof(*lcpu));

	rc = arm64_psci_call(PSCI_FN_CPU_ON, lcpu->mpidr,
			     (uintptr_t)arm64_lcpu_entry, (uintptr_t)lcpu);
	switch (rc) {
	case PSCI_RET_SUCCESS:
		return 0;
	case PSCI_RET_ALREADY_ON:
	case PSCI_RET_ON_PENDING:
		return -EBUSY;
	case PSCI_RET_INVALID_PARAMS:
		return -EINVAL;
	default:
		uk_pr_err("lcpu: PSCI CPU_ON of CPU %u failed: %ld\n",
			  lcpu->idx, (long)rc);
		return -EIO;
	}
}

void arm64_lcpu_secondary_main(struct arm64_lcpu *self)
{
	if (arm64_gic->cpu_init(self) < 0) {
		/* Without its GIC the CPU cannot take work: park it. */
		uk_pr_err("lcpu: CPU %u parked\n", self->idx);
		for (;;)
			__asm__ __volatile__("wfi");
	}
	arm64_timer_cpu_init();
	arm64_lcpu_idle(self);
}
