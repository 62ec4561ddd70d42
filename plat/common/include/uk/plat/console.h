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

#endif /* UK_PLAT_CONSOLE_H */
