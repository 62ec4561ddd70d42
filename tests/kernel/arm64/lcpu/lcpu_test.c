/*
 * In-kernel tests of the lcpu API on arm64 (PSCI, GIC SGIs): start with
 * entry functions, run on all CPUs and count completions, DONOTBLOCK,
 * wait with timeout, full queues, IPIs to each CPU, errors. They adapt to
 * the CPU count, so the same image runs under -smp 1, 2 and 4.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/test.h>
#include <arm64/lcpu.h>

#define MS 1000000ULL
#define STACK_SIZE (16 * 1024)
#define MAXCPU ARM64_LCPU_MAX

static char stacks[MAXCPU][STACK_SIZE] __aligned(16);
static volatile unsigned long entry_ran[MAXCPU];
static volatile int entry_halt_rc[MAXCPU];
static volatile unsigned long ran_on[MAXCPU];
static volatile unsigned long total;
static volatile int release;

/* Secondary entry: checks its identity and a timer deadline of its own. */
static void entry_fn(void)
{
	__lcpuidx i = ukplat_lcpu_idx();
	__nsec deadline = ukplat_monotonic_clock() + 2 * MS;
	int rc;

	do
		rc = ukplat_lcpu_halt_to(deadline);
	while (rc == -EINTR);
	entry_halt_rc[i] =
		rc == 0 && ukplat_monotonic_clock() >= deadline ? 1 : -1;
	if (ukplat_lcpu_id() == (__lcpuid)arm64_lcpus[i].mpidr &&
	    !ukplat_lcpu_irqs_disabled())
		entry_ran[i] = 1;
}

static void count_fn(struct __regs *regs, void *arg)
{
	__lcpuidx i = ukplat_lcpu_idx();

	/* Runs from the IPI: IRQs off, regs is the interrupted context. */
	if (regs && ukplat_lcpu_irqs_disabled())
		__atomic_fetch_add(&ran_on[i], (unsigned long)arg,
				   __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&total, 1, __ATOMIC_SEQ_CST);
}

static void block_fn(struct __regs *regs __unused, void *arg __unused)
{
	while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE))
		;
	__atomic_fetch_add(&total, 1, __ATOMIC_SEQ_CST);
}

static void reset_counts(void)
{
	unsigned int i;

	for (i = 0; i < MAXCPU; i++)
		ran_on[i] = 0;
	total = 0;
}

static unsigned int ncpu(void)
{
	return ukplat_lcpu_count();
}

TESTCASE(lcpu, identity_of_boot_cpu)
{
	EXPECT_EQ(ukplat_lcpu_idx(), 0);
	EXPECT_GE(ncpu(), 1);
	EXPECT_LE(ncpu(), MAXCPU);
	/* QEMU virt: MPIDR Aff0 is the CPU number, the boot CPU is 0. */
	EXPECT_EQ(ukplat_lcpu_id(), 0);
}

TESTCASE(lcpu, calls_on_offline_cpus_fail)
{
	__lcpuidx idx[] = { 1 };
	struct ukplat_lcpu_func f = { count_fn, (void *)1 };
	unsigned int num = 1;

	if (ncpu() < 2) {
		EXPECT_EQ(ukplat_lcpu_run(idx, &num, &f, 0), -EINVAL);
		return;
	}
	EXPECT_EQ(ukplat_lcpu_run(idx, &num, &f, 0), -ENODEV);
	EXPECT_EQ(num, 0);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wait(idx, &num, MS), -ENODEV);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wakeup(idx, &num), -ENODEV);
	/* NULL: nothing is started, so there is nothing to do. */
	num = 99;
	EXPECT_EQ(ukplat_lcpu_run(NULL, &num, &f, 0), 0);
	EXPECT_EQ(num, 0);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
}

TESTCASE(lcpu, start_errors)
{
	__lcpuidx bad[] = { (__lcpuidx)ncpu() }, self[] = { 0 };
	void *sp[] = { stacks[0] + STACK_SIZE };
	unsigned int num = 1;

	EXPECT_EQ(ukplat_lcpu_start(bad, &num, sp, NULL, 0), -EINVAL);
	EXPECT_EQ(num, 0);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(self, &num, sp, NULL, 0), -EBUSY);
	EXPECT_EQ(num, 0);
	EXPECT_EQ(ukplat_lcpu_start(self, NULL, sp, NULL, 0), -EINVAL);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(self, &num, NULL, NULL, 0), -EINVAL);
}

TESTCASE(lcpu, start_all_with_entry)
{
	void *sp[MAXCPU];
	ukplat_lcpu_entry_t entry[MAXCPU];
	unsigned int i, num = 0;

	for (i = 0; i < MAXCPU; i++) {
		sp[i] = stacks[i] + STACK_SIZE;
		entry[i] = entry_fn;
	}
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, entry, 0), 0);
	EXPECT_EQ(num, ncpu() - 1);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 5000 * MS), 0);
	for (i = 1; i < ncpu(); i++) {
		EXPECT_EQ(entry_ran[i], 1);
		EXPECT_EQ(entry_halt_rc[i], 1);
	}
	uk_printk("# started %u secondary CPU(s)\n", num);
}

TESTCASE(lcpu, double_start_is_ebusy)
{
	__lcpuidx idx[] = { 1 };
	void *sp[] = { stacks[1] + STACK_SIZE };
	unsigned int num = 1;

	if (ncpu() < 2)
		return;
	EXPECT_EQ(ukplat_lcpu_start(idx, &num, sp, NULL, 0), -EBUSY);
	EXPECT_EQ(num, 0);
	/* NULL: every CPU is started already. */
	num = 5;
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, NULL, 0), 0);
	EXPECT_EQ(num, 0);
}

TESTCASE(lcpu, run_on_all_counts_completions)
{
	struct ukplat_lcpu_func f = { count_fn, (void *)1 };
	unsigned int i, num = 0, round;

	reset_counts();
	for (round = 0; round < 20; round++)
		EXPECT_EQ(ukplat_lcpu_run(NULL, &num, &f, 0), 0);
	EXPECT_EQ(num, ncpu() - 1);
	/* Blocking: every call completed before run() returned. */
	EXPECT_EQ(total, 20 * (ncpu() - 1));
	EXPECT_EQ(ran_on[0], 0);
	for (i = 1; i < ncpu(); i++)
		EXPECT_EQ(ran_on[i], 20);
}

TESTCASE(lcpu, ipi_to_each_cpu)
{
	unsigned int i, num;

	reset_counts();
	for (i = 0; i < ncpu(); i++) {
		__lcpuidx idx[] = { i };
		struct ukplat_lcpu_func f = { count_fn, (void *)(1UL + i) };

		num = 1;
		EXPECT_EQ(ukplat_lcpu_run(idx, &num, &f, 0), 0);
		EXPECT_EQ(num, 1);
		num = 1;
		EXPECT_EQ(ukplat_lcpu_wakeup(idx, &num), 0);
	}
	EXPECT_EQ(total, ncpu());
	/* The boot CPU ran its own call directly, not from an IPI. */
	EXPECT_EQ(ran_on[0], 0);
	for (i = 1; i < ncpu(); i++)
		EXPECT_EQ(ran_on[i], 1 + i);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 5000 * MS), 0);
}

TESTCASE(lcpu, donotblock_and_wait_timeout)
{
	struct ukplat_lcpu_func b = { block_fn, NULL };
	unsigned int num = 0;

	if (ncpu() < 2)
		return;
	reset_counts();
	release = 0;
	EXPECT_EQ(ukplat_lcpu_run(NULL, &num, &b, UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  0);
	EXPECT_EQ(num, ncpu() - 1);
	EXPECT_EQ(total, 0);
	num = 0;
	EXPECT_EQ(ukplat_lcpu_wait(NULL, &num, 20 * MS), -ETIMEDOUT);
	EXPECT_EQ(num, 0);
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	EXPECT_EQ(total, ncpu() - 1);
}

TESTCASE(lcpu, full_queue_is_eagain)
{
	struct ukplat_lcpu_func b = { block_fn, NULL };
	__lcpuidx idx[] = { 1 };
	unsigned int i, num;
	int rc = 0;

	if (ncpu() < 2)
		return;
	reset_counts();
	release = 0;
	/* The running call holds its slot until it returns. */
	for (i = 0; i < UKPLAT_LCPU_QUEUE_LEN; i++) {
		num = 1;
		EXPECT_EQ(ukplat_lcpu_run(idx, &num, &b,
					  UKPLAT_LCPU_RFLG_DONOTBLOCK),
			  0);
	}
	num = 1;
	rc = ukplat_lcpu_run(idx, &num, &b, UKPLAT_LCPU_RFLG_DONOTBLOCK);
	EXPECT_EQ(rc, -EAGAIN);
	EXPECT_EQ(num, 0);
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wait(idx, &num, 5000 * MS), 0);
	EXPECT_EQ(total, UKPLAT_LCPU_QUEUE_LEN);
}

TESTCASE(lcpu, bad_index_and_args)
{
	struct ukplat_lcpu_func f = { count_fn, (void *)1 };
	struct ukplat_lcpu_func nofn = { NULL, NULL };
	__lcpuidx idx[] = { 0, (__lcpuidx)ncpu() };
	unsigned int num = 2;

	reset_counts();
	/* Entry 0 (the caller) runs; entry 1 fails: num says where. */
	EXPECT_EQ(ukplat_lcpu_run(idx, &num, &f, 0), -EINVAL);
	EXPECT_EQ(num, 1);
	EXPECT_EQ(total, 1);
	num = 2;
	EXPECT_EQ(ukplat_lcpu_wait(idx, &num, MS), -EINVAL);
	EXPECT_EQ(num, 1);
	num = 2;
	EXPECT_EQ(ukplat_lcpu_wakeup(idx, &num), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(idx, NULL, &f, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &nofn, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, NULL, 0), -EINVAL);
}

TESTCASE(lcpu, irq_flags)
{
	unsigned long f1, f2;

	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
	f1 = ukplat_lcpu_save_irqf();
	EXPECT_TRUE(ukplat_lcpu_irqs_disabled());
	f2 = ukplat_lcpu_save_irqf();
	ukplat_lcpu_restore_irqf(f2);
	EXPECT_TRUE(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_restore_irqf(f1);
	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_disable_irq();
	EXPECT_TRUE(ukplat_lcpu_irqs_disabled());
	ukplat_lcpu_enable_irq();
	EXPECT_FALSE(ukplat_lcpu_irqs_disabled());
}
