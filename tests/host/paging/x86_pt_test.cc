// Host unit tests of the x86_64 page-table library (//plat/x86_64/paging):
// identity maps of RAM with 1 GiB or 2 MiB pages, 4 KiB guard pages that
// split 1 GiB and 2 MiB pages, and W^X rights over ranges.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <vector>

extern "C" {
#include <x86/pt.h>
}

namespace {

constexpr uint64_t kPage = X86_PT_PAGE_SIZE;
constexpr uint64_t kLarge = X86_PT_LARGE_SIZE;
constexpr uint64_t kGiB = 1ULL << 30;
constexpr uint64_t kAddrMask = 0x000ffffffffff000ULL;
constexpr uint64_t kPdeLargePat = 1ULL << 12;
constexpr uint64_t kPtePat = 1ULL << 7;
constexpr uint64_t kPteGlobal = 1ULL << 8;

// Table pages at fake physical addresses kBase.., an identity "boot map"
// like multiboot.S builds: PML4[0] -> PDPT; PDPT[0] -> PD of 512 2 MiB
// pages (0..1 GiB, present, read-write); PDPT[1] a 1 GiB page; the rest
// not present. Records every flush.
class FakeMap {
public:
	static constexpr uint64_t kBase = 0x7000000000ULL;

	explicit FakeMap(size_t pages) : pages_(pages)
	{
		buf_ = static_cast<uint64_t *>(
			std::aligned_alloc(kPage, pages * kPage));
		// Garbage: a table the library reads before writing shows up.
		for (size_t i = 0; i < pages * kPage / 8; i++)
			buf_[i] = 0xa5a5a5a5a5a5a5a5ULL;
		uint64_t *pml4 = NewTable(), *pdpt = NewTable(),
			 *pd = NewTable();
		pml4[0] = Phys(pdpt) | X86_PTE_P | X86_PTE_RW;
		pdpt[0] = Phys(pd) | X86_PTE_P | X86_PTE_RW;
		pdpt[1] = kGiB | X86_PTE_P | X86_PTE_RW | X86_PTE_PS;
		for (uint64_t i = 0; i < 512; i++)
			pd[i] = i * kLarge | X86_PTE_P | X86_PTE_RW |
				X86_PTE_PS;
		pd_ = pd;
		pdpt_ = pdpt;
		pt_ = { Phys(pml4), &kOps, this };
	}
	~FakeMap()
	{
		std::free(buf_);
	}
	FakeMap(const FakeMap &) = delete;
	FakeMap &operator=(const FakeMap &) = delete;

	struct x86_pt *pt()
	{
		return &pt_;
	}
	uint64_t &Pde(uint64_t va)
	{
		return pd_[va / kLarge];
	}
	uint64_t &Pdpte(uint64_t va)
	{
		return pdpt_[va / kGiB];
	}
	uint64_t Pte(uint64_t va) const
	{
		const uint64_t pde = pd_[va / kLarge];
		return Table(pde & kAddrMask)[(va / kPage) % 512];
	}
	bool Rights(uint64_t va, bool *write, bool *exec, uint64_t *size)
	{
		return x86_pt_rights(&pt_, va, write, exec, size) == 0;
	}
	// The physical address va translates to (all levels walked here, not
	// by the library); ~0 if not mapped.
	uint64_t Translate(uint64_t va) const
	{
		const uint64_t *t = Table(pt_.root);
		for (int level = 3;; level--) {
			const uint64_t e = t[(va >> (12 + 9 * level)) % 512];
			if (!(e & X86_PTE_P))
				return ~0ULL;
			if (level == 0 || (level < 3 && (e & X86_PTE_PS))) {
				const uint64_t size = 1ULL << (12 + 9 * level);
				const uint64_t base =
					level == 0 ?
						e & kAddrMask :
						e & kAddrMask & ~kPdeLargePat;
				return (base & ~(size - 1)) + va % size;
			}
			t = Table(e & kAddrMask);
		}
	}
	// The leaf entry that maps va (any level).
	uint64_t Leaf(uint64_t va) const
	{
		const uint64_t *t = Table(pt_.root);
		for (int level = 3;; level--) {
			const uint64_t e = t[(va >> (12 + 9 * level)) % 512];
			if (!(e & X86_PTE_P) || level == 0 ||
			    (level < 3 && (e & X86_PTE_PS)))
				return e;
			t = Table(e & kAddrMask);
		}
	}

	long alloc_budget = -1; // table pages left to hand out; -1: unlimited
	unsigned int allocs = 0;
	unsigned int flush_alls = 0;
	std::vector<uintptr_t> flushed_pages;

private:
	uint64_t *NewTable()
	{
		if (used_ == pages_)
			std::abort();
		uint64_t *t = buf_ + used_++ * 512;
		for (int i = 0; i < 512; i++)
			t[i] = 0;
		return t;
	}
	uint64_t Phys(const void *p) const
	{
		const uint64_t *q = static_cast<const uint64_t *>(p);
		if (q < buf_ || q >= buf_ + pages_ * 512)
			std::abort();
		return kBase + (q - buf_) * 8;
	}
	uint64_t *Table(uint64_t pa) const
	{
		if (pa < kBase || pa >= kBase + pages_ * kPage || pa % kPage)
			std::abort();
		return buf_ + (pa - kBase) / 8;
	}

	static uint64_t *OpsTable(void *ctx, uint64_t pa)
	{
		return static_cast<FakeMap *>(ctx)->Table(pa);
	}
	static uint64_t OpsPhys(void *ctx, const void *page)
	{
		return static_cast<FakeMap *>(ctx)->Phys(page);
	}
	static void *OpsAlloc(void *ctx)
	{
		FakeMap *m = static_cast<FakeMap *>(ctx);
		if (m->alloc_budget == 0 || m->used_ == m->pages_)
			return nullptr;
		if (m->alloc_budget > 0)
			m->alloc_budget--;
		m->allocs++;
		return m->buf_ +
		       m->used_++ * 512; // garbage: the split fills it
	}
	static void OpsFlushPage(void *ctx, uintptr_t va)
	{
		static_cast<FakeMap *>(ctx)->flushed_pages.push_back(va);
	}
	static void OpsFlushAll(void *ctx)
	{
		static_cast<FakeMap *>(ctx)->flush_alls++;
	}
	static const struct x86_pt_ops kOps;

	uint64_t *buf_;
	size_t pages_;
	size_t used_ = 0;
	uint64_t *pd_ = nullptr;
	uint64_t *pdpt_ = nullptr;
	struct x86_pt pt_;
};

const struct x86_pt_ops FakeMap::kOps = {
	FakeMap::OpsTable,     FakeMap::OpsPhys,     FakeMap::OpsAlloc,
	FakeMap::OpsFlushPage, FakeMap::OpsFlushAll,
};

TEST(X86PtTest, BootMapIsMappedWithLargePages)
{
	FakeMap m(8);
	bool w, x;
	uint64_t size;

	EXPECT_TRUE(x86_pt_mapped(m.pt(), 0x12345));
	EXPECT_TRUE(x86_pt_mapped(m.pt(), kGiB + 0x1000)); // the 1 GiB page
	EXPECT_FALSE(x86_pt_mapped(m.pt(), 2 * kGiB)); // PDPT[2] absent
	EXPECT_FALSE(
		x86_pt_mapped(m.pt(), 0x0000800000000000ULL)); // not canonical
	ASSERT_TRUE(m.Rights(3 * kLarge + 5, &w, &x, &size));
	EXPECT_TRUE(w);
	EXPECT_TRUE(x);
	EXPECT_EQ(size, kLarge);
	ASSERT_TRUE(m.Rights(kGiB, &w, &x, &size));
	EXPECT_EQ(size, kGiB);
	EXPECT_FALSE(m.Rights(2 * kGiB, &w, &x, &size));
}

TEST(X86PtTest, GuardSplitsOneLargePageAndUnmapsOnlyItsPage)
{
	FakeMap m(8);
	const uint64_t va = 5 * kLarge + 7 * kPage;
	bool w, x;
	uint64_t size;

	m.Pde(va) |= X86_PTE_NX | kPteGlobal;
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), va + 123), 0);
	EXPECT_EQ(m.allocs, 1u);
	EXPECT_EQ(m.flush_alls, 1u); // after the split
	ASSERT_EQ(m.flushed_pages.size(), 1u);
	EXPECT_EQ(m.flushed_pages[0], va + 123);
	// The PD entry now points to a table; the table entry allows all.
	EXPECT_FALSE(m.Pde(va) & X86_PTE_PS);
	EXPECT_TRUE(m.Pde(va) & X86_PTE_RW);
	EXPECT_FALSE(m.Pde(va) & X86_PTE_NX);
	// Same frames and attributes in all 512 entries but the guarded one.
	for (uint64_t i = 0; i < 512; i++) {
		const uint64_t p = 5 * kLarge + i * kPage;
		const uint64_t e = m.Pte(p);
		EXPECT_EQ(e & kAddrMask, p) << i;
		EXPECT_EQ(e & (X86_PTE_RW | X86_PTE_NX | kPteGlobal),
			  X86_PTE_RW | X86_PTE_NX | kPteGlobal)
			<< i;
		EXPECT_FALSE(e & X86_PTE_PS) << i;
		EXPECT_EQ(!!(e & X86_PTE_P), p != va) << i;
	}
	EXPECT_FALSE(x86_pt_mapped(m.pt(), va));
	EXPECT_TRUE(x86_pt_mapped(m.pt(), va - kPage));
	EXPECT_TRUE(x86_pt_mapped(m.pt(), va + kPage));
	ASSERT_TRUE(m.Rights(va + kPage, &w, &x, &size));
	EXPECT_TRUE(w);
	EXPECT_FALSE(x);
	EXPECT_EQ(size, kPage);
	// Other large pages are untouched.
	EXPECT_TRUE(m.Pde(4 * kLarge) & X86_PTE_PS);
	EXPECT_TRUE(m.Pde(6 * kLarge) & X86_PTE_PS);
}

TEST(X86PtTest, SecondGuardInTheSameLargePageNeedsNoTable)
{
	FakeMap m(8);

	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), 2 * kLarge), 0);
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), 2 * kLarge + 9 * kPage), 0);
	EXPECT_EQ(m.allocs, 1u);
	EXPECT_EQ(m.flush_alls, 1u);
	EXPECT_EQ(x86_pt_unmap_4k(m.pt(), 2 * kLarge), -EFAULT); // already
}

TEST(X86PtTest, RestoreMakesTheGuardedPagePresentOnce)
{
	FakeMap m(8);
	const uint64_t va = 3 * kLarge + 4 * kPage;

	EXPECT_EQ(x86_pt_restore_4k(m.pt(), va), -EINVAL); // large page
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), va), 0);
	EXPECT_EQ(x86_pt_restore_4k(m.pt(), va + kPage), -EINVAL); // present
	ASSERT_EQ(x86_pt_restore_4k(m.pt(), va), 0);
	EXPECT_TRUE(x86_pt_mapped(m.pt(), va));
	EXPECT_EQ(m.Pte(va) & kAddrMask, va);
	EXPECT_EQ(x86_pt_restore_4k(m.pt(), va), -EINVAL);
	EXPECT_EQ(x86_pt_restore_4k(m.pt(), 0x0000900000000000ULL), -EINVAL);
}

TEST(X86PtTest, RestoreRefusesAFrameThatIsNotTheIdentity)
{
	FakeMap m(8);
	const uint64_t va = 3 * kLarge;

	m.Pde(va) = (7 * kLarge) | X86_PTE_P | X86_PTE_RW | X86_PTE_PS;
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), va), 0);
	EXPECT_EQ(x86_pt_restore_4k(m.pt(), va), -EINVAL);
	EXPECT_FALSE(x86_pt_mapped(m.pt(), va));
}

TEST(X86PtTest, GuardErrors)
{
	FakeMap m(8);

	EXPECT_EQ(x86_pt_unmap_4k(m.pt(), 2 * kGiB), -EFAULT);
	EXPECT_EQ(x86_pt_unmap_4k(m.pt(), 0x0000800000000000ULL), -EFAULT);
	m.Pde(9 * kLarge) = 0;
	EXPECT_EQ(x86_pt_unmap_4k(m.pt(), 9 * kLarge), -EFAULT);
	EXPECT_EQ(m.allocs, 0u);
	EXPECT_TRUE(m.flushed_pages.empty());
}

TEST(X86PtTest, NoPageForTheSplitChangesNothing)
{
	FakeMap m(8);
	const uint64_t pde = m.Pde(kLarge);

	m.alloc_budget = 0;
	EXPECT_EQ(x86_pt_unmap_4k(m.pt(), kLarge), -ENOMEM);
	EXPECT_EQ(m.Pde(kLarge), pde);
	EXPECT_TRUE(x86_pt_mapped(m.pt(), kLarge));
	EXPECT_EQ(m.flush_alls, 0u);
}

TEST(X86PtTest, SplitKeepsThePatBitInItsNewPlace)
{
	FakeMap m(8);

	m.Pde(kLarge) |= kPdeLargePat;
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), kLarge), 0);
	// Bit 12 of a 4 KiB entry is an address bit.
	for (uint64_t i = 1; i < 512; i++) {
		const uint64_t e = m.Pte(kLarge + i * kPage);
		EXPECT_TRUE(e & kPtePat) << i;
		EXPECT_EQ(e & kAddrMask, kLarge + i * kPage) << i;
	}
}

// W^X as x86_paging_wxorx() does it: all read-write and never executable,
// then "text" read-only executable and "rodata" read-only, with section
// boundaries inside large pages.
TEST(X86PtTest, WxorxSplitsOnlyThePagesHoldingABoundary)
{
	FakeMap m(8);
	const uint64_t text = 2 * kLarge + 3 * kPage; // inside a large page
	const uint64_t rodata = 4 * kLarge; // on a boundary
	const uint64_t data = 4 * kLarge + 16 * kPage;
	bool w, x;
	uint64_t size;

	ASSERT_EQ(x86_pt_protect(m.pt(), 0, kGiB, X86_PTE_RW | X86_PTE_NX), 0);
	EXPECT_EQ(m.allocs, 0u);
	ASSERT_EQ(x86_pt_protect(m.pt(), text, rodata, 0), 0);
	ASSERT_EQ(x86_pt_protect(m.pt(), rodata, data, X86_PTE_NX), 0);
	EXPECT_EQ(m.allocs, 2u); // the large pages of text and data

	struct {
		uint64_t va;
		bool write, exec;
		uint64_t size;
	} want[] = {
		{ text - kPage, true, false, kPage }, // before text, split page
		{ text, false, true, kPage },
		{ 3 * kLarge + 5, false, true,
		  kLarge }, // whole large page of text
		{ rodata, false, false, kPage },
		{ data - kPage, false, false, kPage },
		{ data, true, false, kPage },
		{ 5 * kLarge, true, false, kLarge },
		{ 0, true, false, kLarge },
	};
	for (const auto &c : want) {
		ASSERT_TRUE(m.Rights(c.va, &w, &x, &size)) << std::hex << c.va;
		EXPECT_EQ(w, c.write) << std::hex << c.va;
		EXPECT_EQ(x, c.exec) << std::hex << c.va;
		EXPECT_EQ(size, c.size) << std::hex << c.va;
	}
}

TEST(X86PtTest, ProtectFailsOnUnmappedPages)
{
	FakeMap m(8);

	EXPECT_EQ(x86_pt_protect(m.pt(), 2 * kGiB, 2 * kGiB + kPage, 0),
		  -EFAULT);
	m.alloc_budget = 0;
	EXPECT_EQ(x86_pt_protect(m.pt(), kPage, 2 * kPage, 0), -ENOMEM);
}

// A guard page inside a 1 GiB page: 1 GiB -> 512 x 2 MiB -> 512 x 4 KiB,
// frames and attributes (PAT included) kept everywhere.
TEST(X86PtTest, GuardSplitsAGigabytePageTwice)
{
	FakeMap m(8);
	const uint64_t va = kGiB + 3 * kLarge + 5 * kPage;
	bool w, x;
	uint64_t size;

	ASSERT_EQ(
		x86_pt_protect(m.pt(), kGiB, 2 * kGiB, X86_PTE_RW | X86_PTE_NX),
		0);
	EXPECT_EQ(m.allocs, 0u); // the whole 1 GiB page: its entry changes
	ASSERT_TRUE(m.Rights(kGiB + 77, &w, &x, &size));
	EXPECT_EQ(size, kGiB);
	EXPECT_FALSE(x);

	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), va), 0);
	EXPECT_EQ(m.allocs, 2u);
	EXPECT_FALSE(x86_pt_mapped(m.pt(), va));
	for (uint64_t probe : { kGiB, va - kPage, va + kPage, kGiB + 3 * kLarge,
				kGiB + 4 * kLarge + 9, 2 * kGiB - kPage }) {
		EXPECT_EQ(m.Translate(probe), probe) << std::hex << probe;
		ASSERT_TRUE(m.Rights(probe, &w, &x, &size))
			<< std::hex << probe;
		EXPECT_TRUE(w) << std::hex << probe;
		EXPECT_FALSE(x) << std::hex << probe;
	}
	ASSERT_TRUE(m.Rights(va + kPage, &w, &x, &size));
	EXPECT_EQ(size, kPage);
	ASSERT_TRUE(m.Rights(kGiB + 4 * kLarge, &w, &x, &size));
	EXPECT_EQ(size, kLarge);
	ASSERT_EQ(x86_pt_restore_4k(m.pt(), va), 0);
	EXPECT_EQ(m.Translate(va), va);
}

TEST(X86PtTest, GigabyteSplitKeepsThePatBit)
{
	FakeMap m(8);

	m.Pdpte(kGiB) |= kPdeLargePat;
	ASSERT_EQ(x86_pt_unmap_4k(m.pt(), kGiB), 0);
	for (uint64_t i = 1; i < 512; i++) {
		const uint64_t e = m.Leaf(kGiB + i * kLarge);
		EXPECT_TRUE(e & X86_PTE_PS) << i;
		EXPECT_TRUE(e & kPdeLargePat) << i;
		EXPECT_EQ(m.Translate(kGiB + i * kLarge), kGiB + i * kLarge)
			<< i;
	}
	EXPECT_TRUE(m.Leaf(kGiB + kPage) & kPtePat);
}

TEST(X86PtTest, ProtectSplitsOnlyTheGigabytePageItCoversInPart)
{
	FakeMap m(8);
	bool w, x;
	uint64_t size;

	ASSERT_EQ(x86_pt_protect(m.pt(), kGiB + kLarge, kGiB + 2 * kLarge, 0),
		  0);
	EXPECT_EQ(m.allocs, 1u); // a PD, no page table
	ASSERT_TRUE(m.Rights(kGiB + kLarge, &w, &x, &size));
	EXPECT_FALSE(w);
	EXPECT_TRUE(x);
	EXPECT_EQ(size, kLarge);
	ASSERT_TRUE(m.Rights(kGiB, &w, &x, &size));
	EXPECT_TRUE(w);
	EXPECT_EQ(size, kLarge);
	FakeMap n(8);
	n.alloc_budget = 0;
	EXPECT_EQ(x86_pt_protect(n.pt(), kGiB, kGiB + kLarge, 0), -ENOMEM);
	EXPECT_EQ(x86_pt_unmap_4k(n.pt(), kGiB), -ENOMEM);
	EXPECT_TRUE(n.Rights(kGiB, &w, &x, &size));
	EXPECT_EQ(size, kGiB);
}

// RAM from 3 GiB + 4 MiB to 6 GiB + 2 MiB, as the boot code maps it.
TEST(X86PtTest, MapIdentityUsesGigabytePagesWhereAWholeOneFits)
{
	FakeMap m(16);
	const uint64_t start = 3 * kGiB + 2 * kLarge, end = 6 * kGiB + kLarge;
	bool w, x;
	uint64_t size;

	ASSERT_EQ(x86_pt_map_identity(m.pt(), start, end, true,
				      X86_PTE_RW | X86_PTE_NX),
		  0);
	EXPECT_EQ(m.allocs, 2u); // PDs of the 4th and 7th gigabytes
	EXPECT_FALSE(x86_pt_mapped(m.pt(), start - kPage)); // zeroed PD
	EXPECT_FALSE(x86_pt_mapped(m.pt(), 3 * kGiB));
	EXPECT_FALSE(x86_pt_mapped(m.pt(), end));
	EXPECT_FALSE(x86_pt_mapped(m.pt(), 7 * kGiB));
	struct {
		uint64_t va, size;
	} want[] = {
		{ start, kLarge },	 { 4 * kGiB - 1, kLarge },
		{ 4 * kGiB, kGiB },	 { 5 * kGiB + 12345, kGiB },
		{ 6 * kGiB - 1, kGiB },	 { 6 * kGiB, kLarge },
		{ end - kPage, kLarge },
	};
	for (const auto &c : want) {
		EXPECT_EQ(m.Translate(c.va), c.va) << std::hex << c.va;
		ASSERT_TRUE(m.Rights(c.va, &w, &x, &size)) << std::hex << c.va;
		EXPECT_TRUE(w) << std::hex << c.va;
		EXPECT_FALSE(x) << std::hex << c.va;
		EXPECT_EQ(size, c.size) << std::hex << c.va;
	}
	EXPECT_TRUE(m.flushed_pages.empty());
	EXPECT_EQ(m.flush_alls, 0u);
}

TEST(X86PtTest, MapIdentityWithoutGigabytePagesUsesTwoMegabytePages)
{
	FakeMap m(16);
	bool w, x;
	uint64_t size;

	ASSERT_EQ(x86_pt_map_identity(m.pt(), 2 * kGiB, 6 * kGiB, false,
				      X86_PTE_RW),
		  0);
	EXPECT_EQ(m.allocs, 4u); // one PD per gigabyte
	for (uint64_t va = 2 * kGiB; va < 6 * kGiB; va += 97 * kLarge + kPage) {
		EXPECT_EQ(m.Translate(va), va) << std::hex << va;
		ASSERT_TRUE(m.Rights(va, &w, &x, &size)) << std::hex << va;
		EXPECT_TRUE(x) << std::hex << va;
		EXPECT_EQ(size, kLarge) << std::hex << va;
	}
}

TEST(X86PtTest, MapIdentityKeepsExistingMappings)
{
	FakeMap m(16);
	bool w, x;
	uint64_t size;

	m.Pde(7 * kLarge) = 0; // a hole in the boot map gets filled
	m.Pde(9 * kLarge) = (100 * kLarge) | X86_PTE_P | X86_PTE_PS;
	ASSERT_EQ(x86_pt_map_identity(m.pt(), 0, 2 * kGiB, true, X86_PTE_RW),
		  0);
	EXPECT_EQ(m.allocs, 0u);
	EXPECT_EQ(m.Translate(7 * kLarge + 5), 7 * kLarge + 5);
	EXPECT_EQ(m.Translate(9 * kLarge), 100 * kLarge); // kept as it was
	ASSERT_TRUE(m.Rights(kGiB, &w, &x, &size));
	EXPECT_EQ(size, kGiB);
}

TEST(X86PtTest, MapIdentityBeyondTheFirstPml4Entry)
{
	FakeMap m(16);

	ASSERT_EQ(x86_pt_map_identity(m.pt(), 512 * kGiB, 512 * kGiB + kLarge,
				      true, X86_PTE_RW),
		  0);
	EXPECT_EQ(m.allocs, 2u); // a PDPT and a PD
	EXPECT_EQ(m.Translate(512 * kGiB + 3), 512 * kGiB + 3);
	EXPECT_FALSE(x86_pt_mapped(m.pt(), 512 * kGiB + kLarge));
}

TEST(X86PtTest, MapIdentityErrors)
{
	FakeMap m(16);

	EXPECT_EQ(x86_pt_map_identity(m.pt(), kPage, kLarge, true, 0), -EINVAL);
	EXPECT_EQ(x86_pt_map_identity(m.pt(), 0, kLarge + kPage, true, 0),
		  -EINVAL);
	EXPECT_EQ(x86_pt_map_identity(m.pt(), 2 * kLarge, 2 * kLarge, true, 0),
		  -EINVAL);
	EXPECT_EQ(
		x86_pt_map_identity(m.pt(), 0, (1ULL << 47) + kLarge, true, 0),
		-EINVAL);
	EXPECT_EQ(m.allocs, 0u);
	m.alloc_budget = 0;
	EXPECT_EQ(x86_pt_map_identity(m.pt(), 2 * kGiB, 2 * kGiB + kLarge,
				      false, 0),
		  -ENOMEM);
	EXPECT_FALSE(x86_pt_mapped(m.pt(), 2 * kGiB));
}

} // namespace
