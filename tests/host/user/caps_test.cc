// Tests of capget/capset: versions, pids, and Linux's rules for changes.
#include <errno.h>

#include <gtest/gtest.h>
#include <uk/caps.h>

namespace {

// Capabilities 0..40: all 32 of element 0, 9 of element 1.
const uint32_t kLow = 0xffffffffu;
const uint32_t kHigh = (1u << (UK_CAP_LAST_CAP - 31)) - 1;
const uint32_t kSetpcap = 1u << UK_CAP_SETPCAP;
const uint32_t kCanary = 0x5a5a5a5au;

struct uk_cap_header Hdr(uint32_t version, int pid = 0)
{
	struct uk_cap_header h = { version, pid };
	return h;
}

void Get(struct uk_cap_data d[2])
{
	struct uk_cap_header h = Hdr(UK_CAP_VERSION_3);

	ASSERT_EQ(uk_sys_capget(&h, d), 0);
}

TEST(Capget, RootHasEveryCapability)
{
	for (uint32_t v : { UK_CAP_VERSION_2, UK_CAP_VERSION_3 }) {
		struct uk_cap_header h = Hdr(v);
		struct uk_cap_data d[2];

		ASSERT_EQ(uk_sys_capget(&h, d), 0);
		EXPECT_EQ(d[0].effective, kLow);
		EXPECT_EQ(d[0].permitted, kLow);
		EXPECT_EQ(d[0].inheritable, 0u);
		EXPECT_EQ(d[1].effective, kHigh);
		EXPECT_EQ(d[1].permitted, kHigh);
		EXPECT_EQ(d[1].inheritable, 0u);
	}
	EXPECT_EQ(kHigh, 0x1ffu);
}

TEST(Capget, Version1FillsOneElement)
{
	struct uk_cap_header h = Hdr(UK_CAP_VERSION_1);
	struct uk_cap_data d[2] = { { 0, 0, 0 },
				    { kCanary, kCanary, kCanary } };

	ASSERT_EQ(uk_sys_capget(&h, d), 0);
	EXPECT_EQ(d[0].effective, kLow);
	EXPECT_EQ(d[1].effective, kCanary);
	EXPECT_EQ(d[1].permitted, kCanary);
	EXPECT_EQ(d[1].inheritable, kCanary);
}

TEST(Capget, UnknownVersionIsEinvalAndReportsV3)
{
	struct uk_cap_header h = Hdr(0x12345678);
	struct uk_cap_data d[2];

	EXPECT_EQ(uk_sys_capget(&h, d), -EINVAL);
	EXPECT_EQ(h.version, (uint32_t)UK_CAP_VERSION_3);
	// A probe with no data succeeds and reports the version.
	h = Hdr(0);
	EXPECT_EQ(uk_sys_capget(&h, nullptr), 0);
	EXPECT_EQ(h.version, (uint32_t)UK_CAP_VERSION_3);
	h = Hdr(UK_CAP_VERSION_1);
	EXPECT_EQ(uk_sys_capget(&h, nullptr), 0);
	EXPECT_EQ(h.version, (uint32_t)UK_CAP_VERSION_1);
}

TEST(Capget, Pids)
{
	struct uk_cap_data d[2];
	struct uk_cap_header h = Hdr(UK_CAP_VERSION_3, UK_CAPS_SELF_PID);

	EXPECT_EQ(uk_sys_capget(&h, d), 0);
	h = Hdr(UK_CAP_VERSION_3, -1);
	EXPECT_EQ(uk_sys_capget(&h, d), -EINVAL);
	h = Hdr(UK_CAP_VERSION_3, UK_CAPS_SELF_PID + 1);
	EXPECT_EQ(uk_sys_capget(&h, d), -ESRCH);
	EXPECT_EQ(uk_sys_capget(nullptr, d), -EFAULT);
}

TEST(Capset, BadArgumentsChangeNothing)
{
	struct uk_cap_data none[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	struct uk_cap_data d[2];
	struct uk_cap_header h = Hdr(0x12345678);

	EXPECT_EQ(uk_sys_capset(&h, none), -EINVAL);
	EXPECT_EQ(h.version, (uint32_t)UK_CAP_VERSION_3);
	h = Hdr(UK_CAP_VERSION_3, UK_CAPS_SELF_PID + 1);
	EXPECT_EQ(uk_sys_capset(&h, none), -EPERM);
	h = Hdr(UK_CAP_VERSION_3, -1);
	EXPECT_EQ(uk_sys_capset(&h, none), -EPERM);
	h = Hdr(UK_CAP_VERSION_3);
	EXPECT_EQ(uk_sys_capset(&h, nullptr), -EFAULT);
	EXPECT_EQ(uk_sys_capset(nullptr, none), -EFAULT);
	Get(d);
	EXPECT_EQ(d[0].permitted, kLow);
	EXPECT_EQ(d[1].permitted, kHigh);
}

// Capabilities can be dropped, never regained: one test, in order.
TEST(Capset, LinuxRules)
{
	struct uk_cap_header h = Hdr(UK_CAP_VERSION_3);
	struct uk_cap_data d[2];

	// Setting the current sets; bits above the last capability ignored.
	struct uk_cap_data same[2] = { { kLow, kLow, 0 },
				       { kHigh, 0xffffffffu, 0 } };
	EXPECT_EQ(uk_sys_capset(&h, same), 0);
	Get(d);
	EXPECT_EQ(d[1].permitted, kHigh);

	// Effective must stay within permitted.
	struct uk_cap_data wide[2] = { { kLow, kLow & ~1u, 0 },
				       { kHigh, kHigh, 0 } };
	EXPECT_EQ(uk_sys_capset(&h, wide), -EPERM);
	Get(d);
	EXPECT_EQ(d[0].permitted, kLow);

	// Drop capability 0 from effective, then take it back: permitted.
	struct uk_cap_data noeff0[2] = { { kLow & ~1u, kLow, 0 },
					 { kHigh, kHigh, 0 } };
	EXPECT_EQ(uk_sys_capset(&h, noeff0), 0);
	Get(d);
	EXPECT_EQ(d[0].effective, kLow & ~1u);
	EXPECT_EQ(uk_sys_capset(&h, same), 0);
	Get(d);
	EXPECT_EQ(d[0].effective, kLow);

	// With CAP_SETPCAP effective, any inheritable set is allowed.
	struct uk_cap_data inh[2] = { { kLow, kLow, kLow },
				      { kHigh, kHigh, 1 } };
	EXPECT_EQ(uk_sys_capset(&h, inh), 0);
	Get(d);
	EXPECT_EQ(d[0].inheritable, kLow);
	EXPECT_EQ(d[1].inheritable, 1u);

	// Drop capability 33 from permitted: it cannot come back.
	struct uk_cap_data no33[2] = { { kLow, kLow, 0 },
				       { kHigh & ~2u, kHigh & ~2u, 0 } };
	EXPECT_EQ(uk_sys_capset(&h, no33), 0);
	EXPECT_EQ(uk_sys_capset(&h, same), -EPERM);
	Get(d);
	EXPECT_EQ(d[1].permitted, kHigh & ~2u);
	EXPECT_EQ(d[1].effective, kHigh & ~2u);

	// Without CAP_SETPCAP, inheritable stays within inheritable|permitted:
	// 33 is in neither now.
	struct uk_cap_data nopcap[2] = { { kLow & ~kSetpcap, kLow, 0 },
					 { kHigh & ~2u, kHigh & ~2u, 0 } };
	EXPECT_EQ(uk_sys_capset(&h, nopcap), 0);
	struct uk_cap_data inh33[2] = { { kLow & ~kSetpcap, kLow, 0 },
					{ kHigh & ~2u, kHigh & ~2u, 2u } };
	EXPECT_EQ(uk_sys_capset(&h, inh33), -EPERM);
	struct uk_cap_data inh34[2] = { { kLow & ~kSetpcap, kLow, 0 },
					{ kHigh & ~2u, kHigh & ~2u, 4u } };
	EXPECT_EQ(uk_sys_capset(&h, inh34), 0);
	Get(d);
	EXPECT_EQ(d[1].inheritable, 4u);
	EXPECT_EQ(d[0].effective, kLow & ~kSetpcap);

	// Version 1 sets capabilities 0..31 and clears the others.
	struct uk_cap_header h1 = Hdr(UK_CAP_VERSION_1, UK_CAPS_SELF_PID);
	struct uk_cap_data v1[1] = { { kLow, kLow, 0 } };
	EXPECT_EQ(uk_sys_capset(&h1, v1), 0);
	Get(d);
	EXPECT_EQ(d[0].effective, kLow);
	EXPECT_EQ(d[0].permitted, kLow);
	EXPECT_EQ(d[1].effective, 0u);
	EXPECT_EQ(d[1].permitted, 0u);
	EXPECT_EQ(d[1].inheritable, 0u);
}

} // namespace
