/* i8259A PIC pair: remap, per-line masks, EOI and spurious-IRQ checks. */
#include <stdbool.h>
#include <stdint.h>
#include <uk/asm/io.h>
#include <uk/plat/lcpu.h>
#include <uk/spinlock.h>
#include <x86/pic8259.h>

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT_ICW4 0x11 /* edge triggered, cascaded, ICW4 follows */
#define ICW3_MASTER (1 << X86_PIC_CASCADE) /* slave on master line 2 */
#define ICW3_SLAVE X86_PIC_CASCADE /* slave's cascade identity */
#define ICW4_8086 0x01
#define OCW2_EOI 0x20 /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0b

/* Cached masks (bit set = masked), master in bits 0..7. */
static uint16_t pic_masks = 0xffff;
static struct uk_spinlock pic_lock = UK_SPINLOCK_INITIALIZER;

/* A write to the unused POST port: the PIC settles between ICW writes. */
static void pic_delay(void)
{
	outb(0x80, 0);
}

static void pic_write_masks(void)
{
	outb(PIC1_DATA, pic_masks & 0xff);
	outb(PIC2_DATA, pic_masks >> 8);
}

void x86_pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	pic_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	pic_delay();
	outb(PIC1_DATA, X86_PIC_VECTOR_BASE);
	pic_delay();
	outb(PIC2_DATA, X86_PIC_VECTOR_BASE + 8);
	pic_delay();
	outb(PIC1_DATA, ICW3_MASTER);
	pic_delay();
	outb(PIC2_DATA, ICW3_SLAVE);
	pic_delay();
	outb(PIC1_DATA, ICW4_8086);
	pic_delay();
	outb(PIC2_DATA, ICW4_8086);
	pic_delay();
	pic_masks = 0xffff;
	pic_write_masks();
}

static void pic_set_mask(unsigned int irq, bool masked)
{
	unsigned long flags;

	if (irq >= X86_PIC_LINES)
		return;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&pic_lock);
	if (masked)
		pic_masks |= 1u << irq;
	else
		pic_masks &= ~(1u << irq);
	/* The cascade line is open exactly while a slave line is. */
	if ((pic_masks & 0xff00) == 0xff00)
		pic_masks |= 1u << X86_PIC_CASCADE;
	else
		pic_masks &= ~(1u << X86_PIC_CASCADE);
	pic_write_masks();
	uk_spin_unlock(&pic_lock);
	ukplat_lcpu_restore_irqf(flags);
}

void x86_pic_mask(unsigned int irq)
{
	pic_set_mask(irq, true);
}

void x86_pic_unmask(unsigned int irq)
{
	pic_set_mask(irq, false);
}

bool x86_pic_is_masked(unsigned int irq)
{
	if (irq >= X86_PIC_LINES)
		return true;
	if (irq < 8)
		return inb(PIC1_DATA) & (1u << irq);
	return inb(PIC2_DATA) & (1u << (irq - 8));
}

/* In-service register: the lines whose interrupt is being handled. */
static uint8_t pic_isr(uint16_t cmd_port)
{
	outb(cmd_port, OCW3_READ_ISR);
	return inb(cmd_port);
}

bool x86_pic_spurious(unsigned int irq)
{
	/* Only the lowest-priority line of each PIC reports spurious IRQs. */
	if (irq == 7)
		return !(pic_isr(PIC1_CMD) & 0x80);
	if (irq == 15 && !(pic_isr(PIC2_CMD) & 0x80)) {
		/* The master saw a real request on its cascade line. */
		outb(PIC1_CMD, OCW2_EOI);
		return true;
	}
	return false;
}

void x86_pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}
