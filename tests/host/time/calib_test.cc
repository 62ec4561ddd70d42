// The TSC measured against a simulated PIT channel 2 (mode 2, 0xffff
// counts a period at 1,193,182 Hz) sampled every few microseconds, with
// stalls of the vCPU between samples as QEMU TCG shows on a loaded host.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

extern "C" {
#include <x86/calib.h>
}

namespace {

constexpr uint64_t kPitHz = 1193182;
constexpr uint32_t kPeriod = 0xffff;
constexpr uint64_t kTscMin = 100000000; // X86_TSC_HZ_MIN
constexpr uint64_t kWant = kPitHz / 1000 * 2; // 2 ms, as pit.c asks

// The PIT's count at time ns (mode 2: period..1, starting at period).
uint32_t PitCount(double ns)
{
	uint64_t ticks = (uint64_t)(ns * kPitHz / 1e9);
	return kPeriod - (uint32_t)(ticks % kPeriod);
}

// Feeds samples every step_ns until the measurement has its 2 ms; a
// stall of stalls[i] ns follows the sample numbered at[i]. Returns hz.
uint64_t Measure(double tsc_hz, double step_ns, std::vector<int> at,
		 std::vector<double> stalls, unsigned *stalls_seen)
{
	struct x86_calib c;
	double ns = 12345.0;
	size_t k = 0;

	x86_calib_init(&c, kPitHz, kPeriod, kTscMin / 40);
	for (int i = 0; c.ref_sum < kWant && i < 100000; i++) {
		x86_calib_add(&c, PitCount(ns), (uint64_t)(ns * tsc_hz / 1e9));
		ns += step_ns;
		if (k < at.size() && at[k] == i)
			ns += stalls[k++];
	}
	*stalls_seen = c.stalls;
	return x86_calib_hz(&c);
}

double RelErr(uint64_t got, double want)
{
	return std::fabs((double)got - want) / want;
}

TEST(CalibTest, MeasuresWithoutStalls)
{
	unsigned stalls;

	EXPECT_LT(RelErr(Measure(2.5e9, 3000, {}, {}, &stalls), 2.5e9),
		  1e-3);
	EXPECT_EQ(stalls, 0u);
	EXPECT_LT(RelErr(Measure(1e8, 3000, {}, {}, &stalls), 1e8), 1e-3);
	EXPECT_LT(RelErr(Measure(1e10, 500, {}, {}, &stalls), 1e10), 1e-3);
}

// A stall longer than the PIT's period (60 ms, 100 ms) made the old
// measurement (one difference from first to last sample, modulo 2^16)
// 11.7x and 2.2x too fast: no timer, or a clock running 2.2x slow.
TEST(CalibTest, StallsLongerThanThePitPeriodAreLeftOut)
{
	unsigned stalls;

	for (double stall : { 60e6, 100e6, 55.1e6, 1.5e9 }) {
		uint64_t hz = Measure(2.5e9, 3000, { 50 }, { stall }, &stalls);
		EXPECT_LT(RelErr(hz, 2.5e9), 2e-3) << stall;
		EXPECT_EQ(stalls, 1u) << stall;
	}
}

TEST(CalibTest, ManyStallsOfAnyLength)
{
	unsigned stalls;
	uint64_t hz = Measure(3.1e9, 4000, { 10, 20, 30, 200, 400 },
			      { 20e6, 56e6, 300e6, 5e6, 110e6 }, &stalls);

	EXPECT_LT(RelErr(hz, 3.1e9), 2e-3);
	EXPECT_EQ(stalls, 5u);
}

TEST(CalibTest, CountsAcrossTheReload)
{
	struct x86_calib c;

	x86_calib_init(&c, kPitHz, kPeriod, 1000);
	x86_calib_add(&c, 2, 0);
	x86_calib_add(&c, kPeriod - 1, 100); // 2, 1, reload, period, period-1
	EXPECT_EQ(c.ref_sum, 3u);
	EXPECT_EQ(c.tsc_sum, 100u);
}

TEST(CalibTest, NothingCountedGivesZero)
{
	struct x86_calib c;

	x86_calib_init(&c, kPitHz, kPeriod, 10);
	EXPECT_EQ(x86_calib_hz(&c), 0u);
	x86_calib_add(&c, 100, 0);
	x86_calib_add(&c, 90, 1000); // a stall: left out
	EXPECT_EQ(x86_calib_hz(&c), 0u);
	EXPECT_EQ(c.stalls, 1u);
}

} // namespace
