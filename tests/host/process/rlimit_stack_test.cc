// RLIMIT_STACK is the size of main()'s stack that core/boot recorded (a
// binary of its own: the limits are read once, at first use).
#include <stdint.h>
#include <sys/resource.h>

#include <gtest/gtest.h>

extern "C" {
#include <uk/boot_stack.h>
#include <uk/rlimit.h>
}

namespace {

TEST(RlimitStack, IsMainsStack)
{
	posix_rlimit r;

	uk_boot_main_stack_size_set(256 * 1024);
	ASSERT_EQ(uk_sys_getrlimit(RLIMIT_STACK, &r), 0);
	EXPECT_EQ(r.cur, 256u * 1024);
	EXPECT_EQ(r.max, 256u * 1024);
}

} // namespace
