/* The per-CPU init shared by the boot CPU and the secondary CPUs. */
#include <errno.h>
#include <uk/config.h>
#include <x86/cpu.h>
#include <x86/desc.h>
#include <x86/percpu.h>

struct x86_cpu x86_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/*
 * The GS base reaches the CPU's current-thread word (<uk/asm/thread_self.h>).
 * Loading the GS selector (x86_gdt_load) zeroes the base: set it again then.
 */
static void cpu_thread_self_init(struct x86_cpu *cpu)
{
	x86_wrmsr(X86_MSR_GS_BASE, (uintptr_t)&cpu->thread_self);
}

int x86_cpu_init(unsigned int idx)
{
	struct x86_cpu *cpu;
	int rc;

	if (idx >= CONFIG_UKPLAT_LCPU_MAXCOUNT)
		return -EINVAL;
	cpu = &x86_cpus[idx];
	cpu->idx = idx;
	cpu->crashing = 0;
	/* Before x86_tss_init(): allocating reads the current thread. */
	cpu->thread_self = NULL;
	cpu_thread_self_init(cpu);
	rc = x86_tss_init(cpu);
	if (rc)
		return rc;
	x86_gdt_load(cpu);
	cpu_thread_self_init(cpu);
	x86_idt_init();
	x86_idt_load();
	return 0;
}
