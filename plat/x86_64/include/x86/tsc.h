/* Time stamp counter: frequency, conversions and the boot-entry stamp. */
#ifndef X86_TSC_H
#define X86_TSC_H

#include <stdint.h>
#include <uk/essentials.h>

/* TSC frequencies outside this range are treated as bogus. */
#define X86_TSC_HZ_MIN 100000000ULL /* 100 MHz */
#define X86_TSC_HZ_MAX 10000000000ULL /* 10 GHz */

/* TSC value that multiboot.S read first thing at the multiboot entry. */
extern uint64_t x86_boot_tsc;

static inline uint64_t x86_tsc_read(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * n / d with one divq. The caller ensures n >> 64 < d, so that the
 * quotient fits in 64 bits (otherwise divq raises #DE).
 */
static inline uint64_t x86_udiv128_64(unsigned __int128 n, uint64_t d)
{
	uint64_t q, r;

	__asm__("divq %4"
		: "=a"(q), "=d"(r)
		: "a"((uint64_t)n), "d"((uint64_t)(n >> 64)), "rm"(d));
	(void)r;
	return q;
}

/*
 * The local APIC timer's input clock in QEMU (TCG and its own APIC) and
 * KVM's in-kernel APIC: a 1 GHz "bus". Nothing architectural says so; it
 * is the TSC's last reference (x86_tsc_init()).
 */
#define X86_APIC_BUS_HZ_VMM 1000000000ULL

/*
 * Determines the TSC frequency once: CPUID leaf 0x15 (crystal ratio) or
 * 0x16 (base MHz) when present and within [X86_TSC_HZ_MIN,
 * X86_TSC_HZ_MAX], else measured against PIT channel 2 (about 2 ms), else
 * (no PIT: QEMU's microvm with pit=off; TCG enumerates neither leaf)
 * against the local APIC timer at X86_APIC_BUS_HZ_VMM, with a boot
 * message. Later calls return at once. Call on the boot CPU with IRQs
 * disabled and the local APIC enabled. Returns 0, or -ENODEV if no
 * plausible frequency was found.
 */
int x86_tsc_init(void);

/* True if x86_tsc_hz() came from the APIC timer at X86_APIC_BUS_HZ_VMM. */
int x86_tsc_from_apic_bus(void);

/* TSC ticks per second; 0 before x86_tsc_init() succeeded. */
uint64_t x86_tsc_hz(void);

/*
 * "cpuid-15h", "cpuid-16h", "pit" or "apic-bus": where x86_tsc_hz() came
 * from.
 */
const char *x86_tsc_source(void);

/* Nanoseconds for TSC value tsc (128-bit product: never overflows). */
__nsec x86_tsc_to_ns(uint64_t tsc);

/*
 * The smallest TSC value whose x86_tsc_to_ns() is >= ns (saturates at
 * UINT64_MAX).
 */
uint64_t x86_tsc_from_ns(__nsec ns);

/*
 * Ticks in us microseconds. Before calibration it assumes
 * X86_TSC_HZ_MAX, so that timeouts are never shorter than asked.
 */
uint64_t x86_tsc_us_to_ticks(uint64_t us);

/* Spins for at least us microseconds. */
void x86_tsc_udelay(uint64_t us);

/*
 * Measures the TSC frequency against the PIT over about ms milliseconds
 * (pit.c). Returns the frequency in Hz, or 0 if the PIT does not count.
 */
uint64_t x86_pit_measure_tsc_hz(unsigned int ms);

/*
 * Measures the TSC frequency against the local APIC timer, counting at
 * X86_APIC_BUS_HZ_VMM / 16, over about ms milliseconds; leaves the timer
 * stopped, its mode and divider as they were (tsc.c). Returns the frequency in Hz, or 0 if it does not count.
 */
uint64_t x86_apic_measure_tsc_hz(unsigned int ms);

#endif /* X86_TSC_H */
