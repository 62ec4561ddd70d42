/*
 * 16550 UART on COM1: polled, SMP-safe console output; input polled or
 * signalled by the receive interrupt (IRQ 4).
 */
#include <errno.h>
#include <stdbool.h>
#include <uk/asm/io.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/trap.h>
#include <uk/spinlock.h>
#include <x86/percpu.h>

#include "serial16550.h"

#define COM1 0x3f8

/* Register offsets from the base port (DLAB = LCR bit 7 selects DLL/DLM). */
#define UART_RBR 0 /* receive buffer (read) */
#define UART_THR 0 /* transmit holding (write) */
#define UART_DLL 0 /* divisor latch low, DLAB = 1 */
#define UART_IER 1 /* interrupt enable */
#define UART_DLM 1 /* divisor latch high, DLAB = 1 */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define COM1_IRQ 4

#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07 /* enable, clear RX and TX FIFOs */
#define UART_MCR_DTR_RTS 0x03
#define UART_MCR_OUT2 0x08 /* on PCs, gates the UART's IRQ to the PIC */
#define UART_IER_RDA 0x01 /* interrupt when received data is available */
#define UART_LSR_DR 0x01 /* a received byte is waiting */
#define UART_LSR_THRE 0x20 /* transmit holding register empty */

/* 115200 = 1.8432 MHz / 16 / divisor */
#define UART_DIVISOR_115200 1

int x86_serial16550_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, UART_DIVISOR_115200 & 0xff);
	outb(COM1 + UART_DLM, UART_DIVISOR_115200 >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, UART_MCR_DTR_RTS);
	return 0;
}

static void serial_putc(char c)
{
	/* An absent UART reads 0xff, which has THRE set: no hang. */
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}

/*
 * Serialises writers on all CPUs, so one call's bytes stay together.
 * cout_owner (CPU index + 1) lets a crash report that interrupted this
 * CPU's own write go through instead of deadlocking.
 */
static struct uk_spinlock cout_lock = UK_SPINLOCK_INITIALIZER;
static volatile int cout_owner;

int ukplat_coutk(const char *buf, unsigned int len)
{
	struct x86_cpu *cpu = x86_cpu_current();
	int me = cpu ? (int)cpu->idx + 1 : 1;
	unsigned long flags = 0;
	bool nested = cout_owner == me;
	unsigned int i;

	if (!nested) {
		flags = ukplat_lcpu_save_irqf();
		uk_spin_lock(&cout_lock);
		cout_owner = me;
	}
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
	if (!nested) {
		cout_owner = 0;
		uk_spin_unlock(&cout_lock);
		ukplat_lcpu_restore_irqf(flags);
	}
	return (int)len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	unsigned int n = 0;

	while (n < maxlen && (inb(COM1 + UART_LSR) & UART_LSR_DR))
		buf[n++] = (char)inb(COM1 + UART_RBR);
	return (int)n;
}

static void (*cin_handler)(void *arg);
static void *cin_arg;

static int com1_irq(struct __regs *regs __unused,
		    unsigned long error_code __unused, void *arg __unused)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return 0;
	cin_handler(cin_arg);
	return 1;
}

int ukplat_cin_irq_enable(void (*handler)(void *arg), void *arg)
{
	int rc;

	if (!handler)
		return -EINVAL;
	if (cin_handler)
		return -EEXIST;
	cin_handler = handler;
	cin_arg = arg;
	rc = ukplat_irq_register(COM1_IRQ, com1_irq, NULL);
	if (rc) {
		cin_handler = NULL;
		return rc;
	}
	outb(COM1 + UART_MCR, UART_MCR_DTR_RTS | UART_MCR_OUT2);
	outb(COM1 + UART_IER, UART_IER_RDA);
	return 0;
}
