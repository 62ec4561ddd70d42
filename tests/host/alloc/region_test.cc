// The boot-time region allocator on a host arena.
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <gtest/gtest.h>
#include <uk/allocregion.h>

#include "fault_recorder.h"

namespace {

constexpr size_t kPage = __PAGE_SIZE;

class RegionTest : public ::testing::Test {
protected:
	RegionTest() : arena_(256 << 10)
	{
		a_ = uk_allocregion_init(arena_.base(), arena_.len());
	}
	void SetUp() override
	{
		ASSERT_NE(a_, nullptr);
		avail0_ = uk_alloc_availmem(a_);
	}
	Arena arena_;
	FaultRecorder rec_;
	struct uk_alloc *a_;
	size_t avail0_ = 0;
};

TEST(RegionInit, RejectsTooSmallMemory)
{
	Arena arena(4096);

	EXPECT_EQ(uk_allocregion_init(arena.base(), 16), nullptr);
	EXPECT_EQ(uk_allocregion_init(nullptr, 4096), nullptr);
}

TEST_F(RegionTest, BumpsAlignedBlocksThatDoNotOverlap)
{
	char *prev_end = nullptr;

	for (size_t size = 0; size < 300; size += 7) {
		char *p = static_cast<char *>(uk_malloc(a_, size));
		ASSERT_NE(p, nullptr);
		EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
		EXPECT_TRUE(arena_.Contains(p));
		if (prev_end)
			EXPECT_GE(p, prev_end);
		memset(p, 0xab, size);
		prev_end = p + size;
	}
	for (size_t align = 16; align <= 8192; align <<= 1) {
		void *p = uk_memalign(a_, align, 10);
		ASSERT_NE(p, nullptr);
		EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
	}
	EXPECT_EQ(uk_memalign(a_, 24, 10), nullptr);
	EXPECT_EQ(rec_.Count(), 0u);
}

TEST_F(RegionTest, FreeingTheLastBlockGivesItsMemoryBack)
{
	void *p = uk_malloc(a_, 1000);
	size_t after_p = uk_alloc_availmem(a_);
	void *q = uk_malloc(a_, 500);

	uk_free(a_, q);
	EXPECT_EQ(uk_alloc_availmem(a_), after_p);
	uk_free(a_, p);
	EXPECT_EQ(uk_alloc_availmem(a_), avail0_);
	// A block that is not the last is only marked free.
	p = uk_malloc(a_, 100);
	q = uk_malloc(a_, 100);
	size_t before = uk_alloc_availmem(a_);
	uk_free(a_, p);
	EXPECT_EQ(uk_alloc_availmem(a_), before);
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_DOUBLE_FREE, p);
	uk_free(a_, q);
	uk_free(a_, q);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_DOUBLE_FREE, q);
}

TEST_F(RegionTest, ReallocGrowsTheLastBlockInPlace)
{
	char *p = static_cast<char *>(uk_malloc(a_, 10));

	strcpy(p, "tessera");
	EXPECT_EQ(uk_realloc(a_, p, 4000), p);
	EXPECT_STREQ(p, "tessera");
	char *q = static_cast<char *>(uk_malloc(a_, 10));
	EXPECT_EQ(uk_realloc(a_, p, 100), p); // shrinking is always in place
	char *r = static_cast<char *>(uk_realloc(a_, p, 200));
	ASSERT_NE(r, nullptr);
	EXPECT_NE(r, p);
	EXPECT_STREQ(r, "tessera");
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_DOUBLE_FREE, p);
	uk_free(a_, q);
	uk_free(a_, r);
	EXPECT_EQ(rec_.Count(), 0u);
}

TEST_F(RegionTest, DetectsForeignInvalidAndOverflow)
{
	int local;
	char *p = static_cast<char *>(uk_malloc(a_, 40));
	char *q = static_cast<char *>(uk_malloc(a_, 40));

	uk_free(a_, &local);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, &local);
	uk_free(a_, p + 16);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_INVALID, p + 16);
	p[40] = 1;
	uk_free(a_, p);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
	EXPECT_EQ(uk_realloc(a_, p, 10), nullptr);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_OVERFLOW, p);
	uk_pfree(a_, &local, 1);
	ExpectOneFault(rec_, a_, UK_ALLOC_FAULT_FOREIGN, &local);
	uk_free(a_, q);
	EXPECT_EQ(rec_.Count(), 0u);
}

TEST_F(RegionTest, PagesAndExhaustion)
{
	void *small = uk_malloc(a_, 8);
	char *pg = static_cast<char *>(uk_palloc(a_, 3));

	ASSERT_NE(pg, nullptr);
	EXPECT_EQ(reinterpret_cast<uintptr_t>(pg) % kPage, 0u);
	memset(pg, 1, 3 * kPage);
	unsigned long pav = uk_alloc_pavailmem(a_);
	uk_pfree(a_, pg, 3);
	EXPECT_EQ(uk_alloc_pavailmem(a_), pav + 3);
	EXPECT_EQ(uk_palloc(a_, 0), nullptr);
	EXPECT_EQ(uk_palloc(a_, uk_alloc_pavailmem(a_) + 1), nullptr);
	EXPECT_NE(uk_palloc(a_, uk_alloc_pavailmem(a_)), nullptr);
	EXPECT_EQ(uk_alloc_pavailmem(a_), 0u);
	EXPECT_EQ(uk_malloc(a_, kPage), nullptr);
	EXPECT_EQ(uk_calloc(a_, SIZE_MAX / 2, 4), nullptr);
	void *m = nullptr;
	EXPECT_EQ(uk_posix_memalign(a_, &m, 64, kPage), -ENOMEM);
	EXPECT_EQ(uk_alloc_addmem(a_, arena_.base(), 4096), -ENOTSUP);

	struct uk_alloc_stats st;
	uk_alloc_stats_get(a_, &st);
	EXPECT_EQ(st.allocs, 3u);
	EXPECT_EQ(st.frees, 1u);
	EXPECT_EQ(st.failures, 5u);
	EXPECT_EQ(st.cur_bytes, 8 + pav * kPage + 3 * kPage - 0);
	EXPECT_EQ(st.max_bytes, st.cur_bytes);
	uk_free(a_, small);
	EXPECT_EQ(rec_.Count(), 0u);
}

} // namespace
