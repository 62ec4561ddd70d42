/* arm64 platform init (inittab): CPUs, GIC, timer, then IRQs on. */
#include <uk/init.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <arm64/fdt.h>
#include <arm64/gic.h>
#include <arm64/irq.h>
#include <arm64/lcpu.h>

static int wakeup_sgi(struct __regs *regs, unsigned long intid __unused,
		      void *arg __unused)
{
	arm64_lcpu_run_queue(regs);
	return 1;
}

static int arm64_plat_init(void)
{
	int rc;

	arm64_lcpu_discover(arm64_fdt);
	uk_pr_info("lcpu: %u CPU(s), boot CPU MPIDR 0x%lx\n",
		   ukplat_lcpu_count(), (unsigned long)ukplat_lcpu_id());

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
