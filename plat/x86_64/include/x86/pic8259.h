/* Legacy i8259A PIC pair: remapped to vectors 32..47, lines masked. */
#ifndef X86_PIC8259_H
#define X86_PIC8259_H

#include <stdbool.h>

#define X86_PIC_VECTOR_BASE 32 /* IRQ n arrives on vector 32 + n */
#define X86_PIC_LINES 16
#define X86_PIC_CASCADE 2 /* master line wired to the slave */

/*
 * Reinitialises both PICs: IRQ 0..7 to vectors 32..39, 8..15 to 40..47
 * (off the exception vectors the BIOS leaves them on) with every line
 * masked. Call once on the boot CPU with IRQs disabled.
 */
void x86_pic_init(void);

/* Masks/unmasks line irq (< X86_PIC_LINES); the cascade follows the slave. */
void x86_pic_mask(unsigned int irq);
void x86_pic_unmask(unsigned int irq);

/* True if line irq is masked (reads the PIC's mask register). */
bool x86_pic_is_masked(unsigned int irq);

/*
 * Checks the in-service register for a spurious IRQ 7 or 15 (the line
 * dropped before the CPU acknowledged it). A spurious IRQ must not be
 * acknowledged at its own PIC; for 15 this sends the master's EOI.
 * Returns true if the interrupt on line irq was spurious.
 */
bool x86_pic_spurious(unsigned int irq);

/* End of interrupt for line irq (slave and master for lines 8..15). */
void x86_pic_eoi(unsigned int irq);

#endif /* X86_PIC8259_H */
