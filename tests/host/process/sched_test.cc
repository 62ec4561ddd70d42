// posix/process/sched.c and prctl.c on the host, against fake thread
// records (tids 1 and 2; the caller is tid 1) and Linux's semantics
// (sched_setaffinity(2), sched_setscheduler(2), sched_get_priority_max(2),
// sched_rr_get_interval(2), prctl(2)). The fake platform runs threads on
// CPU 0 only.
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include <gtest/gtest.h>

extern "C" {
#include <uk/preempt.h>
#include <uk/thread.h>

#include "posix/process/process_impl.h"

int uk_sys_sched_getaffinity(pid_t pid, size_t len, unsigned long *mask);
int uk_sys_sched_setaffinity(pid_t pid, size_t len, const unsigned long *mask);
int uk_sys_getcpu(unsigned int *cpu, unsigned int *node, void *tcache);
int uk_sys_sched_get_priority_max(int policy);
int uk_sys_sched_get_priority_min(int policy);
int uk_sys_sched_setscheduler(pid_t pid, int policy,
			      const struct sched_param *param);
int uk_sys_sched_getscheduler(pid_t pid);
int uk_sys_sched_setparam(pid_t pid, const struct sched_param *param);
int uk_sys_sched_getparam(pid_t pid, struct sched_param *param);
int uk_sys_sched_rr_get_interval(pid_t pid, struct timespec *interval);
int uk_sys_prctl(int option, unsigned long arg2, unsigned long arg3,
		 unsigned long arg4, unsigned long arg5);
}

namespace {

posix_thread recs[2];

} // namespace

// What posix/process's other files and the platform provide, faked.
extern "C" {
struct posix_thread *posix_thread_current(void)
{
	return &recs[0];
}

bool posix_thread_is_caller(struct posix_thread *rec)
{
	return rec == &recs[0];
}

struct posix_thread *posix_thread_find(int tid)
{
	for (auto &r : recs)
		if (r.tid == tid)
			return &r;
	return nullptr;
}

unsigned int ukplat_lcpu_count(void)
{
	return 1;
}
}

namespace {

// Linux's SCHED_DEADLINE (<linux/sched.h>), which glibc does not name.
constexpr int kSchedDeadline = 6;

class SchedSyscallTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		recs[0] = {};
		recs[1] = {};
		recs[0].tid = 1;
		recs[1].tid = 2;
	}
};

TEST_F(SchedSyscallTest, GetaffinityNeedsWholeWordsAndGivesTheCpus)
{
	unsigned long mask[2] = { 0, 0 };

	// Linux: len must hold the mask and be a multiple of a long.
	EXPECT_EQ(uk_sys_sched_getaffinity(0, 4, mask), -EINVAL);
	EXPECT_EQ(uk_sys_sched_getaffinity(0, 12, mask), -EINVAL);
	// Returns the bytes written: one word (64 CPUs at most).
	EXPECT_EQ(uk_sys_sched_getaffinity(0, sizeof(mask), mask), 8);
	EXPECT_EQ(mask[0], 1UL);
	EXPECT_EQ(mask[1], 0UL);
	EXPECT_EQ(uk_sys_sched_getaffinity(2, 8, mask), 8);
	EXPECT_EQ(uk_sys_sched_getaffinity(99, 8, mask), -ESRCH);
	EXPECT_EQ(uk_sys_sched_getaffinity(0, 8, nullptr), -EFAULT);
}

TEST_F(SchedSyscallTest, SetaffinityKeepsTheCpusThatExist)
{
	unsigned long mask = 0x6; // CPUs 1 and 2: not there
	unsigned long got = 0;

	EXPECT_EQ(uk_sys_sched_setaffinity(0, sizeof(mask), &mask), -EINVAL);
	mask = 0x3;
	EXPECT_EQ(uk_sys_sched_setaffinity(2, sizeof(mask), &mask), 0);
	EXPECT_EQ(recs[1].affinity, 1UL);
	EXPECT_EQ(uk_sys_sched_getaffinity(2, 8, &got), 8);
	EXPECT_EQ(got, 1UL);
	// A shorter mask is read as far as it goes.
	unsigned char one = 1;
	EXPECT_EQ(uk_sys_sched_setaffinity(0, 1, (unsigned long *)&one), 0);
	EXPECT_EQ(uk_sys_sched_setaffinity(99, 8, &mask), -ESRCH);
	EXPECT_EQ(uk_sys_sched_setaffinity(0, 8, nullptr), -EFAULT);
}

TEST_F(SchedSyscallTest, GetcpuOnCpuZeroNodeZero)
{
	unsigned int cpu = 7, node = 7;

	EXPECT_EQ(uk_sys_getcpu(&cpu, &node, nullptr), 0);
	EXPECT_EQ(cpu, 0u);
	EXPECT_EQ(node, 0u);
	EXPECT_EQ(uk_sys_getcpu(nullptr, nullptr, nullptr), 0);
}

TEST_F(SchedSyscallTest, PriorityRangesAreLinuxs)
{
	EXPECT_EQ(uk_sys_sched_get_priority_max(SCHED_FIFO), 99);
	EXPECT_EQ(uk_sys_sched_get_priority_min(SCHED_FIFO), 1);
	EXPECT_EQ(uk_sys_sched_get_priority_max(SCHED_RR), 99);
	EXPECT_EQ(uk_sys_sched_get_priority_min(SCHED_RR), 1);
	for (int p : { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, kSchedDeadline }) {
		EXPECT_EQ(uk_sys_sched_get_priority_max(p), 0) << p;
		EXPECT_EQ(uk_sys_sched_get_priority_min(p), 0) << p;
	}
	EXPECT_EQ(uk_sys_sched_get_priority_max(42), -EINVAL);
	EXPECT_EQ(uk_sys_sched_get_priority_min(-1), -EINVAL);
}

TEST_F(SchedSyscallTest, SetschedulerChecksAndRecords)
{
	sched_param p = {};

	EXPECT_EQ(uk_sys_sched_getscheduler(0), SCHED_OTHER);
	p.sched_priority = 0;
	EXPECT_EQ(uk_sys_sched_setscheduler(0, SCHED_FIFO, &p), -EINVAL);
	p.sched_priority = 100;
	EXPECT_EQ(uk_sys_sched_setscheduler(0, SCHED_RR, &p), -EINVAL);
	p.sched_priority = 1;
	EXPECT_EQ(uk_sys_sched_setscheduler(0, SCHED_OTHER, &p), -EINVAL);
	EXPECT_EQ(uk_sys_sched_setscheduler(0, 42, &p), -EINVAL);
	EXPECT_EQ(uk_sys_sched_setscheduler(0, -1, &p), -EINVAL);
	// SCHED_DEADLINE only through sched_setattr, which Linux requires.
	p.sched_priority = 0;
	EXPECT_EQ(uk_sys_sched_setscheduler(0, kSchedDeadline, &p), -EINVAL);
	EXPECT_EQ(uk_sys_sched_setscheduler(0, SCHED_OTHER, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_sched_setscheduler(-1, SCHED_OTHER, &p), -EINVAL);
	EXPECT_EQ(uk_sys_sched_setscheduler(99, SCHED_OTHER, &p), -ESRCH);
	EXPECT_EQ(uk_sys_sched_getscheduler(0), SCHED_OTHER);

	p.sched_priority = 42;
	EXPECT_EQ(uk_sys_sched_setscheduler(2, SCHED_FIFO, &p), 0);
	EXPECT_EQ(uk_sys_sched_getscheduler(2), SCHED_FIFO);
	EXPECT_EQ(uk_sys_sched_getscheduler(0), SCHED_OTHER);
	sched_param got = {};
	EXPECT_EQ(uk_sys_sched_getparam(2, &got), 0);
	EXPECT_EQ(got.sched_priority, 42);
	// setparam keeps the policy and checks against its range.
	p.sched_priority = 7;
	EXPECT_EQ(uk_sys_sched_setparam(2, &p), 0);
	EXPECT_EQ(uk_sys_sched_getscheduler(2), SCHED_FIFO);
	EXPECT_EQ(uk_sys_sched_getparam(2, &got), 0);
	EXPECT_EQ(got.sched_priority, 7);
	EXPECT_EQ(uk_sys_sched_setparam(0, &p), -EINVAL); // SCHED_OTHER: 0
	EXPECT_EQ(uk_sys_sched_getparam(0, nullptr), -EINVAL);
	EXPECT_EQ(uk_sys_sched_getparam(99, &got), -ESRCH);
	EXPECT_EQ(uk_sys_sched_getscheduler(-1), -EINVAL);
	EXPECT_EQ(uk_sys_sched_getscheduler(99), -ESRCH);
}

TEST_F(SchedSyscallTest, RrIntervalIsThePreemptionSlice)
{
	timespec ts = { 9, 9 };

	EXPECT_EQ(uk_sys_sched_rr_get_interval(0, &ts), 0);
	EXPECT_EQ(ts.tv_sec, 0);
	EXPECT_EQ(ts.tv_nsec, (long)UK_PREEMPT_SLICE_NS);
	EXPECT_EQ(uk_sys_sched_rr_get_interval(2, &ts), 0);
	EXPECT_EQ(uk_sys_sched_rr_get_interval(-1, &ts), -EINVAL);
	EXPECT_EQ(uk_sys_sched_rr_get_interval(99, &ts), -ESRCH);
	EXPECT_EQ(uk_sys_sched_rr_get_interval(0, nullptr), -EFAULT);
}

TEST_F(SchedSyscallTest, PrctlNamesKeepFifteenBytes)
{
	char name[16];
	uk_thread t = {};

	recs[0].thread = &t;
	EXPECT_EQ(uk_sys_prctl(PR_SET_NAME, (unsigned long)"worker", 0, 0, 0),
		  0);
	memset(name, 'x', sizeof(name));
	EXPECT_EQ(uk_sys_prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0), 0);
	EXPECT_STREQ(name, "worker");
	// The kernel thread takes the name too (crash reports show it).
	EXPECT_STREQ(t.name, "worker");

	EXPECT_EQ(uk_sys_prctl(PR_SET_NAME,
			       (unsigned long)"a-name-of-twenty-bytes", 0, 0,
			       0),
		  0);
	memset(name, 'x', sizeof(name));
	EXPECT_EQ(uk_sys_prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0), 0);
	EXPECT_STREQ(name, "a-name-of-twent");
	EXPECT_EQ(strlen(name), 15u);
	recs[0].thread = nullptr;

	// Per thread: the other one's name is unchanged.
	EXPECT_STREQ(recs[1].comm, "");
	EXPECT_EQ(uk_sys_prctl(PR_SET_NAME, 0, 0, 0, 0), -EFAULT);
	EXPECT_EQ(uk_sys_prctl(PR_GET_NAME, 0, 0, 0, 0), -EFAULT);
	EXPECT_EQ(uk_sys_prctl(12345, 0, 0, 0, 0), -EINVAL);
}

} // namespace
