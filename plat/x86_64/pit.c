/* i8254 PIT channel 2 as a reference clock to measure the TSC frequency. */
#include <stdint.h>
#include <uk/asm/io.h>
#include <x86/tsc.h>

#define PIT_HZ 1193182U
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61 /* bit 0: channel 2 gate; bit 1: speaker enable */

#define PIT_CMD_CH2_LOHI_MODE2 0xb4 /* channel 2, lo/hi byte, rate gen. */
#define PIT_CMD_CH2_LATCH 0x80
/* 8254 read-back: status only, channel 2; the status's access and mode. */
#define PIT_CMD_READBACK_CH2_STATUS 0xe8
#define PIT_STATUS_MODE_MASK 0x3f
#define PIT_STATUS_LOHI_MODE2 0x34
#define PIT_SAMPLE_TRIES 4

/*
 * Reads the count and the TSC at the moment of the latch: the midpoint of
 * TSC stamps taken around the latch command. Under emulation a port
 * access can stall (QEMU's global lock), so of a few tries the one with
 * the narrowest window wins.
 */
static uint16_t pit_sample(uint64_t *tsc)
{
	uint64_t t0, t1, best = UINT64_MAX;
	uint16_t c = 0;
	uint8_t lo, hi;
	int i;

	for (i = 0; i < PIT_SAMPLE_TRIES; i++) {
		t0 = x86_tsc_read();
		outb(PIT_CMD, PIT_CMD_CH2_LATCH);
		t1 = x86_tsc_read();
		lo = inb(PIT_CH2);
		hi = inb(PIT_CH2);
		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			c = (uint16_t)(hi << 8 | lo);
		}
	}
	return c;
}

uint64_t x86_pit_measure_tsc_hz(unsigned int ms)
{
	uint32_t want = PIT_HZ / 1000 * ms;
	uint64_t t0, t1, guard;
	uint16_t c0, c1;
	uint32_t ticks = 0;
	uint8_t gate = inb(PIT_GATE);

	if (want == 0 || want >= 0xff00)
		return 0;
	/*
	 * Mode 2 counts down from 0xffff (55 ms a period) with the gate on
	 * and the speaker off; one period is enough for ms < 50.
	 */
	outb(PIT_GATE, (gate & ~0x02) | 0x01);
	outb(PIT_CMD, PIT_CMD_CH2_LOHI_MODE2);
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
	/*
	 * No PIT (QEMU's microvm with pit=off): the read-back status is not
	 * the mode just set (absent ports read 0xff). Saves the wait below.
	 */
	outb(PIT_CMD, PIT_CMD_READBACK_CH2_STATUS);
	if ((inb(PIT_CH2) & PIT_STATUS_MODE_MASK) != PIT_STATUS_LOHI_MODE2)
		goto fail;
	/* The count loads on the next PIT clock: wait until it moves. */
	guard = x86_tsc_read() + (uint64_t)X86_TSC_HZ_MAX / 10;
	c0 = pit_sample(&t0);
	do {
		c1 = pit_sample(&t1);
		if (t1 > guard)
			goto fail;
	} while (c1 == c0);
	c0 = pit_sample(&t0);
	guard = t0 + (uint64_t)X86_TSC_HZ_MAX / 10;
	do {
		c1 = pit_sample(&t1);
		ticks = (uint16_t)(c0 - c1);
		if (t1 > guard)
			goto fail;
	} while (ticks < want);
	outb(PIT_GATE, gate);
	return (t1 - t0) * PIT_HZ / ticks;
fail:
	outb(PIT_GATE, gate);
	return 0;
}
