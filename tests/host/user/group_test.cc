// Tests of the group functions: lookups, the member array in the caller's
// buffer, sizes, enumeration, group lists and initgroups.
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <gtest/gtest.h>
#include <uk/user.h>

namespace {

// Default group, aligned buffer: gr_mem = { UK_DEFAULT_USER, NULL }, then
// the name, the password and the member name, each with its NUL.
const size_t kStrings = sizeof(UK_DEFAULT_GROUP) + sizeof(UK_DEFAULT_PASSWD) +
			sizeof(UK_DEFAULT_USER);
const size_t kGrSize = 2 * sizeof(char *) + kStrings;

bool InBuf(const void *p, size_t n, const char *buf, size_t len)
{
	const char *c = static_cast<const char *>(p);

	return c >= buf && c + n <= buf + len;
}

void ExpectDefault(const struct group &gr)
{
	EXPECT_STREQ(gr.gr_name, UK_DEFAULT_GROUP);
	EXPECT_STREQ(gr.gr_passwd, UK_DEFAULT_PASSWD);
	EXPECT_EQ(gr.gr_gid, (gid_t)UK_DEFAULT_GID);
	ASSERT_NE(gr.gr_mem, nullptr);
	EXPECT_EQ((uintptr_t)gr.gr_mem % alignof(char *), 0u);
	ASSERT_NE(gr.gr_mem[0], nullptr);
	EXPECT_STREQ(gr.gr_mem[0], UK_DEFAULT_USER);
	EXPECT_EQ(gr.gr_mem[1], nullptr);
}

// Everything the entry points to lies in buf[0..len): nothing overlaps
// the member array, which was the getgrnam_r bug.
void ExpectInBuf(const struct group &gr, const char *buf, size_t len)
{
	EXPECT_TRUE(InBuf(gr.gr_mem, 2 * sizeof(char *), buf, len));
	for (const char *s : { gr.gr_name, gr.gr_passwd, gr.gr_mem[0] }) {
		EXPECT_TRUE(InBuf(s, strlen(s) + 1, buf, len));
		EXPECT_FALSE(s < (const char *)(gr.gr_mem + 2) &&
			     s + strlen(s) >= (const char *)gr.gr_mem);
	}
}

TEST(Group, GetgrnamRFindsDefaultGroup)
{
	alignas(char *) char buf[256];
	struct group gr, *res = nullptr;

	ASSERT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, sizeof(buf), &res),
		  0);
	ASSERT_EQ(res, &gr);
	ExpectDefault(gr);
	ExpectInBuf(gr, buf, sizeof(buf));
}

TEST(Group, GetgrgidRFindsDefaultGroup)
{
	alignas(char *) char buf[256];
	struct group gr, *res = nullptr;

	ASSERT_EQ(uk_getgrgid_r(UK_DEFAULT_GID, &gr, buf, sizeof(buf), &res),
		  0);
	ASSERT_EQ(res, &gr);
	ExpectDefault(gr);
	ExpectInBuf(gr, buf, sizeof(buf));
}

TEST(Group, UnknownGroupIsNotAnError)
{
	alignas(char *) char buf[256];
	struct group gr, *res;

	for (const char *name : { "nogroup", "", "roo", "rootx" }) {
		res = &gr;
		EXPECT_EQ(uk_getgrnam_r(name, &gr, buf, sizeof(buf), &res), 0);
		EXPECT_EQ(res, nullptr) << name;
		EXPECT_EQ(uk_getgrnam(name), nullptr) << name;
	}
	for (gid_t gid : { (gid_t)1, (gid_t)100, (gid_t)65534, (gid_t)-1 }) {
		res = &gr;
		EXPECT_EQ(uk_getgrgid_r(gid, &gr, buf, sizeof(buf), &res), 0);
		EXPECT_EQ(res, nullptr) << gid;
		EXPECT_EQ(uk_getgrgid(gid), nullptr) << gid;
	}
}

TEST(Group, BufsizeCountsMemberArrayAndStrings)
{
	alignas(char *) char buf[8];
	struct group *gr = uk_getgrgid(UK_DEFAULT_GID);

	ASSERT_NE(gr, nullptr);
	EXPECT_EQ(uk_group_bufsize(gr, buf), kGrSize);
	for (size_t off = 1; off < alignof(char *); off++)
		EXPECT_EQ(uk_group_bufsize(gr, buf + off),
			  kGrSize + alignof(char *) - off)
			<< off;
}

TEST(Group, ErangeAtExactBoundary)
{
	alignas(char *) char buf[kGrSize + 1];
	struct group gr, *res = &gr;

	EXPECT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, kGrSize - 1, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);
	res = &gr;
	EXPECT_EQ(uk_getgrgid_r(UK_DEFAULT_GID, &gr, buf, kGrSize - 1, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);

	buf[kGrSize] = '#';
	EXPECT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, kGrSize, &res), 0);
	EXPECT_EQ(res, &gr);
	ExpectDefault(gr);
	ExpectInBuf(gr, buf, kGrSize);
	EXPECT_EQ(buf[kGrSize], '#');
	EXPECT_EQ(uk_getgrgid_r(UK_DEFAULT_GID, &gr, buf, kGrSize, &res), 0);
	EXPECT_EQ(res, &gr);
	ExpectDefault(gr);
	EXPECT_EQ(buf[kGrSize], '#');
}

// The bug the release notes fix: room for the strings alone is not enough,
// the NULL-terminated member pointer array needs its own.
TEST(Group, RoomForStringsOnlyIsErange)
{
	alignas(char *) char buf[kGrSize];
	struct group gr, *res = &gr;

	EXPECT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, kStrings, &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);
	// The member array without its NULL terminator is not enough either.
	res = &gr;
	EXPECT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf,
				kStrings + sizeof(char *), &res),
		  -ERANGE);
	EXPECT_EQ(res, nullptr);
}

// A misaligned buffer: the member array starts at the next aligned byte,
// and the padding counts toward the size.
TEST(Group, MisalignedBufferIsPadded)
{
	alignas(char *) char storage[kGrSize + 2 * alignof(char *)];
	struct group gr, *res;

	for (size_t off = 1; off < alignof(char *); off++) {
		char *buf = storage + off;
		size_t need = kGrSize + alignof(char *) - off;

		res = &gr;
		EXPECT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, need - 1,
					&res),
			  -ERANGE)
			<< off;
		EXPECT_EQ(res, nullptr);
		storage[off + need] = '#';
		ASSERT_EQ(uk_getgrnam_r(UK_DEFAULT_GROUP, &gr, buf, need, &res),
			  0)
			<< off;
		EXPECT_EQ(res, &gr);
		ExpectDefault(gr);
		ExpectInBuf(gr, buf, need);
		EXPECT_EQ(storage[off + need], '#');
	}
}

TEST(Group, NullArgumentsAreEinval)
{
	alignas(char *) char buf[256];
	struct group gr, *res = &gr;

	EXPECT_EQ(uk_getgrnam_r(nullptr, &gr, buf, sizeof(buf), &res), -EINVAL);
	EXPECT_EQ(res, nullptr);
	res = &gr;
	EXPECT_EQ(
		uk_getgrgid_r(UK_DEFAULT_GID, nullptr, buf, sizeof(buf), &res),
		-EINVAL);
	EXPECT_EQ(res, nullptr);
	res = &gr;
	EXPECT_EQ(uk_getgrgid_r(UK_DEFAULT_GID, &gr, nullptr, 64, &res),
		  -EINVAL);
	EXPECT_EQ(res, nullptr);
	EXPECT_EQ(uk_getgrgid_r(UK_DEFAULT_GID, &gr, buf, sizeof(buf), nullptr),
		  -EINVAL);
	EXPECT_EQ(uk_getgrnam(nullptr), nullptr);
}

TEST(Group, NonReentrantLookups)
{
	struct group *gr = uk_getgrnam(UK_DEFAULT_GROUP);

	ASSERT_NE(gr, nullptr);
	ExpectDefault(*gr);
	gr->gr_mem[0][0] = 'X';
	gr->gr_mem[0] = nullptr;
	EXPECT_EQ(uk_getgrgid(UK_DEFAULT_GID), gr);
	ExpectDefault(*gr);
}

TEST(Group, EnumerationAndRewind)
{
	struct group *gr;

	uk_setgrent();
	gr = uk_getgrent();
	ASSERT_NE(gr, nullptr);
	ExpectDefault(*gr);
	EXPECT_EQ(uk_getgrent(), nullptr);
	EXPECT_EQ(uk_getgrent(), nullptr);

	uk_setgrent();
	gr = uk_getgrent();
	ASSERT_NE(gr, nullptr);
	EXPECT_STREQ(gr->gr_name, UK_DEFAULT_GROUP);
	EXPECT_EQ(uk_getgrent(), nullptr);

	uk_endgrent();
	gr = uk_getgrent();
	ASSERT_NE(gr, nullptr);
	EXPECT_STREQ(gr->gr_name, UK_DEFAULT_GROUP);
	uk_endgrent();
}

TEST(Grouplist, DefaultUserHasDefaultGroupOnce)
{
	gid_t groups[4] = { 7, 7, 7, 7 };
	int n = 4;

	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, UK_DEFAULT_GID, groups, &n),
		  1);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(groups[0], (gid_t)UK_DEFAULT_GID);
	EXPECT_EQ(groups[1], 7u);
}

TEST(Grouplist, ExactSizeSucceeds)
{
	gid_t groups[1] = { 7 };
	int n = 1;

	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, UK_DEFAULT_GID, groups, &n),
		  1);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(groups[0], (gid_t)UK_DEFAULT_GID);
}

TEST(Grouplist, EmptyArrayReportsTheCount)
{
	int n = 0;

	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, UK_DEFAULT_GID, nullptr, &n),
		  -ERANGE);
	EXPECT_EQ(n, 1);
}

// The group passed in comes first, then the groups listing the user.
TEST(Grouplist, OtherPrimaryGroupAndSmallArray)
{
	gid_t groups[3] = { 7, 7, 7 };
	int n = 1;

	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, 100, groups, &n), -ERANGE);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(groups[0], 100u);
	EXPECT_EQ(groups[1], 7u);

	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, 100, groups, &n), 2);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(groups[0], 100u);
	EXPECT_EQ(groups[1], (gid_t)UK_DEFAULT_GID);
	EXPECT_EQ(groups[2], 7u);
}

TEST(Grouplist, UnknownUserGetsOnlyTheGroupPassed)
{
	gid_t groups[2] = { 7, 7 };
	int n = 2;

	EXPECT_EQ(uk_getgrouplist("nobody", 5, groups, &n), 1);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(groups[0], 5u);
	EXPECT_EQ(groups[1], 7u);
}

TEST(Grouplist, BadArgumentsAreEinval)
{
	gid_t groups[2];
	int n = 2;

	EXPECT_EQ(uk_getgrouplist(nullptr, 0, groups, &n), -EINVAL);
	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, 0, groups, nullptr),
		  -EINVAL);
	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, 0, nullptr, &n), -EINVAL);
	n = -1;
	EXPECT_EQ(uk_getgrouplist(UK_DEFAULT_USER, 0, groups, &n), -EINVAL);
	EXPECT_EQ(n, -1);
}

TEST(Initgroups, AcceptsOnlyValidGroups)
{
	gid_t list[2];

	EXPECT_EQ(uk_initgroups(UK_DEFAULT_USER, UK_DEFAULT_GID), 0);
	EXPECT_EQ(uk_sys_getgroups(2, list), 1);
	EXPECT_EQ(list[0], (gid_t)UK_DEFAULT_GID);
	EXPECT_EQ(uk_initgroups("nobody", UK_DEFAULT_GID), 0);
	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 1);

	// Group 100 does not exist: rejected, the list stays.
	EXPECT_EQ(uk_initgroups(UK_DEFAULT_USER, 100), -EINVAL);
	EXPECT_EQ(uk_initgroups("nobody", 100), -EINVAL);
	EXPECT_EQ(uk_sys_getgroups(2, list), 1);
	EXPECT_EQ(list[0], (gid_t)UK_DEFAULT_GID);
	EXPECT_EQ(uk_initgroups(nullptr, UK_DEFAULT_GID), -EINVAL);
}

} // namespace
