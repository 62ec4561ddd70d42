/* Per-CPU GDT and TSS, and the IST stacks the TSS points to. */
#include <errno.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <x86/desc.h>
#include <x86/percpu.h>

/* Flat segments with the accessed bit preset, so the CPU never writes. */
#define GDT_CODE64_DESC 0x00af9b000000ffffUL /* L=1, P, DPL 0, exec/read */
#define GDT_DATA_DESC 0x00cf93000000ffffUL /* P, DPL 0, read/write */

/* System descriptor type 0x9: available 64-bit TSS; bit 47: present. */
#define GDT_TSS_TYPE (0x9UL << 40)
#define GDT_PRESENT (1UL << 47)

/*
 * Per CPU, one block with the IRQ stack (IST1), then #DF (IST2), then
 * NMI/#MC (IST3). The boot CPU's is in .bss: it takes traps before the
 * heap exists. Secondary CPUs' come from the heap when they start, so an
 * image pays for the CPUs it runs, not for lcpu_maxcount of them.
 */
#define IST_BLOCK_SIZE                                                         \
	(CONFIG_X86_IRQ_STACK_SIZE + 2 * CONFIG_X86_CRIT_STACK_SIZE)

static char ist_boot[IST_BLOCK_SIZE] __aligned(__PAGE_SIZE);
static char *ist_block[CONFIG_UKPLAT_LCPU_MAXCOUNT];

bool x86_ist_bounds(const struct x86_cpu *cpu, unsigned int ist, uintptr_t *lo,
		    uintptr_t *hi)
{
	uintptr_t base = (uintptr_t)ist_block[cpu->idx];

	if (!base)
		return false;
	switch (ist) {
	case X86_IST_IRQ:
		*lo = base;
		*hi = *lo + CONFIG_X86_IRQ_STACK_SIZE;
		return true;
	case X86_IST_DF:
		*lo = base + CONFIG_X86_IRQ_STACK_SIZE;
		*hi = *lo + CONFIG_X86_CRIT_STACK_SIZE;
		return true;
	case X86_IST_CRIT:
		*lo = base + CONFIG_X86_IRQ_STACK_SIZE +
		      CONFIG_X86_CRIT_STACK_SIZE;
		*hi = *lo + CONFIG_X86_CRIT_STACK_SIZE;
		return true;
	default:
		return false;
	}
}

int x86_tss_init(struct x86_cpu *cpu)
{
	uintptr_t lo, hi;
	unsigned int ist;

	if (cpu->idx == 0) {
		ist_block[0] = ist_boot;
	} else if (!ist_block[cpu->idx]) {
		ist_block[cpu->idx] = uk_palloc(
			uk_alloc_get_default(),
			UK_ALIGN_UP(IST_BLOCK_SIZE, __PAGE_SIZE) / __PAGE_SIZE);
		if (!ist_block[cpu->idx])
			return -ENOMEM;
	}
	for (ist = X86_IST_IRQ; ist <= X86_IST_USED; ist++) {
		x86_ist_bounds(cpu, ist, &lo, &hi);
		cpu->tss.ist[ist - 1] = hi; /* stacks grow down */
	}
	/* An I/O map base at or past the limit means "no I/O bitmap". */
	cpu->tss.iomap_base = sizeof(cpu->tss);
	return 0;
}

void x86_gdt_load(struct x86_cpu *cpu)
{
	uint64_t base = (uintptr_t)&cpu->tss;
	uint64_t limit = sizeof(cpu->tss) - 1;
	struct x86_desc_ptr p;

	cpu->gdt[0] = 0;
	cpu->gdt[X86_GDT_CODE64 / 8] = GDT_CODE64_DESC;
	cpu->gdt[X86_GDT_DATA / 8] = GDT_DATA_DESC;
	/* 16-byte system descriptor (Intel SDM Vol. 3A, 8.2.3). */
	cpu->gdt[X86_GDT_TSS / 8] = (limit & 0xffff) |
				    ((base & 0xffffff) << 16) | GDT_TSS_TYPE |
				    GDT_PRESENT | ((limit >> 16 & 0xf) << 48) |
				    ((base >> 24 & 0xff) << 56);
	cpu->gdt[X86_GDT_TSS / 8 + 1] = base >> 32;

	p.limit = sizeof(cpu->gdt) - 1;
	p.base = (uintptr_t)cpu->gdt;
	/* A far return reloads CS; the data selectors are simply moved in. */
	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %2, %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     "movl %%eax, %%fs\n\t"
			     "movl %%eax, %%gs\n\t"
			     "ltr %w3"
			     :
			     : "m"(p), "i"(X86_GDT_CODE64), "i"(X86_GDT_DATA),
			       "r"(X86_GDT_TSS)
			     : "rax", "memory");
}
