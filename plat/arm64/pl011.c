/*
 * PL011 UART driver for the kernel console (ukplat_coutk/ukplat_cink),
 * input polled or signalled by the receive interrupts.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/plat/console.h>
#include <uk/plat/trap.h>
#include <arm64/gic.h>
#include <arm64/pl011.h>

/* Registers (PL011 TRM, section 3.2), as offsets from the base. */
#define PL011_DR 0x00
#define PL011_FR ARM64_PL011_FR
#define PL011_LCR_H 0x2c
#define PL011_CR 0x30
#define PL011_IMSC 0x38
#define PL011_MIS 0x40
#define PL011_ICR 0x44
/* Receive (FIFO at its trigger level) and receive-timeout interrupts. */
#define PL011_INT_RX (1U << 4)
#define PL011_INT_RT (1U << 6)

/*
 * QEMU virt's UART0 interrupt, SPI 1, level-sensitive: fixed by the
 * machine like ARM64_PL011_BASE.
 */
#define PL011_INTID (32 + 1)

#define PL011_FR_RXFE (1U << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1U << 5) /* transmit FIFO full */
#define PL011_LCR_H_FEN (1U << 4)
#define PL011_LCR_H_WLEN8 (3U << 5)
#define PL011_CR_UARTEN (1U << 0)
#define PL011_CR_TXE (1U << 8)
#define PL011_CR_RXE (1U << 9)

static inline uint32_t pl011_read(unsigned long reg)
{
	return *(volatile uint32_t *)((unsigned long)ARM64_PL011_BASE + reg);
}

static inline void pl011_write(unsigned long reg, uint32_t v)
{
	*(volatile uint32_t *)((unsigned long)ARM64_PL011_BASE + reg) = v;
}

void arm64_pl011_init(void)
{
	/* The TRM asks for the UART to be off while LCR_H changes. */
	pl011_write(PL011_CR, 0);
	pl011_write(PL011_IMSC, 0); /* polled: no interrupts */
	pl011_write(PL011_ICR, 0x7ff);
	pl011_write(PL011_LCR_H, PL011_LCR_H_FEN | PL011_LCR_H_WLEN8);
	pl011_write(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void arm64_pl011_putc(char c)
{
	while (pl011_read(PL011_FR) & PL011_FR_TXFF)
		;
	pl011_write(PL011_DR, (uint8_t)c);
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			arm64_pl011_putc('\r');
		arm64_pl011_putc(buf[i]);
	}
	return (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && !(pl011_read(PL011_FR) & PL011_FR_RXFE))
		buf[n++] = (char)(pl011_read(PL011_DR) & 0xff);
	return (int)n;
}

static void (*cin_handler)(void *arg);
static void *cin_arg;

static int pl011_irq(struct __regs *regs __unused, unsigned long intid __unused,
		     void *arg __unused)
{
	if (!(pl011_read(PL011_MIS) & (PL011_INT_RX | PL011_INT_RT)))
		return 0;
	/* Reading the FIFO empty clears both; the ICR write covers a race. */
	cin_handler(cin_arg);
	pl011_write(PL011_ICR, PL011_INT_RX | PL011_INT_RT);
	return 1;
}

int ukplat_cin_irq_enable(void (*handler)(void *arg), void *arg)
{
	int rc;

	if (!handler)
		return -EINVAL;
	if (cin_handler)
		return -EEXIST;
	if (!arm64_gic)
		return -ENODEV;
	cin_handler = handler;
	cin_arg = arg;
	arm64_gic->set_trigger(PL011_INTID, 0);
	rc = ukplat_irq_register(PL011_INTID, pl011_irq, NULL);
	if (rc) {
		cin_handler = NULL;
		return rc;
	}
	pl011_write(PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	return 0;
}
