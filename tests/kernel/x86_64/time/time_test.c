/* In-kernel tests of x86_64 time: TSC frequency, monotonic clock, halt_to. */
#include <errno.h>
#include <stdint.h>
#include <uk/config.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <uk/test.h>
#include <x86/lcpu.h>
#include <x86/tsc.h>

#define MS 1000000ULL
#define STACK_SIZE (16 * 1024)
/* How late a wake-up may be under QEMU TCG on a loaded host. */
#define LATE_MAX (200 * MS)

TESTCASE(x86_time, tsc_frequency)
{
	uint64_t hz = x86_tsc_hz(), pit;

	uk_printk("time: TSC %lu kHz from %s, %s timer\n",
		  (unsigned long)(hz / 1000), x86_tsc_source(),
		  x86_time_timer_mode());
	EXPECT_GE(hz, X86_TSC_HZ_MIN);
	EXPECT_LE(hz, X86_TSC_HZ_MAX);
	/* A second, longer PIT measurement agrees within 5%. */
	pit = x86_pit_measure_tsc_hz(20);
	if (x86_tsc_from_apic_bus()) {
		/* The fallback is taken only without a PIT. */
		EXPECT_EQ(pit, 0);
		return;
	}
	EXPECT_GT(pit, hz - hz / 20);
	EXPECT_LT(pit, hz + hz / 20);
}

/*
 * The fallback reference (no PIT, no CPUID leaf): the local APIC timer at
 * the VMM's 1 GHz bus agrees with the boot's measurement within 5%; on
 * machines with a PIT this checks that bus frequency against the PIT.
 */
TESTCASE(x86_time, tsc_frequency_apic_bus)
{
	uint64_t hz = x86_tsc_hz(), apic;

	apic = x86_apic_measure_tsc_hz(20);
	uk_printk("time: TSC %lu kHz against the APIC timer\n",
		  (unsigned long)(apic / 1000));
	EXPECT_GT(apic, hz - hz / 20);
	EXPECT_LT(apic, hz + hz / 20);
}

TESTCASE(x86_time, monotonic)
{
	__nsec prev = ukplat_monotonic_clock(), now, t0;
	int i, backwards = 0;

	EXPECT_GT(prev, 0);
	for (i = 0; i < 100000; i++) {
		now = ukplat_monotonic_clock();
		if (now < prev)
			backwards++;
		prev = now;
	}
	EXPECT_EQ(backwards, 0);
	t0 = ukplat_monotonic_clock();
	x86_tsc_udelay(5000);
	now = ukplat_monotonic_clock();
	EXPECT_GE(now - t0, 5 * MS);
	EXPECT_LT(now - t0, 5 * MS + LATE_MAX);
}

TESTCASE(x86_time, conversions)
{
	uint64_t hz = x86_tsc_hz();
	__nsec ns;

	EXPECT_EQ(x86_tsc_to_ns(0), 0);
	/* One second of ticks is one second, to the nanosecond rounding. */
	ns = x86_tsc_to_ns(hz);
	EXPECT_GE(ns, 1000000000ULL - 2);
	EXPECT_LE(ns, 1000000000ULL + 2);
	/* No overflow a century into the TSC's range. */
	ns = x86_tsc_to_ns(hz * 3600ULL * 24 * 365 * 100);
	EXPECT_GT(ns, 3153600000ULL * 1000000000ULL - 1000000000ULL * 60);
	/* from_ns is the smallest TSC value reaching ns. */
	for (ns = 1; ns < 1000000000000ULL; ns = ns * 7 + 3) {
		uint64_t t = x86_tsc_from_ns(ns);

		EXPECT_GE(x86_tsc_to_ns(t), ns);
		EXPECT_LT(x86_tsc_to_ns(t - 1), ns);
	}
}

/* Halts until deadlines 1..20 ms ahead: never early, not much late. */
static int halt_to_checks(int *early, int *late, int *eintr)
{
	__nsec deadline, now;
	int i, rc;

	for (i = 1; i <= 20; i++) {
		deadline = ukplat_monotonic_clock() + i * MS / 2;
		do
			rc = ukplat_lcpu_halt_to(deadline);
		while (rc == -EINTR && ++*eintr);
		now = ukplat_monotonic_clock();
		if (rc != 0 || now < deadline)
			(*early)++;
		if (now > deadline + LATE_MAX)
			(*late)++;
	}
	return 0;
}

TESTCASE(x86_time, halt_to_deadline)
{
	int early = 0, late = 0, eintr = 0;

	/* IRQs off on entry: still woken by the timer, still off after. */
	ukplat_lcpu_disable_irq();
	halt_to_checks(&early, &late, &eintr);
	EXPECT_TRUE(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_enable_irq();
	halt_to_checks(&early, &late, &eintr);
	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
	EXPECT_EQ(early, 0);
	EXPECT_EQ(late, 0);
	EXPECT_EQ(eintr, 0);
	/* A deadline in the past returns at once. */
	EXPECT_EQ(ukplat_lcpu_halt_to(1), 0);
	EXPECT_EQ(ukplat_lcpu_halt_to(ukplat_monotonic_clock()), 0);
}

/* The same on a secondary CPU, from its entry function. */
static char ap_stack[STACK_SIZE] __aligned(16);
static volatile int ap_early = -1, ap_late = -1, ap_eintr = -1;

static void ap_entry(void)
{
	int early = 0, late = 0, eintr = 0;

	halt_to_checks(&early, &late, &eintr);
	ap_late = late;
	ap_eintr = eintr;
	__atomic_store_n(&ap_early, early, __ATOMIC_RELEASE);
}

TESTCASE(x86_time, halt_to_secondary)
{
	ukplat_lcpu_entry_t entry[1] = { ap_entry };
	void *sp[1] = { ap_stack + STACK_SIZE };
	__lcpuidx one = 1;
	unsigned int num = 1;

	if (ukplat_lcpu_count() < 2)
		return;
	EXPECT_EQ(ukplat_lcpu_start(&one, &num, sp, entry, 0), 0);
	EXPECT_EQ(ukplat_lcpu_wait(&one, &num, 0), 0);
	EXPECT_EQ(ap_early, 0);
	EXPECT_EQ(ap_late, 0);
	EXPECT_EQ(ap_eintr, 0);
}
