// The struct timespec helpers of <uk/posix_clock.h> that every timed
// system call uses: the check (Linux's EINVAL cases), the conversion to
// nanoseconds and its saturation, and the way back.
#include <limits.h>
#include <stdint.h>
#include <time.h>

#include <gtest/gtest.h>

extern "C" {
#include <uk/posix_clock.h>
}

namespace {

struct timespec ts(time_t sec, long nsec)
{
	struct timespec t = {};

	t.tv_sec = sec;
	t.tv_nsec = nsec;
	return t;
}

TEST(PosixTimespec, ValidRange)
{
	struct timespec zero = ts(0, 0);
	struct timespec top = ts(0, 999999999);
	struct timespec big = ts(INT64_MAX, 999999999);

	EXPECT_TRUE(posix_timespec_valid(&zero));
	EXPECT_TRUE(posix_timespec_valid(&top));
	EXPECT_TRUE(posix_timespec_valid(&big));
}

TEST(PosixTimespec, InvalidIsRejected)
{
	struct timespec neg_sec = ts(-1, 0);
	struct timespec neg_nsec = ts(0, -1);
	struct timespec one_sec = ts(0, 1000000000);
	struct timespec huge_nsec = ts(1, LONG_MAX);
	struct timespec min_sec = ts(INT64_MIN, 0);

	EXPECT_FALSE(posix_timespec_valid(&neg_sec));
	EXPECT_FALSE(posix_timespec_valid(&neg_nsec));
	EXPECT_FALSE(posix_timespec_valid(&one_sec));
	EXPECT_FALSE(posix_timespec_valid(&huge_nsec));
	EXPECT_FALSE(posix_timespec_valid(&min_sec));
}

TEST(PosixTimespec, ToNanoseconds)
{
	struct timespec zero = ts(0, 0);
	struct timespec top = ts(0, 999999999);
	struct timespec mixed = ts(3, 250);
	struct timespec year = ts(365LL * 86400, 1);

	EXPECT_EQ(posix_timespec_ns(&zero), 0);
	EXPECT_EQ(posix_timespec_ns(&top), 999999999);
	EXPECT_EQ(posix_timespec_ns(&mixed), 3000000250);
	EXPECT_EQ(posix_timespec_ns(&year), 31536000000000001);
}

// INT64_MAX ns is 9223372036 s and 854775807 ns: the last time that fits.
TEST(PosixTimespec, ToNanosecondsSaturates)
{
	struct timespec last = ts(9223372036, 854775807);
	struct timespec next = ts(9223372036, 854775808);
	struct timespec sec_over = ts(9223372037, 0);
	struct timespec wraps_u64 = ts(18446744074, 0);
	struct timespec max = ts(INT64_MAX, 999999999);

	EXPECT_EQ(posix_timespec_ns(&last), INT64_MAX);
	EXPECT_EQ(posix_timespec_ns(&next), INT64_MAX);
	EXPECT_EQ(posix_timespec_ns(&sec_over), INT64_MAX);
	EXPECT_EQ(posix_timespec_ns(&wraps_u64), INT64_MAX);
	EXPECT_EQ(posix_timespec_ns(&max), INT64_MAX);
}

TEST(PosixTimespec, FromNanoseconds)
{
	struct timespec t = posix_ns_timespec(0);

	EXPECT_EQ(t.tv_sec, 0);
	EXPECT_EQ(t.tv_nsec, 0);
	t = posix_ns_timespec(999999999);
	EXPECT_EQ(t.tv_sec, 0);
	EXPECT_EQ(t.tv_nsec, 999999999);
	t = posix_ns_timespec(1000000000);
	EXPECT_EQ(t.tv_sec, 1);
	EXPECT_EQ(t.tv_nsec, 0);
	t = posix_ns_timespec(UINT64_MAX);
	EXPECT_EQ(t.tv_sec, 18446744073);
	EXPECT_EQ(t.tv_nsec, 709551615);
}

TEST(PosixTimespec, RoundTrip)
{
	struct timespec in = ts(1234567890, 123456789);
	struct timespec out = posix_ns_timespec((__nsec)posix_timespec_ns(&in));

	EXPECT_EQ(out.tv_sec, in.tv_sec);
	EXPECT_EQ(out.tv_nsec, in.tv_nsec);
}

} // namespace
