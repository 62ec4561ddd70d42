// UK_SYSCALL_DEFINE: one definition gives a typed C function and a
// registered six-long wrapper that casts each argument to its type.
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/host/syscall/defs.h"

namespace {

class SyscallDefine : public ::testing::Test {
protected:
	void SetUp() override
	{
		test_seen = {};
	}
};

TEST_F(SyscallDefine, RegistersTheTargetsNumbers)
{
	// The host build uses x86_64's numbers.
	EXPECT_EQ(test_entry_getpid()->nr, 39);
	EXPECT_EQ(test_entry_ioctl()->nr, 16);
	EXPECT_EQ(test_entry_mmap()->nr, 9);
	EXPECT_EQ(UK_SYSCALL_NR_getpid, 39);
}

TEST_F(SyscallDefine, TypedFunctionIsCallableDirectly)
{
	int x;

	EXPECT_EQ(uk_sys_getpid(), 42);
	EXPECT_EQ(uk_sys_ioctl(3, 0x5413u, &x), -22);
	EXPECT_EQ(test_seen.calls, 2);
	EXPECT_EQ(test_seen.fd, 3);
	EXPECT_EQ(test_seen.req, 0x5413u);
	EXPECT_EQ(test_seen.ptr, &x);
}

TEST_F(SyscallDefine, WrapperTakesNoArguments)
{
	EXPECT_EQ(test_entry_getpid()->handler(1, 2, 3, 4, 5, 6), 42);
	EXPECT_EQ(test_seen.calls, 1);
}

TEST_F(SyscallDefine, WrapperCastsEachArgumentToItsType)
{
	int x;
	// musl passes an int request sign-extended; Linux reads 32 bits.
	long req = (long)(int)0x80045430u;

	EXPECT_EQ(test_entry_ioctl()->handler(7, req, (long)&x, -1, -1, -1),
		  -22);
	EXPECT_EQ(test_seen.fd, 7);
	EXPECT_EQ(test_seen.req, 0x80045430u);
	EXPECT_EQ(test_seen.ptr, &x);
}

TEST_F(SyscallDefine, WrapperPassesAllSixArguments)
{
	long r = test_entry_mmap()->handler(0x10000, 8192, 3, 0x22, -1, 4096);

	EXPECT_EQ(r, 0x10000 + 4096);
	EXPECT_EQ((uintptr_t)test_seen.ptr, 0x10000u);
	EXPECT_EQ(test_seen.len, 8192u);
	EXPECT_EQ(test_seen.prot, 3);
	EXPECT_EQ(test_seen.flags, 0x22);
	EXPECT_EQ(test_seen.fd, -1);
	EXPECT_EQ(test_seen.off, 4096);
}

TEST_F(SyscallDefine, NegativeErrnoSurvivesTheWrapper)
{
	// An int result of -22 must reach the dispatcher as the long -22.
	EXPECT_EQ(test_entry_ioctl()->handler(0, 0, 0, 0, 0, 0), -22L);
}

} // namespace
