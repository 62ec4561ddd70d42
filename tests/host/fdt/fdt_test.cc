// The arm64 platform's device-tree bindings (//plat/arm64:devicetree) on
// trees built here with libfdt's sequential-write functions.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <initializer_list>
#include <vector>

extern "C" {
#include <libfdt.h>
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>
#include <arm64/fdt.h>
}

namespace {

// Big-endian cells, as a property value.
std::vector<fdt32_t> Cells(std::initializer_list<uint32_t> v)
{
	std::vector<fdt32_t> out;
	for (uint32_t c : v)
		out.push_back(cpu_to_fdt32(c));
	return out;
}

class FdtTest : public ::testing::Test {
protected:
	void SetUp() override
	{
		buf_.resize(8192);
		void *t = buf_.data();
		ASSERT_EQ(fdt_create(t, (int)buf_.size()), 0);
		ASSERT_EQ(fdt_finish_reservemap(t), 0);
		ASSERT_EQ(fdt_begin_node(t, ""), 0);
		ASSERT_EQ(fdt_property_u32(t, "#address-cells", 2), 0);
		ASSERT_EQ(fdt_property_u32(t, "#size-cells", 2), 0);

		// QEMU virt's first two virtio-mmio slots: SPI 16, rising
		// edge; SPI 17, active-high level.
		Node("virtio_mmio@a000000", "virtio,mmio",
		     Cells({ 0, 0xa000000, 0, 0x200 }), Cells({ 0, 16, 1 }));
		Node("virtio_mmio@a000200", "virtio,mmio",
		     Cells({ 0, 0xa000200, 0, 0x200 }), Cells({ 0, 17, 4 }));
		// Not an SPI or PPI (type 2): a slot we cannot use.
		Node("virtio_mmio@a000400", "virtio,mmio",
		     Cells({ 0, 0xa000400, 0, 0x200 }), Cells({ 2, 18, 1 }));
		// The arch timer's four PPIs, GICv2 CPU mask in the flags.
		Node("timer", "arm,armv8-timer", {},
		     Cells({ 1, 13, 0xf04, 1, 14, 0xf04, 1, 11, 0xf04, 1, 10,
			     0xf04 }));
		// Both edges at once: no single trigger.
		Node("both-edges", "test,dev", {}, Cells({ 0, 5, 3 }));

		ASSERT_EQ(fdt_begin_node(t, "soc"), 0);
		ASSERT_EQ(fdt_property_u32(t, "#address-cells", 1), 0);
		ASSERT_EQ(fdt_property_u32(t, "#size-cells", 1), 0);
		Node("dev@1000", "test,soc-dev",
		     Cells({ 0x1000, 0x100, 0x2000, 0x10 }), {});
		Node("virtio_mmio@3000", "virtio,mmio",
		     Cells({ 0x3000, 0x200 }), Cells({ 0, 20, 4 }));
		ASSERT_EQ(fdt_end_node(t), 0);

		ASSERT_EQ(fdt_begin_node(t, "wide"), 0);
		ASSERT_EQ(fdt_property_u32(t, "#address-cells", 3), 0);
		Node("dev@0", "test,wide-dev", Cells({ 0, 0, 0x10, 0x10 }), {});
		ASSERT_EQ(fdt_end_node(t), 0);

		ASSERT_EQ(fdt_end_node(t), 0);
		ASSERT_EQ(fdt_finish(t), 0);
		ASSERT_EQ(fdt_check_header(t), 0);
	}

	void TearDown() override
	{
		arm64_fdt = nullptr;
	}

	void Node(const char *name, const char *compat,
		  const std::vector<fdt32_t> &reg,
		  const std::vector<fdt32_t> &irqs)
	{
		void *t = buf_.data();
		ASSERT_EQ(fdt_begin_node(t, name), 0);
		ASSERT_EQ(fdt_property_string(t, "compatible", compat), 0);
		if (!reg.empty())
			ASSERT_EQ(fdt_property(t, "reg", reg.data(),
					       (int)(reg.size() * 4)),
				  0);
		if (!irqs.empty())
			ASSERT_EQ(fdt_property(t, "interrupts", irqs.data(),
					       (int)(irqs.size() * 4)),
				  0);
		ASSERT_EQ(fdt_end_node(t), 0);
	}

	int Find(const char *path) const
	{
		int node = fdt_path_offset(buf_.data(), path);
		EXPECT_GE(node, 0) << path;
		return node;
	}

	std::vector<char> buf_;
};

// libfdt reads cells in place, so a tree whose blocks break the
// specification's alignment made it read misaligned (UBSan, fdt_fuzz);
// the platform now refuses such a tree, as it refuses a bad header.
TEST_F(FdtTest, UsableNeedsTheSpecsAlignment)
{
	char *t = buf_.data();
	uint32_t off = fdt_off_dt_struct(t);

	EXPECT_TRUE(arm64_fdt_usable(t));
	fdt_set_off_dt_struct(t, off + 2);
	ASSERT_EQ(fdt_check_header(t), 0);
	EXPECT_FALSE(arm64_fdt_usable(t));
	fdt_set_off_dt_struct(t, off);
	fdt_set_off_mem_rsvmap(t, fdt_off_mem_rsvmap(t) + 4);
	ASSERT_EQ(fdt_check_header(t), 0);
	EXPECT_FALSE(arm64_fdt_usable(t));
	EXPECT_FALSE(arm64_fdt_usable(t + 4));
	fdt_set_magic(t, 0);
	EXPECT_FALSE(arm64_fdt_usable(t));
}

// QEMU virt's tree says 1 MiB and holds 8 KiB: the platform keeps only
// the header and blocks from the heap, not the free space after them.
TEST_F(FdtTest, UsedSizeIsTheBlocksNotTheFreeSpace)
{
	std::vector<char> big(65536);
	uint32_t packed = fdt_totalsize(buf_.data());

	EXPECT_EQ(arm64_fdt_used_size(buf_.data()), packed);
	ASSERT_EQ(fdt_open_into(buf_.data(), big.data(), (int)big.size()), 0);
	EXPECT_EQ(fdt_totalsize(big.data()), big.size());
	EXPECT_EQ(arm64_fdt_used_size(big.data()),
		  fdt_off_dt_strings(big.data()) +
			  fdt_size_dt_strings(big.data()));
	EXPECT_LE(arm64_fdt_used_size(big.data()), packed);
	// Whichever block ends last decides: here the reservation block
	// (zeroed, so only its terminating entry).
	fdt_set_off_dt_strings(big.data(), 0x40);
	fdt_set_off_mem_rsvmap(big.data(), 0x8000);
	EXPECT_EQ(arm64_fdt_used_size(big.data()),
		  0x8000 + sizeof(struct fdt_reserve_entry));
	// Before version 17 the structure block's size is unknown.
	fdt_set_version(big.data(), 16);
	EXPECT_EQ(arm64_fdt_used_size(big.data()), big.size());
}

TEST_F(FdtTest, RegUsesTheParentsCells)
{
	uint64_t addr = 0, size = 0;

	EXPECT_EQ(arm64_fdt_reg(buf_.data(), 0, Find("/virtio_mmio@a000200"), 0,
				&addr, &size),
		  0);
	EXPECT_EQ(addr, 0xa000200u);
	EXPECT_EQ(size, 0x200u);
	// One-cell address and size under /soc: the second entry.
	EXPECT_EQ(arm64_fdt_reg(buf_.data(), Find("/soc"),
				Find("/soc/dev@1000"), 1, &addr, &size),
		  0);
	EXPECT_EQ(addr, 0x2000u);
	EXPECT_EQ(size, 0x10u);
}

TEST_F(FdtTest, RegPastTheLastEntryOrWithoutRegIsENOENT)
{
	uint64_t addr = 1, size = 2;

	EXPECT_EQ(arm64_fdt_reg(buf_.data(), Find("/soc"),
				Find("/soc/dev@1000"), 2, &addr, &size),
		  -ENOENT);
	EXPECT_EQ(
		arm64_fdt_reg(buf_.data(), 0, Find("/timer"), 0, &addr, &size),
		-ENOENT);
	EXPECT_EQ(addr, 1u);
	EXPECT_EQ(size, 2u);
}

TEST_F(FdtTest, RegWithThreeAddressCellsIsEINVAL)
{
	uint64_t addr, size;

	EXPECT_EQ(arm64_fdt_reg(buf_.data(), Find("/wide"), Find("/wide/dev@0"),
				0, &addr, &size),
		  -EINVAL);
	// A parent that is no node.
	EXPECT_EQ(arm64_fdt_reg(buf_.data(), -FDT_ERR_NOTFOUND,
				Find("/soc/dev@1000"), 0, &addr, &size),
		  -EINVAL);
}

TEST_F(FdtTest, IrqDecodesSpisAndPpisWithTheirTrigger)
{
	unsigned int intid = 0, trigger = 0;

	EXPECT_EQ(arm64_fdt_irq(buf_.data(), Find("/virtio_mmio@a000000"), 0,
				&intid, &trigger),
		  0);
	EXPECT_EQ(intid, 48u);
	EXPECT_EQ(trigger, (unsigned int)UKPLAT_IRQ_EDGE_RISING);
	// The virtual timer: third entry, PPI 11 = INTID 27, level high
	// under the GICv2 CPU mask.
	EXPECT_EQ(
		arm64_fdt_irq(buf_.data(), Find("/timer"), 2, &intid, &trigger),
		0);
	EXPECT_EQ(intid, 27u);
	EXPECT_EQ(trigger, (unsigned int)UKPLAT_IRQ_LEVEL_HIGH);
}

TEST_F(FdtTest, IrqRejectsBadEntriesAndLeavesOutputsAlone)
{
	unsigned int intid = 7, trigger = 9;

	EXPECT_EQ(arm64_fdt_irq(buf_.data(), Find("/virtio_mmio@a000400"), 0,
				&intid, &trigger),
		  -EINVAL);
	EXPECT_EQ(arm64_fdt_irq(buf_.data(), Find("/both-edges"), 0, &intid,
				&trigger),
		  -EINVAL);
	EXPECT_EQ(
		arm64_fdt_irq(buf_.data(), Find("/timer"), 4, &intid, &trigger),
		-ENOENT);
	EXPECT_EQ(arm64_fdt_irq(buf_.data(), Find("/soc"), 0, &intid, &trigger),
		  -ENOENT);
	EXPECT_EQ(intid, 7u);
	EXPECT_EQ(trigger, 9u);
}

TEST_F(FdtTest, NextCompatibleWalksInTreeOrderWithParents)
{
	static const char *const two[] = { "test,soc-dev", "arm,armv8-timer" };
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	unsigned int which = 9;

	// The timer comes first in the tree, though listed second.
	EXPECT_EQ(arm64_fdt_next_compatible(buf_.data(), &w, two, 2, &which),
		  Find("/timer"));
	EXPECT_EQ(which, 1u);
	EXPECT_EQ(arm64_fdt_walk_parent(&w), 0);
	EXPECT_EQ(arm64_fdt_next_compatible(buf_.data(), &w, two, 2, &which),
		  Find("/soc/dev@1000"));
	EXPECT_EQ(which, 0u);
	EXPECT_EQ(arm64_fdt_walk_parent(&w), Find("/soc"));
	EXPECT_EQ(arm64_fdt_next_compatible(buf_.data(), &w, two, 2, &which),
		  -FDT_ERR_NOTFOUND);
}

TEST_F(FdtTest, NextCompatibleWithoutMatchEndsAtOnce)
{
	static const char *const none[] = { "arm,gic-v3" };
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	unsigned int which = 9;

	EXPECT_EQ(arm64_fdt_next_compatible(buf_.data(), &w, none, 1, &which),
		  -FDT_ERR_NOTFOUND);
	EXPECT_EQ(which, 9u);
}

TEST_F(FdtTest, VirtioMmioSlotsInTreeOrderWithTheirParentsCells)
{
	struct ukplat_virtio_mmio_dev d[4] = {};

	arm64_fdt = buf_.data();
	// The third root slot has an interrupt we cannot use: left out.
	ASSERT_EQ(ukplat_virtio_mmio_list(d, 4), 3u);
	EXPECT_EQ(d[0].base, 0xa000000u);
	EXPECT_EQ(d[0].size, 0x200u);
	EXPECT_EQ(d[0].irq, 48u);
	EXPECT_EQ(d[0].trigger, (unsigned int)UKPLAT_IRQ_EDGE_RISING);
	EXPECT_EQ(d[1].base, 0xa000200u);
	EXPECT_EQ(d[1].irq, 49u);
	EXPECT_EQ(d[1].trigger, (unsigned int)UKPLAT_IRQ_LEVEL_HIGH);
	// Under /soc: one-cell address and size.
	EXPECT_EQ(d[2].base, 0x3000u);
	EXPECT_EQ(d[2].size, 0x200u);
	EXPECT_EQ(d[2].irq, 52u);
}

TEST_F(FdtTest, VirtioMmioListFillsAtMostMax)
{
	struct ukplat_virtio_mmio_dev d[2] = {};

	arm64_fdt = buf_.data();
	d[1].base = 1;
	EXPECT_EQ(ukplat_virtio_mmio_list(d, 1), 3u);
	EXPECT_EQ(d[0].base, 0xa000000u);
	EXPECT_EQ(d[1].base, 1u);
}

TEST_F(FdtTest, NoTreeHasNoVirtioMmioSlots)
{
	struct ukplat_virtio_mmio_dev d[1] = {};

	EXPECT_EQ(ukplat_virtio_mmio_list(d, 1), 0u);
}

} // namespace
