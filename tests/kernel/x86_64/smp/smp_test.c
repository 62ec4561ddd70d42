/* In-kernel tests of x86_64 SMP: bring-up, run queues, IPIs, lcpu errors. */
#include <errno.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/asm/regs.h>
#include <uk/config.h>
#include <uk/cpu_relax.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <uk/test.h>
#include <x86/apic.h>
#include <x86/lcpu.h>
#include <x86/paging.h>
#include <x86/percpu.h>
#include <x86/tsc.h>

#define NCPU CONFIG_UKPLAT_LCPU_MAXCOUNT
#define STACK_SIZE (16 * 1024)
#define MS 1000000ULL

static char stacks[NCPU][STACK_SIZE] __aligned(16);

/* What each CPU saw in its entry function. */
static volatile int entry_ran[NCPU];
static volatile uintptr_t entry_sp[NCPU];
static volatile int entry_irqs_off[NCPU];

static volatile unsigned long counter;
static volatile unsigned long cpu_mask;
static volatile int fn_bad;
static volatile int release;
static volatile int wake_sent;

static void entry_fn(void)
{
	unsigned int i = ukplat_lcpu_idx();

	entry_sp[i] = (uintptr_t)__builtin_frame_address(0);
	entry_irqs_off[i] = ukplat_lcpu_irqs_disabled();
	entry_ran[i] = 1;
}

/* Counts a call and checks the context: IRQs off, a frame, its CPU. */
static void count_fn(struct __regs *regs, void *arg)
{
	unsigned int me = ukplat_lcpu_idx();

	if (!regs || !ukplat_lcpu_irqs_disabled() ||
	    ukplat_lcpu_id() != (__lcpuid)x86_apic_id())
		fn_bad = 1;
	if (arg && *(unsigned int *)arg != me)
		fn_bad = 1;
	__atomic_fetch_or(&cpu_mask, 1UL << me, __ATOMIC_RELAXED);
	__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
}

/* Blocks its CPU until release is set: a CPU stuck in a long function. */
static void stuck_fn(struct __regs *regs __unused, void *arg __unused)
{
	while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE))
		uk_cpu_relax();
	__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
}

static unsigned long others_mask(void)
{
	unsigned long all = (1UL << ukplat_lcpu_count()) - 1;

	return all & ~(1UL << ukplat_lcpu_idx());
}

static void reset(void)
{
	counter = 0;
	cpu_mask = 0;
	fn_bad = 0;
}

/* Before any start: the other CPUs exist but are offline. */
TESTCASE(x86_smp, before_start)
{
	struct ukplat_lcpu_func f = { count_fn, NULL };
	__lcpuidx one = 1;
	unsigned int num = 1;

	EXPECT_GE(ukplat_lcpu_count(), 1);
	EXPECT_LE(ukplat_lcpu_count(), NCPU);
	EXPECT_EQ(ukplat_lcpu_idx(), 0);
	EXPECT_EQ(ukplat_lcpu_id(), x86_apic_id());
	/* Nothing started: NULL means nobody, which is no error. */
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f, 0), 0);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	if (ukplat_lcpu_count() < 2)
		return;
	EXPECT_EQ(ukplat_lcpu_run(&one, &num, &f, 0), -ENODEV);
	EXPECT_EQ(num, 0);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wait(&one, &num, 0), -ENODEV);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wakeup(&one, &num), -ENODEV);
	EXPECT_EQ(counter, 0);
}

TESTCASE(x86_smp, start_all)
{
	void *sp[NCPU];
	ukplat_lcpu_entry_t entry[NCPU];
	unsigned int i, num = 0, n = ukplat_lcpu_count();
	uint64_t t0, t1;

	for (i = 0; i < NCPU; i++) {
		/* The i-th CPU started gets sp[i]: CPU i + 1 here. */
		sp[i] = stacks[i + 1 < NCPU ? i + 1 : 0] + STACK_SIZE;
		entry[i] = entry_fn;
	}
	t0 = x86_tsc_read();
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, entry, 0), 0);
	EXPECT_EQ(num, n - 1);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	t1 = x86_tsc_read();
	uk_printk("smp: %u CPUs up (%s) in %lu us\n", n, x86_apic_mode()->name,
		  (unsigned long)((x86_tsc_to_ns(t1) - x86_tsc_to_ns(t0)) /
				  1000));
	for (i = 1; i < n; i++) {
		EXPECT_EQ(entry_ran[i], 1);
		EXPECT_EQ(entry_irqs_off[i], 0);
		/* The entry ran on the stack it was given. */
		EXPECT_TRUE(entry_sp[i] > (uintptr_t)stacks[i] &&
			    entry_sp[i] < (uintptr_t)stacks[i] + STACK_SIZE);
		EXPECT_EQ(x86_lcpus[i].state, X86_LCPU_IDLE);
	}
	EXPECT_EQ(entry_ran[0], 0);
}

TESTCASE(x86_smp, start_errors)
{
	void *sp[1] = { stacks[0] + STACK_SIZE };
	void *nosp[1] = { NULL };
	__lcpuidx idx;
	unsigned int num;

	idx = 0; /* the calling CPU */
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(&idx, &num, sp, NULL, 0), -EBUSY);
	EXPECT_EQ(num, 0);
	idx = ukplat_lcpu_count();
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(&idx, &num, sp, NULL, 0), -EINVAL);
	EXPECT_EQ(num, 0);
	EXPECT_EQ(ukplat_lcpu_start(&idx, NULL, sp, NULL, 0), -EINVAL);
	num = 1;
	idx = 0;
	EXPECT_EQ(ukplat_lcpu_start(&idx, &num, sp, NULL, 1), -EINVAL);
	/* Every other CPU runs already: NULL starts nobody. */
	num = 7;
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, NULL, 0), 0);
	EXPECT_EQ(num, 0);
	if (ukplat_lcpu_count() < 2)
		return;
	idx = 1; /* double start */
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(&idx, &num, sp, NULL, 0), -EBUSY);
	EXPECT_EQ(num, 0);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_start(&idx, &num, nosp, NULL, 0), -EINVAL);
}

TESTCASE(x86_smp, run_all)
{
	struct ukplat_lcpu_func f = { count_fn, NULL };
	unsigned int i, n = ukplat_lcpu_count();

	reset();
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f, 0), 0);
	EXPECT_EQ(counter, n - 1);
	EXPECT_EQ(cpu_mask, others_mask());
	EXPECT_EQ(fn_bad, 0);
	/* 100 rounds, each blocking until every CPU completed. */
	reset();
	for (i = 0; i < 100; i++)
		EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f, 0), 0);
	EXPECT_EQ(counter, 100 * (n - 1));
	EXPECT_EQ(fn_bad, 0);
}

/* Each CPU by index, the caller included (run directly, zeroed regs). */
TESTCASE(x86_smp, ipi_each_cpu)
{
	unsigned int idx_arg[NCPU];
	struct ukplat_lcpu_func f;
	unsigned int i, num;
	__lcpuidx idx;

	for (i = 0; i < ukplat_lcpu_count(); i++) {
		reset();
		idx_arg[i] = i;
		f.fn = count_fn;
		f.arg = &idx_arg[i];
		idx = i;
		num = 1;
		EXPECT_EQ(ukplat_lcpu_run(&idx, &num, &f, 0), 0);
		EXPECT_EQ(num, 1);
		EXPECT_EQ(counter, 1);
		EXPECT_EQ(cpu_mask, 1UL << i);
		EXPECT_EQ(fn_bad, 0);
	}
	num = 0;
	EXPECT_EQ(ukplat_lcpu_wakeup(NULL, &num), 0);
	EXPECT_EQ(num, ukplat_lcpu_count() - 1);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
}

TESTCASE(x86_smp, donotblock)
{
	struct ukplat_lcpu_func f = { count_fn, NULL };
	unsigned int i, n = ukplat_lcpu_count();

	reset();
	for (i = 0; i < UKPLAT_LCPU_QUEUE_LEN; i++)
		EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &f,
					  UKPLAT_LCPU_RFLG_DONOTBLOCK),
			  0);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	EXPECT_EQ(counter, UKPLAT_LCPU_QUEUE_LEN * (n - 1));
	EXPECT_EQ(cpu_mask, others_mask());
	EXPECT_EQ(fn_bad, 0);
}

/* CPU 1 stuck: its queue fills (-EAGAIN) and waiting times out. */
TESTCASE(x86_smp, stuck_cpu)
{
	struct ukplat_lcpu_func stuck = { stuck_fn, NULL };
	struct ukplat_lcpu_func f = { count_fn, NULL };
	__lcpuidx one = 1;
	unsigned int i, num;
	__nsec t0, t1;

	if (ukplat_lcpu_count() < 2)
		return;
	reset();
	release = 0;
	num = 1;
	EXPECT_EQ(ukplat_lcpu_run(&one, &num, &stuck,
				  UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  0);
	for (i = 1; i < UKPLAT_LCPU_QUEUE_LEN; i++) {
		num = 1;
		EXPECT_EQ(ukplat_lcpu_run(&one, &num, &f,
					  UKPLAT_LCPU_RFLG_DONOTBLOCK),
			  0);
	}
	num = 1;
	EXPECT_EQ(ukplat_lcpu_run(&one, &num, &f, UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  -EAGAIN);
	EXPECT_EQ(num, 0);
	num = 1;
	t0 = ukplat_monotonic_clock();
	EXPECT_EQ(ukplat_lcpu_wait(&one, &num, 20 * MS), -ETIMEDOUT);
	t1 = ukplat_monotonic_clock();
	EXPECT_EQ(num, 0);
	EXPECT_GE(t1 - t0, 20 * MS);
	EXPECT_EQ(counter, 0);
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wait(&one, &num, 5000 * MS), 0);
	EXPECT_EQ(counter, UKPLAT_LCPU_QUEUE_LEN);
	EXPECT_EQ(cpu_mask, 1UL << 1);
}

static void wake_boot_fn(struct __regs *regs __unused, void *arg __unused)
{
	__lcpuidx zero = 0;
	unsigned int num = 1;

	x86_tsc_udelay(2000);
	__atomic_store_n(&wake_sent, 1, __ATOMIC_RELEASE);
	if (ukplat_lcpu_wakeup(&zero, &num))
		fn_bad = 1;
}

/* A wake-up IPI ends the boot CPU's halt long before its deadline. */
TESTCASE(x86_smp, wakeup_ends_halt)
{
	struct ukplat_lcpu_func f = { wake_boot_fn, NULL };
	__lcpuidx one = 1;
	unsigned int num = 1;
	unsigned long flags;
	__nsec t0, t1;
	int rc;

	if (ukplat_lcpu_count() < 2)
		return;
	reset();
	/* IRQs off: the wake-up stays pending until the halt, never lost. */
	flags = ukplat_lcpu_save_irqf();
	t0 = ukplat_monotonic_clock();
	EXPECT_EQ(ukplat_lcpu_run(&one, &num, &f, UKPLAT_LCPU_RFLG_DONOTBLOCK),
		  0);
	do
		rc = ukplat_lcpu_halt_to(t0 + 10000 * MS);
	while (rc == -EINTR && !__atomic_load_n(&wake_sent, __ATOMIC_ACQUIRE));
	t1 = ukplat_monotonic_clock();
	ukplat_lcpu_restore_irqf(flags);
	EXPECT_EQ(rc, -EINTR);
	EXPECT_LT(t1 - t0, 5000 * MS);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	EXPECT_EQ(fn_bad, 0);
}

/*
 * Rights set to what a page has already change no TLB entry: no shootdown
 * (mprotect() of thread stacks did one per page, issue 14). A change
 * does one, with two CPUs or more.
 */
TESTCASE(x86_smp, same_rights_no_shootdown)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long more = ukplat_lcpu_count() > 1, n0;
	char *p = uk_palloc(a, 2);

	EXPECT_TRUE(p != NULL);
	if (!p)
		return;
	EXPECT_EQ(ukplat_page_protect(p, 2, UKPLAT_PAGE_WRITE), 0);
	n0 = x86_tlb_shootdowns();
	EXPECT_EQ(ukplat_page_protect(p, 2, UKPLAT_PAGE_WRITE), 0);
	EXPECT_EQ(ukplat_page_protect(p + __PAGE_SIZE, 1, UKPLAT_PAGE_WRITE),
		  0);
	EXPECT_EQ(x86_tlb_shootdowns(), n0);
	/* Read-only: the other CPUs must drop their writable entries. */
	EXPECT_EQ(ukplat_page_protect(p, 2, 0), 0);
	EXPECT_EQ(x86_tlb_shootdowns(), n0 + more);
	/* One page of the two differs: one shootdown for the call. */
	EXPECT_EQ(ukplat_page_protect(p, 2, UKPLAT_PAGE_WRITE), 0);
	EXPECT_EQ(ukplat_page_protect(p, 2, 0), 0);
	EXPECT_EQ(ukplat_page_protect(p + __PAGE_SIZE, 1, UKPLAT_PAGE_WRITE),
		  0);
	n0 = x86_tlb_shootdowns();
	EXPECT_EQ(ukplat_page_protect(p, 2, UKPLAT_PAGE_WRITE), 0);
	EXPECT_EQ(x86_tlb_shootdowns(), n0 + more);
	EXPECT_EQ(ukplat_page_unprotect(p, 2), 0);
	uk_pfree(a, p, 2);
}

/*
 * ukplat_page_guard_n(): one shootdown for the run; a refused page
 * (already guarded) leaves every page as it was.
 */
TESTCASE(x86_smp, guard_run_one_shootdown)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long more = ukplat_lcpu_count() > 1, n0;
	char *p = uk_palloc(a, 4);
	int i;

	EXPECT_TRUE(p != NULL);
	if (!p)
		return;
	n0 = x86_tlb_shootdowns();
	EXPECT_EQ(ukplat_page_guard_n(p, 4), 0);
	EXPECT_EQ(x86_tlb_shootdowns(), n0 + more);
	for (i = 0; i < 4; i++) {
		EXPECT_FALSE(x86_vaddr_mapped((uintptr_t)p + i * __PAGE_SIZE));
		EXPECT_EQ(ukplat_page_unguard(p + i * __PAGE_SIZE), 0);
	}
	EXPECT_EQ(ukplat_page_guard(p + 2 * __PAGE_SIZE), 0);
	n0 = x86_tlb_shootdowns();
	EXPECT_EQ(ukplat_page_guard_n(p, 4), -EFAULT);
	EXPECT_EQ(x86_tlb_shootdowns(), n0);
	EXPECT_TRUE(x86_vaddr_mapped((uintptr_t)p));
	EXPECT_TRUE(x86_vaddr_mapped((uintptr_t)p + __PAGE_SIZE));
	EXPECT_FALSE(x86_vaddr_mapped((uintptr_t)p + 2 * __PAGE_SIZE));
	EXPECT_EQ(ukplat_page_unguard(p + 2 * __PAGE_SIZE), 0);
	uk_pfree(a, p, 4);
}

TESTCASE(x86_smp, invalid_index)
{
	struct ukplat_lcpu_func f = { count_fn, NULL };
	struct ukplat_lcpu_func nofn = { NULL, NULL };
	__lcpuidx bad[2] = { 0, (__lcpuidx)ukplat_lcpu_count() };
	unsigned int num;

	reset();
	num = 2;
	EXPECT_EQ(ukplat_lcpu_run(bad, &num, &f, 0), -EINVAL);
	EXPECT_EQ(num, 1); /* entry 0 (the caller) ran, entry 1 failed */
	EXPECT_EQ(counter, 1);
	num = 2;
	EXPECT_EQ(ukplat_lcpu_wait(bad + 1, &num, 0), -EINVAL);
	EXPECT_EQ(num, 0);
	num = 1;
	EXPECT_EQ(ukplat_lcpu_wakeup(bad + 1, &num), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, &nofn, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(NULL, NULL, NULL, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_run(bad, NULL, &f, 0), -EINVAL);
	EXPECT_EQ(ukplat_lcpu_wait(bad, NULL, 0), -EINVAL);
}
