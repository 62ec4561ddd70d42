/*
 * Platform time: TSC monotonic clock and a per-CPU LAPIC one-shot timer,
 * shared by halt deadlines and the preemption tick.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/asm/regs.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/preempt.h>
#include <uk/plat/time.h>
#include <uk/plat/trap.h>
#include <uk/print.h>
#include <x86/apic.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>
#include <x86/tsc.h>

#define APIC_TIMER_DIV16 0x3 /* DCR encoding of divide-by-16 */
#define APIC_CALIBRATION_US 1000
/* Longest one-shot we arm: the count and the 128-bit math stay in range. */
#define APIC_MAX_ARM_SEC 4

static bool time_ready;
static bool tsc_deadline; /* CPUID.01H:ECX[24]: TSC-deadline timer mode */
static uint64_t apic_timer_hz; /* one-shot counter ticks per second */
static __nsec tick_period;
static ukplat_tick_fn_t tick_fn;

static void time_arm(__nsec deadline);

__nsec ukplat_monotonic_clock(void)
{
	return x86_tsc_to_ns(x86_tsc_read());
}

static int time_irq(struct __regs *regs, unsigned long error_code __unused,
		    void *arg __unused)
{
	struct x86_lcpu *me = x86_lcpu_self();

	__atomic_store_n(&me->timer_fired, 1, __ATOMIC_RELAXED);
	x86_apic_eoi();
	/* In ukplat_lcpu_halt_to() the timer is the deadline's, not a tick. */
	if (!me->tick_on || me->halted == X86_HALT_TO)
		return 1;
	time_arm(ukplat_monotonic_clock() + tick_period);
	if (!me->halted)
		tick_fn(regs);
	return 1;
}

/* Starts the one-shot counter from its maximum, masked; returns the TSC. */
static uint64_t time_apic_count_start(void)
{
	x86_apic_write(X86_APIC_TIMER_DCR, APIC_TIMER_DIV16);
	x86_apic_write(X86_APIC_LVT_TIMER,
		       X86_APIC_LVT_MASKED | X86_APIC_VEC_TIMER);
	x86_apic_write(X86_APIC_TIMER_ICR, UINT32_MAX);
	return x86_tsc_read();
}

/*
 * Counter ticks per second since time_apic_count_start() returned t0,
 * measured on the (calibrated) TSC over at least APIC_CALIBRATION_US.
 */
static uint64_t time_apic_count_hz(uint64_t t0)
{
	uint64_t t1, elapsed = x86_tsc_read() - t0;
	uint64_t want = x86_tsc_us_to_ticks(APIC_CALIBRATION_US);
	uint32_t left;

	if (elapsed < want)
		x86_tsc_udelay((want - elapsed) * 1000000 / x86_tsc_hz());
	left = x86_apic_read(X86_APIC_TIMER_CCR);
	t1 = x86_tsc_read();
	x86_apic_write(X86_APIC_TIMER_ICR, 0);
	if (left == 0 || left == UINT32_MAX)
		return 0;
	return (uint64_t)(UINT32_MAX - left) * x86_tsc_hz() / (t1 - t0);
}

const char *x86_time_timer_mode(void)
{
	if (!time_ready)
		return "none";
	return tsc_deadline ? "TSC-deadline" : "one-shot";
}

void x86_time_cpu_init(void)
{
	if (tsc_deadline) {
		x86_apic_write(X86_APIC_LVT_TIMER,
			       X86_APIC_LVT_TSC_DEADLINE | X86_APIC_VEC_TIMER);
		x86_wrmsr(X86_MSR_TSC_DEADLINE, 0);
	} else {
		x86_apic_write(X86_APIC_TIMER_DCR, APIC_TIMER_DIV16);
		x86_apic_write(X86_APIC_LVT_TIMER,
			       X86_APIC_LVT_ONESHOT | X86_APIC_VEC_TIMER);
		x86_apic_write(X86_APIC_TIMER_ICR, 0);
	}
}

int ukplat_time_init(void)
{
	uint32_t a, b, c, d;
	uint64_t t0 = 0;
	int rc;

	if (time_ready)
		return 0;
	if (!x86_apic_mode())
		return -ENODEV;
	x86_cpuid(1, 0, &a, &b, &c, &d);
	tsc_deadline = c & X86_CPUID1_ECX_TSC_DEADLINE;
	/* The one-shot counter runs while the TSC is measured: one wait. */
	if (!tsc_deadline)
		t0 = time_apic_count_start();
	rc = x86_tsc_init();
	if (rc)
		return rc;
	if (!tsc_deadline) {
		/* The APIC measured the TSC: its counter is the reference. */
		apic_timer_hz = x86_tsc_from_apic_bus() ?
					X86_APIC_BUS_HZ_VMM / 16 :
					time_apic_count_hz(t0);
		if (!apic_timer_hz)
			return -ENODEV;
	}
	rc = ukplat_trap_register(X86_APIC_VEC_TIMER, time_irq, NULL);
	if (rc)
		return rc;
	x86_time_cpu_init();
	time_ready = true;
	return 0;
}

/* Arms this CPU's timer for deadline (ns); it may fire early, never late. */
static void time_arm(__nsec deadline)
{
	uint64_t now, target, delta, hz = x86_tsc_hz();
	uint64_t count;

	target = x86_tsc_from_ns(deadline);
	if (tsc_deadline) {
		/* SDM 11.5.4.1: order the LVT setup before the MSR write. */
		__asm__ __volatile__("mfence" : : : "memory");
		x86_wrmsr(X86_MSR_TSC_DEADLINE, target ? target : 1);
		return;
	}
	now = x86_tsc_read();
	delta = target > now ? target - now : 0;
	if (delta > APIC_MAX_ARM_SEC * hz)
		delta = APIC_MAX_ARM_SEC * hz;
	/* No #DE: (delta * apic_hz) >> 64 < hz as MAX_ARM_SEC * apic_hz < 2^64. */
	count = x86_udiv128_64((unsigned __int128)delta * apic_timer_hz, hz);
	if (count > UINT32_MAX)
		count = UINT32_MAX;
	x86_apic_write(X86_APIC_TIMER_ICR, count ? (uint32_t)count : 1);
}

static void time_disarm(void)
{
	if (tsc_deadline)
		x86_wrmsr(X86_MSR_TSC_DEADLINE, 0);
	else
		x86_apic_write(X86_APIC_TIMER_ICR, 0);
}

int ukplat_tick_start(__nsec period, ukplat_tick_fn_t fn)
{
	struct x86_lcpu *me = x86_lcpu_self();

	if (!period || !fn)
		return -EINVAL;
	if (!time_ready)
		return -ENODEV;
	tick_period = period;
	tick_fn = fn;
	me->tick_on = 1;
	time_arm(ukplat_monotonic_clock() + period);
	return 0;
}

/* The timer after a halt: the next tick, or nothing. */
static void time_halt_end(struct x86_lcpu *me)
{
	me->halted = 0;
	if (me->tick_on)
		time_arm(ukplat_monotonic_clock() + tick_period);
	else
		time_disarm();
}

int ukplat_lcpu_halt_to(__nsec deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct x86_lcpu *me = x86_lcpu_self();
	int rc;

	me->halted = X86_HALT_TO;
	if (!deadline || !time_ready) {
		/* No tick wakes a CPU that has nothing to run. */
		if (me->tick_on)
			time_disarm();
		__asm__ __volatile__("sti; hlt; cli" : : : "memory");
		if (time_ready)
			time_halt_end(me);
		else
			me->halted = 0;
		ukplat_lcpu_restore_irqf(flags);
		return deadline && ukplat_monotonic_clock() >= deadline ?
			       0 :
			       -EINTR;
	}
	for (;;) {
		if (ukplat_monotonic_clock() >= deadline) {
			rc = 0;
			break;
		}
		me->timer_fired = 0;
		me->irq_other = 0;
		time_arm(deadline);
		/* See ukplat_lcpu_halt(): no wake-up is lost before hlt. */
		__asm__ __volatile__("sti; hlt; cli" : : : "memory");
		if (!me->timer_fired || me->irq_other) {
			rc = ukplat_monotonic_clock() >= deadline ? 0 : -EINTR;
			break;
		}
		/* The timer fired early (one-shot range, rounding): re-arm. */
	}
	time_halt_end(me);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}
