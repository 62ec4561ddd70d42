/*
 * The PL031 real-time clock of QEMU virt: a 32-bit count of seconds since
 * the epoch in its data register (PL031 TRM, section 3.3).
 */
#include <errno.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/plat/rtc.h>

/* QEMU virt's RTC, fixed by the machine like the UART (ARM64_PL011_BASE). */
#define PL031_BASE 0x09010000UL
#define PL031_DR 0x000
/* PrimeCell peripheral id 0: the part number's low byte, 0x31. */
#define PL031_PERIPHID0 0xfe0
#define PL031_PART_LOW 0x31

static uint32_t pl031_read(unsigned long reg)
{
	return *(volatile uint32_t *)(PL031_BASE + reg);
}

int ukplat_rtc_read(int64_t *sec)
{
	if ((pl031_read(PL031_PERIPHID0) & 0xff) != PL031_PART_LOW)
		return -ENODEV;
	*sec = pl031_read(PL031_DR);
	return 0;
}

/*
 * QEMU's PL031 count is floor(host time) plus a whole-second offset fixed
 * at start-up (0 with the default -rtc base=utc): it changes at the host's
 * second edges.
 */
int ukplat_rtc_edge(int64_t value, uint64_t mono __unused, int64_t *ns)
{
	*ns = value * 1000000000LL;
	return 0;
}
