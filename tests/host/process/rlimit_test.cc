// getrlimit, setrlimit and prlimit64: values, checks, and RLIMIT_NOFILE
// enforced by the fd table.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/resource.h>

#include <gtest/gtest.h>

extern "C" {
#include <uk/fdtab.h>
#include <uk/process.h>
#include <uk/rlimit.h>
}

namespace {

constexpr uint64_t kInf = UINT64_MAX;

int Release(uk_file *)
{
	return 0;
}

class RlimitTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		ops_.release = Release;
		uk_file_init(&file_, &ops_, O_RDWR, nullptr);
	}
	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
		posix_rlimit all = { UK_FDTAB_SIZE, UK_FDTAB_SIZE };
		uk_sys_setrlimit(RLIMIT_NOFILE, &all);
	}

	uk_file_ops ops_{};
	uk_file file_;
};

TEST_F(RlimitTest, NofileIsTheFdTable)
{
	posix_rlimit r;

	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_NOFILE, &r), 0);
	EXPECT_EQ(r.cur, uint64_t(UK_FDTAB_SIZE));
	EXPECT_EQ(r.max, uint64_t(UK_FDTAB_SIZE));
	ASSERT_EQ(uk_sys_prlimit64(0, RLIMIT_NOFILE, nullptr, &r), 0);
	EXPECT_EQ(r.cur, uint64_t(UK_FDTAB_SIZE));
}

TEST_F(RlimitTest, LoweredNofileGivesEmfile)
{
	posix_rlimit r = { 4, UK_FDTAB_SIZE }, old;

	ASSERT_EQ(uk_sys_prlimit64(UK_PROCESS_PID, RLIMIT_NOFILE, &r, &old), 0);
	EXPECT_EQ(old.cur, uint64_t(UK_FDTAB_SIZE));
	EXPECT_EQ(uk_fdtab_limit(), 4u);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(uk_fdtab_install(&file_, 0, 0), i);
	EXPECT_EQ(uk_fdtab_install(&file_, 0, 0), -EMFILE);
	EXPECT_EQ(uk_sys_dup(0), -EMFILE);
	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_NOFILE, &r), 0);
	EXPECT_EQ(r.cur, 4u);
	// Raised again up to the hard limit, as an unprivileged process may.
	r.cur = 5;
	ASSERT_EQ(uk_sys_setrlimit(RLIMIT_NOFILE, &r), 0);
	EXPECT_EQ(uk_sys_dup(0), 4);
}

TEST_F(RlimitTest, BadLimitsAreRefused)
{
	posix_rlimit r = { 10, 5 }, now;

	EXPECT_EQ(uk_sys_setrlimit(RLIMIT_NOFILE, &r), -EINVAL);
	r = { 10, UK_FDTAB_SIZE + 1ull };
	EXPECT_EQ(uk_sys_setrlimit(RLIMIT_NOFILE, &r), -EPERM);
	r = { kInf, kInf };
	EXPECT_EQ(uk_sys_setrlimit(RLIMIT_NOFILE, &r), -EPERM);
	EXPECT_EQ(uk_sys_setrlimit(RLIM_NLIMITS, &r), -EINVAL);
	EXPECT_EQ(uk_sys_setrlimit(-1, &r), -EINVAL);
	EXPECT_EQ(uk_sys_getrlimit(RLIM_NLIMITS, &now), -EINVAL);
	EXPECT_EQ(uk_sys_getrlimit(RLIMIT_CPU, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_setrlimit(RLIMIT_CPU, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_prlimit64(2, RLIMIT_CPU, nullptr, &now), -ESRCH);
	// A failed set changes nothing, and prlimit64 reports no old value.
	now = { 1, 2 };
	r = { 3, 2 };
	EXPECT_EQ(uk_sys_prlimit64(0, RLIMIT_NOFILE, &r, &now), -EINVAL);
	EXPECT_EQ(now.cur, 1u);
	EXPECT_EQ(uk_fdtab_limit(), unsigned(UK_FDTAB_SIZE));
}

TEST_F(RlimitTest, OtherLimitsKeepWhatIsSet)
{
	posix_rlimit r, set = { 1 << 20, 2 << 20 };

	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_CORE, &r), 0);
	EXPECT_EQ(r.cur, 0u);
	EXPECT_EQ(r.max, kInf);
	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_CPU, &r), 0);
	EXPECT_EQ(r.cur, kInf);
	ASSERT_EQ(uk_sys_setrlimit(RLIMIT_FSIZE, &set), 0);
	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_FSIZE, &r), 0);
	EXPECT_EQ(r.cur, set.cur);
	EXPECT_EQ(r.max, set.max);
}

} // namespace
