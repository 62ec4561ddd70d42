// posix/process/membarrier.c on the host, against Linux's semantics
// (membarrier(2)) and a faked ukplat_lcpu_run: the QUERY mask, the EPERM
// of PRIVATE_EXPEDITED before its registration, EINVAL for unknown
// commands and for flags, and the barrier's run on the other CPUs.
#include <errno.h>
#include <linux/membarrier.h>

#include <gtest/gtest.h>

extern "C" {
#include <uk/plat/lcpu.h>

int uk_sys_membarrier(int cmd, unsigned int flags, int cpu_id);
}

namespace {

unsigned int cpus = 1;
int runs;
int ran;
bool run_to_all;

} // namespace

// The platform's CPUs, faked: how many there are, and the runs on them.
extern "C" {
unsigned int ukplat_lcpu_count(void)
{
	return cpus;
}

int ukplat_lcpu_run(const __lcpuidx idx[], unsigned int *num,
		    const struct ukplat_lcpu_func *fn, unsigned long flags)
{
	runs++;
	run_to_all = !idx && !num && !flags;
	for (unsigned int i = 1; i < cpus; i++) {
		fn->fn(nullptr, fn->arg);
		ran++;
	}
	return 0;
}
}

namespace {

class MembarrierTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		cpus = 1;
		runs = 0;
		ran = 0;
		run_to_all = false;
	}
};

TEST_F(MembarrierTest, QueryReportsGlobalAndPrivateExpedited)
{
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_QUERY, 0, 0),
		  MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |
			  MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED |
			  MEMBARRIER_CMD_PRIVATE_EXPEDITED |
			  MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);
	EXPECT_EQ(runs, 0);
}

// One test: the registration is the process's, for the rest of its life.
TEST_F(MembarrierTest, PrivateExpeditedNeedsItsRegistration)
{
	cpus = 4;
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0),
		  -EPERM);
	EXPECT_EQ(runs, 0);
	// Registering for the global command does not register this one.
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0,
				    0),
		  0);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0),
		  -EPERM);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
				    0, 0),
		  0);
	EXPECT_EQ(runs, 0);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0), 0);
	EXPECT_EQ(runs, 1);
	EXPECT_TRUE(run_to_all);
	EXPECT_EQ(ran, 3);
	// Registering again is allowed (Linux: 0).
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
				    0, 0),
		  0);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0), 0);
	EXPECT_EQ(runs, 2);
}

TEST_F(MembarrierTest, GlobalCommandsRunOnEveryOtherCpu)
{
	cpus = 2;
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL, 0, 0), 0);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0), 0);
	EXPECT_EQ(runs, 2);
	EXPECT_TRUE(run_to_all);
	EXPECT_EQ(ran, 2);
}

TEST_F(MembarrierTest, OneCpuNeedsNoRun)
{
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL, 0, 0), 0);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0), 0);
	EXPECT_EQ(runs, 0);
}

TEST_F(MembarrierTest, UnknownCommandIsEinval)
{
	cpus = 2;
	EXPECT_EQ(uk_sys_membarrier(12345, 0, 0), -EINVAL);
	EXPECT_EQ(uk_sys_membarrier(-1, 0, 0), -EINVAL);
	// Two commands at once are not a command.
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL |
					    MEMBARRIER_CMD_GLOBAL_EXPEDITED,
				    0, 0),
		  -EINVAL);
	// Commands Linux has that this kernel does not report in QUERY.
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE,
				    0, 0),
		  -EINVAL);
	EXPECT_EQ(uk_sys_membarrier(
			  MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0),
		  -EINVAL);
	EXPECT_EQ(runs, 0);
}

TEST_F(MembarrierTest, FlagsAreEinval)
{
	cpus = 2;
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_QUERY, 1, 0), -EINVAL);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL, 1, 0), -EINVAL);
	EXPECT_EQ(uk_sys_membarrier(MEMBARRIER_CMD_GLOBAL, 1u << 31, 0),
		  -EINVAL);
	EXPECT_EQ(runs, 0);
}

} // namespace
