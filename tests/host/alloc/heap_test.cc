// The heap (buddy pages + slabs) on a host arena: functional behaviour.
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <uk/allocbuddy.h>

#include "fault_recorder.h"

namespace {

constexpr size_t kPage = __PAGE_SIZE;

bool Aligned(const void *p, size_t align)
{
	return (reinterpret_cast<uintptr_t>(p) & (align - 1)) == 0;
}

class HeapTest : public ::testing::Test {
protected:
	HeapTest() : arena_(8 << 20)
	{
		a_ = uk_allocbuddy_init(arena_.base(), arena_.len());
	}
	void SetUp() override
	{
		ASSERT_NE(a_, nullptr);
		avail0_ = uk_alloc_availmem(a_);
		pavail0_ = uk_alloc_pavailmem(a_);
	}
	void ExpectAllFree()
	{
		struct uk_alloc_stats st;

		uk_alloc_stats_get(a_, &st);
		EXPECT_EQ(st.cur_bytes, 0u);
		EXPECT_EQ(uk_alloc_availmem(a_), avail0_);
		EXPECT_EQ(uk_alloc_pavailmem(a_), pavail0_);
	}
	Arena arena_;
	FaultRecorder rec_;
	struct uk_alloc *a_;
	size_t avail0_ = 0;
	unsigned long pavail0_ = 0;
};

TEST(HeapInit, RejectsTooSmallMemory)
{
	Arena arena(64 << 10);

	EXPECT_EQ(uk_allocbuddy_init(arena.base(), 256), nullptr);
	EXPECT_EQ(uk_allocbuddy_init(nullptr, 1 << 20), nullptr);
}

TEST_F(HeapTest, BookkeepingCostsUnderOnePercent)
{
	EXPECT_GT(pavail0_ * kPage, arena_.len() * 99 / 100 - 8 * kPage);
	EXPECT_LE(pavail0_ * kPage, arena_.len());
	EXPECT_EQ(avail0_, pavail0_ * kPage);
}

TEST_F(HeapTest, EverySizeIsSixteenByteAlignedAndUsable)
{
	std::vector<std::pair<char *, size_t>> blocks;

	for (size_t size = 0; size <= 9000; size += (size < 2100 ? 1 : 97)) {
		char *p = static_cast<char *>(uk_malloc(a_, size));
		ASSERT_NE(p, nullptr) << size;
		EXPECT_TRUE(Aligned(p, 16)) << size;
		EXPECT_TRUE(arena_.Contains(p));
		memset(p, static_cast<int>(size), size);
		blocks.emplace_back(p, size);
	}
	for (auto &b : blocks) {
		for (size_t i = 0; i < b.second; i++)
			ASSERT_EQ(b.first[i], static_cast<char>(b.second));
		uk_free(a_, b.first);
	}
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, MemalignHonoursEveryPowerOfTwo)
{
	for (size_t align = 1; align <= (1 << 20); align <<= 1) {
		std::vector<void *> blocks;
		for (size_t size :
		     { 1ul, 24ul, 100ul, 2040ul, 3000ul, 10000ul }) {
			void *p = uk_memalign(a_, align, size);
			ASSERT_NE(p, nullptr) << align << " " << size;
			EXPECT_TRUE(Aligned(p, align > 16 ? align : 16))
				<< align << " " << size;
			memset(p, 0x5a, size);
			blocks.push_back(p);
		}
		for (void *p : blocks)
			uk_free(a_, p);
	}
	EXPECT_EQ(uk_memalign(a_, 48, 10), nullptr);
	EXPECT_EQ(uk_memalign(a_, 0, 10), nullptr);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

// The heap's first page follows its bookkeeping, so the region base is not
// 256 KiB-aligned: an aligned run may span two free blocks that are not
// buddies (the bug of #5).
TEST_F(HeapTest, MemalignFindsAlignedRunsInFragmentedMemory)
{
	// Pin a page at every 256 KiB boundary: no free 2 MiB block is
	// left, yet 1 MiB-aligned runs still exist between the pins.
	std::vector<void *> pins;
	for (int i = 0; i < 40; i++) {
		void *p = uk_memalign(a_, 256 << 10, 16);
		if (p)
			pins.push_back(p);
	}
	ASSERT_GE(pins.size(), 20u);
	uk_free(a_, pins[8]);
	pins.erase(pins.begin() + 8);
	void *p = uk_memalign(a_, 256 << 10, 100 << 10);
	ASSERT_NE(p, nullptr);
	EXPECT_TRUE(Aligned(p, 256 << 10));
	memset(p, 1, 100 << 10);
	uk_free(a_, p);
	for (void *q : pins)
		uk_free(a_, q);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, PallocFindsRunsAcrossBlocksThatAreNotBuddies)
{
	// Every page, then free pages 4k+1 .. 4k+3 of every fourth group and
	// the first page of the next one: free runs of 4 pages made of blocks
	// of order 0, 1 and 0 that never form a free 4-page block.
	std::vector<char *> pages;
	char *p;

	while ((p = static_cast<char *>(uk_palloc(a_, 1))))
		pages.push_back(p);
	ASSERT_EQ(pages.size(), pavail0_);
	std::sort(pages.begin(), pages.end());
	std::vector<bool> freed(pages.size());
	for (size_t i = 0; i + 8 < pages.size(); i += 8) {
		for (size_t j = i + 1; j <= i + 4; j++) {
			uk_pfree(a_, pages[j], 1);
			freed[j] = true;
		}
	}
	std::vector<std::pair<char *, unsigned long>> runs;
	for (unsigned long n : { 4ul, 3ul, 4ul, 2ul, 4ul }) {
		char *r = static_cast<char *>(uk_palloc(a_, n));
		ASSERT_NE(r, nullptr) << n;
		memset(r, 0x42, n * kPage);
		runs.emplace_back(r, n);
	}
	for (auto &r : runs)
		uk_pfree(a_, r.first, r.second);
	for (size_t i = 0; i < pages.size(); i++) {
		if (!freed[i])
			uk_pfree(a_, pages[i], 1);
	}
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
	unsigned long big = 1;
	while (big * 2 <= pavail0_)
		big *= 2;
	p = static_cast<char *>(uk_palloc(a_, big));
	EXPECT_NE(p, nullptr) << "free pages did not merge back";
	uk_pfree(a_, p, big);
}

// MAP_FIXED's pages: a run at a given address, free pages only.
TEST_F(HeapTest, PallocAtTakesFreePagesAtThatAddressOnly)
{
	char *p = static_cast<char *>(uk_palloc(a_, 16));
	char *q;

	ASSERT_NE(p, nullptr);
	EXPECT_EQ(uk_palloc_at(a_, p, 1), nullptr) << "in use";
	EXPECT_EQ(uk_palloc_at(a_, p + 15 * kPage, 2), nullptr)
		<< "partly in use";
	EXPECT_EQ(uk_palloc_at(a_, p + 1, 1), nullptr) << "unaligned";
	EXPECT_EQ(uk_palloc_at(a_, p, 0), nullptr);
	uk_pfree(a_, p, 16);
	// Cut from the middle of free blocks, and a page left in the cache.
	q = static_cast<char *>(uk_palloc_at(a_, p + 3 * kPage, 7));
	EXPECT_EQ(q, p + 3 * kPage);
	EXPECT_EQ(uk_palloc_at(a_, p + 9 * kPage, 1), nullptr);
	char *one = static_cast<char *>(uk_palloc_at(a_, p + 2 * kPage, 1));
	EXPECT_EQ(one, p + 2 * kPage);
	uk_pfree(a_, one, 1);
	EXPECT_EQ(uk_palloc_at(a_, p + 2 * kPage, 1), one)
		<< "a page in the page cache is free";
	uk_pfree(a_, one, 1);
	memset(q, 0x5a, 7 * kPage);
	uk_pfree(a_, q, 7);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, MemalignFailsOnlyWithoutAnAlignedRun)
{
	std::vector<char *> pages;
	char *p;

	while ((p = static_cast<char *>(uk_palloc(a_, 1))))
		pages.push_back(p);
	std::sort(pages.begin(), pages.end());
	// Free exactly one 64 KiB-aligned run of 16 pages, and around it
	// unaligned runs of 16 pages that must not be used.
	size_t first = 0;
	while (!Aligned(pages[first], 64 << 10))
		first++;
	size_t at = first + 64; // the aligned run: pages[at .. at + 15]
	ASSERT_TRUE(Aligned(pages[at], 64 << 10));
	ASSERT_LT(at + 16 + 40, pages.size());
	std::vector<bool> freed(pages.size());
	auto free_range = [&](size_t lo, size_t n) {
		for (size_t j = lo; j < lo + n; j++) {
			uk_pfree(a_, pages[j], 1);
			freed[j] = true;
		}
	};
	free_range(at - 20, 18);
	free_range(at + 20, 20);
	EXPECT_EQ(uk_memalign(a_, 64 << 10, 16 * kPage), nullptr);
	free_range(at, 16);
	p = static_cast<char *>(uk_memalign(a_, 64 << 10, 16 * kPage));
	EXPECT_EQ(p, pages[at]);
	EXPECT_EQ(uk_memalign(a_, 64 << 10, 16 * kPage), nullptr);
	uk_free(a_, p);
	for (size_t i = 0; i < pages.size(); i++) {
		if (!freed[i])
			uk_pfree(a_, pages[i], 1);
	}
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, SmallMemalignUsesSlotsNotPages)
{
	void *p = uk_memalign(a_, 64, 40);

	ASSERT_NE(p, nullptr);
	EXPECT_TRUE(Aligned(p, 64));
	EXPECT_FALSE(Aligned(p, kPage));
	uk_free(a_, p);
}

TEST_F(HeapTest, PosixMemalignReturnsErrnos)
{
	void *p = nullptr;

	EXPECT_EQ(uk_posix_memalign(a_, &p, 3, 16), -EINVAL);
	EXPECT_EQ(uk_posix_memalign(a_, &p, 4, 16), -EINVAL);
	EXPECT_EQ(uk_posix_memalign(a_, &p, 256, arena_.len()), -ENOMEM);
	ASSERT_EQ(uk_posix_memalign(a_, &p, 256, 16), 0);
	EXPECT_TRUE(Aligned(p, 256));
	uk_free(a_, p);
}

TEST_F(HeapTest, PallocOfManyOrdersCoalescesBackToTheWholeRegion)
{
	// The biggest block the fresh region holds.
	unsigned long big = 1;
	while (big * 2 <= pavail0_)
		big *= 2;
	void *whole = uk_palloc(a_, big);
	ASSERT_NE(whole, nullptr);
	uk_pfree(a_, whole, big);

	std::vector<std::pair<char *, unsigned long>> runs;
	std::mt19937 rng(7);
	// 1304 of ~2040 pages, most of them from whole 2^ceil(log2 n) blocks.
	std::vector<unsigned long> counts = { 256, 128, 100 };
	for (unsigned long n = 1; n <= 40; n++)
		counts.push_back(n);
	for (unsigned long n : counts) {
		char *p = static_cast<char *>(uk_palloc(a_, n));
		ASSERT_NE(p, nullptr) << n;
		EXPECT_TRUE(Aligned(p, kPage));
		memset(p, static_cast<int>(n), n * kPage);
		runs.emplace_back(p, n);
	}
	// Runs cost exactly their pages: the 2^k tail went back at once.
	unsigned long used = 0;
	for (auto &r : runs)
		used += r.second;
	EXPECT_EQ(uk_alloc_pavailmem(a_), pavail0_ - used);
	std::shuffle(runs.begin(), runs.end(), rng);
	for (auto &r : runs) {
		for (size_t i = 0; i < r.second * kPage; i += 512)
			ASSERT_EQ(r.first[i], static_cast<char>(r.second));
		uk_pfree(a_, r.first, r.second);
	}
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
	whole = uk_palloc(a_, big);
	EXPECT_NE(whole, nullptr) << "free pages did not merge back";
	uk_pfree(a_, whole, big);
}

TEST_F(HeapTest, ExhaustionReturnsNullAndRecovers)
{
	std::vector<void *> pages;
	void *p;

	EXPECT_EQ(uk_palloc(a_, 0), nullptr);
	EXPECT_EQ(uk_palloc(a_, pavail0_ + 1), nullptr);
	EXPECT_EQ(uk_malloc(a_, arena_.len()), nullptr);
	EXPECT_EQ(uk_malloc(a_, SIZE_MAX), nullptr);
	EXPECT_EQ(uk_calloc(a_, SIZE_MAX / 2, 4), nullptr);
	char *m = static_cast<char *>(uk_malloc(a_, 100));
	ASSERT_NE(m, nullptr);
	memset(m, 0x77, 100);
	while ((p = uk_palloc(a_, 1)))
		pages.push_back(p);
	EXPECT_EQ(pages.size(), pavail0_ - 1); // one page is m's slab
	EXPECT_EQ(uk_alloc_pavailmem(a_), 0u);
	EXPECT_EQ(uk_malloc(a_, 16), nullptr);
	EXPECT_EQ(uk_malloc(a_, 5000), nullptr);
	p = nullptr;
	EXPECT_EQ(uk_posix_memalign(a_, &p, 64, 16), -ENOMEM);
	EXPECT_EQ(p, nullptr);
	// A failed realloc leaves the block as it was.
	EXPECT_EQ(uk_realloc(a_, m, 10 * kPage), nullptr);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(m[i], 0x77);

	struct uk_alloc_stats st;
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.failures, 10u);
	EXPECT_EQ(st.allocs, pavail0_);
	for (void *q : pages)
		uk_pfree(a_, q, 1);
	uk_free(a_, m);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
	p = uk_malloc(a_, 100);
	EXPECT_NE(p, nullptr);
	uk_free(a_, p);
}

TEST_F(HeapTest, SmallAllocationsFillTheHeapThenEverythingComesBack)
{
	std::vector<void *> blocks;
	void *p;

	while ((p = uk_malloc(a_, 1000)))
		blocks.push_back(p);
	EXPECT_GT(blocks.size() * 1000, arena_.len() * 3 / 4);
	EXPECT_LT(uk_alloc_pavailmem(a_), 4u); // less than one more slab
	for (void *q : blocks)
		uk_free(a_, q);
	ExpectAllFree();
	// The cached empty slab is given back when pages run short.
	unsigned long big = 1;
	while (big * 2 <= pavail0_)
		big *= 2;
	p = uk_palloc(a_, big);
	EXPECT_NE(p, nullptr);
	uk_pfree(a_, p, big);
	EXPECT_EQ(rec_.Count(), 0u);
}

TEST_F(HeapTest, CallocZeroesRecycledMemory)
{
	for (size_t size : { 40ul, 3000ul, 9000ul }) {
		void *p = uk_malloc(a_, size);
		ASSERT_NE(p, nullptr);
		memset(p, 0xff, size);
		uk_free(a_, p);
		unsigned char *z =
			static_cast<unsigned char *>(uk_calloc(a_, size, 1));
		ASSERT_EQ(z, p) << "expected the same block back";
		for (size_t i = 0; i < size; i++)
			ASSERT_EQ(z[i], 0) << size << " " << i;
		uk_free(a_, z);
	}
}

TEST_F(HeapTest, ReallocShrinksInPlaceAndMovesToGrow)
{
	char *p = static_cast<char *>(uk_malloc(a_, 100));

	ASSERT_NE(p, nullptr);
	for (int i = 0; i < 100; i++)
		p[i] = static_cast<char>(i);
	EXPECT_EQ(uk_realloc(a_, p, 10), p);
	EXPECT_EQ(uk_realloc(a_, p, 104), p); // still inside its 112-byte slot
	char *q = static_cast<char *>(uk_realloc(a_, p, 5000));
	ASSERT_NE(q, nullptr);
	EXPECT_NE(q, p);
	for (int i = 0; i < 10; i++)
		EXPECT_EQ(q[i], static_cast<char>(i));

	// Large: shrinking gives the tail pages back, in place.
	unsigned long before = uk_alloc_pavailmem(a_);
	char *l = static_cast<char *>(uk_realloc(a_, q, 10 * kPage));
	ASSERT_NE(l, nullptr);
	memset(l, 0x33, 10 * kPage);
	EXPECT_EQ(uk_alloc_pavailmem(a_), before + 2 - 10);
	EXPECT_EQ(uk_realloc(a_, l, 3 * kPage + 1), l);
	EXPECT_EQ(uk_alloc_pavailmem(a_), before + 2 - 4);
	EXPECT_EQ(uk_realloc(a_, l, 7), l);
	EXPECT_EQ(uk_alloc_pavailmem(a_), before + 2 - 1);
	for (int i = 0; i < 7; i++)
		EXPECT_EQ(l[i], 0x33);

	struct uk_alloc_stats st;
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.cur_bytes, 7u);
	EXPECT_EQ(uk_realloc(a_, l, 0), nullptr);
	char *n = static_cast<char *>(uk_realloc(a_, nullptr, 50));
	ASSERT_NE(n, nullptr);
	uk_free(a_, n);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, StatisticsCountRequestedBytes)
{
	struct uk_alloc_stats st;

	void *p1 = uk_malloc(a_, 100);
	void *p2 = uk_malloc(a_, 5000);
	void *p3 = uk_palloc(a_, 3);
	uk_free(a_, p1);
	EXPECT_EQ(uk_malloc(a_, SIZE_MAX / 2), nullptr);
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.allocs, 3u);
	EXPECT_EQ(st.frees, 1u);
	EXPECT_EQ(st.failures, 1u);
	EXPECT_EQ(st.cur_bytes, 5000 + 3 * kPage);
	EXPECT_EQ(st.max_bytes, 100 + 5000 + 3 * kPage);
	EXPECT_EQ(st.total_bytes, 100 + 5000 + 3 * kPage);
	EXPECT_EQ(st.corruptions, 0u);
	uk_free(a_, p2);
	uk_pfree(a_, p3, 3);
	uk_free(a_, p1); // double free: counted, not freed again
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.frees, 3u);
	EXPECT_EQ(st.cur_bytes, 0u);
	EXPECT_EQ(st.corruptions, 1u);
	EXPECT_EQ(rec_.Take().size(), 1u);
}

TEST_F(HeapTest, DoubleFreeIsReportedAndIgnored)
{
	void *keep = uk_malloc(a_, 32);
	void *p = uk_malloc(a_, 32);

	uk_free(a_, p);
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_DOUBLE_FREE, p);
	// The slot was not freed twice: two mallocs get two distinct blocks.
	void *x = uk_malloc(a_, 32), *y = uk_malloc(a_, 32);
	EXPECT_NE(x, y);
	uk_free(a_, x);
	uk_free(a_, y);

	void *l = uk_malloc(a_, 3 * kPage);
	void *guard = uk_palloc(a_, 1);
	uk_free(a_, l);
	uk_free(a_, l);
	std::vector<Fault> f = rec_.Take();
	ASSERT_EQ(f.size(), 1u);
	// Merged with free neighbours it is no longer a block head at all.
	EXPECT_TRUE(f[0].fault == UK_ALLOC_FAULT_DOUBLE_FREE ||
		    f[0].fault == UK_ALLOC_FAULT_INVALID);

	// A page whose neighbours are both allocated cannot merge on free:
	// its buddy is one of them, so it stays a free block head.
	std::vector<char *> pages;
	for (int i = 0; i < 8; i++)
		pages.push_back(static_cast<char *>(uk_palloc(a_, 1)));
	char *mid = nullptr;
	for (char *x : pages) {
		bool lo = std::find(pages.begin(), pages.end(), x - kPage) !=
			  pages.end();
		bool hi = std::find(pages.begin(), pages.end(), x + kPage) !=
			  pages.end();
		if (lo && hi)
			mid = x;
	}
	ASSERT_NE(mid, nullptr);
	uk_pfree(a_, mid, 1);
	uk_pfree(a_, mid, 1);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_DOUBLE_FREE, mid);
	for (char *x : pages) {
		if (x != mid)
			uk_pfree(a_, x, 1);
	}
	uk_pfree(a_, guard, 1);
	uk_free(a_, keep);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, ForeignAndInvalidPointersAreReported)
{
	Arena other(64 << 10);
	int local;
	char *p = static_cast<char *>(uk_malloc(a_, 64));
	char *l = static_cast<char *>(uk_malloc(a_, 3 * kPage));
	char *pg = static_cast<char *>(uk_palloc(a_, 2));

	uk_free(a_, &local);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, &local);
	uk_free(a_, other.base());
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, other.base());
	uk_pfree(a_, other.base(), 1);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, other.base());
	// The allocator's own bookkeeping is not a block either.
	uk_free(a_, arena_.base() + 4096);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, arena_.base() + 4096);

	uk_free(a_, p + 16);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, p + 16);
	uk_free(a_, p + 1);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, p + 1);
	uk_free(a_, l + kPage);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, l + kPage);
	uk_free(a_, pg);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, pg);
	uk_pfree(a_, l, 3);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, l);
	uk_pfree(a_, pg, 1);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, pg);
	uk_pfree(a_, pg + 8, 2);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, pg + 8);
	EXPECT_EQ(uk_realloc(a_, p + 32, 10), nullptr);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, p + 32);

	// None of this freed anything.
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.cur_bytes, 64 + 3 * kPage + 2 * kPage);
	uk_free(a_, p);
	uk_free(a_, l);
	uk_pfree(a_, pg, 2);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST_F(HeapTest, OverflowPastASmallBlockIsDetectedOnFree)
{
	for (size_t size : { 1ul, 20ul, 24ul, 100ul, 2040ul }) {
		char *p = static_cast<char *>(uk_malloc(a_, size));
		ASSERT_NE(p, nullptr);
		memset(p, 0, size);
		p[size] ^= 0x01; // one byte too far
		uk_free(a_, p);
		ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
		p[size] ^= 0x01; // repaired: now it frees normally
		uk_free(a_, p);
		EXPECT_EQ(rec_.Count(), 0u) << size;
	}
	ExpectAllFree();
}

TEST_F(HeapTest, OverflowIsDetectedOnRealloc)
{
	char *p = static_cast<char *>(uk_malloc(a_, 50));

	p[50] = 'x';
	EXPECT_EQ(uk_realloc(a_, p, 60), nullptr);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
	EXPECT_EQ(uk_realloc(a_, p, 5000), nullptr);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
}

TEST_F(HeapTest, OverflowPastALargeBlockIsDetectedOnFree)
{
	char *p = static_cast<char *>(uk_malloc(a_, 5000));

	ASSERT_NE(p, nullptr);
	p[5000] = 0x42;
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.cur_bytes, 5000u);
}

TEST_F(HeapTest, OverwrittenSlabHeaderIsDetected)
{
	char *p = static_cast<char *>(uk_malloc(a_, 32));
	char *q = static_cast<char *>(uk_malloc(a_, 32));
	// What an overflow from the page below would do to the slab header.
	char *slab = reinterpret_cast<char *>(reinterpret_cast<uintptr_t>(p) &
					      ~(kPage - 1));
	char saved[8];

	memcpy(saved, slab, 8);
	memset(slab, 0xee, 8);
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
	// Allocation from the damaged slab is refused too, never corrupting.
	void *r = uk_malloc(a_, 32);
	ASSERT_NE(r, nullptr);
	EXPECT_NE(reinterpret_cast<uintptr_t>(r) & ~(kPage - 1),
		  reinterpret_cast<uintptr_t>(slab));
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, slab);
	memcpy(slab, saved, 8);
	uk_free(a_, q);
	uk_free(a_, r);
	EXPECT_EQ(rec_.Count(), 0u);
}

TEST_F(HeapTest, DroppedSlabListIsNeverFollowedAgain)
{
	auto slab_of = [](void *p) {
		return reinterpret_cast<char *>(reinterpret_cast<uintptr_t>(p) &
						~(kPage - 1));
	};
	std::vector<void *> objs;
	// 48-byte slots: 84 per one-page slab. Fill slabs A and B, start C.
	for (int i = 0; i < 2 * 84 + 1; i++)
		objs.push_back(uk_malloc(a_, 32));
	char *slab_a = slab_of(objs[0]), *slab_c = slab_of(objs[168]);
	ASSERT_EQ(slab_a, slab_of(objs[83]));
	ASSERT_NE(slab_a, slab_of(objs[84]));
	ASSERT_NE(slab_c, slab_of(objs[167]));
	uk_free(a_, objs[0]); // partial list: A -> C
	char saved[8];
	memcpy(saved, slab_a, 8);
	memset(slab_a, 0xee, 8);
	void *fresh = uk_malloc(a_, 32); // drops the list, starts slab D
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, slab_a);
	ASSERT_NE(fresh, nullptr);
	char *slab_d = slab_of(fresh);
	memcpy(slab_a, saved, 8);
	// Emptying A (still linked to C) must not touch the live list (D).
	for (int i = 1; i < 84; i++)
		uk_free(a_, objs[i]);
	void *next = uk_malloc(a_, 32);
	EXPECT_EQ(slab_of(next), slab_d);
	uk_free(a_, next);
	uk_free(a_, fresh);
	for (int i = 84; i < 169; i++)
		uk_free(a_, objs[i]);
	EXPECT_EQ(rec_.Count(), 0u);
	ExpectAllFree();
}

TEST(HeapRegions, AddmemGrowsTheHeapAcrossRegions)
{
	FaultRecorder rec;
	Arena a1(1 << 20), a2(2 << 20), a3(3 << 20);
	struct uk_alloc *a = uk_allocbuddy_init(a1.base(), a1.len());

	ASSERT_NE(a, nullptr);
	unsigned long p1 = uk_alloc_pavailmem(a);
	EXPECT_EQ(uk_allocbuddy_addmem(a, a2.base() + 100, a2.len() - 100), 0);
	EXPECT_EQ(uk_alloc_addmem(a, a3.base(), a3.len()), 0);
	unsigned long total = uk_alloc_pavailmem(a);
	EXPECT_GT(total, p1 + (5 << 20) / kPage - 16);
	// Overlaps and too-small regions are refused.
	EXPECT_EQ(uk_allocbuddy_addmem(a, a2.base() + 4096, 8192), -EINVAL);
	EXPECT_EQ(uk_allocbuddy_addmem(a, a1.base(), 4096), -EINVAL);
	EXPECT_EQ(uk_allocbuddy_addmem(a, a3.base() + a3.len() - 1, 8),
		  -EINVAL);
	EXPECT_EQ(uk_alloc_pavailmem(a), total);

	// Fill everything with 3-page blocks; each region gets some.
	std::vector<char *> blocks;
	char *p;
	int in1 = 0, in2 = 0, in3 = 0;
	while ((p = static_cast<char *>(uk_malloc(a, 3 * kPage - 7)))) {
		in1 += a1.Contains(p);
		in2 += a2.Contains(p);
		in3 += a3.Contains(p);
		memset(p, 0x11, 3 * kPage - 7);
		blocks.push_back(p);
	}
	EXPECT_EQ(static_cast<size_t>(in1 + in2 + in3), blocks.size());
	EXPECT_GT(in1, 0);
	EXPECT_GT(in2, 0);
	EXPECT_GT(in3, 0);
	for (char *b : blocks)
		uk_free(a, b);
	EXPECT_EQ(uk_alloc_pavailmem(a), total);
	EXPECT_EQ(rec.Count(), 0u);
}

TEST(HeapDefault, GetReturnsWhatSetStored)
{
	Arena arena(1 << 20);
	struct uk_alloc *a = uk_allocbuddy_init(arena.base(), arena.len());
	struct uk_alloc *old = uk_alloc_get_default();

	uk_alloc_set_default(a);
	EXPECT_EQ(uk_alloc_get_default(), a);
	// The release notes' SMP snippet: stacks as palloc'd pages + size.
	struct uk_alloc *d = uk_alloc_get_default();
	char *top = static_cast<char *>(d->palloc(d, 8)) + 8 * __PAGE_SIZE;
	EXPECT_TRUE(arena.Contains(top - 1));
	d->pfree(d, top - 8 * __PAGE_SIZE, 8);
	uk_alloc_set_default(old);
}

} // namespace
