// Tests of getlogin/getlogin_r: the default user.
#include <errno.h>
#include <string.h>

#include <gtest/gtest.h>
#include <uk/user.h>

namespace {

const size_t kLen = sizeof(UK_DEFAULT_USER); // with the NUL

TEST(Login, GetloginIsTheDefaultUser)
{
	char *name = uk_getlogin();

	ASSERT_NE(name, nullptr);
	EXPECT_STREQ(name, UK_DEFAULT_USER);
	// A caller writing into the static string does not change the name.
	name[0] = 'X';
	EXPECT_STREQ(uk_getlogin(), UK_DEFAULT_USER);
}

TEST(Login, GetloginRAtExactBoundary)
{
	char buf[kLen + 1];

	memset(buf, '#', sizeof(buf));
	EXPECT_EQ(uk_getlogin_r(buf, kLen - 1), -ERANGE);
	EXPECT_EQ(buf[0], '#');
	EXPECT_EQ(uk_getlogin_r(buf, 0), -ERANGE);
	EXPECT_EQ(uk_getlogin_r(buf, kLen), 0);
	EXPECT_STREQ(buf, UK_DEFAULT_USER);
	EXPECT_EQ(buf[kLen], '#');
}

TEST(Login, GetloginRNullIsEinval)
{
	EXPECT_EQ(uk_getlogin_r(nullptr, 64), -EINVAL);
}

} // namespace
