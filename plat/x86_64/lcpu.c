/* The lcpu API: CPU ids, per-CPU run queues woken by IPI, IRQ state, halt. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/asm/regs.h>
#include <uk/config.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/plat/trap.h>
#include <uk/spinlock.h>
#include <x86/apic.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>
#include <x86/paging.h>
#include <x86/percpu.h>

struct x86_lcpu x86_lcpus[CONFIG_UKPLAT_LCPU_MAXCOUNT];
unsigned int x86_lcpu_num = 1;
/* ukplat_lcpu_set_tlsp(): each CPU's FS base, 0 for the starter's. */
static unsigned long lcpu_tlsp[CONFIG_UKPLAT_LCPU_MAXCOUNT];

struct x86_lcpu *x86_lcpu_self(void)
{
	return &x86_lcpus[ukplat_lcpu_idx()];
}

__lcpuid ukplat_lcpu_id(void)
{
	return x86_lcpu_self()->apic_id;
}

__lcpuidx ukplat_lcpu_idx(void)
{
	struct x86_cpu *cpu = x86_cpu_current();

	return cpu ? cpu->idx : 0;
}

unsigned int ukplat_lcpu_count(void)
{
	return x86_lcpu_num;
}

void ukplat_lcpu_enable_irq(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

void ukplat_lcpu_disable_irq(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

int ukplat_lcpu_irqs_disabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return !(flags & X86_RFLAGS_IF);
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & X86_RFLAGS_IF;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	if (flags & X86_RFLAGS_IF)
		__asm__ __volatile__("sti" : : : "memory");
	else
		__asm__ __volatile__("cli" : : : "memory");
}

/*
 * sti delays interrupts until after the next instruction (Intel SDM Vol.
 * 2B, STI), so no interrupt slips in between it and hlt: one pending
 * already, or arriving later, ends the halt, and its handler runs before
 * the cli.
 */
void ukplat_lcpu_halt(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct x86_lcpu *me = x86_lcpu_self();

	me->halted = X86_HALT_WAIT;
	__asm__ __volatile__("sti; hlt; cli" : : : "memory");
	me->halted = 0;
	ukplat_lcpu_restore_irqf(flags);
}

/* Runs what is queued on this CPU, in order (IRQs disabled). */
static void lcpu_run_queue(struct x86_lcpu *me, struct __regs *regs)
{
	struct ukplat_lcpu_func f;
	unsigned long done = me->done;

	while (done != __atomic_load_n(&me->queued, __ATOMIC_ACQUIRE)) {
		f = me->q[done % UKPLAT_LCPU_QUEUE_LEN];
		f.fn(regs, f.arg);
		__atomic_store_n(&me->done, ++done, __ATOMIC_RELEASE);
	}
}

/*
 * The IPI of ukplat_lcpu_run() and ukplat_lcpu_wakeup(). EOI first: an
 * IPI sent while the queue runs is then taken again afterwards instead
 * of merging into this one.
 */
static int lcpu_ipi(struct __regs *regs, unsigned long error_code __unused,
		    void *arg __unused)
{
	x86_apic_eoi();
	lcpu_run_queue(x86_lcpu_self(), regs);
	return 1;
}

int x86_lcpu_ipi_init(void)
{
	return ukplat_trap_register(X86_APIC_VEC_IPI, lcpu_ipi, NULL);
}

static int lcpu_state(__lcpuidx cpu)
{
	return __atomic_load_n(&x86_lcpus[cpu].state, __ATOMIC_ACQUIRE);
}

/*
 * Which CPU entry i of (idx, n) names, for functions acting on started
 * CPUs. Returns 1 to act on *cpu, 0 to skip it (idx NULL: the caller and
 * offline CPUs), or -EINVAL/-ENODEV.
 */
static int lcpu_target(const __lcpuidx idx[], unsigned int i, __lcpuidx self,
		       __lcpuidx *cpu)
{
	*cpu = idx ? idx[i] : i;
	if (!idx)
		return *cpu != self && lcpu_state(*cpu) != X86_LCPU_OFFLINE;
	if (*cpu >= x86_lcpu_num)
		return -EINVAL;
	if (lcpu_state(*cpu) == X86_LCPU_OFFLINE)
		return -ENODEV;
	return 1;
}

/*
 * Applies op to each CPU that (idx, *num) names, as the lcpu API defines
 * it (idx NULL: every started CPU but the caller), stopping at the first
 * error. *num becomes the entries of idx done, or (idx NULL) the number of
 * CPUs acted on.
 */
typedef int (*lcpu_op_t)(__lcpuidx cpu, void *arg);

static int lcpu_for_each(const __lcpuidx idx[], unsigned int *num, lcpu_op_t op,
			 void *arg)
{
	__lcpuidx self = ukplat_lcpu_idx(), cpu;
	unsigned int i, n, acted = 0;
	int rc = 0, t;

	if (idx && !num)
		return -EINVAL;
	n = idx ? *num : x86_lcpu_num;
	for (i = 0; i < n; i++) {
		t = lcpu_target(idx, i, self, &cpu);
		if (t < 0) {
			rc = t;
			break;
		}
		if (!t)
			continue;
		rc = op(cpu, arg);
		if (rc)
			break;
		acted++;
	}
	if (num)
		*num = idx ? i : acted;
	return rc;
}

/*
 * Appends f to cpu's queue. A full queue: -EAGAIN if !wait, else spins
 * until the CPU makes room. *ticket = value of done once f completed.
 */
static int lcpu_enqueue(struct x86_lcpu *c, const struct ukplat_lcpu_func *f,
			bool wait, unsigned long *ticket)
{
	unsigned long flags;

	for (;;) {
		flags = ukplat_lcpu_save_irqf();
		uk_spin_lock(&c->qlock);
		if (c->queued - __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) <
		    UKPLAT_LCPU_QUEUE_LEN)
			break;
		uk_spin_unlock(&c->qlock);
		ukplat_lcpu_restore_irqf(flags);
		if (!wait)
			return -EAGAIN;
		uk_cpu_relax();
	}
	c->q[c->queued % UKPLAT_LCPU_QUEUE_LEN] = *f;
	*ticket = c->queued + 1;
	__atomic_store_n(&c->queued, *ticket, __ATOMIC_RELEASE);
	uk_spin_unlock(&c->qlock);
	ukplat_lcpu_restore_irqf(flags);
	return 0;
}

struct run_args {
	const struct ukplat_lcpu_func *fn;
	bool block;
	unsigned long tickets[CONFIG_UKPLAT_LCPU_MAXCOUNT];
};

static int run_one(__lcpuidx cpu, void *arg)
{
	struct run_args *a = arg;
	struct __regs zero = { 0 };
	int rc;

	if (cpu == ukplat_lcpu_idx()) {
		/* lcpu functions run with IRQs disabled, here too. */
		unsigned long flags = ukplat_lcpu_save_irqf();

		a->fn->fn(&zero, a->fn->arg);
		ukplat_lcpu_restore_irqf(flags);
		return 0;
	}
	rc = lcpu_enqueue(&x86_lcpus[cpu], a->fn, a->block, &a->tickets[cpu]);
	if (rc)
		return rc;
	return x86_apic_send_ipi(x86_lcpus[cpu].apic_id, X86_APIC_VEC_IPI);
}

int ukplat_lcpu_run(const __lcpuidx idx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags)
{
	struct run_args a = {
		.fn = fn,
		.block = !(flags & UKPLAT_LCPU_RFLG_DONOTBLOCK),
	};
	__lcpuidx cpu;
	int rc;

	if ((idx && !num) || !fn || !fn->fn) {
		if (num)
			*num = 0;
		return -EINVAL;
	}
	rc = lcpu_for_each(idx, num, run_one, &a);
	if (!a.block)
		return rc;
	for (cpu = 0; cpu < x86_lcpu_num; cpu++) {
		if (!a.tickets[cpu])
			continue;
		while ((long)(__atomic_load_n(&x86_lcpus[cpu].done,
					      __ATOMIC_ACQUIRE) -
			      a.tickets[cpu]) < 0)
			uk_cpu_relax();
	}
	return rc;
}

static bool lcpu_idle(__lcpuidx cpu)
{
	struct x86_lcpu *c = &x86_lcpus[cpu];

	return lcpu_state(cpu) == X86_LCPU_IDLE &&
	       __atomic_load_n(&c->done, __ATOMIC_ACQUIRE) ==
		       __atomic_load_n(&c->queued, __ATOMIC_ACQUIRE);
}

static int wait_one(__lcpuidx cpu, void *arg)
{
	__nsec deadline = *(__nsec *)arg;

	while (!lcpu_idle(cpu)) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		uk_cpu_relax();
	}
	return 0;
}

int ukplat_lcpu_wait(const __lcpuidx idx[], unsigned int *num,
		     __nsec timeout_ns)
{
	__nsec deadline =
		timeout_ns ? ukplat_monotonic_clock() + timeout_ns : 0;

	return lcpu_for_each(idx, num, wait_one, &deadline);
}

int ukplat_lcpu_set_tlsp(__lcpuidx idx, unsigned long tlsp)
{
	if (!idx || idx >= x86_lcpu_num)
		return -EINVAL;
	if (lcpu_state(idx) != X86_LCPU_OFFLINE)
		return -EBUSY;
	/* Published to the CPU by ukplat_lcpu_start()'s barrier and IPIs. */
	lcpu_tlsp[idx] = tlsp;
	return 0;
}

static int wakeup_one(__lcpuidx cpu, void *arg __unused)
{
	return x86_apic_send_ipi(x86_lcpus[cpu].apic_id, X86_APIC_VEC_IPI);
}

int ukplat_lcpu_wakeup(const __lcpuidx idx[], unsigned int *num)
{
	return lcpu_for_each(idx, num, wakeup_one, NULL);
}

void x86_lcpu_entry64(unsigned int idx)
{
	struct x86_lcpu *me = &x86_lcpus[idx];
	int starting = X86_LCPU_STARTING;

	if (x86_cpu_init(idx) < 0)
		x86_halt_forever();
	x86_wrmsr(X86_MSR_FS_BASE,
		  lcpu_tlsp[idx] ? lcpu_tlsp[idx] : x86_ap_fsbase);
	x86_apic_cpu_init(false);
	x86_time_cpu_init();
	/* The starter gave up on us (-EIO): stay out of the way. */
	if (!__atomic_compare_exchange_n(&me->state, &starting, X86_LCPU_BUSY,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_RELAXED))
		x86_halt_forever();
	/*
	 * An IPI sent before our APIC was enabled is lost; anything it was
	 * for is still queued: have it delivered once IRQs are on. Mappings
	 * taken away while we were STARTING were not shot down here: flush.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	x86_tlb_flush_all();
	if (__atomic_load_n(&me->queued, __ATOMIC_ACQUIRE) != me->done)
		x86_apic_send_ipi(me->apic_id, X86_APIC_VEC_IPI);
	ukplat_lcpu_enable_irq();
	if (me->entry)
		me->entry();
	__atomic_store_n(&me->state, X86_LCPU_IDLE, __ATOMIC_RELEASE);
	for (;;)
		ukplat_lcpu_halt();
}
