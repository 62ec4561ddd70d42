/* x86_64 descriptor tables: GDT layout and selectors, TSS, IDT gates. */
#ifndef X86_DESC_H
#define X86_DESC_H

/*
 * Per-CPU GDT: null, 64-bit code, data, then the 16-byte TSS descriptor.
 * Code and data keep the boot GDT's selectors (multiboot.S).
 */
#define X86_GDT_CODE64 0x08
#define X86_GDT_DATA 0x10
#define X86_GDT_TSS 0x18
#define X86_GDT_ENTRIES 5 /* 8-byte slots; the TSS takes two */

/* Interrupt stack table slots used in IDT gates (0 = no stack switch). */
#define X86_IST_NONE 0
#define X86_IST_IRQ 1 /* vectors 32..255 */
#define X86_IST_DF 2 /* double fault */
#define X86_IST_CRIT 3 /* NMI and machine check */
#define X86_IST_USED 3

#ifndef __ASSEMBLER__

#include <stdint.h>
#include <uk/essentials.h>

/* 64-bit TSS (Intel SDM Vol. 3A, 8.7): only the IST pointers matter. */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3]; /* stacks for privilege changes: unused in ring 0 */
	uint64_t reserved1;
	uint64_t ist[7]; /* ist[n - 1] is IST slot n */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

_Static_assert(sizeof(struct x86_tss) == 104, "TSS layout");

/* Interrupt gate descriptor (Intel SDM Vol. 3A, 6.14.1). */
struct x86_idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist; /* bits 0..2 */
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

_Static_assert(sizeof(struct x86_idt_gate) == 16, "IDT gate layout");

/* Operand of lgdt/lidt/sgdt/sidt. */
struct x86_desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

static inline void x86_sgdt(struct x86_desc_ptr *p)
{
	__asm__ __volatile__("sgdt %0" : "=m"(*p));
}

static inline void x86_sidt(struct x86_desc_ptr *p)
{
	__asm__ __volatile__("sidt %0" : "=m"(*p));
}

/* Task register: the selector of the loaded TSS. */
static inline uint16_t x86_str(void)
{
	uint16_t sel;

	__asm__ __volatile__("str %0" : "=r"(sel));
	return sel;
}

/* The IDT shared by all CPUs (idt.c). */
extern struct x86_idt_gate x86_idt[256];

/*
 * Fills the IDT with the trap stubs of traps.S on the first call; later
 * calls do nothing. Call on the boot CPU before any other CPU starts.
 */
void x86_idt_init(void);

/* Loads the IDT on this CPU (lidt). */
void x86_idt_load(void);

#endif /* !__ASSEMBLER__ */
#endif /* X86_DESC_H */
