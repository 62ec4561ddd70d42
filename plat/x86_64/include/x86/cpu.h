/* x86_64 control-register, MSR and CPUID definitions and accessors. */
#ifndef X86_CPU_H
#define X86_CPU_H

/* Plain numbers so that assembly (.S) can use them too. */
#define X86_CR0_PE (1 << 0) /* protected mode */
#define X86_CR0_MP (1 << 1) /* WAIT/FWAIT honours TS */
#define X86_CR0_EM (1 << 2) /* x87 emulation: must be clear for SSE */
#define X86_CR0_NE (1 << 5) /* native x87 error reporting (#MF) */
#define X86_CR0_WP (1 << 16) /* ring 0 honours read-only pages */
#define X86_CR0_PG (1 << 31) /* paging */

#define X86_CR4_PAE (1 << 5) /* 64-bit page table entries */
#define X86_CR4_OSFXSR (1 << 9) /* FXSAVE/FXRSTOR and SSE enabled */
#define X86_CR4_OSXMMEXCPT (1 << 10) /* unmasked SSE exceptions give #XM */

#define X86_RFLAGS_IF (1 << 9) /* IRQs enabled */

#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1 << 8) /* long mode enable */
#define X86_EFER_NXE (1 << 11) /* no-execute bit in page tables */
#define X86_MSR_FS_BASE 0xc0000100
#define X86_MSR_GS_BASE 0xc0000101

/* CPUID 0x80000001 EDX feature bits. */
#define X86_CPUID81_EDX_NX (1 << 20)
#define X86_CPUID81_EDX_LM (1 << 29)

/* Page table entry bits: X86_PTE_P, X86_PTE_RW, X86_PTE_PS. */
#include <x86/pt.h>

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <uk/essentials.h>

static inline void x86_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *eax,
			     uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
			     : "a"(leaf), "c"(subleaf));
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     :
			     : "c"(msr), "a"((uint32_t)v),
			       "d"((uint32_t)(v >> 32)));
}

/* Stops this CPU for good: IRQs off, then halt (NMIs wake hlt, so loop). */
static inline __noreturn void x86_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

#endif /* !__ASSEMBLER__ */

#endif /* X86_CPU_H */
