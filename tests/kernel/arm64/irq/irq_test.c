/*
 * In-kernel tests of arm64 interrupts and time: the generic timer clock,
 * timer IRQs at a deadline, ukplat_lcpu_halt_to(), GIC SPIs through
 * ukplat_irq_register() and ukplat_irq_set_trigger(), SGIs, and trap
 * handlers. Run under GICv2 and v3.
 */
#include <errno.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/trap.h>
#include <uk/test.h>
#include <arm64/gic.h>
#include <arm64/irq.h>
#include <arm64/timer.h>
#include <arm64/traps.h>

/* An SPI that nothing on QEMU virt drives (virt wires fewer than 200). */
#define TEST_SPI 250
#define MS 1000000ULL

static volatile unsigned long spi_hits;

static int spi_handler(struct __regs *regs __unused, unsigned long intid,
		       void *arg)
{
	if (intid != TEST_SPI)
		return 0;
	spi_hits += (unsigned long)arg;
	return 1;
}

/* Spins until *v differs from old or 1 s has passed; returns *v. */
static unsigned long wait_change(volatile unsigned long *v, unsigned long old)
{
	__nsec end = ukplat_monotonic_clock() + 1000 * MS;

	while (*v == old && ukplat_monotonic_clock() < end)
		;
	return *v;
}

TESTCASE(time, clock_is_monotonic_and_moves)
{
	__nsec prev = ukplat_monotonic_clock(), t;
	unsigned int i, backwards = 0;

	for (i = 0; i < 10000; i++) {
		t = ukplat_monotonic_clock();
		if (t < prev)
			backwards++;
		prev = t;
	}
	EXPECT_EQ(backwards, 0);
	t = ukplat_monotonic_clock();
	while (ukplat_monotonic_clock() < t + MS)
		;
	EXPECT_GE(ukplat_monotonic_clock() - t, MS);
	EXPECT_GT(arm64_timer_freq(), 0);
	EXPECT_EQ(arm64_timer_intid(), ARM64_TIMER_VIRT_INTID);
}

TESTCASE(time, timer_irq_fires_at_deadline)
{
	unsigned long irqs = arm64_timer_irq_count();
	__nsec deadline = ukplat_monotonic_clock() + 5 * MS;
	int rc;

	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
	do
		rc = ukplat_lcpu_halt_to(deadline);
	while (rc == -EINTR);
	EXPECT_EQ(rc, 0);
	EXPECT_GE(ukplat_monotonic_clock(), deadline);
	EXPECT_GE(arm64_timer_irq_count(), irqs + 1);
	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
}

TESTCASE(time, halt_to_with_irqs_disabled)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	__nsec deadline = ukplat_monotonic_clock() + 2 * MS;
	int rc;

	do
		rc = ukplat_lcpu_halt_to(deadline);
	while (rc == -EINTR);
	EXPECT_EQ(rc, 0);
	EXPECT_GE(ukplat_monotonic_clock(), deadline);
	EXPECT_TRUE(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_restore_irqf(flags);
	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
}

TESTCASE(time, halt_to_past_deadline_returns_at_once)
{
	unsigned long irqs = arm64_timer_irq_count();
	__nsec now = ukplat_monotonic_clock();

	EXPECT_EQ(ukplat_lcpu_halt_to(now - 1), 0);
	EXPECT_EQ(ukplat_lcpu_halt_to(1), 0);
	EXPECT_EQ(arm64_timer_irq_count(), irqs);
}

TESTCASE(time, halt_to_woken_early_by_other_irq)
{
	__nsec deadline = ukplat_monotonic_clock() + 500 * MS;
	int rc;

	/* The SPI is pending before the halt: it must end it at once. */
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, spi_handler, (void *)1), 0);
	ukplat_lcpu_disable_irq();
	arm64_gic->set_pending(TEST_SPI);
	rc = ukplat_lcpu_halt_to(deadline);
	ukplat_lcpu_enable_irq();
	EXPECT_EQ(rc, -EINTR);
	EXPECT_LT(ukplat_monotonic_clock(), deadline);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, spi_handler, (void *)1), 0);
}

TESTCASE(irq, spi_enable_disable_pending)
{
	unsigned long before;

	spi_hits = 0;
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, spi_handler, (void *)1), 0);
	arm64_gic->set_pending(TEST_SPI);
	EXPECT_EQ(wait_change(&spi_hits, 0), 1);

	/* Unregistering the last handler disables it: pending stays so. */
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, spi_handler, (void *)1), 0);
	before = spi_hits;
	arm64_gic->set_pending(TEST_SPI);
	EXPECT_EQ(wait_change(&spi_hits, before), before);

	/* Enabling again delivers the pending IRQ. */
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, spi_handler, (void *)10), 0);
	EXPECT_EQ(wait_change(&spi_hits, before), before + 10);

	/* Edge-triggered and a lower priority still deliver. */
	EXPECT_EQ(ukplat_irq_set_trigger(TEST_SPI, UKPLAT_IRQ_EDGE_RISING), 0);
	arm64_gic->set_priority(TEST_SPI, 0xc0);
	arm64_gic->set_pending(TEST_SPI);
	EXPECT_EQ(wait_change(&spi_hits, before + 10), before + 20);
	EXPECT_EQ(ukplat_irq_set_trigger(TEST_SPI, UKPLAT_IRQ_LEVEL_HIGH), 0);
	arm64_gic->set_priority(TEST_SPI, GIC_PRIO_DEFAULT);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, spi_handler, (void *)10), 0);
}

static int nop_handler(struct __regs *regs __unused,
		       unsigned long intid __unused, void *arg __unused)
{
	return 0;
}

TESTCASE(irq, register_errors)
{
	EXPECT_EQ(ukplat_irq_register(ARM64_SGI_WAKEUP, spi_handler, NULL),
		  -EINVAL);
	EXPECT_EQ(ukplat_irq_register(ARM64_GIC_MAX_INTID, spi_handler, NULL),
		  -EINVAL);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, NULL, NULL), -EINVAL);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, spi_handler, NULL), -ENOENT);

	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)1), 0);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)1),
		  -EEXIST);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)2), 0);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)3), 0);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)4), 0);
	EXPECT_EQ(ukplat_irq_register(TEST_SPI, nop_handler, (void *)5),
		  -EBUSY);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, nop_handler, (void *)1), 0);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, nop_handler, (void *)2), 0);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, nop_handler, (void *)3), 0);
	EXPECT_EQ(ukplat_irq_unregister(TEST_SPI, nop_handler, (void *)4), 0);
}

TESTCASE(irq, set_trigger_errors)
{
	/* SGIs are the platform's; past the last INTID there is nothing. */
	EXPECT_EQ(ukplat_irq_set_trigger(ARM64_SGI_WAKEUP,
					 UKPLAT_IRQ_EDGE_RISING),
		  -EINVAL);
	EXPECT_EQ(ukplat_irq_set_trigger(ARM64_GIC_MAX_INTID,
					 UKPLAT_IRQ_LEVEL_HIGH),
		  -EINVAL);
	/* Not one trigger, or none at all. */
	EXPECT_EQ(ukplat_irq_set_trigger(TEST_SPI, 0), -EINVAL);
	EXPECT_EQ(
		ukplat_irq_set_trigger(TEST_SPI, UKPLAT_IRQ_EDGE_RISING |
							 UKPLAT_IRQ_LEVEL_HIGH),
		-EINVAL);
	/* The GIC has no falling edge or active-low level. */
	EXPECT_EQ(ukplat_irq_set_trigger(TEST_SPI, UKPLAT_IRQ_EDGE_FALLING),
		  -ENOTSUP);
	EXPECT_EQ(ukplat_irq_set_trigger(TEST_SPI, UKPLAT_IRQ_LEVEL_LOW),
		  -ENOTSUP);
}

TESTCASE(irq, sgi_to_self)
{
	unsigned long before = arm64_irq_count();
	__nsec end = ukplat_monotonic_clock() + 1000 * MS;

	arm64_gic->send_sgi(ARM64_SGI_WAKEUP, arm64_lcpu_self());
	while (arm64_irq_count() == before && ukplat_monotonic_clock() < end)
		;
	EXPECT_GE(arm64_irq_count(), before + 1);
}

static volatile unsigned long brk_iss;

static int brk_handler(struct __regs *regs, unsigned long esr, void *arg)
{
	brk_iss = esr & ESR_ISS_MASK;
	regs->elr += 4; /* skip the brk */
	regs->x[0] = (unsigned long)arg;
	return 1;
}

TESTCASE(trap, brk_handler_resumes)
{
	register unsigned long x0 __asm__("x0") = 0;

	EXPECT_EQ(ukplat_trap_register(ESR_EC_BRK, brk_handler, (void *)42), 0);
	__asm__ __volatile__("brk #0x77" : "+r"(x0) : : "memory");
	EXPECT_EQ(brk_iss, 0x77);
	EXPECT_EQ(x0, 42);
	EXPECT_EQ(ukplat_trap_unregister(ESR_EC_BRK, brk_handler, (void *)42),
		  0);
	EXPECT_EQ(ukplat_trap_register(ARM64_TRAP_VECTORS, brk_handler, NULL),
		  -EINVAL);
}
