/*
 * Arm generic timer: CNTVCT_EL0 as the monotonic clock and the EL1
 * virtual timer (CNTV_*, Arm ARM D11) for one-shot deadlines, shared by
 * halt deadlines and the preemption tick.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/preempt.h>
#include <uk/plat/time.h>
#include <uk/plat/trap.h>
#include <uk/print.h>
#include <arm64/fdt.h>
#include <arm64/gic.h>
#include <arm64/lcpu.h>
#include <arm64/timer.h>

#define CNTV_CTL_ENABLE 0x1
#define CNTV_CTL_IMASK 0x2

/*
 * ticks -> ns is ticks * ns_mult >> 32 with a 128-bit product: exact to
 * a few parts in 10^9 and free of overflow until 2^64 ns. ns -> ticks
 * is the same with ticks_mult. Both fit 64 bits for CNTFRQ < 2^32.
 */
static uint64_t ns_mult, ticks_mult;
static unsigned long timer_freq;
static unsigned int timer_intid = ARM64_TIMER_VIRT_INTID;
static int timer_ready;
static unsigned long timer_irqs[ARM64_LCPU_MAX];
static __nsec tick_period;
static ukplat_tick_fn_t tick_fn;

static uint64_t read_cntvct(void)
{
	uint64_t v;

	/* Without the isb the read may happen early (Arm ARM D11.2.2). */
	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static void set_mults(void)
{
	uint64_t f;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(f));
	f &= 0xffffffff;
	if (!f)
		return;
	timer_freq = f;
	ticks_mult = (f << 32) / UK_NSEC_PER_SEC;
	__atomic_store_n(&ns_mult, (UK_NSEC_PER_SEC << 32) / f,
			 __ATOMIC_RELEASE);
}

__nsec ukplat_monotonic_clock(void)
{
	uint64_t m = __atomic_load_n(&ns_mult, __ATOMIC_ACQUIRE);

	if (unlikely(!m)) {
		set_mults();
		m = ns_mult;
	}
	return (__nsec)(((unsigned __int128)read_cntvct() * m) >> 32);
}

/* Deadline in counter ticks, rounded up so the IRQ never comes early. */
static uint64_t ns_to_ticks_up(__nsec ns)
{
	return (uint64_t)(((unsigned __int128)ns * ticks_mult) >> 32) + 1;
}

/* Arms this CPU's virtual timer for deadline (ns). */
static void timer_arm(__nsec deadline)
{
	__asm__ __volatile__("msr cntv_cval_el0, %0\n"
			     "msr cntv_ctl_el0, %1\n"
			     "isb"
			     :
			     : "r"(ns_to_ticks_up(deadline)),
			       "r"((uint64_t)CNTV_CTL_ENABLE));
}

static void timer_disarm(void)
{
	__asm__ __volatile__("msr cntv_ctl_el0, %0; isb"
			     :
			     : "r"((uint64_t)CNTV_CTL_IMASK));
}

static int timer_irq(struct __regs *regs, unsigned long intid __unused,
		     void *arg __unused)
{
	struct arm64_lcpu *me = arm64_lcpu_self();

	/* Level-sensitive: stop the condition, or it fires again at once. */
	timer_disarm();
	/* In ukplat_lcpu_halt_to() the timer is the deadline's, not a tick. */
	if (me->tick_on && me->halted != ARM64_HALT_TO) {
		timer_arm(ukplat_monotonic_clock() + tick_period);
		if (!me->halted)
			tick_fn(regs);
		return 1;
	}
	timer_irqs[me->idx]++;
	return 1;
}

int ukplat_tick_start(__nsec period, ukplat_tick_fn_t fn)
{
	if (!period || !fn)
		return -EINVAL;
	if (!timer_ready)
		return -ENODEV;
	tick_period = period;
	tick_fn = fn;
	arm64_lcpu_self()->tick_on = 1;
	timer_arm(ukplat_monotonic_clock() + period);
	return 0;
}

/*
 * The virtual timer PPI of the tree: binding arm,arch_timer lists secure
 * phys, non-secure phys, virtual and hyp timers; the third is ours.
 */
static int find_timer(const void *fdt, unsigned int *intid)
{
	static const char *const compat[] = {
		"arm,armv8-timer",
		"arm,armv7-timer",
	};
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	unsigned int trigger, which;
	int node;

	if (!fdt)
		return -ENOENT;
	node = arm64_fdt_next_compatible(fdt, &w, compat, UK_ARRAY_SIZE(compat),
					 &which);
	if (node < 0)
		return -ENOENT;
	return arm64_fdt_irq(fdt, node, 2, intid, &trigger);
}

void arm64_timer_cpu_init(void)
{
	__asm__ __volatile__("msr cntv_ctl_el0, %0; isb"
			     :
			     : "r"((uint64_t)CNTV_CTL_IMASK));
	arm64_gic->set_priority(timer_intid, GIC_PRIO_DEFAULT);
	arm64_gic->enable(timer_intid);
}

int ukplat_time_init(void)
{
	unsigned int intid = ARM64_TIMER_VIRT_INTID;
	int rc;

	if (timer_ready)
		return 0;
	set_mults();
	if (!timer_freq) {
		uk_pr_err("timer: CNTFRQ_EL0 is 0\n");
		return -ENODEV;
	}
	/* Without a timer node: QEMU virt's PPI. */
	if (find_timer(arm64_fdt, &intid) == -EINVAL || intid < GIC_PPI_BASE ||
	    intid >= GIC_SPI_BASE) {
		uk_pr_warn("timer: bad PPI in the device tree, using %u\n",
			   ARM64_TIMER_VIRT_INTID);
		intid = ARM64_TIMER_VIRT_INTID;
	}
	timer_intid = intid;
	rc = ukplat_irq_register(timer_intid, timer_irq, NULL);
	if (rc < 0)
		return rc;
	arm64_timer_cpu_init();
	timer_ready = 1;
	uk_pr_info("timer: %lu Hz, virtual timer INTID %u\n", timer_freq,
		   timer_intid);
	return 0;
}

int ukplat_lcpu_halt_to(__nsec deadline)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct arm64_lcpu *me = arm64_lcpu_self();

	if (deadline && ukplat_monotonic_clock() >= deadline) {
		ukplat_lcpu_restore_irqf(flags);
		return 0;
	}
	me->halted = ARM64_HALT_TO;
	/* No tick wakes a CPU that has nothing to run. */
	if (deadline)
		timer_arm(deadline);
	else if (me->tick_on)
		timer_disarm();
	/* IRQs are masked: one already pending ends the wfi at once. */
	__asm__ __volatile__("dsb sy; wfi" ::: "memory");
	/* Let the wake-up IRQ's handler run (the timer's masks itself). */
	ukplat_lcpu_enable_irq();
	ukplat_lcpu_disable_irq();
	me->halted = 0;
	if (me->tick_on)
		timer_arm(ukplat_monotonic_clock() + tick_period);
	else if (deadline)
		timer_disarm();
	ukplat_lcpu_restore_irqf(flags);
	if (deadline && ukplat_monotonic_clock() >= deadline)
		return 0;
	return -EINTR;
}

unsigned long arm64_timer_irq_count(void)
{
	return __atomic_load_n(&timer_irqs[arm64_lcpu_self()->idx],
			       __ATOMIC_RELAXED);
}

unsigned int arm64_timer_intid(void)
{
	return timer_intid;
}

unsigned long arm64_timer_freq(void)
{
	return timer_freq;
}
