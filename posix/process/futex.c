/*
 * futex: waiters of a 32-bit word, in a small hash table of wait lists
 * keyed by the word's address. FUTEX_WAIT/WAKE (with their BITSET forms),
 * REQUEUE, CMP_REQUEUE, WAKE_OP, and the PI lock operations (LOCK_PI,
 * LOCK_PI2, TRYLOCK_PI, UNLOCK_PI: the lock word protocol of
 * Documentation/locking/pi-futex.rst, with the lock handed straight to the
 * first waiter; core/sched has no priorities to inherit). FUTEX_PRIVATE_FLAG
 * changes nothing (one address space); FUTEX_CLOCK_REALTIME deadlines are
 * converted to the monotonic clock when the wait starts. The requeue-PI
 * pair (glibc's old PI condition variables, unused by musl) returns
 * -ENOSYS. Waiters without a thread to block (code on secondary CPUs, see
 * posix_can_block()) spin on their record instead of sleeping.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <uk/cpu_relax.h>
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
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))

/* The PI lock word: owner thread id and two flags. */
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

/* FUTEX_WAKE_OP's encoded operation (FUTEX_OP() of linux/futex.h). */
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR 4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_LT 2
#define FUTEX_OP_CMP_LE 3
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP_CMP_GE 5

#define FUTEX_BUCKETS 64 /* 2^6: the hash keeps the top 6 bits */
#define FUTEX_BITSET_ANY 0xffffffffu

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
	int tid; /* PI waiters: the lock goes to this thread */
	bool woken;
	bool spins; /* polls woken instead of sleeping on wq */
	struct uk_waitq wq;
	struct uk_list_head node;
};

/* Initialised statically: host tests (tests/host/futex) run no inittab. */
#define FUTEX_B(i)                                                             \
	{ UK_SPINLOCK_INITIALIZER, UK_LIST_HEAD_INIT(futex_table[i].waiters) }
#define FUTEX_B4(i) FUTEX_B(i), FUTEX_B(i + 1), FUTEX_B(i + 2), FUTEX_B(i + 3)
#define FUTEX_B16(i)                                                           \
	FUTEX_B4(i), FUTEX_B4(i + 4), FUTEX_B4(i + 8), FUTEX_B4(i + 12)

static struct futex_bucket futex_table[FUTEX_BUCKETS] = {
	FUTEX_B16(0), FUTEX_B16(16), FUTEX_B16(32), FUTEX_B16(48)
};

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
		struct futex_bucket *b = futex_bucket(
			__atomic_load_n(&w->uaddr, __ATOMIC_ACQUIRE));

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

/*
 * Waits until a waker marks w (queued in its bucket) or deadline (0:
 * none) passes or a signal interrupts the thread; w is off the queue when
 * it returns. Returns 0 if woken, else -ETIMEDOUT or -UK_ERESTARTSYS.
 */
static int futex_block(struct futex_waiter *w, __nsec deadline)
{
	struct futex_bucket *b;
	int rc;

	if (w->spins)
		rc = futex_spin(w, deadline);
	else
		rc = uk_waitq_wait_event_deadline_intr(&w->wq, futex_woken(w),
						       deadline);
	b = futex_lock_waiter(w);
	if (!w->woken)
		uk_list_del(&w->node);
	uk_spin_unlock(&b->lock);
	if (w->woken)
		return 0;
	/* A signal: restarted after its handler with SA_RESTART, as Linux
	 * does for FUTEX_WAIT since 2.6.22 (signal(7)). */
	return rc == -EINTR ? -UK_ERESTARTSYS : rc;
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

	uk_waitq_init(&w.wq);
	uk_spin_lock(&b->lock);
	/* Checked under the lock that wakers take: no lost wake-up. */
	if (__atomic_load_n(uaddr, __ATOMIC_SEQ_CST) != val) {
		uk_spin_unlock(&b->lock);
		return -EAGAIN;
	}
	uk_list_add_tail(&w.node, &b->waiters);
	uk_spin_unlock(&b->lock);
	return futex_block(&w, deadline);
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

/*
 * FUTEX_WAKE_OP: applies the operation encoded in enc to *uaddr2 and
 * stores whether the old value meets the encoded comparison in *cond.
 * -ENOSYS for an unknown operation or comparison, as Linux.
 */
static int futex_op(int *uaddr2, uint32_t enc, bool *cond)
{
	unsigned int op = (enc >> 28) & 0xf, cmp = (enc >> 24) & 0xf;
	/* Both arguments are signed 12-bit fields. */
	int oparg = (int)(enc << 8) >> 20, cmparg = (int)(enc << 20) >> 20;
	int old;

	if (op & FUTEX_OP_OPARG_SHIFT) {
		/* Linux masks a shift out of range (and warns once). */
		oparg = (int)(1u << (oparg & 31));
		op &= ~FUTEX_OP_OPARG_SHIFT;
	}
	switch (op) {
	case FUTEX_OP_SET:
		old = __atomic_exchange_n(uaddr2, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ADD:
		old = __atomic_fetch_add(uaddr2, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_OR:
		old = __atomic_fetch_or(uaddr2, oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ANDN:
		old = __atomic_fetch_and(uaddr2, ~oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_XOR:
		old = __atomic_fetch_xor(uaddr2, oparg, __ATOMIC_SEQ_CST);
		break;
	default:
		return -ENOSYS;
	}
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		*cond = old == cmparg;
		break;
	case FUTEX_OP_CMP_NE:
		*cond = old != cmparg;
		break;
	case FUTEX_OP_CMP_LT:
		*cond = old < cmparg;
		break;
	case FUTEX_OP_CMP_LE:
		*cond = old <= cmparg;
		break;
	case FUTEX_OP_CMP_GT:
		*cond = old > cmparg;
		break;
	case FUTEX_OP_CMP_GE:
		*cond = old >= cmparg;
		break;
	default:
		return -ENOSYS;
	}
	return 0;
}

/*
 * Wakes up to nwake waiters of uaddr and, if the operation on *uaddr2
 * says so, up to nwake2 of uaddr2. Returns the number woken.
 */
static long futex_wake_op(int *uaddr, int nwake, int *uaddr2, int nwake2,
			  uint32_t enc)
{
	struct futex_bucket *b1 = futex_bucket(uaddr);
	struct futex_bucket *b2 = futex_bucket(uaddr2);
	bool cond;
	long woken;
	int rc;

	futex_lock2(b1, b2);
	rc = futex_op(uaddr2, enc, &cond);
	if (rc) {
		futex_unlock2(b1, b2);
		return rc;
	}
	woken = futex_wake_locked(b1, uaddr, nwake, FUTEX_BITSET_ANY);
	if (cond)
		woken +=
			futex_wake_locked(b2, uaddr2, nwake2, FUTEX_BITSET_ANY);
	futex_unlock2(b1, b2);
	futex_kick_sched(woken);
	return woken;
}

/* The first waiter of uaddr in b, and whether there are others; lock held. */
static struct futex_waiter *futex_first(struct futex_bucket *b, int *uaddr,
					bool *more)
{
	struct futex_waiter *w, *first = NULL;

	*more = false;
	uk_list_for_each_entry(w, &b->waiters, node) {
		if (w->uaddr != uaddr)
			continue;
		if (first) {
			*more = true;
			break;
		}
		first = w;
	}
	return first;
}

/*
 * FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and (try) FUTEX_TRYLOCK_PI: takes the
 * lock word at uaddr for the calling thread, or queues it until the
 * owner's FUTEX_UNLOCK_PI hands the lock over. Returns 0 (the word holds
 * our id), -EDEADLK if we own it, -EAGAIN (try) if another thread does,
 * -ETIMEDOUT.
 */
static long futex_lock_pi(int *uaddr, __nsec deadline, bool try)
{
	struct futex_bucket *b = futex_bucket(uaddr);
	uint32_t *word = (uint32_t *)uaddr;
	struct futex_waiter w = {
		.uaddr = uaddr,
		.bitset = FUTEX_BITSET_ANY,
		.tid = posix_thread_current()->tid,
		.spins = !posix_can_block(),
	};
	uint32_t v, keep;
	bool more;

	uk_waitq_init(&w.wq);
	uk_spin_lock(&b->lock);
	v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	for (;;) {
		if (!(v & FUTEX_TID_MASK)) {
			/* Free: ours, still marked if others wait. */
			keep = v & FUTEX_OWNER_DIED;
			if (futex_first(b, uaddr, &more))
				keep |= FUTEX_WAITERS;
			if (__atomic_compare_exchange_n(
				    word, &v, (uint32_t)w.tid | keep, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
				uk_spin_unlock(&b->lock);
				return 0;
			}
			continue;
		}
		if ((v & FUTEX_TID_MASK) == (uint32_t)w.tid) {
			uk_spin_unlock(&b->lock);
			return -EDEADLK;
		}
		if (try) {
			uk_spin_unlock(&b->lock);
			return -EAGAIN;
		}
		/* Owned: the owner's unlock must come to the kernel. */
		if ((v & FUTEX_WAITERS) ||
		    __atomic_compare_exchange_n(word, &v, v | FUTEX_WAITERS,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	uk_list_add_tail(&w.node, &b->waiters);
	uk_spin_unlock(&b->lock);
	return futex_block(&w, deadline);
}

/* Wakes PI waiter w, to which the lock word now belongs; lock held. */
static void futex_hand_over(struct futex_waiter *w)
{
	uk_list_del(&w->node);
	__atomic_store_n(&w->woken, true, __ATOMIC_RELEASE);
	if (!w->spins)
		uk_waitq_wake_up(&w->wq);
}

/*
 * FUTEX_UNLOCK_PI: the caller must own the word (-EPERM). The first
 * waiter becomes the owner (its id in the word, FUTEX_WAITERS if more
 * wait) and is woken; without waiters the word becomes 0.
 */
static long futex_unlock_pi(int *uaddr)
{
	struct futex_bucket *b = futex_bucket(uaddr);
	uint32_t *word = (uint32_t *)uaddr;
	uint32_t tid = (uint32_t)posix_thread_current()->tid;
	struct futex_waiter *w;
	bool more;

	uk_spin_lock(&b->lock);
	if ((__atomic_load_n(word, __ATOMIC_SEQ_CST) & FUTEX_TID_MASK) != tid) {
		uk_spin_unlock(&b->lock);
		return -EPERM;
	}
	/* Lockers change an owned word only under this lock. */
	w = futex_first(b, uaddr, &more);
	if (!w) {
		__atomic_store_n(word, 0, __ATOMIC_SEQ_CST);
		uk_spin_unlock(&b->lock);
		return 0;
	}
	__atomic_store_n(word, (uint32_t)w->tid | (more ? FUTEX_WAITERS : 0),
			 __ATOMIC_SEQ_CST);
	futex_hand_over(w);
	uk_spin_unlock(&b->lock);
	futex_kick_sched(1);
	return 0;
}

void posix_futex_owner_died(int *uaddr, int tid)
{
	struct futex_bucket *b = futex_bucket(uaddr);
	uint32_t *word = (uint32_t *)uaddr;
	struct futex_waiter *w;
	uint32_t v, nv;
	bool more;

	uk_spin_lock(&b->lock);
	/* Waiters of a PI lock all take the lock: the first is the heir. */
	w = futex_first(b, uaddr, &more);
	if (w && !w->tid)
		w = NULL;
	v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	do {
		if ((v & FUTEX_TID_MASK) != (uint32_t)tid) {
			uk_spin_unlock(&b->lock);
			return;
		}
		if (w)
			nv = (uint32_t)w->tid | FUTEX_OWNER_DIED |
			     (more ? FUTEX_WAITERS : 0);
		else
			nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	} while (!__atomic_compare_exchange_n(
		word, &v, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	if (w) {
		futex_hand_over(w);
		uk_spin_unlock(&b->lock);
		futex_kick_sched(1);
		return;
	}
	uk_spin_unlock(&b->lock);
	if (v & FUTEX_WAITERS)
		futex_wake(uaddr, 1, FUTEX_BITSET_ANY);
}

/*
 * The deadline of a timeout: relative (FUTEX_WAIT), or absolute on
 * CLOCK_MONOTONIC or CLOCK_REALTIME.
 */
static int futex_timeout(const struct timespec *ts, bool absolute,
			 bool realtime, __nsec *deadline)
{
	int64_t t;
	int rc;

	if (!ts) {
		*deadline = 0;
		return 0;
	}
	if (!posix_timespec_valid(ts))
		return -EINVAL;
	t = posix_timespec_ns(ts);
	if (!absolute) {
		*deadline = uk_sched_now() + (__nsec)t;
	} else if (realtime) {
		rc = posix_clock_to_monotonic(CLOCK_REALTIME, t, deadline);
		if (rc)
			return rc;
	} else {
		*deadline = (__nsec)t;
	}
	/* 0 means "no deadline" to the wait queue: an expired one is 1 ns. */
	if (!*deadline)
		*deadline = 1;
	return 0;
}

/*
 * timeout carries a count instead for REQUEUE, CMP_REQUEUE and WAKE_OP
 * (val2 in Linux's sources).
 */
UK_SYSCALL_DEFINE(long, futex, int *, uaddr, int, op, int, val,
		  const struct timespec *, timeout, int *, uaddr2, uint32_t,
		  val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	int val2 = (int)(uintptr_t)timeout;
	__nsec deadline;
	int rc;

	/* Linux: an unaligned word is EINVAL, an unmapped one EFAULT. */
	if ((uintptr_t)uaddr & 3)
		return -EINVAL;
	if (!uaddr)
		return -EFAULT;
	/* Linux: only these take a CLOCK_REALTIME deadline. */
	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_ANY;
		/* fallthrough */
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		/* FUTEX_WAIT's timeout is relative, WAIT_BITSET's absolute. */
		rc = futex_timeout(timeout, cmd == FUTEX_WAIT_BITSET, realtime,
				   &deadline);
		if (rc)
			return rc;
		return futex_wait(uaddr, val, val3, deadline);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_ANY;
		/* fallthrough */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		if (val <= 0)
			return 0;
		return futex_wake(uaddr, val, val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP:
		if ((uintptr_t)uaddr2 & 3)
			return -EINVAL;
		if (!uaddr2)
			return -EFAULT;
		if (cmd == FUTEX_WAKE_OP)
			return futex_wake_op(uaddr, val, uaddr2, val2, val3);
		return futex_requeue(uaddr, val, val2, uaddr2,
				     cmd == FUTEX_CMP_REQUEUE, (int)val3);
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		/* LOCK_PI's absolute timeout is on CLOCK_REALTIME. */
		rc = futex_timeout(timeout, true,
				   cmd == FUTEX_LOCK_PI || realtime, &deadline);
		if (rc)
			return rc;
		return futex_lock_pi(uaddr, deadline, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr);
	default:
		return -ENOSYS;
	}
}
