// ukplat_virtio_mmio_parse(): the kernel command line's
// "virtio_mmio.device=SIZE@BASE:IRQ[:ID]" values (//plat/common).
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>

extern "C" {
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>
}

namespace {

TEST(VirtioMmioParse, SizeAtBaseColonIrq)
{
	struct ukplat_virtio_mmio_dev d = {};

	ASSERT_EQ(ukplat_virtio_mmio_parse("512@0xfeb00e00:12", &d), 0);
	EXPECT_EQ(d.size, 512u);
	EXPECT_EQ(d.base, 0xfeb00e00u);
	EXPECT_EQ(d.irq, 12u);
	EXPECT_EQ(d.trigger, (unsigned int)UKPLAT_IRQ_EDGE_RISING);
}

TEST(VirtioMmioParse, SizeSuffixesAndNumberBases)
{
	struct ukplat_virtio_mmio_dev d = {};

	ASSERT_EQ(ukplat_virtio_mmio_parse("4K@0x10000:5", &d), 0);
	EXPECT_EQ(d.size, 4096u);
	ASSERT_EQ(ukplat_virtio_mmio_parse("1m@4096:0x1f", &d), 0);
	EXPECT_EQ(d.size, 1u << 20);
	EXPECT_EQ(d.base, 4096u);
	EXPECT_EQ(d.irq, 31u);
	ASSERT_EQ(ukplat_virtio_mmio_parse("2G@0x100000000:7", &d), 0);
	EXPECT_EQ(d.size, 2ULL << 30);
	EXPECT_EQ(d.base, 1ULL << 32);
	// A leading 0 is octal, as in C and Linux's %lli.
	ASSERT_EQ(ukplat_virtio_mmio_parse("0x200@010:010", &d), 0);
	EXPECT_EQ(d.size, 0x200u);
	EXPECT_EQ(d.base, 8u);
	EXPECT_EQ(d.irq, 8u);
}

TEST(VirtioMmioParse, OptionalDeviceIdIsAccepted)
{
	struct ukplat_virtio_mmio_dev d = {};

	ASSERT_EQ(ukplat_virtio_mmio_parse("512@0x1000:5:3", &d), 0);
	EXPECT_EQ(d.base, 0x1000u);
	EXPECT_EQ(d.irq, 5u);
}

TEST(VirtioMmioParse, MalformedValuesAreEINVALAndLeaveDevAlone)
{
	static const char *const bad[] = {
		"",
		"@0x1000:5", // no size
		"512", // no base
		"512@:5", // empty base
		"512@0x1000", // no irq
		"512@0x1000:", // empty irq
		"512@0x1000:5:", // empty id
		"512@0x1000:5x", // trailing junk
		"512@0x1000:5:3:2", // too many fields
		"512T@0x1000:5", // unknown suffix
		"0x@0x1000:5", // hex prefix without digits
		"09@0x1000:5", // 9 is no octal digit
		"512 @0x1000:5", // blank
		"0@0x1000:5", // empty range
		"16@0xfffffffffffffff8:5", // range past 2^64
		"99999999999999999999@0:5", // size overflows
		"17179869184G@0:5", // suffix overflows
		"512@0x1000:4294967296", // irq past 32 bits
	};
	struct ukplat_virtio_mmio_dev d = { 1, 2, 3, 4 };

	for (const char *s : bad) {
		EXPECT_EQ(ukplat_virtio_mmio_parse(s, &d), -EINVAL) << s;
		EXPECT_EQ(d.base, 1u) << s;
		EXPECT_EQ(d.size, 2u) << s;
	}
	EXPECT_EQ(ukplat_virtio_mmio_parse(nullptr, &d), -EINVAL);
}

TEST(VirtioMmioParse, RangeEndingAtTheTopOfTheAddressSpace)
{
	struct ukplat_virtio_mmio_dev d = {};

	ASSERT_EQ(ukplat_virtio_mmio_parse("16@0xfffffffffffffff0:1", &d), 0);
	EXPECT_EQ(d.base, 0xfffffffffffffff0u);
}

} // namespace
