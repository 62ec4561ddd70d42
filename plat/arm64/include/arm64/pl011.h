/* ARM PL011 UART: the arm64 console. */
#ifndef ARM64_PL011_H
#define ARM64_PL011_H

/* QEMU virt's UART0; a later change reads it from the device tree. */
#define ARM64_PL011_BASE 0x09000000
#define ARM64_PL011_FR 0x18 /* flag register; bit 5: TX FIFO full */

#ifndef __ASSEMBLER__
/*
 * Enables the UART, 8N1 with FIFOs, keeping the baud rate that firmware
 * set (QEMU ignores it). Works with the MMU off or on (identity map).
 */
void arm64_pl011_init(void);

/* Writes one byte, waiting while the transmit FIFO is full. */
void arm64_pl011_putc(char c);

#endif /* !__ASSEMBLER__ */

#endif /* ARM64_PL011_H */
