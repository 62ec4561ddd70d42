/*
 * TSC frequency (CPUID, PIT or the local APIC timer) and TSC <-> nanosecond
 * conversions.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/cpu_relax.h>
#include <uk/print.h>
#include <x86/apic.h>
#include <x86/cpu.h>
#include <x86/tsc.h>

#define NSEC_PER_SEC 1000000000ULL
#define PIT_CALIBRATION_MS 2
#define APIC_CALIBRATION_MS 2
#define APIC_DIV16 0x3 /* DCR encoding of divide-by-16 */

static uint64_t tsc_hz;
/* ns = tsc * tsc_mult >> 32: 1e9 << 32 fits in 64 bits. */
static uint64_t tsc_mult;
static const char *tsc_src = "none";
static int tsc_apic_bus; /* measured against the APIC timer */

static int tsc_plausible(uint64_t hz)
{
	return hz >= X86_TSC_HZ_MIN && hz <= X86_TSC_HZ_MAX;
}

/*
 * CPUID leaf 0x15: TSC = crystal * EBX / EAX (crystal Hz in ECX, 0 when
 * not enumerated); leaf 0x16: base frequency in MHz. Returns 0 if
 * neither gives a plausible value.
 */
static uint64_t tsc_hz_cpuid(const char **src)
{
	uint32_t max, a, b, c, d;
	uint64_t hz;

	x86_cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		x86_cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c) {
			hz = (uint64_t)c * b / a;
			if (tsc_plausible(hz)) {
				*src = "cpuid-15h";
				return hz;
			}
		}
	}
	if (max >= 0x16) {
		x86_cpuid(0x16, 0, &a, &b, &c, &d);
		hz = (uint64_t)(a & 0xffff) * 1000000;
		if (tsc_plausible(hz)) {
			*src = "cpuid-16h";
			return hz;
		}
	}
	return 0;
}

uint64_t x86_apic_measure_tsc_hz(unsigned int ms)
{
	uint64_t want = X86_APIC_BUS_HZ_VMM / 16 / 1000 * ms;
	uint64_t t0, t1, guard, ticks;
	uint32_t lvt, dcr;

	if (want == 0 || want >= UINT32_MAX)
		return 0;
	lvt = x86_apic_read(X86_APIC_LVT_TIMER);
	dcr = x86_apic_read(X86_APIC_TIMER_DCR);
	x86_apic_write(X86_APIC_TIMER_DCR, APIC_DIV16);
	x86_apic_write(X86_APIC_LVT_TIMER,
		       X86_APIC_LVT_MASKED | X86_APIC_VEC_TIMER);
	x86_apic_write(X86_APIC_TIMER_ICR, UINT32_MAX);
	t0 = x86_tsc_read();
	guard = t0 + X86_TSC_HZ_MAX / 10;
	do {
		ticks = UINT32_MAX - x86_apic_read(X86_APIC_TIMER_CCR);
		t1 = x86_tsc_read();
		if (t1 > guard) {
			ticks = 0;
			break;
		}
	} while (ticks < want);
	x86_apic_write(X86_APIC_TIMER_ICR, 0);
	x86_apic_write(X86_APIC_LVT_TIMER, lvt);
	x86_apic_write(X86_APIC_TIMER_DCR, dcr);
	if (!ticks)
		return 0;
	return (t1 - t0) * (X86_APIC_BUS_HZ_VMM / 16) / ticks;
}

int x86_tsc_from_apic_bus(void)
{
	return x86_tsc_hz() && tsc_apic_bus;
}

int x86_tsc_init(void)
{
	const char *src = "pit";
	uint64_t hz;

	if (tsc_hz)
		return 0;
	hz = tsc_hz_cpuid(&src);
	if (!hz) {
		src = "pit";
		hz = x86_pit_measure_tsc_hz(PIT_CALIBRATION_MS);
	}
	if (!hz) {
		src = "apic-bus";
		hz = x86_apic_measure_tsc_hz(APIC_CALIBRATION_MS);
		tsc_apic_bus = 1;
		uk_pr_warn(
			"x86: no TSC frequency in CPUID and no PIT: measured "
			"against the local APIC timer at the 1 GHz bus "
			"of QEMU and KVM\n");
	}
	if (!tsc_plausible(hz))
		return -ENODEV;
	tsc_mult = (NSEC_PER_SEC << 32) / hz;
	tsc_src = src;
	__atomic_store_n(&tsc_hz, hz, __ATOMIC_RELEASE);
	return 0;
}

uint64_t x86_tsc_hz(void)
{
	return __atomic_load_n(&tsc_hz, __ATOMIC_ACQUIRE);
}

const char *x86_tsc_source(void)
{
	return tsc_src;
}

__nsec x86_tsc_to_ns(uint64_t tsc)
{
	return (__nsec)(((unsigned __int128)tsc * tsc_mult) >> 32);
}

uint64_t x86_tsc_from_ns(__nsec ns)
{
	unsigned __int128 t;

	if (!tsc_mult)
		return UINT64_MAX;
	/* Inverse of x86_tsc_to_ns(), rounded up: ceil((ns << 32) / mult). */
	t = (((unsigned __int128)ns << 32) + tsc_mult - 1);
	if ((t >> 64) >= tsc_mult)
		return UINT64_MAX;
	return x86_udiv128_64(t, tsc_mult);
}

uint64_t x86_tsc_us_to_ticks(uint64_t us)
{
	uint64_t hz = x86_tsc_hz();

	if (!hz)
		hz = X86_TSC_HZ_MAX;
	return us * (hz / 1000000);
}

void x86_tsc_udelay(uint64_t us)
{
	uint64_t end = x86_tsc_read() + x86_tsc_us_to_ticks(us);

	while (x86_tsc_read() < end)
		uk_cpu_relax();
}
