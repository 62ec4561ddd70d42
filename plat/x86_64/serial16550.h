/* 16550 UART on COM1: early console of the x86_64 platform. */
#ifndef X86_SERIAL16550_H
#define X86_SERIAL16550_H

/*
 * Programs COM1 for 115200 8N1 with FIFOs and no interrupts. Call once on
 * the boot CPU before the first ukplat_coutk(). Returns 0.
 */
int x86_serial16550_init(void);

#endif /* X86_SERIAL16550_H */
