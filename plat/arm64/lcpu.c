/* The lcpu API: start CPUs, queue functions on them by IPI, wait, IRQs. */
#include <errno.h>
#include <uk/alloc.h>
#include <uk/cpu_relax.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/thread.h>
#include <uk/plat/time.h>
#include <arm64/gic.h>
#include <arm64/lcpu.h>

#define DAIF_I (1UL << 7)

/* One target of an (idx, num) call; pos is its position in idx/sp. */
typedef int (*lcpu_op_t)(struct arm64_lcpu *l, unsigned int pos, void *arg);

static int state_of(const struct arm64_lcpu *l)
{
	return __atomic_load_n(&l->state, __ATOMIC_SEQ_CST);
}

/*
 * Each secondary CPU's TPIDR_EL0: set by ukplat_lcpu_set_tlsp(), else the
 * starter's when the CPU is started.
 */
static unsigned long lcpu_tlsp[ARM64_LCPU_MAX];

/*
 * Applies op to idx[0..*num), or with idx == NULL to every CPU but the
 * caller that is offline (starting) or not offline (the other calls).
 */
static int for_each_target(const __lcpuidx idx[], unsigned int *num,
			   int offline, lcpu_op_t op, void *arg)
{
	struct arm64_lcpu *self = arm64_lcpu_self();
	unsigned int i, n = 0;
	int rc = 0;

	if (idx && !num)
		return -EINVAL;
	if (idx) {
		for (; n < *num; n++) {
			rc = idx[n] < arm64_lcpu_num ?
				     op(&arm64_lcpus[idx[n]], n, arg) :
				     -EINVAL;
			if (rc)
				break;
		}
	} else {
		for (i = 0; i < arm64_lcpu_num; i++) {
			struct arm64_lcpu *l = &arm64_lcpus[i];

			if (l == self ||
			    (state_of(l) == ARM64_LCPU_OFFLINE) != offline)
				continue;
			rc = op(l, n, arg);
			if (rc)
				break;
			n++;
		}
	}
	if (num)
		*num = n;
	return rc;
}

__lcpuid ukplat_lcpu_id(void)
{
	uint64_t mpidr;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (__lcpuid)(mpidr & ARM64_MPIDR_AFF_MASK);
}

__lcpuidx ukplat_lcpu_idx(void)
{
	return arm64_lcpu_self()->idx;
}

unsigned int ukplat_lcpu_count(void)
{
	return arm64_lcpu_num;
}

void ukplat_lcpu_enable_irq(void)
{
	/* isb: a pending IRQ is taken here, not some instructions later. */
	__asm__ __volatile__("msr daifclr, #2; isb" ::: "memory");
}

void ukplat_lcpu_disable_irq(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

int ukplat_lcpu_irqs_disabled(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif" : "=r"(daif));
	return (daif & DAIF_I) != 0;
}

unsigned long ukplat_lcpu_save_irqf(void)
{
	unsigned long daif;

	__asm__ __volatile__("mrs %0, daif; msr daifset, #2"
			     : "=r"(daif)
			     :
			     : "memory");
	return daif;
}

void ukplat_lcpu_restore_irqf(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0; isb" : : "r"(flags) : "memory");
}

void ukplat_lcpu_halt(void)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct arm64_lcpu *me = arm64_lcpu_self();

	me->halted = ARM64_HALT_WAIT;
	/* IRQs masked: one already pending ends the wfi at once. */
	__asm__ __volatile__("dsb sy; wfi" ::: "memory");
	ukplat_lcpu_enable_irq();
	ukplat_lcpu_disable_irq();
	me->halted = 0;
	ukplat_lcpu_restore_irqf(flags);
}

/*
 * A CPU that enters BUSY or IDLE may have missed wake-ups sent while it
 * was STARTING (senders skip those): it checks its queue after publishing
 * its state, senders check the state after publishing their work.
 */
static void set_online_state(struct arm64_lcpu *self, int state)
{
	__atomic_store_n(&self->state, state, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&self->queued, __ATOMIC_SEQ_CST) !=
	    __atomic_load_n(&self->done, __ATOMIC_SEQ_CST))
		arm64_gic->send_sgi(ARM64_SGI_WAKEUP, self);
}

void arm64_lcpu_idle(struct arm64_lcpu *self)
{
	ukplat_lcpu_disable_irq();
	ukplat_tlsp_set(lcpu_tlsp[self->idx]);
	if (self->entry) {
		set_online_state(self, ARM64_LCPU_BUSY);
		ukplat_lcpu_enable_irq();
		self->entry();
		ukplat_lcpu_disable_irq();
	}
	set_online_state(self, ARM64_LCPU_IDLE);
	ukplat_lcpu_enable_irq();
	for (;;)
		ukplat_lcpu_halt();
}

void arm64_lcpu_run_queue(struct __regs *regs)
{
	struct arm64_lcpu *self = arm64_lcpu_self();
	unsigned long d;

	while ((d = self->done) !=
	       __atomic_load_n(&self->queued, __ATOMIC_ACQUIRE)) {
		const struct ukplat_lcpu_func *f =
			&self->q[d % UKPLAT_LCPU_QUEUE_LEN];
		void (*fn)(struct __regs *, void *) = f->fn;
		void *arg = f->arg;

		fn(regs, arg);
		/* The slot may be reused once done passes it. */
		__atomic_store_n(&self->done, d + 1, __ATOMIC_RELEASE);
	}
}

static void wake(struct arm64_lcpu *l)
{
	/* A STARTING CPU has no GIC interface yet: see set_online_state. */
	if (state_of(l) != ARM64_LCPU_STARTING)
		arm64_gic->send_sgi(ARM64_SGI_WAKEUP, l);
}

struct start_args {
	void **sp;
	const ukplat_lcpu_entry_t *entry;
};

static int start_one(struct arm64_lcpu *l, unsigned int pos, void *arg)
{
	struct start_args *a = arg;
	int offline = ARM64_LCPU_OFFLINE;
	void *stack;
	int rc;

	if (!a->sp[pos])
		return -EINVAL;
	if (!__atomic_compare_exchange_n(&l->state, &offline,
					 ARM64_LCPU_STARTING, 0,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return -EBUSY;
	if (!l->exc_sp) {
		stack = uk_palloc(uk_alloc_get_default(),
				  ARM64_EXC_STACK_SIZE / __PAGE_SIZE);
		if (!stack) {
			__atomic_store_n(&l->state, ARM64_LCPU_OFFLINE,
					 __ATOMIC_SEQ_CST);
			return -ENOMEM;
		}
		l->exc_sp = (uintptr_t)stack + ARM64_EXC_STACK_SIZE;
	}
	l->sp = UK_ALIGN_DOWN((uintptr_t)a->sp[pos], 16);
	l->entry = a->entry ? a->entry[pos] : NULL;
	if (!lcpu_tlsp[l->idx])
		lcpu_tlsp[l->idx] = ukplat_tlsp_get();
	rc = arm64_lcpu_power_on(l);
	if (rc)
		__atomic_store_n(&l->state, ARM64_LCPU_OFFLINE,
				 __ATOMIC_SEQ_CST);
	return rc;
}

int ukplat_lcpu_start(const __lcpuidx idx[], unsigned int *num, void *sp[],
		      const ukplat_lcpu_entry_t entry[], unsigned long flags)
{
	struct start_args a = { sp, entry };

	if (!sp || flags) {
		if (num)
			*num = 0;
		return -EINVAL;
	}
	return for_each_target(idx, num, 1, start_one, &a);
}

int ukplat_lcpu_set_tlsp(__lcpuidx idx, unsigned long tlsp)
{
	if (!idx || idx >= arm64_lcpu_num)
		return -EINVAL;
	if (state_of(&arm64_lcpus[idx]) != ARM64_LCPU_OFFLINE)
		return -EBUSY;
	/* The CPU reads it in C, caches on: coherent with this store. */
	lcpu_tlsp[idx] = tlsp;
	return 0;
}

static int lcpu_is_idle(const struct arm64_lcpu *l)
{
	return state_of(l) == ARM64_LCPU_IDLE &&
	       __atomic_load_n(&l->done, __ATOMIC_ACQUIRE) ==
		       __atomic_load_n(&l->queued, __ATOMIC_ACQUIRE);
}

static int wait_one(struct arm64_lcpu *l, unsigned int pos __unused, void *arg)
{
	__nsec deadline = *(__nsec *)arg;

	if (state_of(l) == ARM64_LCPU_OFFLINE)
		return -ENODEV;
	if (l == arm64_lcpu_self())
		return 0;
	while (!lcpu_is_idle(l)) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		uk_cpu_relax();
	}
	return 0;
}

int ukplat_lcpu_wait(const __lcpuidx idx[], unsigned int *num,
		     __nsec timeout_ns)
{
	__nsec deadline = 0;

	if (timeout_ns) {
		deadline = ukplat_monotonic_clock() + timeout_ns;
		if (deadline < timeout_ns) /* wrapped: as good as forever */
			deadline = 0;
	}
	return for_each_target(idx, num, 0, wait_one, &deadline);
}

struct run_args {
	const struct ukplat_lcpu_func *fn;
	unsigned long flags;
	unsigned long ticket[ARM64_LCPU_MAX]; /* 0: nothing to wait for */
};

static void qlock(struct arm64_lcpu *l)
{
	while (__atomic_exchange_n(&l->qlock, 1, __ATOMIC_ACQUIRE))
		uk_cpu_relax();
}

static void qunlock(struct arm64_lcpu *l)
{
	__atomic_store_n(&l->qlock, 0, __ATOMIC_RELEASE);
}

static int run_self(const struct ukplat_lcpu_func *fn)
{
	struct __regs regs;
	unsigned long *w = (unsigned long *)&regs;
	unsigned int i;

	/* Word by word: an initialiser would call memset. */
	for (i = 0; i < sizeof(regs) / sizeof(*w); i++)
		w[i] = 0;
	fn->fn(&regs, fn->arg);
	return 0;
}

static int run_one(struct arm64_lcpu *l, unsigned int pos __unused, void *arg)
{
	struct run_args *a = arg;
	unsigned long irqf, q;

	if (state_of(l) == ARM64_LCPU_OFFLINE)
		return -ENODEV;
	if (l == arm64_lcpu_self())
		return run_self(a->fn);

	/* IRQs off: a queued function on this CPU may queue work too. */
	irqf = ukplat_lcpu_save_irqf();
	qlock(l);
	while ((q = l->queued) - __atomic_load_n(&l->done, __ATOMIC_ACQUIRE) >=
	       UKPLAT_LCPU_QUEUE_LEN) {
		qunlock(l);
		ukplat_lcpu_restore_irqf(irqf);
		if (a->flags & UKPLAT_LCPU_RFLG_DONOTBLOCK)
			return -EAGAIN;
		wake(l);
		uk_cpu_relax();
		irqf = ukplat_lcpu_save_irqf();
		qlock(l);
	}
	l->q[q % UKPLAT_LCPU_QUEUE_LEN].fn = a->fn->fn;
	l->q[q % UKPLAT_LCPU_QUEUE_LEN].arg = a->fn->arg;
	__atomic_store_n(&l->queued, q + 1, __ATOMIC_SEQ_CST);
	qunlock(l);
	ukplat_lcpu_restore_irqf(irqf);

	a->ticket[l->idx] = q + 1;
	wake(l);
	return 0;
}

int ukplat_lcpu_run(const __lcpuidx idx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags)
{
	struct run_args a;
	unsigned int i;
	int rc;

	if (!fn || !fn->fn) {
		if (num)
			*num = 0;
		return -EINVAL;
	}
	a.fn = fn;
	a.flags = flags;
	for (i = 0; i < ARM64_LCPU_MAX; i++)
		a.ticket[i] = 0;
	rc = for_each_target(idx, num, 0, run_one, &a);
	if (flags & UKPLAT_LCPU_RFLG_DONOTBLOCK)
		return rc;
	/* Also after an error: what was queued completes before we return. */
	for (i = 0; i < arm64_lcpu_num; i++)
		while (a.ticket[i] &&
		       __atomic_load_n(&arm64_lcpus[i].done, __ATOMIC_ACQUIRE) <
			       a.ticket[i])
			uk_cpu_relax();
	return rc;
}

static int wakeup_one(struct arm64_lcpu *l, unsigned int pos __unused,
		      void *arg __unused)
{
	if (state_of(l) == ARM64_LCPU_OFFLINE)
		return -ENODEV;
	if (l != arm64_lcpu_self())
		wake(l);
	return 0;
}

int ukplat_lcpu_wakeup(const __lcpuidx idx[], unsigned int *num)
{
	return for_each_target(idx, num, 0, wakeup_one, NULL);
}
