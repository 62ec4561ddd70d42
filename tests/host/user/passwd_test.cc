// Tests of the passwd functions: lookups, buffer sizes, enumeration.
#include <errno.h>
#include <string.h>

#include <gtest/gtest.h>
#include <uk/user.h>

namespace {

// Every string of the default entry with its NUL, counted by hand.
const size_t kPwSize = sizeof(UK_DEFAULT_USER) + sizeof(UK_DEFAULT_PASSWD) +
		       sizeof(UK_DEFAULT_USER) + sizeof(UK_DEFAULT_HOME) +
		       sizeof(UK_DEFAULT_SHELL);

bool InBuf(const char *p, const char *buf, size_t len)
{
	return p >= buf && p + strlen(p) < buf + len;
}

void ExpectDefault(const struct passwd &pw)
{
	EXPECT_STREQ(pw.pw_name, UK_DEFAULT_USER);
	EXPECT_STREQ(pw.pw_passwd, UK_DEFAULT_PASSWD);
	EXPECT_EQ(pw.pw_uid, (uid_t)UK_DEFAULT_UID);
	EXPECT_EQ(pw.pw_gid, (gid_t)UK_DEFAULT_GID);
	EXPECT_STREQ(pw.pw_gecos, UK_DEFAULT_USER);
	EXPECT_STREQ(pw.pw_dir, UK_DEFAULT_HOME);
	EXPECT_STREQ(pw.pw_shell, UK_DEFAULT_SHELL);
}

TEST(Passwd, DefaultsAreRoot)
{
	EXPECT_EQ(UK_DEFAULT_UID, 0);
	EXPECT_EQ(UK_DEFAULT_GID, 0);
	EXPECT_STREQ(UK_DEFAULT_USER, "root");
	EXPECT_STREQ(UK_DEFAULT_HOME, "/");
	EXPECT_STREQ(UK_DEFAULT_SHELL, "/bin/sh");
}

TEST(Passwd, GetpwnamRFindsDefaultUserInCallerBuffer)
{
	struct passwd pw, *res = nullptr;
	char buf[256];

	ASSERT_EQ(uk_getpwnam_r(UK_DEFAULT_USER, &pw, buf, sizeof(buf), &res),
		  0);
	ASSERT_EQ(res, &pw);
	ExpectDefault(pw);
	for (const char *s :
	     { pw.pw_name, pw.pw_passwd, pw.pw_gecos, pw.pw_dir, pw.pw_shell })
		EXPECT_TRUE(InBuf(s, buf, sizeof(buf)));
}

TEST(Passwd, GetpwuidRFindsDefaultUser)
{
	struct passwd pw, *res = nullptr;
	char buf[256];

	ASSERT_EQ(uk_getpwuid_r(UK_DEFAULT_UID, &pw, buf, sizeof(buf), &res),
		  0);
	ASSERT_EQ(res, &pw);
	ExpectDefault(pw);
}

TEST(Passwd, UnknownUserIsNotAnError)
{
	struct passwd pw, *res = &pw;
	char buf[256];

	EXPECT_EQ(uk_getpwnam_r("nobody", &pw, buf, sizeof(buf), &res), 0);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	EXPECT_EQ(uk_getpwnam_r("", &pw, buf, sizeof(buf), &res), 0);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	// A prefix or an extension of the name is another name.
	EXPECT_EQ(uk_getpwnam_r("roo", &pw, buf, sizeof(buf), &res), 0);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	EXPECT_EQ(uk_getpwnam_r("rootx", &pw, buf, sizeof(buf), &res), 0);
	EXPECT_EQ(res, nullptr);
}

TEST(Passwd, InvalidUidIsNotFound)
{
	struct passwd pw, *res;
	char buf[256];

	for (uid_t uid : { (uid_t)1, (uid_t)1000, (uid_t)65534, (uid_t)-1 }) {
		res = &pw;
		EXPECT_EQ(uk_getpwuid_r(uid, &pw, buf, sizeof(buf), &res), 0)
			<< uid;
		EXPECT_EQ(res, nullptr) << uid;
		EXPECT_EQ(uk_getpwuid(uid), nullptr) << uid;
	}
}

TEST(Passwd, BufsizeCountsEveryString)
{
	struct passwd *pw = uk_getpwuid(UK_DEFAULT_UID);

	ASSERT_NE(pw, nullptr);
	EXPECT_EQ(uk_passwd_bufsize(pw), kPwSize);
}

TEST(Passwd, ErangeAtExactBoundary)
{
	struct passwd pw, *res = &pw;
	char buf[kPwSize + 1];

	EXPECT_EQ(uk_getpwnam_r(UK_DEFAULT_USER, &pw, buf, kPwSize - 1, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	EXPECT_EQ(uk_getpwuid_r(UK_DEFAULT_UID, &pw, buf, kPwSize - 1, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);

	buf[kPwSize] = '#';
	EXPECT_EQ(uk_getpwnam_r(UK_DEFAULT_USER, &pw, buf, kPwSize, &res), 0);
	EXPECT_EQ(res, &pw);
	ExpectDefault(pw);
	EXPECT_EQ(buf[kPwSize], '#');
	EXPECT_EQ(uk_getpwuid_r(UK_DEFAULT_UID, &pw, buf, kPwSize, &res), 0);
	EXPECT_EQ(res, &pw);
	ExpectDefault(pw);
	EXPECT_EQ(buf[kPwSize], '#');
}

TEST(Passwd, EmptyBufferIsErangeForAnEntry)
{
	struct passwd pw, *res = &pw;

	EXPECT_EQ(uk_getpwnam_r(UK_DEFAULT_USER, &pw, nullptr, 0, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);
}

TEST(Passwd, NullArgumentsAreEinval)
{
	struct passwd pw, *res = &pw;
	char buf[256];

	EXPECT_EQ(uk_getpwnam_r(nullptr, &pw, buf, sizeof(buf), &res), -EINVAL);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	EXPECT_EQ(
		uk_getpwnam_r(UK_DEFAULT_USER, nullptr, buf, sizeof(buf), &res),
		-EINVAL);
	EXPECT_EQ(res, nullptr);
	res = &pw;
	EXPECT_EQ(uk_getpwuid_r(UK_DEFAULT_UID, &pw, nullptr, 16, &res),
		  -EINVAL);
	EXPECT_EQ(res, nullptr);
	EXPECT_EQ(uk_getpwuid_r(UK_DEFAULT_UID, &pw, buf, sizeof(buf), nullptr),
		  -EINVAL);
	EXPECT_EQ(uk_getpwnam(nullptr), nullptr);
}

TEST(Passwd, NonReentrantLookups)
{
	struct passwd *pw = uk_getpwnam(UK_DEFAULT_USER);

	ASSERT_NE(pw, nullptr);
	ExpectDefault(*pw);
	EXPECT_EQ(uk_getpwuid(UK_DEFAULT_UID), pw);
	ExpectDefault(*pw);
	EXPECT_EQ(uk_getpwnam("nobody"), nullptr);
}

// The static copy is the caller's to scribble on: the table stays intact.
TEST(Passwd, WritingTheStaticCopyLeavesTheTable)
{
	struct passwd *pw = uk_getpwnam(UK_DEFAULT_USER);

	ASSERT_NE(pw, nullptr);
	pw->pw_name[0] = 'X';
	pw->pw_uid = 42;
	pw = uk_getpwuid(UK_DEFAULT_UID);
	ASSERT_NE(pw, nullptr);
	ExpectDefault(*pw);
}

TEST(Passwd, EnumerationAndRewind)
{
	struct passwd *pw;

	uk_setpwent();
	pw = uk_getpwent();
	ASSERT_NE(pw, nullptr);
	ExpectDefault(*pw);
	EXPECT_EQ(uk_getpwent(), nullptr);
	EXPECT_EQ(uk_getpwent(), nullptr);

	uk_setpwent();
	pw = uk_getpwent();
	ASSERT_NE(pw, nullptr);
	EXPECT_STREQ(pw->pw_name, UK_DEFAULT_USER);
	EXPECT_EQ(uk_getpwent(), nullptr);

	uk_endpwent();
	pw = uk_getpwent();
	ASSERT_NE(pw, nullptr);
	EXPECT_STREQ(pw->pw_name, UK_DEFAULT_USER);
	uk_endpwent();
}

} // namespace
