/* arm64 platform init (inittab): CPUs, GIC, timer, then IRQs on. */
#include <uk/init.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <arm64/crash.h>
#include <arm64/fdt_node.h>
#include <arm64/gic.h>
#include <arm64/irq.h>
#include <arm64/lcpu.h>

struct ram_span {
	uint64_t lo, hi;
};

static int scan_memory(void *arg, const struct arm64_fdt_node *n)
{
	struct ram_span *r = arg;
	uint64_t base, size;
	unsigned int i;

	if (!arm64_fdt_node_is_type(n, "memory"))
		return 0;
	for (i = 0; arm64_fdt_node_reg(n, i, &base, &size) == 0; i++) {
		if (!size || base + size < base)
			continue;
		if (!r->hi || base < r->lo)
			r->lo = base;
		if (base + size > r->hi)
			r->hi = base + size;
	}
	return 0;
}

static int wakeup_sgi(struct __regs *regs, unsigned long intid __unused,
		      void *arg __unused)
{
	arm64_lcpu_run_queue(regs);
	return 1;
}

static int arm64_plat_init(void)
{
	struct ram_span ram = {0, 0};
	int rc;

	arm64_lcpu_discover(arm64_fdt);
	uk_pr_info("lcpu: %u CPU(s), boot CPU MPIDR 0x%lx\n",
		   ukplat_lcpu_count(), (unsigned long)ukplat_lcpu_id());
	arm64_fdt_for_each_node(arm64_fdt, scan_memory, &ram);
	if (ram.hi)
		arm64_crash_set_ram(ram.lo, ram.hi);

	rc = arm64_gic_init(arm64_fdt);
	if (rc < 0)
		return rc;
	rc = arm64_irq_register_sgi(ARM64_SGI_WAKEUP, wakeup_sgi, NULL);
	if (rc < 0)
		return rc;
	rc = ukplat_time_init();
	if (rc < 0)
		return rc;
	ukplat_lcpu_enable_irq();
	return 0;
}

uk_plat_initcall(arm64_plat_init);
