// Tests of the user/group ID calls and the supplementary group list.
#include <errno.h>

#include <gtest/gtest.h>
#include <uk/user.h>

namespace {

const uid_t kUid = UK_DEFAULT_UID;
const gid_t kGid = UK_DEFAULT_GID;
const uid_t kUidKeep = (uid_t)-1;
const gid_t kGidKeep = (gid_t)-1;
// IDs that do not exist: another user, nobody, the "unchanged" value
// where it does not mean that.
const uid_t kBadUids[] = { 1, 1000, 65534 };
const gid_t kBadGids[] = { 1, 100, 65534 };

TEST(Ids, GettersReturnDefaults)
{
	EXPECT_EQ(uk_sys_getuid(), kUid);
	EXPECT_EQ(uk_sys_geteuid(), kUid);
	EXPECT_EQ(uk_sys_getgid(), kGid);
	EXPECT_EQ(uk_sys_getegid(), kGid);
}

TEST(Ids, SetuidSetgid)
{
	EXPECT_EQ(uk_sys_setuid(kUid), 0);
	EXPECT_EQ(uk_sys_setgid(kGid), 0);
	for (uid_t u : kBadUids)
		EXPECT_EQ(uk_sys_setuid(u), -EINVAL) << u;
	for (gid_t g : kBadGids)
		EXPECT_EQ(uk_sys_setgid(g), -EINVAL) << g;
	// Linux: -1 is not "unchanged" for setuid/setgid.
	EXPECT_EQ(uk_sys_setuid(kUidKeep), -EINVAL);
	EXPECT_EQ(uk_sys_setgid(kGidKeep), -EINVAL);
	EXPECT_EQ(uk_sys_getuid(), kUid);
	EXPECT_EQ(uk_sys_getgid(), kGid);
}

TEST(Ids, SetreuidSetregid)
{
	for (uid_t r : { kUid, kUidKeep })
		for (uid_t e : { kUid, kUidKeep })
			EXPECT_EQ(uk_sys_setreuid(r, e), 0) << r << " " << e;
	for (gid_t r : { kGid, kGidKeep })
		for (gid_t e : { kGid, kGidKeep })
			EXPECT_EQ(uk_sys_setregid(r, e), 0) << r << " " << e;
	for (uid_t u : kBadUids) {
		EXPECT_EQ(uk_sys_setreuid(u, kUid), -EINVAL) << u;
		EXPECT_EQ(uk_sys_setreuid(kUid, u), -EINVAL) << u;
		EXPECT_EQ(uk_sys_setreuid(kUidKeep, u), -EINVAL) << u;
	}
	for (gid_t g : kBadGids) {
		EXPECT_EQ(uk_sys_setregid(g, kGid), -EINVAL) << g;
		EXPECT_EQ(uk_sys_setregid(kGid, g), -EINVAL) << g;
		EXPECT_EQ(uk_sys_setregid(kGidKeep, g), -EINVAL) << g;
	}
}

TEST(Ids, SetresuidSetresgid)
{
	EXPECT_EQ(uk_sys_setresuid(kUid, kUid, kUid), 0);
	EXPECT_EQ(uk_sys_setresuid(kUidKeep, kUidKeep, kUidKeep), 0);
	EXPECT_EQ(uk_sys_setresuid(kUidKeep, kUid, kUidKeep), 0);
	EXPECT_EQ(uk_sys_setresgid(kGid, kGid, kGid), 0);
	EXPECT_EQ(uk_sys_setresgid(kGidKeep, kGidKeep, kGidKeep), 0);
	EXPECT_EQ(uk_sys_setresgid(kGid, kGidKeep, kGid), 0);
	// One bad ID in any position rejects the call.
	for (uid_t u : kBadUids) {
		EXPECT_EQ(uk_sys_setresuid(u, kUid, kUid), -EINVAL) << u;
		EXPECT_EQ(uk_sys_setresuid(kUid, u, kUid), -EINVAL) << u;
		EXPECT_EQ(uk_sys_setresuid(kUid, kUid, u), -EINVAL) << u;
	}
	for (gid_t g : kBadGids) {
		EXPECT_EQ(uk_sys_setresgid(g, kGid, kGid), -EINVAL) << g;
		EXPECT_EQ(uk_sys_setresgid(kGid, g, kGid), -EINVAL) << g;
		EXPECT_EQ(uk_sys_setresgid(kGid, kGid, g), -EINVAL) << g;
	}
}

TEST(Ids, GetresuidGetresgid)
{
	uid_t r = 7, e = 7, s = 7;
	gid_t rg = 7, eg = 7, sg = 7;

	EXPECT_EQ(uk_sys_getresuid(&r, &e, &s), 0);
	EXPECT_EQ(r, kUid);
	EXPECT_EQ(e, kUid);
	EXPECT_EQ(s, kUid);
	EXPECT_EQ(uk_sys_getresgid(&rg, &eg, &sg), 0);
	EXPECT_EQ(rg, kGid);
	EXPECT_EQ(eg, kGid);
	EXPECT_EQ(sg, kGid);
	EXPECT_EQ(uk_sys_getresuid(nullptr, &e, &s), -EFAULT);
	EXPECT_EQ(uk_sys_getresuid(&r, nullptr, &s), -EFAULT);
	EXPECT_EQ(uk_sys_getresuid(&r, &e, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_getresgid(nullptr, &eg, &sg), -EFAULT);
	EXPECT_EQ(uk_sys_getresgid(&rg, nullptr, &sg), -EFAULT);
	EXPECT_EQ(uk_sys_getresgid(&rg, &eg, nullptr), -EFAULT);
}

TEST(Ids, SetfsidReturnsThePreviousIdWhichNeverChanges)
{
	EXPECT_EQ(uk_sys_setfsuid(kUid), kUid);
	EXPECT_EQ(uk_sys_setfsuid(1000), kUid);
	EXPECT_EQ(uk_sys_setfsuid(kUid), kUid);
	EXPECT_EQ(uk_sys_setfsgid(kGid), kGid);
	EXPECT_EQ(uk_sys_setfsgid(100), kGid);
	EXPECT_EQ(uk_sys_setfsgid(kGid), kGid);
}

TEST(Groups, InitiallyTheDefaultGroup)
{
	gid_t list[3] = { 7, 7, 7 };

	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 1);
	EXPECT_EQ(uk_sys_getgroups(3, list), 1);
	EXPECT_EQ(list[0], kGid);
	EXPECT_EQ(list[1], 7u);
	EXPECT_EQ(uk_sys_getgroups(-1, list), -EINVAL);
	EXPECT_EQ(uk_sys_getgroups(1, nullptr), -EFAULT);
}

TEST(Groups, SetgroupsAcceptsOnlyTheDefaultGroup)
{
	const gid_t two[] = { kGid, kGid };
	const gid_t bad[] = { 100 };
	const gid_t mixed[] = { kGid, 100 };
	gid_t list[2] = { 7, 7 };

	// Emptied, then set again: duplicates collapse.
	EXPECT_EQ(uk_sys_setgroups(0, nullptr), 0);
	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 0);
	EXPECT_EQ(uk_sys_getgroups(2, list), 0);
	EXPECT_EQ(list[0], 7u);
	EXPECT_EQ(uk_sys_setgroups(2, two), 0);
	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 1);

	// Rejected calls leave the list as it was, empty or not.
	EXPECT_EQ(uk_sys_setgroups(1, bad), -EINVAL);
	EXPECT_EQ(uk_sys_setgroups(2, mixed), -EINVAL);
	EXPECT_EQ(uk_sys_setgroups(-1, two), -EINVAL);
	EXPECT_EQ(uk_sys_setgroups(UK_NGROUPS_MAX + 1, two), -EINVAL);
	EXPECT_EQ(uk_sys_setgroups(1, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_getgroups(2, list), 1);
	EXPECT_EQ(list[0], kGid);

	EXPECT_EQ(uk_sys_setgroups(0, nullptr), 0);
	EXPECT_EQ(uk_sys_setgroups(1, bad), -EINVAL);
	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 0);
	EXPECT_EQ(uk_sys_setgroups(1, two), 0);
	EXPECT_EQ(uk_sys_getgroups(0, nullptr), 1);
}

} // namespace
