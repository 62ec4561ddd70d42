/*
 * futex: waiters of a 32-bit word, in a small hash table of wait lists
 * keyed by the word's address. FUTEX_WAIT/WAKE (with their BITSET forms),
 * REQUEUE and CMP_REQUEUE; FUTEX_PRIVATE_FLAG changes nothing (one address
 * space); the other operations (PI, WAKE_OP) return -ENOSYS. Waiters
 * without a thread to block (code on secondary CPUs, see posix_can_block())
 * spin on their record instead of sleeping.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <uk/cpu_relax.h>
#include <uk/init.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include <uk/spinlock.h>
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include "process_impl.h"

/* Linux's futex operations (include/uapi/linux/futex.h). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

#define FUTEX_BUCKETS 64 /* 2^6: the hash keeps the top 6 bits */
#define FUTEX_BITSET_ANY 0xffffffffu
#define NSEC_PER_SEC 1000000000LL

struct futex_bucket {
	struct uk_spinlock lock;
	struct uk_list_head waiters;
};

/*
 * One blocked thread. It lives on the waiter's stack: a waker changes it
 * only with the bucket lock held, and the waiter always takes that lock
 * before returning, so the record outlives every waker's use of it.
 */
struct futex_waiter {
	int *uaddr;
	uint32_t bitset;
	bool woken;
	bool spins;		/* polls woken instead of sleeping on wq */
	struct uk_waitq wq;
	struct uk_list_head node;
};

static struct futex_bucket futex_table[FUTEX_BUCKETS];

static struct futex_bucket *futex_bucket(const int *uaddr)
{
	uintptr_t a = (uintptr_t)uaddr >> 2;

	/* Fibonacci hashing: neighbouring words land in different buckets. */
	return &futex_table[(a * 0x9e3779b97f4a7c15ull) >> 58];
}

/* Takes the lock of the bucket w is queued in, which requeue may change. */
static struct futex_bucket *futex_lock_waiter(struct futex_waiter *w)
{
	for (;;) {
		struct futex_bucket *b =
			futex_bucket(__atomic_load_n(&w->uaddr,
						     __ATOMIC_ACQUIRE));

		uk_spin_lock(&b->lock);
		if (b == futex_bucket(w->uaddr))
			return b;
		uk_spin_unlock(&b->lock);
	}
}

static bool futex_woken(struct futex_waiter *w)
{
	return __atomic_load_n(&w->woken, __ATOMIC_ACQUIRE);
}

/*
 * A waiter with no thread to block (see posix_can_block()) polls its
 * record until a waker marks it, or the deadline passes.
 */
static int futex_spin(struct futex_waiter *w, __nsec deadline)
{
	while (!futex_woken(w)) {
		if (deadline && ukplat_monotonic_clock() >= deadline)
			return -ETIMEDOUT;
		uk_cpu_relax();
	}
	return 0;
}

/* deadline: absolute monotonic time, 0 for none. */
static long futex_wait(int *uaddr, int val, uint32_t bitset, __nsec deadline)
{
	struct futex_bucket *b = futex_bucket(uaddr);
	struct futex_waiter w = {
		.uaddr = uaddr,
		.bitset = bitset,
		.spins = !posix_can_block(),
	};
	int rc;

	uk_waitq_init(&w.wq);
	uk_spin_lock(&b->lock);
	/* Checked under the lock that wakers take: no lost wake-up. */
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		uk_spin_unlock(&b->lock);
		return -EAGAIN;
	}
	uk_list_add_tail(&w.node, &b->waiters);
	uk_spin_unlock(&b->lock);

	if (w.spins)
		rc = futex_spin(&w, deadline);
	else
		rc = uk_waitq_wait_event_deadline(&w.wq, futex_woken(&w),
						  deadline);

	b = futex_lock_waiter(&w);
	if (!w.woken)
		uk_list_del(&w.node);
	uk_spin_unlock(&b->lock);
	return w.woken ? 0 : rc;
}

/* Wakes up to n waiters of uaddr whose bitset meets bitset; lock held. */
static long futex_wake_locked(struct futex_bucket *b, int *uaddr, int n,
			      uint32_t bitset)
{
	struct futex_waiter *w, *tmp;
	long woken = 0;

	uk_list_for_each_entry_safe(w, tmp, &b->waiters, node) {
		if (woken >= n)
			break;
		if (w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		uk_list_del(&w->node);
		__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
		if (!w->spins)
			uk_waitq_wake_up(&w->wq);
		woken++;
	}
	return woken;
}

/*
 * After waking threads from another CPU: the boot CPU may be halted in the
 * scheduler's idle loop, which only looks at its run queue again after an
 * interrupt. Extra wake-ups are harmless.
 */
static void futex_kick_sched(long woken)
{
	__lcpuidx boot = 0;
	unsigned int one = 1;

	if (woken > 0 && !posix_can_block())
		ukplat_lcpu_wakeup(&boot, &one);
}

static long futex_wake(int *uaddr, int n, uint32_t bitset)
{
	struct futex_bucket *b = futex_bucket(uaddr);
	long woken;

	uk_spin_lock(&b->lock);
	woken = futex_wake_locked(b, uaddr, n, bitset);
	uk_spin_unlock(&b->lock);
	futex_kick_sched(woken);
	return woken;
}

long posix_futex_wake(int *uaddr, int n)
{
	return futex_wake(uaddr, n, FUTEX_BITSET_ANY);
}

/* Both bucket locks, lower address first so that two requeues never
 * deadlock. */
static void futex_lock2(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b) {
		uk_spin_lock(&a->lock);
	} else if (a < b) {
		uk_spin_lock(&a->lock);
		uk_spin_lock(&b->lock);
	} else {
		uk_spin_lock(&b->lock);
		uk_spin_lock(&a->lock);
	}
}

static void futex_unlock2(struct futex_bucket *a, struct futex_bucket *b)
{
	uk_spin_unlock(&a->lock);
	if (a != b)
		uk_spin_unlock(&b->lock);
}

/*
 * Wakes up to nwake waiters of uaddr and moves up to nmove of the others
 * to uaddr2. With cmp, first checks *uaddr == val (else -EAGAIN).
 * Returns the number woken plus the number moved, as Linux does.
 */
static long futex_requeue(int *uaddr, int nwake, int nmove, int *uaddr2,
			  bool cmp, int val)
{
	struct futex_bucket *b1 = futex_bucket(uaddr);
	struct futex_bucket *b2 = futex_bucket(uaddr2);
	struct futex_waiter *w, *tmp;
	long done;

	if (nwake < 0 || nmove < 0)
		return -EINVAL;
	futex_lock2(b1, b2);
	if (cmp && __atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		futex_unlock2(b1, b2);
		return -EAGAIN;
	}
	done = futex_wake_locked(b1, uaddr, nwake, FUTEX_BITSET_ANY);
	uk_list_for_each_entry_safe(w, tmp, &b1->waiters, node) {
		if (!nmove)
			break;
		if (w->uaddr != uaddr)
			continue;
		uk_list_del(&w->node);
		uk_list_add_tail(&w->node, &b2->waiters);
		__atomic_store_n(&w->uaddr, uaddr2, __ATOMIC_RELEASE);
		nmove--;
		done++;
	}
	futex_unlock2(b1, b2);
	futex_kick_sched(done);
	return done;
}

static int futex_timeout(const struct timespec *ts, bool absolute,
			 __nsec *deadline)
{
	if (!ts) {
		*deadline = 0;
		return 0;
	}
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (absolute) {
		*deadline = (__nsec)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
	} else {
		*deadline = uk_sched_now() + (__nsec)ts->tv_sec * NSEC_PER_SEC +
			    ts->tv_nsec;
	}
	/* 0 means "no deadline" to the wait queue: an expired one is 1 ns. */
	if (!*deadline)
		*deadline = 1;
	return 0;
}

UK_SYSCALL_DEFINE(long, futex, long, uaddr, long, op, long, val, long, timeout,
		  long, uaddr2, long, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	__nsec deadline;
	int rc;

	if (!uaddr || (uaddr & 3))
		return -EINVAL;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_ANY;
		/* fallthrough */
	case FUTEX_WAIT_BITSET:
		if (!(uint32_t)val3)
			return -EINVAL;
		/*
		 * FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is
		 * absolute on CLOCK_MONOTONIC. CLOCK_REALTIME deadlines would
		 * need the wall-clock offset: not supported.
		 */
		if (op & FUTEX_CLOCK_REALTIME)
			return -ENOSYS;
		rc = futex_timeout((const struct timespec *)timeout,
				   cmd == FUTEX_WAIT_BITSET, &deadline);
		if (rc)
			return rc;
		return futex_wait((int *)uaddr, (int)val, (uint32_t)val3,
				  deadline);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_ANY;
		/* fallthrough */
	case FUTEX_WAKE_BITSET:
		if (!(uint32_t)val3)
			return -EINVAL;
		if (val <= 0)
			return 0;
		return futex_wake((int *)uaddr, val > INT_MAX ? INT_MAX : val,
				  (uint32_t)val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* The move count travels in the timeout argument. */
		if (!uaddr2 || (uaddr2 & 3))
			return -EINVAL;
		return futex_requeue((int *)uaddr, (int)val, (int)timeout,
				     (int *)uaddr2, cmd == FUTEX_CMP_REQUEUE,
				     (int)val3);
	default:
		return -ENOSYS;
	}
}

static int futex_init(void)
{
	unsigned int i;

	for (i = 0; i < FUTEX_BUCKETS; i++) {
		uk_spin_init(&futex_table[i].lock);
		uk_list_init(&futex_table[i].waiters);
	}
	return 0;
}
uk_early_initcall(futex_init);
