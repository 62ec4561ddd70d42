// Host tests of the arm64 page-table library against a fake physical memory.
#include <cerrno>
#include <cstdint>

#include "gtest/gtest.h"
#include "tests/host/paging/fake_mem.h"

namespace {

constexpr uint64_t K4 = 4096;
constexpr uint64_t M2 = 2ULL << 20;
constexpr uint64_t G1 = 1ULL << 30;
constexpr unsigned long RW = ARM64_PT_ATTR_RAM;
constexpr unsigned long RO = ARM64_PT_PROT_R | ARM64_PT_MT_NORMAL_WB;
constexpr unsigned long RX = ARM64_PT_PROT_RX | ARM64_PT_MT_NORMAL_WB;
constexpr unsigned long RWX = ARM64_PT_PROT_RWX | ARM64_PT_MT_NORMAL_WB;
constexpr unsigned long DEV = ARM64_PT_ATTR_DEVICE;

class PtTest : public ::testing::Test {
protected:
	PtTest() : mem_(4096)
	{
	}
	void SetUp() override
	{
		ASSERT_EQ(mem_.Init(&pt_), 0);
	}

	uint64_t Pte(uint64_t va, unsigned int *level)
	{
		uint64_t pte = 0;
		EXPECT_EQ(arm64_pt_get_pte(&pt_, va, &pte, level), 0)
			<< std::hex << va;
		return pte;
	}
	// Checks that every page of [va, va + len) maps pa + offset with attr.
	void ExpectMapped(uint64_t va, uint64_t pa, uint64_t len,
			  unsigned long attr)
	{
		for (uint64_t off = 0; off < len; off += K4) {
			uint64_t got_pa = 0;
			unsigned long got_attr = 0;
			ASSERT_EQ(arm64_pt_lookup(&pt_, va + off, &got_pa,
						  &got_attr, nullptr),
				  0)
				<< std::hex << va + off;
			ASSERT_EQ(got_pa, pa + off) << std::hex << va + off;
			ASSERT_EQ(got_attr, attr) << std::hex << va + off;
		}
	}
	void ExpectUnmapped(uint64_t va, uint64_t len)
	{
		for (uint64_t off = 0; off < len; off += K4)
			ASSERT_EQ(arm64_pt_lookup(&pt_, va + off, nullptr,
						  nullptr, nullptr),
				  -ENOENT)
				<< std::hex << va + off;
	}
	uint64_t SizeAt(uint64_t va)
	{
		uint64_t size = 0;
		EXPECT_EQ(arm64_pt_lookup(&pt_, va, nullptr, nullptr, &size),
			  0);
		return size;
	}
	size_t Count(FakeMem::Op op)
	{
		size_t n = 0;
		for (const auto &e : mem_.events)
			n += e.op == op;
		return n;
	}

	FakeMem mem_;
	struct arm64_pt pt_;
};

// Descriptor layout: Arm ARM D8.3 (4 KiB granule, stage 1).
TEST(PteLayout, ConstantsMatchTheArchitecture)
{
	EXPECT_EQ(ARM64_PTE_VALID, 1UL << 0);
	EXPECT_EQ(ARM64_PTE_TABLE, 1UL << 1);
	EXPECT_EQ(ARM64_PTE_ATTRIDX_MASK, 0x1cUL); // AttrIndx[2:0] = bits [4:2]
	EXPECT_EQ(ARM64_PTE_AP_EL0, 1UL << 6); // AP[1]
	EXPECT_EQ(ARM64_PTE_AP_RO, 1UL << 7); // AP[2]
	EXPECT_EQ(ARM64_PTE_SH_MASK, 0x300UL); // SH[1:0] = bits [9:8]
	EXPECT_EQ(ARM64_PTE_AF, 1UL << 10);
	EXPECT_EQ(ARM64_PTE_NG, 1UL << 11);
	EXPECT_EQ(ARM64_PTE_PXN, 1UL << 53);
	EXPECT_EQ(ARM64_PTE_UXN, 1UL << 54);
	EXPECT_EQ(ARM64_PTE_OA_MASK, 0x0000fffffffff000UL);
	// MAIR: Attr0 Device-nGnRnE 0x00, Attr1 Normal WB RA WA 0xff,
	// Attr2 Normal NC 0x44, Attr3 Device-nGnRE 0x04.
	EXPECT_EQ((ARM64_PT_MAIR >> 0) & 0xff, 0x00UL);
	EXPECT_EQ((ARM64_PT_MAIR >> 8) & 0xff, 0xffUL);
	EXPECT_EQ((ARM64_PT_MAIR >> 16) & 0xff, 0x44UL);
	EXPECT_EQ((ARM64_PT_MAIR >> 24) & 0xff, 0x04UL);
	EXPECT_EQ(ARM64_PT_DIRECTMAP_BASE, 0x0000ff8000000000UL);
}

TEST_F(PtTest, InitGivesAnEmptyRootTable)
{
	EXPECT_EQ(mem_.in_use(), 1u);
	EXPECT_EQ(pt_.root_pa % K4, 0u);
	const uint64_t *root = mem_.Table(pt_.root_pa);
	for (int i = 0; i < 512; i++)
		EXPECT_EQ(root[i], 0u) << i;
}

TEST_F(PtTest, NormalReadWritePageEncoding)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x1000, 0x40001000, K4, RW), 0);
	unsigned int level;
	uint64_t pte = Pte(0x1000, &level);
	EXPECT_EQ(level, 3u);
	EXPECT_EQ(pte & 3, 3u); // page descriptor
	EXPECT_EQ((pte >> 2) & 7, 1u); // AttrIndx: Normal WB
	EXPECT_EQ((pte >> 5) & 1, 0u); // NS
	EXPECT_EQ((pte >> 6) & 3, 0u); // AP: EL1 RW, EL0 none
	EXPECT_EQ((pte >> 8) & 3, 3u); // SH: inner shareable
	EXPECT_EQ((pte >> 10) & 1, 1u); // AF
	EXPECT_EQ((pte >> 11) & 1, 0u); // nG: global
	EXPECT_EQ((pte >> 12) & 0xfffffffffULL, 0x40001ULL); // OA[47:12]
	EXPECT_EQ((pte >> 53) & 1, 1u); // PXN
	EXPECT_EQ((pte >> 54) & 1, 1u); // UXN
	EXPECT_EQ(pte, 0x0060000040001707ULL); // nothing else set
}

TEST_F(PtTest, ReadOnlyExecutablePageEncoding)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x40200000, 0x40200000, K4, RX), 0);
	unsigned int level;
	uint64_t pte = Pte(0x40200000, &level);
	EXPECT_EQ(level, 3u);
	EXPECT_EQ((pte >> 6) & 3, 2u); // AP[2] = 1: read-only
	EXPECT_EQ((pte >> 53) & 1, 0u); // PXN clear: EL1 may execute
	EXPECT_EQ((pte >> 54) & 1, 1u); // UXN
	EXPECT_EQ(pte, 0x0040000040200787ULL);
}

TEST_F(PtTest, DeviceEncoding)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x09000000, 0x09000000, K4, DEV), 0);
	unsigned int level;
	uint64_t pte = Pte(0x09000000, &level);
	EXPECT_EQ((pte >> 2) & 7, 0u); // AttrIndx 0: Device-nGnRnE
	EXPECT_EQ((pte >> 8) & 3, 0u);
	EXPECT_EQ(pte, 0x0060000009000403ULL);
	unsigned long attr;
	ASSERT_EQ(arm64_pt_lookup(&pt_, 0x09000123, nullptr, &attr, nullptr),
		  0);
	EXPECT_EQ(attr, DEV);
	ASSERT_EQ(arm64_pt_map(&pt_, 0x0a000000, 0x0a000000, K4,
			       ARM64_PT_PROT_R | ARM64_PT_MT_DEVICE_NGNRE),
		  0);
	// AttrIndx 3, AP[2] read-only.
	EXPECT_EQ(Pte(0x0a000000, &level), 0x006000000a00048fULL);
}

TEST_F(PtTest, BlockEncodingsAndTableDescriptors)
{
	ASSERT_EQ(arm64_pt_map(&pt_, G1, 0x80000000, G1, RW), 0);
	ASSERT_EQ(arm64_pt_map(&pt_, 4 * G1 + M2, 0x40200000, M2, RX), 0);
	unsigned int level;
	uint64_t pte = Pte(G1 + 12345, &level);
	EXPECT_EQ(level, 1u);
	EXPECT_EQ(pte & 3, 1u); // block
	EXPECT_EQ(pte, 0x0060000080000705ULL);
	pte = Pte(4 * G1 + M2, &level);
	EXPECT_EQ(level, 2u);
	EXPECT_EQ(pte, 0x0040000040200785ULL);

	// Root entry 0 is a table descriptor: type 0b11, next table's address
	// in [47:12], no hierarchical attributes.
	uint64_t l0 = mem_.Table(pt_.root_pa)[0];
	EXPECT_EQ(l0 & 3, 3u);
	EXPECT_EQ(l0 & ~ARM64_PTE_OA_MASK, 3u);
	uint64_t *l1 = mem_.Table(l0 & ARM64_PTE_OA_MASK);
	EXPECT_EQ(l1[1], 0x0060000080000705ULL);
	EXPECT_EQ(l1[4] & ~ARM64_PTE_OA_MASK, 3u);
	uint64_t *l2 = mem_.Table(l1[4] & ARM64_PTE_OA_MASK);
	EXPECT_EQ(l2[1], 0x0040000040200785ULL);
	EXPECT_EQ(l2[0], 0u);
	EXPECT_EQ(l2[2], 0u);
	// Root, one level 1 and one level 2 table: blocks need no more.
	EXPECT_EQ(mem_.in_use(), 3u);
}

TEST_F(PtTest, UsesTheLargestAlignedBlocks)
{
	// va and pa equally aligned: 1 GiB block in the middle of the range.
	uint64_t va = G1 - M2 - K4, len = K4 + M2 + G1 + M2 + K4;
	ASSERT_EQ(arm64_pt_map(&pt_, va, va + 0x100000000ULL, len, RW), 0);
	EXPECT_EQ(SizeAt(va), K4);
	EXPECT_EQ(SizeAt(G1 - M2), M2);
	EXPECT_EQ(SizeAt(G1), G1);
	EXPECT_EQ(SizeAt(2 * G1), M2);
	EXPECT_EQ(SizeAt(2 * G1 + M2), K4);
	ExpectMapped(va, va + 0x100000000ULL, K4 + M2, RW);
	ExpectMapped(2 * G1, 2 * G1 + 0x100000000ULL, M2 + K4, RW);
	ExpectUnmapped(va - K4, K4);
	ExpectUnmapped(va + len, K4);
	// Root, L1, two L2 and two L3 tables.
	EXPECT_EQ(mem_.in_use(), 6u);
}

TEST_F(PtTest, MapPagesFlagNeverUsesBlocks)
{
	// What would be a 1 GiB block and a 2 MiB block becomes 4 KiB pages
	// (the kernel maps RAM so, so that guard pages never split a block).
	ASSERT_EQ(arm64_pt_map(&pt_, G1, G1, G1 + M2, RW | ARM64_PT_MAP_PAGES),
		  0);
	EXPECT_EQ(SizeAt(G1), K4);
	EXPECT_EQ(SizeAt(2 * G1 - K4), K4);
	EXPECT_EQ(SizeAt(2 * G1), K4);
	EXPECT_EQ(SizeAt(2 * G1 + M2 - K4), K4);
	ExpectMapped(G1, G1, G1 + M2, RW);
	ExpectUnmapped(2 * G1 + M2, K4);
	// Root, L1, two L2 and one L3 table per 2 MiB (513).
	EXPECT_EQ(mem_.in_use(), 4u + 513u);
	// Guarding one page clears one leaf; no table appears or goes.
	ASSERT_EQ(arm64_pt_unmap(&pt_, G1 + 5 * K4, K4), 0);
	ExpectUnmapped(G1 + 5 * K4, K4);
	EXPECT_EQ(mem_.in_use(), 4u + 513u);
}

TEST_F(PtTest, MisalignedPhysicalAddressForcesPages)
{
	// pa only 4 KiB aligned: 2 MiB of pages, no block.
	ASSERT_EQ(arm64_pt_map(&pt_, M2, M2 + K4, M2, RW), 0);
	EXPECT_EQ(SizeAt(M2), K4);
	EXPECT_EQ(SizeAt(2 * M2 - K4), K4);
	ExpectMapped(M2, M2 + K4, M2, RW);
}

TEST_F(PtTest, MapAcrossGigabyteBoundaryWithPages)
{
	uint64_t va = 3 * G1 - 16 * K4, len = 32 * K4;
	ASSERT_EQ(arm64_pt_map(&pt_, va, 0x1234000, len, RWX), 0);
	ExpectMapped(va, 0x1234000, len, RWX);
	ASSERT_EQ(arm64_pt_unmap(&pt_, va, len), 0);
	ExpectUnmapped(va, len);
	EXPECT_EQ(mem_.in_use(), 1u); // emptied tables are freed
}

TEST_F(PtTest, MapIssuesNoTlbInvalidation)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0, 4 * M2 + 3 * K4, RW), 0);
	EXPECT_EQ(Count(FakeMem::kTlbiLeaf) + Count(FakeMem::kTlbiAll), 0u);
	// ...but publishes the new entries before returning.
	ASSERT_FALSE(mem_.events.empty());
	EXPECT_EQ(mem_.events.back().op, FakeMem::kIsb);
	EXPECT_GE(Count(FakeMem::kDsb), 1u);
}

TEST_F(PtTest, UnmapInsideGigabyteBlockSplitsAndKeepsTheRest)
{
	ASSERT_EQ(arm64_pt_map(&pt_, G1, 0x40000000, G1, RWX), 0);
	mem_.events.clear();
	uint64_t hole = G1 + 3 * M2 + K4;
	ASSERT_EQ(arm64_pt_unmap(&pt_, hole, K4), 0);
	ExpectUnmapped(hole, K4);
	ExpectMapped(G1 + 3 * M2, 0x40000000 + 3 * M2, K4, RWX);
	ExpectMapped(hole + K4, 0x40000000 + 3 * M2 + 2 * K4, M2 - 2 * K4, RWX);
	for (uint64_t off = 0; off < G1; off += M2) {
		if (off == 3 * M2)
			continue;
		uint64_t pa;
		unsigned long attr;
		uint64_t size;
		ASSERT_EQ(arm64_pt_lookup(&pt_, G1 + off, &pa, &attr, &size),
			  0);
		EXPECT_EQ(pa, 0x40000000 + off);
		EXPECT_EQ(attr, RWX);
		EXPECT_EQ(size, M2); // split to 2 MiB blocks, not to pages
	}
	EXPECT_EQ(SizeAt(hole + K4), K4);

	// Break-before-make: each split invalidated the block (all levels)
	// while its entry was invalid, then the page was invalidated.
	std::vector<FakeMem::Event> tlbis;
	for (const auto &e : mem_.events)
		if (e.op == FakeMem::kTlbiAll || e.op == FakeMem::kTlbiLeaf)
			tlbis.push_back(e);
	ASSERT_EQ(tlbis.size(), 3u);
	EXPECT_EQ(tlbis[0].op, FakeMem::kTlbiAll);
	EXPECT_EQ(tlbis[0].va, G1);
	EXPECT_EQ(tlbis[0].pte, 0u); // the 1 GiB block was already cleared
	EXPECT_EQ(tlbis[0].level, 1u);
	EXPECT_EQ(tlbis[1].op, FakeMem::kTlbiAll);
	EXPECT_EQ(tlbis[1].va, G1 + 3 * M2);
	EXPECT_EQ(tlbis[1].pte, 0u);
	EXPECT_EQ(tlbis[1].level, 2u);
	EXPECT_EQ(tlbis[2].op, FakeMem::kTlbiLeaf);
	EXPECT_EQ(tlbis[2].va, hole);
	EXPECT_EQ(tlbis[2].pte, 0u);
}

TEST_F(PtTest, BreakBeforeMakeOrdersBarriers)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0, M2, RW), 0);
	mem_.events.clear();
	ASSERT_EQ(arm64_pt_protect(&pt_, 0, K4, RO), 0);
	// Split: table filled (DSB ST), entry cleared (DSB ST), TLBI, DSB,
	// table installed (DSB ST), ISB.
	auto &ev = mem_.events;
	size_t i = 0;
	while (i < ev.size() && ev[i].op != FakeMem::kTlbiAll)
		i++;
	ASSERT_LT(i + 3, ev.size());
	ASSERT_GE(i, 1u);
	EXPECT_EQ(ev[i - 1].op, FakeMem::kDsbSt);
	EXPECT_EQ(ev[i + 1].op, FakeMem::kDsb);
	EXPECT_EQ(ev[i + 2].op, FakeMem::kDsbSt);
	EXPECT_EQ(ev[i + 3].op, FakeMem::kIsb);
	// The permission change itself: written in place, then invalidated.
	size_t leaf = 0;
	for (const auto &e : ev)
		if (e.op == FakeMem::kTlbiLeaf) {
			leaf++;
			EXPECT_EQ(e.va, 0u);
			EXPECT_NE(e.pte & ARM64_PTE_AP_RO, 0u);
		}
	EXPECT_EQ(leaf, 1u);
	EXPECT_EQ(ev.back().op, FakeMem::kIsb);
}

TEST_F(PtTest, ProtectAcrossTwoBlocksSplitsBoth)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x40000000, 0x40000000, 2 * M2, RWX), 0);
	ASSERT_EQ(arm64_pt_protect(&pt_, 0x40000000 + M2 / 2, M2, RX), 0);
	ExpectMapped(0x40000000, 0x40000000, M2 / 2, RWX);
	ExpectMapped(0x40000000 + M2 / 2, 0x40000000 + M2 / 2, M2, RX);
	ExpectMapped(0x40000000 + 3 * M2 / 2, 0x40000000 + 3 * M2 / 2, M2 / 2,
		     RWX);
	unsigned int level;
	EXPECT_EQ(Pte(0x40000000 + M2 / 2, &level), 0x0040000040100787ULL);
	EXPECT_EQ(level, 3u);
}

TEST_F(PtTest, ProtectWholeBlockKeepsTheBlock)
{
	ASSERT_EQ(arm64_pt_map(&pt_, G1, G1, G1, RW), 0);
	size_t tables = mem_.in_use();
	ASSERT_EQ(arm64_pt_protect(&pt_, G1, G1, RO), 0);
	EXPECT_EQ(mem_.in_use(), tables);
	EXPECT_EQ(SizeAt(G1), G1);
	ExpectMapped(G1, G1, K4, RO);
}

TEST_F(PtTest, ProtectChangingMemoryTypeBreaksBeforeMake)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x8000000, 0x8000000, 4 * K4, RW), 0);
	mem_.events.clear();
	ASSERT_EQ(arm64_pt_protect(&pt_, 0x8000000, 4 * K4, DEV), 0);
	ExpectMapped(0x8000000, 0x8000000, 4 * K4, DEV);
	// Per entry: a TLBI while the entry is invalid, then one after the
	// new descriptor is written.
	size_t cleared = 0, written = 0;
	for (const auto &e : mem_.events) {
		if (e.op != FakeMem::kTlbiLeaf)
			continue;
		if (e.pte == 0)
			cleared++;
		else if (((e.pte >> 2) & 7) == 0)
			written++;
	}
	EXPECT_EQ(cleared, 4u);
	EXPECT_EQ(written, 4u);
	unsigned int level;
	EXPECT_EQ(Pte(0x8000000, &level), 0x0060000008000403ULL);
}

TEST_F(PtTest, UnmapFreesTablesAndInvalidates)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 5 * G1 - K4, 0x40000000, 2 * K4, RW), 0);
	EXPECT_EQ(mem_.in_use(), 6u); // root, L1, 2 x (L2 + L3)
	mem_.events.clear();
	ASSERT_EQ(arm64_pt_unmap(&pt_, 5 * G1 - K4, 2 * K4), 0);
	EXPECT_EQ(mem_.in_use(), 1u);
	EXPECT_EQ(Count(FakeMem::kTlbiLeaf), 2u);
	// Two L3, two L2 and the L1 table were unhooked: walk caches dropped.
	EXPECT_EQ(Count(FakeMem::kTlbiAll), 5u);
	EXPECT_EQ(mem_.Table(pt_.root_pa)[0], 0u);
}

TEST_F(PtTest, UnmapPartOfATableKeepsTheTable)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0x1000, 0x1000, 8 * K4, RW), 0);
	size_t tables = mem_.in_use();
	ASSERT_EQ(arm64_pt_unmap(&pt_, 0x3000, 2 * K4), 0);
	EXPECT_EQ(mem_.in_use(), tables);
	ExpectMapped(0x1000, 0x1000, 2 * K4, RW);
	ExpectUnmapped(0x3000, 2 * K4);
	ExpectMapped(0x5000, 0x5000, 4 * K4, RW);
}

TEST_F(PtTest, RemapAfterUnmap)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0x40000000, G1, RW), 0);
	ASSERT_EQ(arm64_pt_unmap(&pt_, M2, M2), 0);
	ASSERT_EQ(arm64_pt_map(&pt_, M2, 0x80000000, M2, RO), 0);
	EXPECT_EQ(SizeAt(M2), M2);
	ExpectMapped(M2, 0x80000000, K4, RO);
	ExpectMapped(0, 0x40000000, K4, RW);
	ExpectMapped(2 * M2, 0x40000000 + 2 * M2, K4, RW);
}

TEST_F(PtTest, DirectMap)
{
	ASSERT_EQ(arm64_pt_map_direct(&pt_, 0x40000000, G1, RW), 0);
	uint64_t pa, size;
	ASSERT_EQ(arm64_pt_lookup(&pt_, ARM64_PT_DIRECTMAP_BASE + 0x40000123,
				  &pa, nullptr, &size),
		  0);
	EXPECT_EQ(pa, 0x40000123u);
	EXPECT_EQ(size, G1);
	// Last level 0 entry.
	EXPECT_EQ(mem_.Table(pt_.root_pa)[511] & 3, 3u);
	// Edges of the window.
	EXPECT_EQ(
		arm64_pt_map_direct(&pt_, ARM64_PT_DIRECTMAP_SIZE - K4, K4, RW),
		0);
	ASSERT_EQ(arm64_pt_lookup(&pt_, ARM64_PT_VA_END - 1, &pa, nullptr,
				  nullptr),
		  0);
	EXPECT_EQ(pa, ARM64_PT_DIRECTMAP_SIZE - 1);
	EXPECT_EQ(arm64_pt_map_direct(&pt_, ARM64_PT_DIRECTMAP_SIZE - K4,
				      2 * K4, RW),
		  -ERANGE);
	EXPECT_EQ(arm64_pt_map_direct(&pt_, ARM64_PT_DIRECTMAP_SIZE, K4, RW),
		  -ERANGE);
	EXPECT_EQ(arm64_pt_map_direct(&pt_, 0x40000000, K4, RW), -EEXIST);
	EXPECT_EQ(arm64_pt_map_direct(&pt_, 0x1001, K4, RW), -EINVAL);
}

TEST_F(PtTest, MisalignedArgumentsAreInvalid)
{
	EXPECT_EQ(arm64_pt_map(&pt_, 0x1001, 0x1000, K4, RW), -EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0x1000, 0x1800, K4, RW), -EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0x1000, 0x1000, 100, RW), -EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0x1000, 0x1000, 0, RW), -EINVAL);
	ASSERT_EQ(arm64_pt_map(&pt_, 0x1000, 0x1000, K4, RW), 0);
	EXPECT_EQ(arm64_pt_unmap(&pt_, 0x1200, K4), -EINVAL);
	EXPECT_EQ(arm64_pt_unmap(&pt_, 0x1000, 0), -EINVAL);
	EXPECT_EQ(arm64_pt_protect(&pt_, 0x1000, 12, RO), -EINVAL);
	ExpectMapped(0x1000, 0x1000, K4, RW);
}

TEST_F(PtTest, BadAttributesAreInvalid)
{
	EXPECT_EQ(arm64_pt_map(&pt_, 0, 0, K4, ARM64_PT_MT_NORMAL_WB), -EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0, 0, K4,
			       ARM64_PT_PROT_WRITE | ARM64_PT_MT_NORMAL_WB),
		  -EINVAL);
	EXPECT_EQ(
		arm64_pt_map(&pt_, 0, 0, K4, ARM64_PT_PROT_RW | ARM64_PT_MT(4)),
		-EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0, 0, K4,
			       ARM64_PT_PROT_RX | ARM64_PT_MT_DEVICE_NGNRNE),
		  -EINVAL);
	EXPECT_EQ(arm64_pt_map(&pt_, 0, 0, K4, RW | 0x100000UL), -EINVAL);
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0, K4, RW), 0);
	EXPECT_EQ(arm64_pt_protect(&pt_, 0, K4, ARM64_PT_PROT_RX | DEV),
		  -EINVAL);
	ExpectMapped(0, 0, K4, RW);
	EXPECT_EQ(mem_.in_use(), 4u);
}

TEST_F(PtTest, OutOfRangeAddresses)
{
	EXPECT_EQ(arm64_pt_map(&pt_, ARM64_PT_VA_END, 0, K4, RW), -ERANGE);
	EXPECT_EQ(arm64_pt_map(&pt_, 1ULL << 55, 0, K4, RW), -ERANGE);
	// Normal maps may not touch the direct-map window.
	EXPECT_EQ(arm64_pt_map(&pt_, ARM64_PT_DIRECTMAP_BASE, 0, K4, RW),
		  -ERANGE);
	EXPECT_EQ(
		arm64_pt_map(&pt_, ARM64_PT_DIRECTMAP_BASE - K4, 0, 2 * K4, RW),
		-ERANGE);
	// Length that wraps around.
	EXPECT_EQ(arm64_pt_map(&pt_, G1, 0, ~0xfffULL, RW), -ERANGE);
	// Output address beyond 48 bits.
	EXPECT_EQ(arm64_pt_map(&pt_, 0, ARM64_PT_PA_END, K4, RW), -ERANGE);
	EXPECT_EQ(arm64_pt_map(&pt_, 0, ARM64_PT_PA_END - K4, 2 * K4, RW),
		  -ERANGE);
	// The highest normal page works.
	EXPECT_EQ(arm64_pt_map(&pt_, ARM64_PT_DIRECTMAP_BASE - K4,
			       ARM64_PT_PA_END - K4, K4, RW),
		  0);
	ExpectMapped(ARM64_PT_DIRECTMAP_BASE - K4, ARM64_PT_PA_END - K4, K4,
		     RW);
	EXPECT_EQ(arm64_pt_unmap(&pt_, ARM64_PT_VA_END, K4), -ERANGE);
	EXPECT_EQ(arm64_pt_protect(&pt_, ARM64_PT_DIRECTMAP_BASE, K4, RO),
		  -ERANGE);
	EXPECT_EQ(arm64_pt_lookup(&pt_, ARM64_PT_VA_END, nullptr, nullptr,
				  nullptr),
		  -ERANGE);
	uint64_t pte;
	unsigned int level;
	EXPECT_EQ(arm64_pt_get_pte(&pt_, 1ULL << 55, &pte, &level), -ERANGE);
}

TEST_F(PtTest, OverlappingMapIsRejectedWithoutChange)
{
	ASSERT_EQ(arm64_pt_map(&pt_, M2 + 5 * K4, 0x5000, K4, RW), 0);
	size_t tables = mem_.in_use();
	// Overlaps only at its last page: nothing of it may be mapped.
	EXPECT_EQ(arm64_pt_map(&pt_, M2, 0x40000000, 6 * K4, RO), -EEXIST);
	ExpectUnmapped(M2, 5 * K4);
	// Overlaps a block from below.
	ASSERT_EQ(arm64_pt_map(&pt_, G1, G1, G1, RW), 0);
	EXPECT_EQ(arm64_pt_map(&pt_, G1 - K4, 0, 2 * K4, RW), -EEXIST);
	ExpectUnmapped(G1 - K4, K4);
	EXPECT_EQ(arm64_pt_map(&pt_, G1 + 7 * M2, 0, K4, RW), -EEXIST);
	EXPECT_EQ(mem_.in_use(), tables);
	ExpectMapped(M2 + 5 * K4, 0x5000, K4, RW);
}

TEST_F(PtTest, UnmapOrProtectOfUnmappedIsNoEnt)
{
	EXPECT_EQ(arm64_pt_unmap(&pt_, 0, K4), -ENOENT);
	EXPECT_EQ(arm64_pt_protect(&pt_, 0, K4, RO), -ENOENT);
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0, M2, RW), 0);
	mem_.events.clear();
	// Mapped except the last page: no change at all, no split.
	EXPECT_EQ(arm64_pt_unmap(&pt_, M2 / 2, M2 / 2 + K4), -ENOENT);
	EXPECT_EQ(arm64_pt_protect(&pt_, M2 / 2, M2 / 2 + K4, RO), -ENOENT);
	EXPECT_EQ(SizeAt(0), M2);
	ExpectMapped(0, 0, M2, RW);
	EXPECT_TRUE(mem_.events.empty());
	EXPECT_EQ(arm64_pt_lookup(&pt_, M2, nullptr, nullptr, nullptr),
		  -ENOENT);
}

TEST_F(PtTest, MapOutOfMemoryRollsBackAtEveryStep)
{
	// Needs L1, 2 x L2 and 2 x L3 tables besides the root.
	uint64_t va = G1 - K4, len = 2 * K4 + M2;
	for (long budget = 0; budget < 5; budget++) {
		size_t before = mem_.in_use();
		mem_.alloc_budget = budget;
		EXPECT_EQ(arm64_pt_map(&pt_, va, va, len, RW), -ENOMEM)
			<< budget;
		mem_.alloc_budget = -1;
		EXPECT_EQ(mem_.in_use(), before) << budget;
		ExpectUnmapped(va, len);
	}
	mem_.alloc_budget = 5;
	ASSERT_EQ(arm64_pt_map(&pt_, va, va, len, RW), 0);
	ExpectMapped(va, va, len, RW);
	EXPECT_EQ(SizeAt(G1), M2);
}

TEST_F(PtTest, MapOutOfMemoryKeepsExistingTables)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 0, 0, K4, RW), 0); // root, L1, L2, L3
	mem_.alloc_budget = 0;
	// Reuses the L3 table for page 1, then needs a new L3 at 2 MiB.
	EXPECT_EQ(arm64_pt_map(&pt_, K4, K4, M2 + K4, RW), -ENOMEM);
	mem_.alloc_budget = -1;
	EXPECT_EQ(mem_.in_use(), 4u);
	ExpectMapped(0, 0, K4, RW);
	ExpectUnmapped(K4, M2 + K4);
}

TEST_F(PtTest, SplitOutOfMemoryChangesNothing)
{
	ASSERT_EQ(arm64_pt_map(&pt_, G1, G1, G1, RW), 0);
	// Unmapping one page inside the 1 GiB block needs two tables.
	for (long budget = 0; budget < 2; budget++) {
		mem_.alloc_budget = budget;
		EXPECT_EQ(arm64_pt_unmap(&pt_, G1 + M2 + K4, K4), -ENOMEM);
		EXPECT_EQ(arm64_pt_protect(&pt_, G1 + M2 + K4, K4, RO),
			  -ENOMEM);
		mem_.alloc_budget = -1;
		ExpectMapped(G1 + M2, G1 + M2, M2, RW);
	}
}

TEST_F(PtTest, LookupReportsOffsetAndUnmapped)
{
	ASSERT_EQ(arm64_pt_map(&pt_, 4 * M2, 0x7fe00000, M2, RO), 0);
	uint64_t pa, size;
	unsigned long attr;
	ASSERT_EQ(arm64_pt_lookup(&pt_, 4 * M2 + 0x12345, &pa, &attr, &size),
		  0);
	EXPECT_EQ(pa, 0x7fe12345u);
	EXPECT_EQ(attr, RO);
	EXPECT_EQ(size, M2);
	EXPECT_EQ(arm64_pt_lookup(&pt_, 5 * M2, &pa, &attr, &size), -ENOENT);
	uint64_t pte;
	unsigned int level;
	EXPECT_EQ(arm64_pt_get_pte(&pt_, 5 * M2, &pte, &level), -ENOENT);
	EXPECT_EQ(level, 2u);
	EXPECT_EQ(pte, 0u);
	EXPECT_EQ(arm64_pt_get_pte(&pt_, 600 * G1, &pte, &level), -ENOENT);
	EXPECT_EQ(level, 0u);
}

TEST_F(PtTest, DestroyFreesEverything)
{
	ASSERT_EQ(arm64_pt_map(&pt_, K4, 0, 3 * G1, RW), 0);
	ASSERT_EQ(arm64_pt_map_direct(&pt_, 0, 4 * M2, RW), 0);
	EXPECT_GT(mem_.in_use(), 4u);
	arm64_pt_destroy(&pt_);
	EXPECT_EQ(mem_.in_use(), 0u);
}

TEST_F(PtTest, LargeMapOfPagesAndFullUnmap)
{
	// 1 GiB of 4 KiB pages (pa misaligned for blocks): 512 L3 tables.
	ASSERT_EQ(arm64_pt_map(&pt_, G1, G1 + K4, G1, RW), 0);
	EXPECT_EQ(mem_.in_use(), 1u + 1 + 1 + 512);
	ExpectMapped(G1 + G1 / 2 - 8 * K4, G1 + G1 / 2 - 7 * K4, 16 * K4, RW);
	ASSERT_EQ(arm64_pt_unmap(&pt_, G1, G1), 0);
	EXPECT_EQ(mem_.in_use(), 1u);
}

} // namespace
