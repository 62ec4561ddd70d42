/* The per-CPU init shared by the boot CPU and the secondary CPUs. */
#include <errno.h>
#include <uk/config.h>
#include <x86/desc.h>
#include <x86/percpu.h>

struct x86_cpu x86_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

int x86_cpu_init(unsigned int idx)
{
	struct x86_cpu *cpu;
	int rc;

	if (idx >= CONFIG_UKPLAT_LCPU_MAXCOUNT)
		return -EINVAL;
	cpu = &x86_cpus[idx];
	cpu->idx = idx;
	cpu->crashing = 0;
	rc = x86_tss_init(cpu);
	if (rc)
		return rc;
	x86_gdt_load(cpu);
	x86_idt_init();
	x86_idt_load();
	return 0;
}
