// x86_rtc_edge_ns and x86_rtc_host_time_parse against QEMU's CMOS clock
// model: started at host time t0 with count floor(t0), counting from t0.
#include <cerrno>
#include <cstdint>

#include <gtest/gtest.h>

extern "C" {
#include <x86/rtc_phase.h>
}

namespace {

constexpr int64_t kSec = 1000000000;
constexpr int64_t kBase = 1796534400LL * kSec;

// The CMOS count at host time t for a clock that QEMU created at t0.
int64_t Cmos(int64_t t0, int64_t t)
{
	return t0 / kSec + (t - t0) / kSec;
}

// QEMU creates the clock at t0 and opens the launcher's FIFO after ns
// later; the guest's monotonic clock starts zero ns after t0. The guest
// sees the count change at the first edge after its zero and reads it
// late ns after the edge. Returns the estimate of the edge's time minus
// the edge's host time.
int64_t Error(int64_t t0, int64_t after, int64_t zero, int64_t late = 0)
{
	int64_t edge = t0 + ((zero + kSec - 1) / kSec) * kSec;
	int64_t mono = edge + late - (t0 + zero);
	int64_t value = Cmos(t0, edge + late);

	EXPECT_EQ(value, Cmos(t0, edge));
	return x86_rtc_edge_ns(value, mono, t0 + after) - edge;
}

TEST(RtcPhase, ExactWhenTheTimeIsTakenAtTheClocksStart)
{
	EXPECT_EQ(Error(kBase + 250000000, 0, 300000000), 0);
	EXPECT_EQ(Error(kBase, 0, 300000000), 0);
}

TEST(RtcPhase, AheadByTheFifosDelayAtMost)
{
	const int64_t fractions[] = { 0,	 1,	    100000000,
				      500000000, 899999999, 950000000,
				      999999999 };
	const int64_t afters[] = { 0, 1, 20000000, 80000000, 300000000 };
	// The monotonic clock starts less than a second after QEMU creates
	// the clock (the function's premise), later than the read's delay.
	const int64_t zeros[] = { 10000000, 200000000, 700000000, 999000000 };

	for (int64_t f : fractions)
		for (int64_t a : afters)
			for (int64_t z : zeros)
				for (int64_t late : { 0, 2000000 }) {
					int64_t e =
						Error(kBase + f, a, z, late);

					EXPECT_GE(e, 0) << f << " " << a << " "
							<< z << " " << late;
					EXPECT_LE(e, a) << f << " " << a << " "
							<< z << " " << late;
				}
}

// The launcher's time falls in the second after the clock's start: the
// estimate takes the start as the end of the second before.
TEST(RtcPhase, ClockStartedInTheSecondBefore)
{
	EXPECT_EQ(Error(kBase + 990000000, 30000000, 400000000), 10000000);
	EXPECT_EQ(Error(kBase + 999999999, 1, 400000000), 1);
}

// Past the premise (the guest's clock starting a second or more after
// QEMU created the CMOS clock) the estimate may be a second ahead.
TEST(RtcPhase, LateMonotonicZeroIsWithinASecond)
{
	for (int64_t f = 0; f < kSec; f += 50000000) {
		int64_t e = Error(kBase + f, 20000000, 1500000000);

		EXPECT_GE(e, 0) << f;
		EXPECT_LT(e, kSec + 20000000) << f;
	}
}

TEST(RtcPhase, ParsesTheLaunchersText)
{
	int64_t ns = 0;

	EXPECT_EQ(x86_rtc_host_time_parse("1796534400123456000", 19, &ns), 0);
	EXPECT_EQ(ns, 1796534400123456000LL);
	EXPECT_EQ(x86_rtc_host_time_parse("42\n\0", 4, &ns), 0);
	EXPECT_EQ(ns, 42);
	EXPECT_EQ(x86_rtc_host_time_parse("", 0, &ns), -EINVAL);
	EXPECT_EQ(x86_rtc_host_time_parse("\n", 1, &ns), -EINVAL);
	EXPECT_EQ(x86_rtc_host_time_parse("12a4", 4, &ns), -EINVAL);
	EXPECT_EQ(x86_rtc_host_time_parse("-5", 2, &ns), -EINVAL);
	// INT64_MAX + 1.
	EXPECT_EQ(x86_rtc_host_time_parse("9223372036854775808", 19, &ns),
		  -EINVAL);
	EXPECT_EQ(x86_rtc_host_time_parse("9223372036854775807", 19, &ns), 0);
	EXPECT_EQ(ns, INT64_MAX);
}

} // namespace
