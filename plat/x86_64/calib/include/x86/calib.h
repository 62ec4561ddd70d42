/*
 * Measuring the TSC against a down-counting reference clock from a series
 * of (count, TSC) samples.
 *
 * Under emulation the vCPU can stall between two samples for longer than
 * the reference takes to wrap (QEMU TCG on a loaded host: the PIT's
 * 16-bit count wraps in 55 ms), and a difference taken across the stall
 * is then wrong by whole periods: a TSC frequency measured so came out
 * several times too high, implausible (no timer at all) or, worse,
 * plausible and wrong. Both clocks run on during a stall, so a stall is
 * harmless if it is left out: only pairs of consecutive samples closer
 * than max_gap TSC ticks count, where max_gap is less than half the
 * reference's period at the slowest plausible TSC, so that a counted
 * pair's reference difference is never ambiguous.
 */
#ifndef X86_CALIB_H
#define X86_CALIB_H

#include <stdbool.h>
#include <stdint.h>

struct x86_calib {
	uint64_t ref_hz; /* the reference's counting rate */
	uint32_t period; /* its counts per wrap (the PIT in mode 2: N) */
	uint64_t max_gap; /* TSC ticks: a pair further apart is a stall */
	uint64_t ref_sum; /* reference counts of the counted pairs */
	uint64_t tsc_sum; /* TSC ticks of the counted pairs */
	uint32_t last_count;
	uint64_t last_tsc;
	bool started;
	unsigned int stalls; /* pairs left out */
};

void x86_calib_init(struct x86_calib *c, uint64_t ref_hz, uint32_t period,
		    uint64_t max_gap);

/* Adds the sample taken after the previous one (count in [1, period]). */
void x86_calib_add(struct x86_calib *c, uint32_t count, uint64_t tsc);

/*
 * TSC ticks per second from the counted pairs; 0 if none counted. The
 * pairs may span at most 2^64 / ref_hz ticks (an hour at 4 GHz).
 */
uint64_t x86_calib_hz(const struct x86_calib *c);

#endif /* X86_CALIB_H */
