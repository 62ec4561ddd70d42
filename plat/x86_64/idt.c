/* The IDT: all 256 vectors go to traps.S, IRQs and critical traps on IST. */
#include <stdint.h>
#include <x86/desc.h>
#include <x86/traps.h>

/* Present, DPL 0, 64-bit interrupt gate: IRQs stay off in every handler. */
#define IDT_INTERRUPT_GATE 0x8e

struct x86_idt_gate x86_idt[256] __aligned(16);
static int idt_ready;

/*
 * Regular traps keep the current stack so that they nest (a breakpoint
 * inside a fault handler); IST would reset RSP to the same top and
 * overwrite the outer frame. IRQs and the traps that must work on a broken
 * stack (#DF after a stack overflow, NMI, #MC) switch stacks.
 */
static uint8_t idt_ist(unsigned int vector)
{
	if (vector >= X86_TRAP_EXCEPTIONS)
		return X86_IST_IRQ;
	if (vector == X86_TRAP_DF)
		return X86_IST_DF;
	if (vector == X86_TRAP_NMI || vector == X86_TRAP_MC)
		return X86_IST_CRIT;
	return X86_IST_NONE;
}

void x86_idt_init(void)
{
	struct x86_idt_gate *g;
	uintptr_t stub;
	unsigned int v;

	if (idt_ready)
		return;
	for (v = 0; v < 256; v++) {
		stub = (uintptr_t)x86_trap_stubs + v * X86_TRAP_STUB_SIZE;
		g = &x86_idt[v];
		g->offset_lo = stub & 0xffff;
		g->selector = X86_GDT_CODE64;
		g->ist = idt_ist(v);
		g->type_attr = IDT_INTERRUPT_GATE;
		g->offset_mid = (stub >> 16) & 0xffff;
		g->offset_hi = stub >> 32;
		g->reserved = 0;
	}
	idt_ready = 1;
}

void x86_idt_load(void)
{
	struct x86_desc_ptr p = {
		.limit = sizeof(x86_idt) - 1,
		.base = (uintptr_t)x86_idt,
	};

	__asm__ __volatile__("lidt %0" : : "m"(p));
}
