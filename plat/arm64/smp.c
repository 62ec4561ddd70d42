/* Secondary CPUs: discovery in the device tree, PSCI CPU_ON, bring-up. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/fdt_node.h>
#include <arm64/gic.h>
#include <arm64/lcpu.h>
#include <arm64/psci.h>
#include <arm64/timer.h>

struct arm64_lcpu arm64_lcpus[ARM64_LCPU_MAX];
unsigned int arm64_lcpu_num = 1;
struct arm64_mmu_state arm64_lcpu_mmu;
char arm64_boot_exc_stack[ARM64_EXC_STACK_SIZE] __aligned(16);

struct cpu_scan {
	uint64_t boot_mpidr;
	unsigned int n;
};

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void lcpu_setup(unsigned int i, uint64_t mpidr, int state)
{
	struct arm64_lcpu *l = &arm64_lcpus[i];

	l->idx = i;
	l->mpidr = mpidr;
	/* Secondary CPUs get theirs when they first start (lcpu.c). */
	l->exc_sp = i ? 0
		      : (uintptr_t)arm64_boot_exc_stack + ARM64_EXC_STACK_SIZE;
	l->state = state;
}

/* /cpus/cpu@N nodes: device_type "cpu", reg = MPIDR affinity. */
static int scan_cpu(void *arg, const struct arm64_fdt_node *n)
{
	struct cpu_scan *s = arg;
	uint64_t mpidr, size;

	if (n->depth != 2 || !streq(n->parent, "cpus") ||
	    !arm64_fdt_node_is_type(n, "cpu") ||
	    arm64_fdt_node_reg(n, 0, &mpidr, &size) < 0)
		return 0;
	mpidr &= ARM64_MPIDR_AFF_MASK;
	if (mpidr == s->boot_mpidr)
		return 0;
	if (s->n >= ARM64_LCPU_MAX) {
		uk_pr_info("lcpu: ignoring CPU with MPIDR 0x%lx "
			   "(lcpu_maxcount is %d)\n",
			   (unsigned long)mpidr, ARM64_LCPU_MAX);
		return 0;
	}
	lcpu_setup(s->n++, mpidr, ARM64_LCPU_OFFLINE);
	return 0;
}

unsigned int arm64_lcpu_discover(const void *fdt)
{
	struct cpu_scan s;
	uint64_t mpidr;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(mpidr));
	s.boot_mpidr = mpidr & ARM64_MPIDR_AFF_MASK;
	s.n = 1;
	lcpu_setup(0, s.boot_mpidr, ARM64_LCPU_BUSY);
	if (arm64_fdt_for_each_node(fdt, scan_cpu, &s) < 0)
		uk_pr_warn("lcpu: no device tree, only the boot CPU\n");
	arm64_lcpu_num = s.n;
	return s.n;
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
