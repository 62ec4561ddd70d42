/* Per-CPU structures of the x86_64 platform: GDT, TSS and IST stacks. */
#ifndef X86_PERCPU_H
#define X86_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <x86/desc.h>

/*
 * IST stack sizes in bytes, per CPU, from the image's build settings
 * irq_stack_size and crit_stack_size (<uk/config.h>; the defaults, 16 and
 * 8 KiB, hold a crash report).
 */

_Static_assert(CONFIG_X86_IRQ_STACK_SIZE % 16 == 0 &&
		       CONFIG_X86_CRIT_STACK_SIZE % 16 == 0,
	       "IST stacks keep 16-byte alignment");

struct x86_cpu {
	/* Own GDT: ltr marks this CPU's TSS descriptor busy in it. */
	uint64_t gdt[X86_GDT_ENTRIES] __aligned(16);
	struct x86_tss tss __aligned(16);
	unsigned int idx; /* logical CPU index, 0 = boot CPU */
	int crashing; /* set by the crash handler: catches nested faults */
	/* ukplat_thread_self(): the GS base points here. */
	void *thread_self;
};

/* One per possible CPU, indexed by logical CPU index. */
extern struct x86_cpu x86_cpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];

/*
 * Sets up and loads this CPU's GDT (reloading all segment registers), its
 * TSS with the IST stacks of CPU idx, and the shared IDT (built on the
 * first call). The one CPU init of the boot CPU (idx 0, before
 * uk_boot_entry) and of every secondary CPU. Call with IRQs disabled,
 * once per CPU, and for idx 0 before any other index.
 * Returns 0, -EINVAL if idx >= CONFIG_UKPLAT_LCPU_MAXCOUNT, or -ENOMEM if
 * a secondary CPU's IST stacks cannot be allocated.
 */
int x86_cpu_init(unsigned int idx);

/*
 * Fills cpu's TSS with the IST stack tops of CPU cpu->idx (gdt.c): the
 * boot CPU's stacks are static, a secondary CPU's are allocated from the
 * default allocator on its first start. Returns 0 or -ENOMEM.
 */
int x86_tss_init(struct x86_cpu *cpu);

/*
 * Writes cpu's GDT, loads it, reloads CS/DS/ES/SS/FS/GS and loads the
 * task register with its TSS (gdt.c). Call after x86_tss_init().
 */
void x86_gdt_load(struct x86_cpu *cpu);

/*
 * The running CPU's structure, found from the GDT base (sgdt), so it
 * works in any context, even with a corrupt GS. Returns NULL before
 * x86_cpu_init() ran on this CPU.
 */
static inline struct x86_cpu *x86_cpu_current(void)
{
	struct x86_desc_ptr p;
	uintptr_t first = (uintptr_t)&x86_cpus[0].gdt;
	uintptr_t i;

	x86_sgdt(&p);
	if (p.base < first)
		return NULL;
	i = (p.base - first) / sizeof(struct x86_cpu);
	if (i >= CONFIG_UKPLAT_LCPU_MAXCOUNT ||
	    p.base != (uintptr_t)&x86_cpus[i].gdt)
		return NULL;
	return &x86_cpus[i];
}

/*
 * Bounds [*lo, *hi) of IST slot ist (X86_IST_IRQ..X86_IST_USED) of cpu.
 * Returns false for a slot that has no stack, or a CPU that has none yet.
 */
bool x86_ist_bounds(const struct x86_cpu *cpu, unsigned int ist, uintptr_t *lo,
		    uintptr_t *hi);

#endif /* X86_PERCPU_H */
