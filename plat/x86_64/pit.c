/* i8254 PIT channel 2 as a reference clock to measure the TSC frequency. */
#include <stdint.h>
#include <uk/asm/io.h>
#include <uk/print.h>
#include <x86/calib.h>
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
#define PIT_PERIOD 0xffffU /* mode 2 counts PIT_PERIOD..1 */

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
	struct x86_calib cal;
	uint64_t t, guard;
	uint16_t c0, c;
	uint8_t gate = inb(PIT_GATE);

	if (want == 0 || want >= PIT_PERIOD / 2)
		return 0;
	/*
	 * Mode 2 counts down from PIT_PERIOD (55 ms a period) with the gate
	 * on and the speaker off.
	 */
	outb(PIT_GATE, (gate & ~0x02) | 0x01);
	outb(PIT_CMD, PIT_CMD_CH2_LOHI_MODE2);
	outb(PIT_CH2, PIT_PERIOD & 0xff);
	outb(PIT_CH2, PIT_PERIOD >> 8);
	/*
	 * No PIT (QEMU's microvm with pit=off): the read-back status is not
	 * the mode just set (absent ports read 0xff). Saves the wait below.
	 */
	outb(PIT_CMD, PIT_CMD_READBACK_CH2_STATUS);
	if ((inb(PIT_CH2) & PIT_STATUS_MODE_MASK) != PIT_STATUS_LOHI_MODE2)
		goto fail;
	/* The count loads on the next PIT clock: wait until it moves. */
	guard = x86_tsc_read() + (uint64_t)X86_TSC_HZ_MAX / 10;
	c0 = pit_sample(&t);
	do {
		c = pit_sample(&t);
		if (t > guard)
			goto fail;
	} while (c == c0);
	/*
	 * Stalls of the vCPU are left out (x86/calib.h): a pair counts if
	 * it is closer than 25 ms even at the slowest plausible TSC, less
	 * than half the PIT's period. The guard is 1 s at the fastest TSC,
	 * for hosts so loaded that 2 ms of samples take long to gather.
	 */
	x86_calib_init(&cal, PIT_HZ, PIT_PERIOD, X86_TSC_HZ_MIN / 40);
	guard = t + X86_TSC_HZ_MAX;
	do {
		x86_calib_add(&cal, c, t);
		if (t > guard)
			goto fail;
		c = pit_sample(&t);
	} while (cal.ref_sum < want);
	outb(PIT_GATE, gate);
	if (cal.stalls)
		uk_pr_info("x86: %u stalls of the vCPU left out of the TSC "
			   "measurement\n",
			   cal.stalls);
	return x86_calib_hz(&cal);
fail:
	outb(PIT_GATE, gate);
	return 0;
}
