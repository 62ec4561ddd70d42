// ppoll, pselect6 and epoll_pwait wait under their signal mask: set before
// the files are polled, restored after, and -EINTR without polling when
// the mask unblocks a pending signal. posix/process implements
// <uk/sigwait.h> in the kernel; here a fake thread mask stands in for it.
#include <sys/select.h>

#include "tests/host/event/event_fixture.h"

extern "C" {
#include <uk/sigwait.h>
}

namespace {

uint64_t thread_mask; // the fake thread's signal mask
uint64_t thread_pending; // signals raised while blocked
int handlers_run;

} // namespace

extern "C" int posix_sigwait_begin(const uint64_t *mask, uint64_t *saved)
{
	*saved = thread_mask;
	thread_mask = *mask;
	if (!(thread_pending & ~thread_mask))
		return 0;
	handlers_run++;
	thread_pending &= thread_mask;
	thread_mask = *saved;
	return -EINTR;
}

extern "C" void posix_sigwait_end(uint64_t saved)
{
	thread_mask = saved;
}

namespace {

constexpr uint64_t kUsr1 = 1ull << (SIGUSR1 - 1);
constexpr uint64_t kUsr2 = 1ull << (SIGUSR2 - 1);

class SigwaitTest : public EventTest {
public:
	void SetUp() override
	{
		thread_mask = kUsr2;
		thread_pending = 0;
		handlers_run = 0;
		polled_under = ~0ull;
		file_ = NewFile();
		file_->ready = POLLIN;
		// Records the mask in force whenever the file is polled.
		file_->ops.poll = [](uk_file *f, unsigned int *rev,
				     uk_poll_chain *c) {
			polled_under = thread_mask;
			return Pollable::Poll(f, rev, c);
		};
		fd_ = Open(file_);
	}

	int Ppoll(const uint64_t *mask, unsigned long size = 8)
	{
		pollfd pfd = { fd_, POLLIN, 0 };
		timespec ts = { 0, 0 };

		return uk_sys_ppoll(&pfd, 1, &ts, mask, size);
	}

	int Pselect(const uint64_t *mask, unsigned long size = 8)
	{
		struct {
			const void *ss;
			unsigned long len;
		} sig = { mask, size };
		timespec ts = { 0, 0 };
		fd_set rd;

		FD_ZERO(&rd);
		FD_SET(fd_, &rd);
		return uk_sys_pselect6(fd_ + 1, &rd, nullptr, nullptr, &ts,
				       &sig);
	}

	int Pwait(const uint64_t *mask, unsigned long size = 8)
	{
		int ep = uk_sys_epoll_create1(0), ret;
		epoll_event ev[1];

		EXPECT_GE(ep, 0);
		EXPECT_EQ(Add(ep, fd_, EPOLLIN), 0);
		polled_under = ~0ull;
		ret = uk_sys_epoll_pwait(ep, ev, 1, 0, mask, size);
		uk_sys_close(ep);
		return ret;
	}

	static uint64_t polled_under;
	Pollable *file_;
	int fd_;
};

uint64_t SigwaitTest::polled_under;

TEST_F(SigwaitTest, MaskHoldsDuringTheWaitOnly)
{
	const uint64_t mask = kUsr1;

	EXPECT_EQ(Ppoll(&mask), 1);
	EXPECT_EQ(polled_under, kUsr1);
	EXPECT_EQ(thread_mask, kUsr2);
	polled_under = 0;
	EXPECT_EQ(Pselect(&mask), 1);
	EXPECT_EQ(polled_under, kUsr1);
	EXPECT_EQ(thread_mask, kUsr2);
	EXPECT_EQ(Pwait(&mask), 1);
	EXPECT_EQ(polled_under, kUsr1);
	EXPECT_EQ(thread_mask, kUsr2);
	EXPECT_EQ(handlers_run, 0);
}

TEST_F(SigwaitTest, NoMaskKeepsTheThreadsMask)
{
	EXPECT_EQ(Ppoll(nullptr), 1);
	EXPECT_EQ(polled_under, kUsr2);
	EXPECT_EQ(Pselect(nullptr), 1);
	EXPECT_EQ(Pwait(nullptr), 1);
	EXPECT_EQ(polled_under, kUsr2);
}

TEST_F(SigwaitTest, UnblockedPendingSignalInterruptsBeforePolling)
{
	const uint64_t mask = 0;

	for (int (SigwaitTest::*call)(const uint64_t *, unsigned long) :
	     { &SigwaitTest::Ppoll, &SigwaitTest::Pselect,
	       &SigwaitTest::Pwait }) {
		thread_pending = kUsr2;
		polled_under = ~0ull;
		int runs = handlers_run;

		EXPECT_EQ((this->*call)(&mask, 8), -EINTR);
		EXPECT_EQ(handlers_run, runs + 1);
		EXPECT_EQ(polled_under, ~0ull);
		EXPECT_EQ(thread_mask, kUsr2);
	}
	// Still blocked by the temporary mask: no interruption.
	const uint64_t block = kUsr2;
	thread_pending = kUsr2;
	EXPECT_EQ(Ppoll(&block), 1);
	EXPECT_EQ(thread_pending, kUsr2);
}

TEST_F(SigwaitTest, BadSigsetSizeLeavesTheMask)
{
	const uint64_t mask = kUsr1;

	EXPECT_EQ(Ppoll(&mask, 16), -EINVAL);
	EXPECT_EQ(Pselect(&mask, 4), -EINVAL);
	EXPECT_EQ(Pwait(&mask, 7), -EINVAL);
	EXPECT_EQ(thread_mask, kUsr2);
	EXPECT_EQ(polled_under, ~0ull);
}

} // namespace
