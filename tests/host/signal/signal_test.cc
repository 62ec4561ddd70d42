// posix/process/signal.c on the host, against two fake thread records
// (tids 1 and 2; the test switches which one is the caller) and Linux's
// semantics (signal(7), sigaction(2), sigtimedwait(2), sigaltstack(2)).
// No thread blocks here (posix_can_block() is false): waits are only
// tested with a zero timeout or something pending.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vector>

#include <gtest/gtest.h>

extern "C" {
#include <uk/process.h>
#include <uk/syscall.h>

#include "posix/process/process_impl.h"

long uk_sys_rt_sigaction(long sig, long act, long oact, long size);
long uk_sys_rt_sigprocmask(long how, long set, long oldset, long size);
long uk_sys_rt_sigpending(long set, long size);
long uk_sys_kill(long pid, long sig);
long uk_sys_tkill(long tid, long sig);
long uk_sys_tgkill(long tgid, long tid, long sig);
int uk_sys_rt_sigqueueinfo(pid_t pid, int sig, const siginfo_t *info);
int uk_sys_rt_sigtimedwait(const uint64_t *set, siginfo_t *info,
			   const struct timespec *timeout, size_t size);
int uk_sys_sigaltstack(const stack_t *ss, stack_t *old_ss);
bool uk_syscall_signals(long rc);
}

namespace {

posix_thread recs[2];
int cur;

} // namespace

// What posix/process's other files provide, faked over recs[].
extern "C" {
struct posix_thread *posix_thread_current(void)
{
	return &recs[cur];
}

bool posix_thread_is_caller(struct posix_thread *rec)
{
	return rec == &recs[cur];
}

int posix_thread_foreach(int (*fn)(struct posix_thread *rec, void *arg),
			 void *arg)
{
	for (auto &r : recs) {
		int rc = fn(&r, arg);
		if (rc)
			return rc;
	}
	return 0;
}

struct posix_thread *posix_thread_find(int tid)
{
	for (auto &r : recs)
		if (r.tid == tid)
			return &r;
	return nullptr;
}

void posix_signal_crash(int sig)
{
	fprintf(stderr, "crash: signal %d\n", sig);
	fflush(stderr);
	_exit(UK_PROCESS_SIGNAL_STATUS(sig));
}

void posix_signalfd_notify(int sig __unused)
{
}
}

namespace {

constexpr long kSetSize = 8;
// Linux's SS_AUTODISARM (<linux/signal.h>), which glibc does not name.
constexpr int kAutodisarm = (int)(1U << 31);

struct KSigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

uint64_t Bit(int sig)
{
	return 1ULL << (sig - 1);
}

// What the handlers saw: signal, caller's tid, si_code, si_value, sp.
struct Seen {
	int sig, tid, code;
	long value;
	uintptr_t sp;
	uint64_t mask;
};
std::vector<Seen> seen;

uint64_t Mask()
{
	uint64_t m;

	EXPECT_EQ(uk_sys_rt_sigprocmask(SIG_BLOCK, 0, (long)&m, kSetSize), 0);
	return m;
}

void Record(int sig, int code, long value)
{
	// The frame, not a local's address: ASan may put locals elsewhere.
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

	seen.push_back(
		{ sig, recs[cur].tid, code, value, sp, recs[cur].sigmask });
}

void OnSignal(int sig)
{
	Record(sig, 0, 0);
}

void OnInfo(int sig, siginfo_t *si, void *)
{
	Record(sig, si->si_code, (long)si->si_value.sival_ptr);
	EXPECT_EQ(si->si_pid, UK_PROCESS_PID);
}

long Action(int sig, void (*fn)(int), unsigned long flags = 0,
	    uint64_t mask = 0)
{
	KSigaction a = { (unsigned long)fn, flags, 0, mask };

	return uk_sys_rt_sigaction(sig, (long)&a, 0, kSetSize);
}

long InfoAction(int sig, void (*fn)(int, siginfo_t *, void *))
{
	KSigaction a = { (unsigned long)fn, SA_SIGINFO, 0, 0 };

	return uk_sys_rt_sigaction(sig, (long)&a, 0, kSetSize);
}

long Block(uint64_t set)
{
	return uk_sys_rt_sigprocmask(SIG_BLOCK, (long)&set, 0, kSetSize);
}

long Unblock(uint64_t set)
{
	return uk_sys_rt_sigprocmask(SIG_UNBLOCK, (long)&set, 0, kSetSize);
}

uint64_t Pending()
{
	uint64_t set = 0;

	EXPECT_EQ(uk_sys_rt_sigpending((long)&set, kSetSize), 0);
	return set;
}

// sigtimedwait for set with a zero timeout: the signal, or -errno.
int Take(uint64_t set, siginfo_t *info = nullptr)
{
	struct timespec zero = { 0, 0 };

	return uk_sys_rt_sigtimedwait(&set, info, &zero, kSetSize);
}

int Sigqueue(int sig, long value)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	si.si_code = SI_QUEUE;
	si.si_value.sival_ptr = (void *)value;
	return uk_sys_rt_sigqueueinfo(UK_PROCESS_PID, sig, &si);
}

class SignalTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		for (int i = 0; i < 2; i++) {
			memset(&recs[i], 0, sizeof(recs[i]));
			recs[i].tid = i + 1;
			uk_waitq_init(&recs[i].sigwq);
		}
		cur = 0;
		for (int sig = 1; sig <= 64; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				Action(sig, SIG_DFL);
		memset(&posix_signal_shared, 0, sizeof(posix_signal_shared));
		seen.clear();
	}
};

TEST_F(SignalTest, BlockedSignalIsPendingUntilUnblocked)
{
	uint64_t old = ~0ULL;

	ASSERT_EQ(Action(SIGUSR1, OnSignal), 0);
	uint64_t set = Bit(SIGUSR1);
	ASSERT_EQ(uk_sys_rt_sigprocmask(SIG_BLOCK, (long)&set, (long)&old,
					kSetSize),
		  0);
	EXPECT_EQ(old, 0u);
	EXPECT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGUSR1), 0);
	EXPECT_TRUE(seen.empty());
	EXPECT_EQ(Pending(), Bit(SIGUSR1));
	ASSERT_EQ(Unblock(Bit(SIGUSR1)), 0);
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].sig, SIGUSR1);
	// While it runs, the handler's signal is blocked (no SA_NODEFER).
	EXPECT_EQ(seen[0].mask, Bit(SIGUSR1));
	EXPECT_EQ(Mask(), 0u);
	EXPECT_EQ(Pending(), 0u);
}

TEST_F(SignalTest, KillAndStopCannotBeCaughtOrBlocked)
{
	uint64_t all = ~0ULL;
	KSigaction out;

	EXPECT_EQ(Action(SIGKILL, OnSignal), -EINVAL);
	EXPECT_EQ(Action(SIGSTOP, SIG_IGN), -EINVAL);
	EXPECT_EQ(uk_sys_rt_sigaction(SIGKILL, 0, (long)&out, kSetSize), 0);
	EXPECT_EQ(Action(SIGUSR1, OnSignal, 0, ~0ULL), 0);
	ASSERT_EQ(uk_sys_rt_sigaction(SIGUSR1, 0, (long)&out, kSetSize), 0);
	EXPECT_EQ(out.mask, ~(Bit(SIGKILL) | Bit(SIGSTOP)));
	ASSERT_EQ(uk_sys_rt_sigprocmask(SIG_SETMASK, (long)&all, 0, kSetSize),
		  0);
	EXPECT_EQ(Mask(), ~(Bit(SIGKILL) | Bit(SIGSTOP)));
	EXPECT_EQ(uk_sys_rt_sigprocmask(7, (long)&all, 0, kSetSize), -EINVAL);
	EXPECT_EQ(uk_sys_rt_sigprocmask(SIG_BLOCK, (long)&all, 0, 4), -EINVAL);
	EXPECT_EQ(Action(65, OnSignal), -EINVAL);
	EXPECT_EQ(Action(0, OnSignal), -EINVAL);
}

TEST_F(SignalTest, ThreadAndProcessPendingSets)
{
	const uint64_t set = Bit(SIGHUP) | Bit(SIGUSR1) | Bit(SIGUSR2);

	recs[1].sigmask = set;
	ASSERT_EQ(Block(set), 0);
	EXPECT_EQ(uk_sys_tkill(2, SIGUSR1), 0);
	EXPECT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGUSR2), 0);
	// Each thread sees its own and the process's.
	EXPECT_EQ(Pending(), Bit(SIGUSR2));
	cur = 1;
	EXPECT_EQ(Pending(), Bit(SIGUSR1) | Bit(SIGUSR2));
	cur = 0;
	EXPECT_EQ(Take(Bit(SIGUSR1)), -EAGAIN);
	EXPECT_EQ(Take(Bit(SIGUSR1) | Bit(SIGUSR2)), SIGUSR2);
	cur = 1;
	EXPECT_EQ(Pending(), Bit(SIGUSR1));
	// A thread takes its own signals before the process's.
	EXPECT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGHUP), 0);
	EXPECT_EQ(Take(Bit(SIGHUP) | Bit(SIGUSR1)), SIGUSR1);
	EXPECT_EQ(Take(Bit(SIGHUP) | Bit(SIGUSR1)), SIGHUP);
	EXPECT_EQ(uk_sys_tkill(3, SIGUSR1), -ESRCH);
	EXPECT_EQ(uk_sys_tgkill(2, 1, SIGUSR1), -ESRCH);
	EXPECT_EQ(uk_sys_tkill(2, 65), -EINVAL);
	EXPECT_EQ(uk_sys_kill(2, SIGUSR1), -ESRCH);
}

TEST_F(SignalTest, ProcessSignalGoesToAThreadThatDoesNotBlockIt)
{
	ASSERT_EQ(Action(SIGUSR1, OnSignal), 0);
	ASSERT_EQ(Block(Bit(SIGUSR1)), 0);
	EXPECT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGUSR1), 0);
	EXPECT_TRUE(seen.empty());
	// Thread 2 acts on it on its way back from a syscall.
	cur = 1;
	EXPECT_FALSE(uk_syscall_signals(0));
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].tid, 2);
	cur = 0;
	EXPECT_EQ(Pending(), 0u);
}

TEST_F(SignalTest, LowestNumberFirst)
{
	const uint64_t set =
		Bit(SIGHUP) | Bit(SIGUSR1) | Bit(SIGUSR2) | Bit(SIGRTMIN + 1);

	ASSERT_EQ(Block(set), 0);
	for (int sig : { SIGRTMIN + 1, SIGUSR2, SIGHUP, SIGUSR1 })
		ASSERT_EQ(uk_sys_tkill(1, sig), 0);
	EXPECT_EQ(Pending(), set);
	for (int sig : { SIGHUP, SIGUSR1, SIGUSR2, SIGRTMIN + 1 })
		EXPECT_EQ(Take(set), sig);
	EXPECT_EQ(Take(set), -EAGAIN);
}

// Linux sets up a frame for each deliverable signal, lowest first, before
// it returns to user code: the last one set up runs first.
TEST_F(SignalTest, HandlersOfPendingSignalsNestLowestOutermost)
{
	const uint64_t set = Bit(SIGHUP) | Bit(SIGUSR1) | Bit(SIGRTMIN);

	for (int sig : { SIGHUP, SIGUSR1, SIGRTMIN })
		ASSERT_EQ(Action(sig, OnSignal), 0);
	ASSERT_EQ(Block(set), 0);
	for (int sig : { SIGRTMIN, SIGUSR1, SIGHUP })
		ASSERT_EQ(uk_sys_tkill(1, sig), 0);
	ASSERT_EQ(Unblock(set), 0);
	ASSERT_EQ(seen.size(), 3u);
	EXPECT_EQ(seen[0].sig, SIGRTMIN);
	EXPECT_EQ(seen[1].sig, SIGUSR1);
	EXPECT_EQ(seen[2].sig, SIGHUP);
	// Each nested frame blocks the signals of the frames outside it.
	EXPECT_EQ(seen[0].mask, set);
	EXPECT_EQ(seen[2].mask, Bit(SIGHUP));
}

TEST_F(SignalTest, SaMaskBlocksAndOthersNest)
{
	ASSERT_EQ(Action(SIGUSR1, OnSignal, 0, Bit(SIGUSR2)), 0);
	ASSERT_EQ(Action(SIGUSR2, OnSignal), 0);
	ASSERT_EQ(Block(Bit(SIGUSR1) | Bit(SIGUSR2)), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR2), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR1), 0);
	ASSERT_EQ(Unblock(Bit(SIGUSR1) | Bit(SIGUSR2)), 0);
	// SIGUSR1's sa_mask holds SIGUSR2 back until its handler returned.
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[0].sig, SIGUSR1);
	EXPECT_EQ(seen[0].mask, Bit(SIGUSR1) | Bit(SIGUSR2));
	EXPECT_EQ(seen[1].sig, SIGUSR2);
}

TEST_F(SignalTest, ResethandAndNodefer)
{
	ASSERT_EQ(Action(SIGUSR1, OnSignal, SA_RESETHAND | SA_NODEFER), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR1), 0);
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].mask, 0u);
	KSigaction out;
	ASSERT_EQ(uk_sys_rt_sigaction(SIGUSR1, 0, (long)&out, kSetSize), 0);
	EXPECT_EQ(out.handler, (unsigned long)SIG_DFL);
}

TEST_F(SignalTest, SigqueueValueAndCodeReachTheHandler)
{
	ASSERT_EQ(InfoAction(SIGRTMIN, OnInfo), 0);
	ASSERT_EQ(Sigqueue(SIGRTMIN, 42), 0);
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].code, SI_QUEUE);
	EXPECT_EQ(seen[0].value, 42);
	ASSERT_EQ(uk_sys_tkill(1, SIGRTMIN), 0);
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[1].code, SI_TKILL);
	EXPECT_EQ(uk_sys_rt_sigqueueinfo(UK_PROCESS_PID, SIGRTMIN, nullptr),
		  -EFAULT);
	EXPECT_EQ(Sigqueue(65, 1), -EINVAL);
}

TEST_F(SignalTest, SigtimedwaitReturnsSiginfo)
{
	siginfo_t si;
	uint64_t set = Bit(SIGUSR1);
	struct timespec bad = { 0, 1000000000 };

	recs[1].sigmask = set;
	ASSERT_EQ(Block(set), 0);
	ASSERT_EQ(Sigqueue(SIGUSR1, 7), 0);
	memset(&si, 0xff, sizeof(si));
	EXPECT_EQ(Take(set, &si), SIGUSR1);
	EXPECT_EQ(si.si_signo, SIGUSR1);
	EXPECT_EQ(si.si_code, SI_QUEUE);
	EXPECT_EQ((long)si.si_value.sival_ptr, 7);
	EXPECT_EQ(si.si_pid, UK_PROCESS_PID);
	EXPECT_EQ(Take(set), -EAGAIN);
	EXPECT_EQ(uk_sys_rt_sigtimedwait(&set, nullptr, &bad, kSetSize),
		  -EINVAL);
	EXPECT_EQ(uk_sys_rt_sigtimedwait(&set, nullptr, nullptr, 4), -EINVAL);
	EXPECT_EQ(uk_sys_rt_sigtimedwait(nullptr, nullptr, nullptr, kSetSize),
		  -EFAULT);
}

// A signal outside the set that the mask lets through runs its handler
// and ends the wait with EINTR.
TEST_F(SignalTest, SigtimedwaitInterruptedByAHandler)
{
	ASSERT_EQ(Action(SIGUSR2, OnSignal), 0);
	ASSERT_EQ(uk_sys_tkill(2, SIGUSR2), 0);
	cur = 1;
	EXPECT_EQ(Take(Bit(SIGUSR1)), -EINTR);
	ASSERT_EQ(seen.size(), 1u);
	EXPECT_EQ(seen[0].sig, SIGUSR2);
}

TEST_F(SignalTest, RestartOnlyWhenEveryHandlerHasSaRestart)
{
	ASSERT_EQ(Action(SIGUSR1, OnSignal, SA_RESTART), 0);
	ASSERT_EQ(Action(SIGUSR2, OnSignal), 0);
	ASSERT_EQ(uk_sys_tkill(2, SIGUSR1), 0);
	cur = 1;
	EXPECT_TRUE(uk_syscall_signals(-UK_ERESTARTSYS));
	cur = 0;
	ASSERT_EQ(uk_sys_tkill(2, SIGUSR1), 0);
	ASSERT_EQ(uk_sys_tkill(2, SIGUSR2), 0);
	cur = 1;
	EXPECT_FALSE(uk_syscall_signals(-UK_ERESTARTSYS));
	EXPECT_EQ(seen.size(), 3u);
	// No handler ran: the call restarts, as Linux's -ERESTARTSYS.
	EXPECT_TRUE(uk_syscall_signals(-UK_ERESTARTSYS));
	EXPECT_FALSE(uk_syscall_signals(-EINTR));
}

TEST_F(SignalTest, IgnoredSignalsAreDiscarded)
{
	recs[1].sigmask = Bit(SIGUSR1);
	ASSERT_EQ(Block(Bit(SIGUSR1)), 0);
	ASSERT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGUSR1), 0);
	EXPECT_EQ(Pending(), Bit(SIGUSR1));
	// Setting SIG_IGN discards the pending instance (POSIX).
	ASSERT_EQ(Action(SIGUSR1, SIG_IGN), 0);
	EXPECT_EQ(Pending(), 0u);
	ASSERT_EQ(Unblock(Bit(SIGUSR1)), 0);
	ASSERT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGUSR1), 0);
	// Default "ignore" (SIGCHLD, SIGURG, SIGWINCH, stop signals).
	for (int sig : { SIGCHLD, SIGURG, SIGWINCH, SIGTSTP, SIGCONT })
		ASSERT_EQ(uk_sys_kill(UK_PROCESS_PID, sig), 0);
	EXPECT_EQ(Pending(), 0u);
	EXPECT_TRUE(seen.empty());
}

// signal(7): instances of a real-time signal queue, each with its value,
// delivered in the order sent; a standard signal pending is not queued
// again. sigqueue gives EAGAIN once the queue is full.
TEST_F(SignalTest, RealTimeSignalsQueueInOrder)
{
	const uint64_t set = Bit(SIGUSR1) | Bit(SIGRTMIN) | Bit(SIGRTMIN + 1);
	siginfo_t si;

	recs[1].sigmask = set;
	ASSERT_EQ(Block(set), 0);
	for (long v : { 1, 2, 3 })
		ASSERT_EQ(Sigqueue(SIGRTMIN + 1, v), 0);
	ASSERT_EQ(Sigqueue(SIGRTMIN, 10), 0);
	ASSERT_EQ(Sigqueue(SIGUSR1, 20), 0);
	ASSERT_EQ(Sigqueue(SIGUSR1, 21), 0);
	ASSERT_EQ(Sigqueue(SIGRTMIN, 11), 0);
	const std::vector<std::pair<int, long>> want = {
		{ SIGUSR1, 20 },     { SIGRTMIN, 10 },	  { SIGRTMIN, 11 },
		{ SIGRTMIN + 1, 1 }, { SIGRTMIN + 1, 2 }, { SIGRTMIN + 1, 3 },
	};
	for (auto [sig, value] : want) {
		EXPECT_EQ(Pending() & Bit(sig), Bit(sig));
		ASSERT_EQ(Take(set, &si), sig);
		EXPECT_EQ((long)si.si_value.sival_ptr, value);
	}
	EXPECT_EQ(Pending(), 0u);
	EXPECT_EQ(Take(set), -EAGAIN);

	int sent = 0;
	while (Sigqueue(SIGRTMIN, sent) == 0 && sent < 100000)
		sent++;
	EXPECT_GT(sent, 1);
	EXPECT_LT(sent, 100000);
	EXPECT_EQ(Sigqueue(SIGRTMIN, 0), -EAGAIN);
	for (int i = 0; i < sent; i++) {
		ASSERT_EQ(Take(set, &si), SIGRTMIN);
		EXPECT_EQ((long)si.si_value.sival_ptr, i);
	}
	EXPECT_EQ(Take(set), -EAGAIN);
}

// Handlers run once per queued instance, the thread's queue too; SIG_IGN
// discards every instance.
TEST_F(SignalTest, QueuedInstancesEachRunTheHandler)
{
	ASSERT_EQ(InfoAction(SIGRTMIN, OnInfo), 0);
	ASSERT_EQ(Block(Bit(SIGRTMIN)), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(uk_sys_tkill(1, SIGRTMIN), 0);
	ASSERT_EQ(Unblock(Bit(SIGRTMIN)), 0);
	EXPECT_EQ(seen.size(), 3u);
	ASSERT_EQ(Block(Bit(SIGRTMIN)), 0);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(uk_sys_tkill(1, SIGRTMIN), 0);
	ASSERT_EQ(Action(SIGRTMIN, SIG_IGN), 0);
	EXPECT_EQ(Pending(), 0u);
	EXPECT_EQ(Take(Bit(SIGRTMIN)), -EAGAIN);
}

// signal(7)/sig_ignored(): a blocked signal is never ignored (its action
// may change before it is unblocked): it stays pending, sigwait takes it.
TEST_F(SignalTest, BlockedSignalsAreNeverIgnored)
{
	const uint64_t set = Bit(SIGCHLD) | Bit(SIGUSR1);

	recs[1].sigmask = set;
	ASSERT_EQ(Block(set), 0);
	ASSERT_EQ(Action(SIGUSR1, SIG_IGN), 0);
	ASSERT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGCHLD), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR1), 0);
	EXPECT_EQ(Pending(), set);
	EXPECT_EQ(Take(Bit(SIGCHLD)), SIGCHLD);
	EXPECT_EQ(Pending(), Bit(SIGUSR1));
	// Unblocked while still ignored: discarded, no handler.
	ASSERT_EQ(Unblock(set), 0);
	EXPECT_EQ(Pending(), 0u);
	EXPECT_TRUE(seen.empty());
}

TEST_F(SignalTest, FatalDefaultActionsExitWith128PlusSignal)
{
	EXPECT_EXIT(uk_sys_kill(UK_PROCESS_PID, SIGTERM),
		    ::testing::ExitedWithCode(128 + SIGTERM), "signal 15");
	EXPECT_EXIT(uk_sys_tkill(1, SIGRTMIN),
		    ::testing::ExitedWithCode(128 + SIGRTMIN), "");
	// SIGKILL even when every thread blocks everything else.
	recs[1].sigmask = ~0ULL;
	ASSERT_EQ(Block(~0ULL), 0);
	EXPECT_EXIT(uk_sys_kill(UK_PROCESS_PID, SIGKILL),
		    ::testing::ExitedWithCode(128 + SIGKILL), "signal 9");
	// Blocked, a fatal signal waits; unblocked, it ends the process.
	ASSERT_EQ(uk_sys_kill(UK_PROCESS_PID, SIGTERM), 0);
	EXPECT_EQ(Pending(), Bit(SIGTERM));
	EXPECT_EXIT(Unblock(Bit(SIGTERM)),
		    ::testing::ExitedWithCode(128 + SIGTERM), "signal 15");
}

char altstack[64 * 1024];
char altstack2[16 * 1024];

bool InAlt(uintptr_t sp)
{
	return sp >= (uintptr_t)altstack &&
	       sp < (uintptr_t)altstack + sizeof(altstack);
}

int inner_flags, inner_set_rc;

void OnInner(int sig)
{
	stack_t old, other = {};

	Record(sig, 0, 0);
	other.ss_sp = altstack2;
	other.ss_size = sizeof(altstack2);
	inner_flags = uk_sys_sigaltstack(nullptr, &old) ? -1 : old.ss_flags;
	inner_set_rc = uk_sys_sigaltstack(&other, nullptr);
}

void OnOuter(int sig)
{
	Record(sig, 0, 0);
	EXPECT_EQ(uk_sys_tkill(recs[cur].tid, SIGUSR2), 0);
}

stack_t Altstack(int flags)
{
	stack_t ss = {};

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = flags;
	return ss;
}

TEST_F(SignalTest, HandlersNestOnTheAltstack)
{
	stack_t ss = Altstack(0), old;

	ASSERT_EQ(uk_sys_sigaltstack(&ss, nullptr), 0);
	ASSERT_EQ(Action(SIGUSR1, OnOuter, SA_ONSTACK), 0);
	ASSERT_EQ(Action(SIGUSR2, OnInner), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR1), 0);
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_TRUE(InAlt(seen[0].sp));
	// Without SA_ONSTACK, below the outer frame on the altstack.
	EXPECT_TRUE(InAlt(seen[1].sp));
	EXPECT_LT(seen[1].sp, seen[0].sp);
	EXPECT_EQ(inner_flags, SS_ONSTACK);
	EXPECT_EQ(inner_set_rc, -EPERM);
	ASSERT_EQ(uk_sys_sigaltstack(nullptr, &old), 0);
	EXPECT_EQ(old.ss_flags, 0);
	EXPECT_EQ(old.ss_sp, altstack);
	ss = Altstack(SS_DISABLE);
	ASSERT_EQ(uk_sys_sigaltstack(&ss, nullptr), 0);
	ASSERT_EQ(uk_sys_sigaltstack(nullptr, &old), 0);
	EXPECT_EQ(old.ss_flags, SS_DISABLE);
	ss = Altstack(0);
	ss.ss_size = 1024; /* below MINSIGSTKSZ (2048, arm64 5120) */
	EXPECT_EQ(uk_sys_sigaltstack(&ss, nullptr), -ENOMEM);
	ss = Altstack(7);
	EXPECT_EQ(uk_sys_sigaltstack(&ss, nullptr), -EINVAL);
}

TEST_F(SignalTest, AutodisarmDisarmsWhileAHandlerRunsOnIt)
{
	stack_t ss = Altstack(kAutodisarm), old;

	ASSERT_EQ(uk_sys_sigaltstack(&ss, nullptr), 0);
	ASSERT_EQ(uk_sys_sigaltstack(nullptr, &old), 0);
	EXPECT_EQ(old.ss_flags, kAutodisarm);
	ASSERT_EQ(Action(SIGUSR1, OnOuter, SA_ONSTACK), 0);
	ASSERT_EQ(Action(SIGUSR2, OnInner, SA_ONSTACK), 0);
	ASSERT_EQ(uk_sys_tkill(1, SIGUSR1), 0);
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_TRUE(InAlt(seen[0].sp));
	// Disarmed: SS_DISABLE, a new one may be set, and a nested
	// SA_ONSTACK handler stays on the stack it interrupts.
	EXPECT_EQ(inner_flags, SS_DISABLE);
	EXPECT_EQ(inner_set_rc, 0);
	EXPECT_TRUE(InAlt(seen[1].sp));
	EXPECT_LT(seen[1].sp, seen[0].sp);
	// The handler's return restores it.
	ASSERT_EQ(uk_sys_sigaltstack(nullptr, &old), 0);
	EXPECT_EQ(old.ss_sp, altstack);
	EXPECT_EQ(old.ss_size, sizeof(altstack));
	EXPECT_EQ(old.ss_flags, kAutodisarm);
}

} // namespace
