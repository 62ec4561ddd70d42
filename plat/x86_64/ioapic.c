/* I/O APIC: pins found by the MADT (or at QEMU's default address). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <x86/ioapic.h>

/* Indirect register access (82093AA, 3.1): select, then read or write. */
#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define IOAPIC_MASKED (1U << 16)

struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base;
	unsigned int pins;
};

static struct ioapic ioapics[X86_IOAPIC_MAX];
static unsigned int ioapic_count;

/*
 * The boot page tables map the chip's page write-back; QEMU traps the
 * accesses whatever the memory type (xapic.c says the same of the APIC).
 */
static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

int x86_ioapic_add(uintptr_t addr, uint32_t gsi_base)
{
	struct ioapic *io;
	uint32_t ver;
	unsigned int pin;

	if (ioapic_count == X86_IOAPIC_MAX)
		return -ENOSPC;
	io = &ioapics[ioapic_count];
	io->regs = (volatile uint32_t *)addr;
	ver = ioapic_read(io, IOAPIC_VER);
	/* Unbacked addresses read as 0 or all ones under QEMU. */
	if (ver == 0 || ver == UINT32_MAX)
		return -ENODEV;
	io->gsi_base = gsi_base;
	/* Bits 16..23: the index of the last redirection entry. */
	io->pins = ((ver >> 16) & 0xff) + 1;
	for (pin = 0; pin < io->pins; pin++) {
		ioapic_write(io, IOAPIC_REDTBL(pin) + 1, 0);
		ioapic_write(io, IOAPIC_REDTBL(pin), IOAPIC_MASKED);
	}
	ioapic_count++;
	return 0;
}

/* The chip with gsi's pin, or NULL; *pin its pin number. */
static const struct ioapic *ioapic_of(uint32_t gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < ioapic_count; i++) {
		if (gsi >= ioapics[i].gsi_base &&
		    gsi - ioapics[i].gsi_base < ioapics[i].pins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	}
	return NULL;
}

bool x86_ioapic_has_gsi(uint32_t gsi)
{
	unsigned int pin;

	return ioapic_of(gsi, &pin) != NULL;
}

int x86_ioapic_route(uint32_t gsi, uint8_t vector, uint32_t flags,
		     uint32_t dest, bool masked)
{
	unsigned int pin;
	const struct ioapic *io = ioapic_of(gsi, &pin);

	if (!io)
		return -EINVAL;
	/* Masked while the entry changes: no half-written routing fires. */
	ioapic_write(io, IOAPIC_REDTBL(pin), IOAPIC_MASKED);
	/* Physical destination mode: the APIC id in bits 56..63. */
	ioapic_write(io, IOAPIC_REDTBL(pin) + 1, dest << 24);
	ioapic_write(
		io, IOAPIC_REDTBL(pin),
		vector | (flags & (X86_IOAPIC_LEVEL | X86_IOAPIC_ACTIVE_LOW)) |
			(masked ? IOAPIC_MASKED : 0));
	return 0;
}

void x86_ioapic_mask(uint32_t gsi, bool masked)
{
	unsigned int pin;
	const struct ioapic *io = ioapic_of(gsi, &pin);
	uint32_t lo;

	if (!io)
		return;
	lo = ioapic_read(io, IOAPIC_REDTBL(pin));
	lo = masked ? lo | IOAPIC_MASKED : lo & ~IOAPIC_MASKED;
	ioapic_write(io, IOAPIC_REDTBL(pin), lo);
}

bool x86_ioapic_is_masked(uint32_t gsi)
{
	unsigned int pin;
	const struct ioapic *io = ioapic_of(gsi, &pin);

	return !io || (ioapic_read(io, IOAPIC_REDTBL(pin)) & IOAPIC_MASKED);
}
