// posix/process/futex.c and robust.c on the host, with real core/sched
// threads on the fake platform, against Linux's semantics (futex(2),
// Documentation/locking/pi-futex.rst and robust-futex-ABI.rst). Each
// thread has a fake posix_thread record (its tid); the test's own thread
// has tid 1. Time is the fake platform's: it only moves when every thread
// is blocked and one has a deadline.
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/thread.h>

#include "posix/process/process_impl.h"

long uk_sys_futex(int *uaddr, int op, int val, const struct timespec *timeout,
		  int *uaddr2, uint32_t val3);
int uk_sys_set_robust_list(void *head, size_t len);
int uk_sys_get_robust_list(int pid, void **head_ptr, size_t *len_ptr);
}

namespace {

// Linux's values (<linux/futex.h>).
constexpr int kWait = 0, kWake = 1, kRequeue = 3, kCmpRequeue = 4, kWakeOp = 5,
	      kLockPi = 6, kUnlockPi = 7, kTrylockPi = 8, kWaitBitset = 9,
	      kWakeBitset = 10, kWaitRequeuePi = 11, kPrivate = 128,
	      kClockRealtime = 256;
constexpr uint32_t kWaiters = 0x80000000u, kOwnerDied = 0x40000000u;

// CLOCK_REALTIME is the monotonic clock plus this (posix_clock_to_monotonic
// below), so that a deadline on the wrong clock shows.
constexpr int64_t kRealtimeOffset = 1000LL * 1000000000LL;

constexpr int kMaxThreads = 8;
posix_thread main_rec = { .tid = 1 };
posix_thread recs[kMaxThreads];
int nrecs;

} // namespace

// What posix/process's other files provide, faked over the records.
extern "C" {
struct posix_thread *posix_thread_current(void)
{
	for (int i = 0; i < nrecs; i++)
		if (recs[i].thread == uk_thread_current())
			return &recs[i];
	return &main_rec;
}

struct posix_thread *posix_thread_find(int tid)
{
	if (tid == main_rec.tid)
		return &main_rec;
	for (int i = 0; i < nrecs; i++)
		if (recs[i].tid == tid)
			return &recs[i];
	return nullptr;
}

int posix_clock_to_monotonic(long clk, int64_t t, __nsec *mono)
{
	if (clk == CLOCK_REALTIME)
		t -= kRealtimeOffset;
	else if (clk != CLOCK_MONOTONIC)
		return -EINVAL;
	*mono = t < 0 ? 0 : (__nsec)t;
	return 0;
}
}

namespace {

long Futex(int *uaddr, int op, int val, const timespec *ts = nullptr,
	   int *uaddr2 = nullptr, uint32_t val3 = 0)
{
	return uk_sys_futex(uaddr, op, val, ts, uaddr2, val3);
}

// val2 of REQUEUE, CMP_REQUEUE and WAKE_OP travels in the timeout.
long Futex2(int *uaddr, int op, int val, long val2, int *uaddr2, uint32_t val3)
{
	return uk_sys_futex(uaddr, op, val,
			    reinterpret_cast<const timespec *>(val2), uaddr2,
			    val3);
}

timespec Ts(int64_t ns)
{
	return { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
}

// One futex call made by another thread (tid 100 + its index), which
// blocks until it returns.
struct Call {
	int *uaddr;
	int op;
	int val;
	const timespec *ts;
	uint32_t val3;
	long rc;
	bool done;
	posix_thread *rec;
	uk_thread *thread;
};

void RunCall(void *arg)
{
	Call *c = static_cast<Call *>(arg);

	c->rc = Futex(c->uaddr, c->op, c->val, c->ts, nullptr, c->val3);
	c->done = true;
}

// Lets every runnable thread run until it blocks (time does not move).
void Settle()
{
	for (int i = 0; i < 2 * kMaxThreads; i++)
		uk_sched_yield();
}

class FutexTest : public ::testing::Test {
protected:
	void TearDown() override
	{
		for (int i = 0; i < ncalls_; i++) {
			Call &c = calls_[i];

			if (!c.done) {
				ADD_FAILURE() << "a call of op " << c.op
					      << " never returned";
				continue;
			}
			EXPECT_EQ(uk_thread_join(c.thread, nullptr), 0);
		}
		nrecs = 0;
	}

	// Starts c in its own thread and lets it run until it blocks.
	Call &Start(int *uaddr, int op, int val, const timespec *ts = nullptr,
		    uint32_t val3 = 0)
	{
		EXPECT_LT(nrecs, kMaxThreads);
		Call &c = calls_[ncalls_++];
		posix_thread *rec = &recs[nrecs++];

		*rec = {};
		rec->tid = 100 + nrecs;
		c = { uaddr, op, val, ts, val3, 0, false, rec, nullptr };
		c.thread = uk_thread_create("futex", RunCall, &c, 0);
		EXPECT_FALSE(UK_PTRISERR(c.thread));
		rec->thread = c.thread;
		Settle();
		return c;
	}

	Call calls_[kMaxThreads];
	int ncalls_ = 0;
};

TEST_F(FutexTest, WaitOnAChangedValueIsEagain)
{
	int word = 1;

	EXPECT_EQ(Futex(&word, kWait, 0), -EAGAIN);
	EXPECT_EQ(Futex(&word, kWait | kPrivate, 0), -EAGAIN);
	EXPECT_EQ(Futex(&word, kWaitBitset, 2, nullptr, nullptr, 1), -EAGAIN);
}

TEST_F(FutexTest, WakeWakesAtMostValWaitersInOrder)
{
	int word = 0;
	Call &a = Start(&word, kWait, 0);
	Call &b = Start(&word, kWait, 0);
	Call &c = Start(&word, kWait | kPrivate, 0);

	EXPECT_FALSE(a.done || b.done || c.done);
	// Nobody waits on another word, and val <= 0 wakes nobody.
	int other = 0;
	EXPECT_EQ(Futex(&other, kWake, 10), 0);
	EXPECT_EQ(Futex(&word, kWake, 0), 0);
	EXPECT_EQ(Futex(&word, kWake, 2), 2);
	Settle();
	EXPECT_TRUE(a.done && b.done);
	EXPECT_FALSE(c.done);
	EXPECT_EQ(a.rc, 0);
	EXPECT_EQ(b.rc, 0);
	EXPECT_EQ(Futex(&word, kWake | kPrivate, INT32_MAX), 1);
	Settle();
	EXPECT_EQ(c.rc, 0);
	EXPECT_EQ(Futex(&word, kWake, 1), 0);
}

TEST_F(FutexTest, RelativeTimeoutIsEtimedoutNotEarly)
{
	int word = 0;
	timespec ts = Ts(1500000000); // 1.5 s
	__nsec start = fakeplat_now;

	EXPECT_EQ(Futex(&word, kWait, 0, &ts), -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, start + 1500000000);
	EXPECT_LT(fakeplat_now, start + 1600000000);
	// A zero timeout returns at once.
	ts = Ts(0);
	start = fakeplat_now;
	EXPECT_EQ(Futex(&word, kWait, 0, &ts), -ETIMEDOUT);
	EXPECT_EQ(fakeplat_now, start);
}

TEST_F(FutexTest, BitsetTimeoutIsAbsoluteOnTheChosenClock)
{
	int word = 0;
	__nsec start = fakeplat_now;
	timespec ts = Ts((int64_t)start + 2000); // CLOCK_MONOTONIC

	EXPECT_EQ(Futex(&word, kWaitBitset, 0, &ts, nullptr, ~0u), -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, start + 2000);
	EXPECT_LT(fakeplat_now, start + 1000000);

	start = fakeplat_now;
	ts = Ts((int64_t)start + kRealtimeOffset + 3000);
	EXPECT_EQ(Futex(&word, kWaitBitset | kClockRealtime, 0, &ts, nullptr,
			~0u),
		  -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, start + 3000);
	EXPECT_LT(fakeplat_now, start + 1000000);

	// A deadline in the past times out at once.
	start = fakeplat_now;
	ts = Ts(1);
	EXPECT_EQ(Futex(&word, kWaitBitset | kClockRealtime, 0, &ts, nullptr,
			~0u),
		  -ETIMEDOUT);
	EXPECT_EQ(fakeplat_now, start);
}

// A relative timeout past INT64_MAX ns saturates there (292 years), as on
// Linux: 18446744074 s once overflowed and timed out after 0.29 s.
TEST_F(FutexTest, HugeRelativeTimeoutSaturates)
{
	int word = 0;
	timespec ts = { 18446744074, 0 };
	Call &c = Start(&word, kWait, 0, &ts);

	uk_sched_sleep_ns(1000000000);
	EXPECT_FALSE(c.done);
	EXPECT_EQ(Futex(&word, kWake, 1), 1);
	Settle();
	EXPECT_TRUE(c.done);
	EXPECT_EQ(c.rc, 0);
}

// FUTEX_WAIT does not take FUTEX_CLOCK_REALTIME: Linux 4.5 allowed it,
// with a relative timeout, and Linux took that back in 2021 (the revert of
// "futex: Allow FUTEX_CLOCK_REALTIME with FUTEX_WAIT op"); current kernels
// give ENOSYS before reading the word or waiting, and libc_compare checks
// the host's answer against the images'.
TEST_F(FutexTest, WaitWithClockRealtimeIsEnosysAsLinux)
{
	int word = 0;
	__nsec start = fakeplat_now;
	timespec rel = { 0, 20000 };

	EXPECT_EQ(Futex(&word, kWait | kClockRealtime, 0, &rel), -ENOSYS);
	EXPECT_EQ(Futex(&word, kWait | kClockRealtime | kPrivate, 0, &rel),
		  -ENOSYS);
	EXPECT_EQ(Futex(&word, kWait | kClockRealtime, 0), -ENOSYS);
	// Refused before the word's value is compared.
	EXPECT_EQ(Futex(&word, kWait | kClockRealtime, 1, &rel), -ENOSYS);
	EXPECT_EQ(fakeplat_now, start);
	// Without the flag the same call waits its relative timeout.
	EXPECT_EQ(Futex(&word, kWait | kPrivate, 0, &rel), -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, start + 20000);
}

TEST_F(FutexTest, BadTimeoutsAreEinval)
{
	int word = 0;
	timespec ts = { 0, 1000000000 };

	EXPECT_EQ(Futex(&word, kWait, 0, &ts), -EINVAL);
	ts = { -1, 0 };
	EXPECT_EQ(Futex(&word, kWait, 0, &ts), -EINVAL);
	ts = { 0, -1 };
	EXPECT_EQ(Futex(&word, kWaitBitset, 0, &ts, nullptr, ~0u), -EINVAL);
}

TEST_F(FutexTest, BitsetWakesOnlyMatchingWaiters)
{
	int word = 0;
	Call &a = Start(&word, kWaitBitset, 0, nullptr, 0x1);
	Call &b = Start(&word, kWaitBitset, 0, nullptr, 0x6);
	Call &c = Start(&word, kWait, 0); // FUTEX_BITSET_MATCH_ANY

	EXPECT_EQ(Futex(&word, kWakeBitset, 10, nullptr, nullptr, 0x8), 1);
	Settle();
	EXPECT_TRUE(c.done);
	EXPECT_FALSE(a.done || b.done);
	EXPECT_EQ(Futex(&word, kWakeBitset, 10, nullptr, nullptr, 0x4), 1);
	Settle();
	EXPECT_TRUE(b.done);
	EXPECT_FALSE(a.done);
	// Plain FUTEX_WAKE matches any bitset.
	EXPECT_EQ(Futex(&word, kWake, 10), 1);
	Settle();
	EXPECT_TRUE(a.done);
	// A zero bitset is EINVAL both ways.
	EXPECT_EQ(Futex(&word, kWaitBitset, 0, nullptr, nullptr, 0), -EINVAL);
	EXPECT_EQ(Futex(&word, kWakeBitset, 1, nullptr, nullptr, 0), -EINVAL);
}

// FUTEX_OP(op, oparg, cmp, cmparg) of <linux/futex.h>.
uint32_t Op(uint32_t op, uint32_t oparg, uint32_t cmp, uint32_t cmparg)
{
	return ((op & 0xf) << 28) | ((cmp & 0xf) << 24) |
	       ((oparg & 0xfff) << 12) | (cmparg & 0xfff);
}

TEST_F(FutexTest, WakeOpAppliesEachOperationToUaddr2)
{
	struct {
		uint32_t op;
		int oparg, before, after;
	} cases[] = {
		{ 0, 5, 9, 5 }, // SET
		{ 1, 5, 9, 14 }, // ADD
		{ 1, -3, 9, 6 }, // ADD, a negative 12-bit argument
		{ 2, 6, 9, 15 }, // OR
		{ 3, 1, 9, 8 }, // ANDN
		{ 4, 12, 9, 5 }, // XOR
		{ 8 | 0, 4, 0, 16 }, // SET with FUTEX_OP_OPARG_SHIFT: 1 << 4
		{ 8 | 2, 1, 1, 3 }, // OR with the shift
	};
	int word = 0;

	for (auto &c : cases) {
		int word2 = c.before;

		EXPECT_EQ(Futex2(&word, kWakeOp, 1, 1, &word2,
				 Op(c.op, (uint32_t)c.oparg, 0, 0)),
			  0);
		EXPECT_EQ(word2, c.after) << "op " << c.op;
	}
	// An unknown operation: ENOSYS, uaddr2 untouched.
	int word2 = 7;
	EXPECT_EQ(Futex2(&word, kWakeOp, 1, 1, &word2, Op(5, 1, 0, 0)),
		  -ENOSYS);
	EXPECT_EQ(word2, 7);
	// An unknown comparison: ENOSYS after the operation, as Linux's
	// futex_atomic_op_inuser() checks it only then.
	EXPECT_EQ(Futex2(&word, kWakeOp, 1, 1, &word2, Op(0, 1, 6, 0)),
		  -ENOSYS);
	EXPECT_EQ(word2, 1);
}

TEST_F(FutexTest, WakeOpComparesTheOldValue)
{
	struct {
		uint32_t cmp;
		int cmparg;
		bool wakes; // with old value 3
	} cases[] = {
		{ 0, 3, true },	 { 0, 4, false }, // EQ
		{ 1, 4, true },	 { 1, 3, false }, // NE
		{ 2, 4, true },	 { 2, 3, false }, // LT
		{ 3, 3, true },	 { 3, 2, false }, // LE
		{ 4, 2, true },	 { 4, 3, false }, // GT
		{ 5, 3, true },	 { 5, 4, false }, // GE
		{ 4, -1, true }, // GT, a negative 12-bit argument
	};

	for (auto &c : cases) {
		int word = 0, word2 = 0;
		Call &w1 = Start(&word, kWait, 0);
		Call &w2 = Start(&word2, kWait, 0);

		// SET 0 over 3: the comparison sees the old value 3.
		word2 = 3;
		EXPECT_EQ(Futex2(&word, kWakeOp, 1, 1, &word2,
				 Op(0, 0, c.cmp, (uint32_t)c.cmparg)),
			  c.wakes ? 2 : 1)
			<< "cmp " << c.cmp << " arg " << c.cmparg;
		EXPECT_EQ(word2, 0);
		Settle();
		EXPECT_TRUE(w1.done);
		EXPECT_EQ(w2.done, c.wakes);
		if (!c.wakes) {
			EXPECT_EQ(Futex(&word2, kWake, 1), 1);
		}
		Settle();
		TearDown();
		ncalls_ = 0;
	}
}

TEST_F(FutexTest, RequeueMovesWaitersAndCounts)
{
	int word = 0, word2 = 0;
	Call &a = Start(&word, kWait, 0);
	Call &b = Start(&word, kWait, 0);
	Call &c = Start(&word, kWait, 0);
	Call &d = Start(&word, kWait, 0);

	// Wake 1, move 2: returns 3; the fourth stays on word.
	EXPECT_EQ(Futex2(&word, kRequeue, 1, 2, &word2, 0), 3);
	Settle();
	EXPECT_TRUE(a.done);
	EXPECT_FALSE(b.done || c.done || d.done);
	EXPECT_EQ(Futex(&word2, kWake, 10), 2);
	Settle();
	EXPECT_TRUE(b.done && c.done);
	EXPECT_FALSE(d.done);
	EXPECT_EQ(Futex(&word, kWake, 10), 1);
	Settle();
	EXPECT_TRUE(d.done);
	// Negative counts are EINVAL (Linux 5.x and later).
	EXPECT_EQ(Futex2(&word, kRequeue, -1, 1, &word2, 0), -EINVAL);
	EXPECT_EQ(Futex2(&word, kRequeue, 1, -1, &word2, 0), -EINVAL);
}

TEST_F(FutexTest, CmpRequeueChecksTheValueFirst)
{
	int word = 5, word2 = 0;
	Call &a = Start(&word, kWait, 5);
	Call &b = Start(&word, kWait, 5);

	EXPECT_EQ(Futex2(&word, kCmpRequeue, 0, 10, &word2, 4), -EAGAIN);
	Settle();
	EXPECT_FALSE(a.done || b.done);
	// Nothing moved: both still wait on word.
	EXPECT_EQ(Futex(&word2, kWake, 10), 0);
	EXPECT_EQ(Futex2(&word, kCmpRequeue, 0, 10, &word2, 5), 2);
	EXPECT_EQ(Futex(&word, kWake, 10), 0);
	EXPECT_EQ(Futex(&word2, kWake, 10), 2);
	Settle();
	EXPECT_TRUE(a.done && b.done);
	EXPECT_EQ(a.rc, 0);
}

TEST_F(FutexTest, LockPiOnAFreeWordTakesItWithTheTid)
{
	int word = 0;

	EXPECT_EQ(Futex(&word, kLockPi, 0), 0);
	EXPECT_EQ(word, 1);
	EXPECT_EQ(Futex(&word, kLockPi, 0), -EDEADLK);
	EXPECT_EQ(Futex(&word, kTrylockPi, 0), -EDEADLK);
	EXPECT_EQ(Futex(&word, kUnlockPi, 0), 0);
	EXPECT_EQ(word, 0);
	EXPECT_EQ(Futex(&word, kTrylockPi, 0), 0);
	EXPECT_EQ(word, 1);
	// FUTEX_OWNER_DIED stays for the next owner to see.
	word = (int)kOwnerDied;
	EXPECT_EQ(Futex(&word, kLockPi | kPrivate, 0), 0);
	EXPECT_EQ((uint32_t)word, kOwnerDied | 1);
}

TEST_F(FutexTest, UnlockPiOfALockNotOwnedIsEperm)
{
	int word = 0;

	EXPECT_EQ(Futex(&word, kUnlockPi, 0), -EPERM);
	word = 42;
	EXPECT_EQ(Futex(&word, kUnlockPi, 0), -EPERM);
	EXPECT_EQ(word, 42);
}

TEST_F(FutexTest, ContendedLockPiBlocksAndUnlockHandsOver)
{
	int word = 1; // owned by this thread
	Call &a = Start(&word, kLockPi, 0);

	EXPECT_FALSE(a.done);
	EXPECT_EQ((uint32_t)word, kWaiters | 1);
	Call &b = Start(&word, kLockPi, 0);
	// TRYLOCK_PI of a lock another thread owns: EWOULDBLOCK, as Linux's.
	// futex_lock_pi() returns (this thread acts as tid 3 for a moment).
	main_rec.tid = 3;
	EXPECT_EQ(Futex(&word, kTrylockPi, 0), -EAGAIN);
	EXPECT_EQ(Futex(&word, kUnlockPi, 0), -EPERM);
	main_rec.tid = 1;

	EXPECT_EQ(Futex(&word, kUnlockPi, 0), 0);
	Settle();
	ASSERT_TRUE(a.done);
	EXPECT_FALSE(b.done);
	EXPECT_EQ(a.rc, 0);
	// The first waiter owns it; another still waits.
	EXPECT_EQ((uint32_t)word, kWaiters | (uint32_t)a.rec->tid);
	EXPECT_EQ(Futex(&word, kUnlockPi, 0), -EPERM);

	// The new owner unlocks in turn (as that thread).
	a.rec->thread = uk_thread_current();
	EXPECT_EQ(Futex(&word, kUnlockPi, 0), 0);
	a.rec->thread = a.thread;
	Settle();
	ASSERT_TRUE(b.done);
	EXPECT_EQ(b.rc, 0);
	EXPECT_EQ((uint32_t)word & 0x3fffffffu, (uint32_t)b.rec->tid);
}

TEST_F(FutexTest, LockPiTimesOutOnCLOCK_REALTIME)
{
	int word = 7; // another owner
	__nsec start = fakeplat_now;
	timespec ts = Ts((int64_t)start + kRealtimeOffset + 5000);

	EXPECT_EQ(Futex(&word, kLockPi, 0, &ts), -ETIMEDOUT);
	EXPECT_GE(fakeplat_now, start + 5000);
	EXPECT_LT(fakeplat_now, start + 1000000);
	EXPECT_EQ(word & 0x3fffffff, 7);
}

TEST_F(FutexTest, BadArgumentsAreEinvalEfaultOrEnosys)
{
	int words[2] = { 0, 0 };
	int *unaligned =
		reinterpret_cast<int *>(reinterpret_cast<char *>(words) + 1);

	EXPECT_EQ(Futex(unaligned, kWake, 1), -EINVAL);
	EXPECT_EQ(Futex(unaligned, kWait, 0), -EINVAL);
	EXPECT_EQ(Futex2(&words[0], kRequeue, 1, 1, unaligned, 0), -EINVAL);
	// NULL is not mapped: EFAULT, as Linux gives for the words it reads.
	EXPECT_EQ(Futex(nullptr, kWait, 0), -EFAULT);
	EXPECT_EQ(Futex(nullptr, kLockPi, 0), -EFAULT);
	EXPECT_EQ(Futex2(&words[0], kCmpRequeue, 1, 1, nullptr, 0), -EFAULT);
	EXPECT_EQ(Futex(&words[0], 99, 0), -ENOSYS);
	// The requeue-PI pair gives ENOSYS on purpose (coverage.txt: musl does
	// not use it).
	EXPECT_EQ(Futex(&words[0], kWaitRequeuePi, 0), -ENOSYS);
	// FUTEX_CLOCK_REALTIME only with the waits that take a deadline.
	EXPECT_EQ(Futex(&words[0], kWake | kClockRealtime, 1), -ENOSYS);
}

// The robust list ABI (Documentation/locking/robust-futex-ABI.rst): a
// lock is an entry whose word lies futex_offset bytes after it.
struct RobustHead {
	void *next;
	long futex_offset;
	void *list_op_pending;
};

struct RobustLock {
	void *next;
	int word;
};

TEST_F(FutexTest, SetAndGetRobustList)
{
	RobustHead head = { &head, offsetof(RobustLock, word), nullptr };
	void *got = nullptr;
	size_t len = 0;

	EXPECT_EQ(uk_sys_set_robust_list(&head, sizeof(head) + 1), -EINVAL);
	EXPECT_EQ(uk_sys_set_robust_list(&head, sizeof(head)), 0);
	EXPECT_EQ(uk_sys_get_robust_list(0, &got, &len), 0);
	EXPECT_EQ(got, &head);
	EXPECT_EQ(len, sizeof(head));
	EXPECT_EQ(uk_sys_get_robust_list(1, &got, &len), 0);
	EXPECT_EQ(uk_sys_get_robust_list(12345, &got, &len), -ESRCH);
	EXPECT_EQ(uk_sys_get_robust_list(0, nullptr, &len), -EFAULT);
	EXPECT_EQ(uk_sys_set_robust_list(nullptr, sizeof(head)), 0);
	main_rec.robust_list = nullptr;
}

TEST_F(FutexTest, ThreadExitMarksItsRobustLocksAndWakesAWaiter)
{
	RobustLock held, others, pending;
	RobustHead head = { &held, offsetof(RobustLock, word), &pending };
	posix_thread dead = {};

	dead.tid = 50;
	held = { &others, (int)(kWaiters | 50) };
	others = { &head, 51 }; // on the list but owned by another thread
	pending = { nullptr, 50 }; // being taken: not linked yet
	dead.robust_list = &head;

	Call &a = Start(&held.word, kWait, (int)(kWaiters | 50));
	Call &b = Start(&held.word, kWait, (int)(kWaiters | 50));
	posix_robust_exit(&dead);
	Settle();
	EXPECT_EQ((uint32_t)held.word, kWaiters | kOwnerDied);
	EXPECT_EQ(others.word, 51);
	EXPECT_EQ((uint32_t)pending.word, kOwnerDied);
	EXPECT_EQ(dead.robust_list, nullptr);
	// One waiter woken, as Linux's handle_futex_death().
	EXPECT_TRUE(a.done);
	EXPECT_FALSE(b.done);
	EXPECT_EQ(Futex(&held.word, kWake, 1), 1);
	Settle();
}

TEST_F(FutexTest, ThreadExitHandsItsRobustPiLocksToAWaiter)
{
	RobustLock held;
	// Bit 0 of an entry's address marks a PI lock (the ABI).
	RobustHead head = { reinterpret_cast<char *>(&held) + 1,
			    offsetof(RobustLock, word), nullptr };
	posix_thread dead = {};

	dead.tid = 50;
	held = { &head, 50 };
	dead.robust_list = &head;

	Call &a = Start(&held.word, kLockPi, 0);
	Call &b = Start(&held.word, kLockPi, 0);
	ASSERT_EQ((uint32_t)held.word, kWaiters | 50);
	posix_robust_exit(&dead);
	Settle();
	// As Linux's exit_pi_state_list(): the first waiter's LOCK_PI
	// returns 0 with the lock its own, FUTEX_OWNER_DIED set.
	ASSERT_TRUE(a.done);
	EXPECT_EQ(a.rc, 0);
	EXPECT_FALSE(b.done);
	EXPECT_EQ((uint32_t)held.word,
		  kWaiters | kOwnerDied | (uint32_t)a.rec->tid);
	// Nobody else can take it meanwhile.
	EXPECT_EQ(Futex(&held.word, kTrylockPi, 0), -EAGAIN);

	a.rec->thread = uk_thread_current();
	EXPECT_EQ(Futex(&held.word, kUnlockPi, 0), 0);
	a.rec->thread = a.thread;
	Settle();
	ASSERT_TRUE(b.done);
	EXPECT_EQ(b.rc, 0);
	EXPECT_EQ((uint32_t)held.word & 0x3fffffffu, (uint32_t)b.rec->tid);
}

} // namespace
