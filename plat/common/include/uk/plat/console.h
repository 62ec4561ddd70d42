/* Platform console: the kernel's serial output. */
#ifndef UK_PLAT_CONSOLE_H
#define UK_PLAT_CONSOLE_H

/*
 * Writes len bytes of buf to the platform console (16550 COM1 on x86_64,
 * PL011 on arm64), translating "\n" to "\r\n". Safe with IRQs disabled and
 * before any memory is set up. Returns the number of bytes written.
 */
int ukplat_coutk(const char *buf, unsigned int len);

/*
 * Reads up to maxlen bytes from the console without blocking.
 * Returns the number of bytes read (0 when nothing is pending).
 */
int ukplat_cink(char *buf, unsigned int maxlen);

/*
 * Turns on the console's receive interrupt: from then on handler(arg)
 * runs in IRQ context (IRQs disabled) whenever input is pending, and must
 * take it with ukplat_cink(), since the interrupt stays raised until the
 * input is read. Call once, from thread context after the platform's
 * interrupt controller is up. Returns 0, -EINVAL for a NULL handler,
 * -EEXIST if a handler is set, or another negative errno from
 * ukplat_irq_register() (<uk/plat/trap.h>).
 */
int ukplat_cin_irq_enable(void (*handler)(void *arg), void *arg);

#endif /* UK_PLAT_CONSOLE_H */
