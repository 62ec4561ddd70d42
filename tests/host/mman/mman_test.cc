// mmap, munmap, mprotect, mremap and mincore (core/syscall/mman.c) on the
// fake platform, against Linux's semantics (mmap(2), mremap(2),
// mincore(2)): mappings are pages of the default (buddy) heap, and the
// fake page-rights calls below record what the platform would enforce.
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <map>

#include <gtest/gtest.h>

extern "C" {
#include <fakeplat.h>
#include <uk/alloc.h>
#include <uk/plat/paging.h>

long uk_sys_mmap(long addr, long len, long prot, long flags, long fd, long off);
long uk_sys_munmap(long addr, long len);
long uk_sys_mprotect(long addr, long len, long prot);
long uk_sys_mremap(long old, long old_len, long new_len, long flags,
		   long new_addr);
int uk_sys_mincore(void *addr, size_t len, unsigned char *vec);
}

namespace {

constexpr long kPg = __PAGE_SIZE;
constexpr int kRw = UKPLAT_PAGE_WRITE;
// No record: the heap's rights (read-write), as after ukplat_page_unprotect.
constexpr int kHeap = -1;

std::map<uintptr_t, int> rights;
// Calls that changed rights: each is a TLB shootdown on x86_64.
unsigned long rights_calls;

} // namespace

// The fake platform's page rights: recorded per page, for the tests.
extern "C" int ukplat_page_protect(void *va, unsigned long n, int prot)
{
	uintptr_t p = (uintptr_t)va;

	if (p & (kPg - 1))
		return -EINVAL;
	rights_calls++;
	for (; n--; p += kPg)
		rights[p] = prot;
	return 0;
}

extern "C" int ukplat_page_unprotect(void *va, unsigned long n)
{
	uintptr_t p = (uintptr_t)va;

	if (p & (kPg - 1))
		return -EINVAL;
	rights_calls++;
	for (; n--; p += kPg)
		rights.erase(p);
	return 0;
}

namespace {

int Rights(char *p)
{
	auto it = rights.find((uintptr_t)p);
	return it == rights.end() ? kHeap : it->second;
}

long Map(char *at, long pages, long prot, long flags)
{
	return uk_sys_mmap((long)at, pages * kPg, prot,
			   MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
}

char *MapRw(long pages)
{
	long r = Map(nullptr, pages, PROT_READ | PROT_WRITE, 0);

	EXPECT_GT(r, 0);
	return (char *)r;
}

// Free pages of the allocator, none mapped: a place for MAP_FIXED.
char *Hole(long pages)
{
	char *r = MapRw(pages);

	EXPECT_EQ(uk_sys_munmap((long)r, pages * kPg), 0);
	return r;
}

int Mincore(char *p, long pages)
{
	unsigned char vec[64];

	memset(vec, 0, sizeof(vec));
	int rc = uk_sys_mincore(p, pages * kPg, vec);
	for (long i = 0; !rc && i < pages; i++)
		EXPECT_EQ(vec[i] & 1, 1) << "page " << i;
	return rc;
}

bool AllBytes(char *p, long len, char c)
{
	for (long i = 0; i < len; i++)
		if (p[i] != c)
			return false;
	return true;
}

TEST(Mman, AnonymousMappingIsZeroedReadWrite)
{
	char *p = MapRw(2);

	EXPECT_TRUE(AllBytes(p, 2 * kPg, 0));
	EXPECT_EQ(Rights(p), kRw);
	EXPECT_EQ(Rights(p + kPg), kRw);
	EXPECT_EQ(Mincore(p, 2), 0);
	EXPECT_EQ(uk_sys_munmap((long)p, 2 * kPg), 0);
	EXPECT_EQ(Rights(p), kHeap);
}

TEST(Mman, FixedReplacesSeveralMappingsAndFillsTheGaps)
{
	char *r = Hole(6);

	// [r+1] and [r+3, r+5) mapped with data; r, r+2, r+5 free.
	ASSERT_EQ(Map(r + kPg, 1, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE),
		  (long)(r + kPg));
	ASSERT_EQ(Map(r + 3 * kPg, 2, PROT_READ | PROT_WRITE,
		      MAP_FIXED_NOREPLACE),
		  (long)(r + 3 * kPg));
	memset(r + kPg, 1, kPg);
	memset(r + 3 * kPg, 3, 2 * kPg);
	ASSERT_EQ(uk_sys_mprotect((long)(r + 3 * kPg), kPg, PROT_READ), 0);
	EXPECT_EQ(Mincore(r, 6), -ENOMEM);

	EXPECT_EQ(Map(r, 6, PROT_READ, MAP_FIXED), (long)r);
	EXPECT_TRUE(AllBytes(r, 6 * kPg, 0));
	for (int i = 0; i < 6; i++)
		EXPECT_EQ(Rights(r + i * kPg), 0) << "page " << i;
	EXPECT_EQ(Mincore(r, 6), 0);
	EXPECT_EQ(uk_sys_munmap((long)r, 6 * kPg), 0);
	EXPECT_EQ(Mincore(r, 6), -ENOMEM);
}

TEST(Mman, FixedOverHeapMemoryIsEnomemAndChangesNothing)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *r = Hole(3);

	ASSERT_EQ(Map(r, 2, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE),
		  (long)r);
	memset(r, 7, 2 * kPg);
	ASSERT_EQ(uk_sys_mprotect((long)(r + kPg), kPg, PROT_READ), 0);
	char *held = (char *)uk_palloc_at(a, r + 2 * kPg, 1);
	ASSERT_EQ(held, r + 2 * kPg);

	EXPECT_EQ(Map(r, 3, PROT_READ | PROT_WRITE, MAP_FIXED), -ENOMEM);
	EXPECT_TRUE(AllBytes(r, 2 * kPg, 7));
	EXPECT_EQ(Rights(r), kRw);
	EXPECT_EQ(Rights(r + kPg), 0);
	EXPECT_EQ(Map(held, 1, PROT_READ, MAP_FIXED_NOREPLACE), -EEXIST);
	// The heap's page is resident memory, though no mapping's.
	EXPECT_EQ(Mincore(held, 1), 0);
	EXPECT_EQ(Mincore(r, 3), 0);

	uk_pfree(a, held, 1);
	EXPECT_EQ(uk_sys_munmap((long)r, 2 * kPg), 0);
}

TEST(Mman, FixedNoreplaceOverAMappingIsEexist)
{
	char *p = MapRw(3);

	p[kPg] = 5;
	EXPECT_EQ(Map(p + 2 * kPg, 1, PROT_READ, MAP_FIXED_NOREPLACE), -EEXIST);
	EXPECT_EQ(Map(p - kPg, 2, PROT_READ, MAP_FIXED_NOREPLACE), -EEXIST);
	EXPECT_EQ(p[kPg], 5);
	EXPECT_EQ(Map(p + 1, 1, PROT_READ, MAP_FIXED), -EINVAL);
	EXPECT_EQ(uk_sys_munmap((long)p, 3 * kPg), 0);
}

TEST(Mman, MunmapSplitsAMapping)
{
	char *p = MapRw(4);
	unsigned long guarded = fakeplat_guarded;

	memset(p, 9, 4 * kPg);
	ASSERT_EQ(uk_sys_munmap((long)(p + kPg), 2 * kPg), 0);
	// The unmapped middle: guard pages, not mapped; the ends stay.
	EXPECT_EQ(fakeplat_guarded, guarded + 2);
	EXPECT_EQ(Mincore(p, 1), 0);
	EXPECT_EQ(Mincore(p + kPg, 1), -ENOMEM);
	EXPECT_EQ(Mincore(p + 2 * kPg, 2), -ENOMEM);
	EXPECT_EQ(Mincore(p + 3 * kPg, 1), 0);
	EXPECT_TRUE(AllBytes(p, kPg, 9));
	EXPECT_TRUE(AllBytes(p + 3 * kPg, kPg, 9));
	// Unmapping what is unmapped already is no error (munmap(2)).
	EXPECT_EQ(uk_sys_munmap((long)(p + kPg), kPg), 0);

	// mprotect over the hole: ENOMEM, and the ends keep their rights.
	EXPECT_EQ(uk_sys_mprotect((long)p, 4 * kPg, PROT_READ), -ENOMEM);
	EXPECT_EQ(Rights(p), kRw);
	EXPECT_EQ(Rights(p + 3 * kPg), kRw);

	ASSERT_EQ(uk_sys_munmap((long)p, kPg), 0);
	ASSERT_EQ(uk_sys_munmap((long)(p + 3 * kPg), kPg), 0);
	// The last page gone, the mapping is given back whole.
	EXPECT_EQ(fakeplat_guarded, guarded);
	EXPECT_EQ(Mincore(p, 4), -ENOMEM);
}

TEST(Mman, MprotectAcrossTwoMappings)
{
	char *r = Hole(4);

	ASSERT_EQ(Map(r, 2, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE),
		  (long)r);
	ASSERT_EQ(Map(r + 2 * kPg, 2, PROT_READ | PROT_WRITE,
		      MAP_FIXED_NOREPLACE),
		  (long)(r + 2 * kPg));
	unsigned long guarded = fakeplat_guarded;

	EXPECT_EQ(uk_sys_mprotect((long)(r + kPg), 2 * kPg, PROT_READ), 0);
	EXPECT_EQ(Rights(r), kRw);
	EXPECT_EQ(Rights(r + kPg), 0);
	EXPECT_EQ(Rights(r + 2 * kPg), 0);
	EXPECT_EQ(Rights(r + 3 * kPg), kRw);
	EXPECT_EQ(uk_sys_mprotect((long)r, 4 * kPg, PROT_NONE), 0);
	EXPECT_EQ(fakeplat_guarded, guarded + 4);
	EXPECT_EQ(uk_sys_mprotect((long)r, 4 * kPg, PROT_READ | PROT_EXEC), 0);
	EXPECT_EQ(fakeplat_guarded, guarded);
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(Rights(r + i * kPg), UKPLAT_PAGE_EXEC);
	EXPECT_EQ(uk_sys_mprotect((long)r + 1, kPg, PROT_READ), -EINVAL);
	EXPECT_EQ(uk_sys_mprotect((long)r, kPg, 0x10), -EINVAL);
	EXPECT_EQ(uk_sys_munmap((long)r, 4 * kPg), 0);
	EXPECT_EQ(Mincore(r, 4), -ENOMEM);
}

// A thread stack as musl makes it: PROT_NONE, then all but the guard page
// read-write. The fake platform guards a page whatever its rights (as
// x86_64 does), so the pages keep the mapping's rights while guarded and
// no call resets them on the way: only mmap's one call for the mapping,
// then one per page made accessible, each with the rights it has already
// (x86_64 then shoots down nothing). The 8 pages are guarded by one call
// (one shootdown). Resetting each page before guarding it, and guarding
// page by page, cost 3 shootdowns per page (issue 14).
TEST(Mman, GuardPagesOfAMappingKeepItsRights)
{
	unsigned long guarded = fakeplat_guarded, calls = rights_calls;
	unsigned long runs = fakeplat_guard_runs;
	char *p = (char *)Map(nullptr, 8, PROT_NONE, 0);

	ASSERT_GT((long)p, 0);
	EXPECT_EQ(fakeplat_guarded, guarded + 8);
	EXPECT_EQ(fakeplat_guard_runs, runs + 1);
	EXPECT_EQ(rights_calls, calls + 1);
	for (int i = 0; i < 8; i++)
		EXPECT_EQ(Rights(p + i * kPg), kRw);
	EXPECT_EQ(uk_sys_mprotect((long)(p + kPg), 7 * kPg,
				  PROT_READ | PROT_WRITE),
		  0);
	EXPECT_EQ(fakeplat_guarded, guarded + 1);
	EXPECT_EQ(rights_calls, calls + 1 + 7);
	for (int i = 1; i < 8; i++)
		EXPECT_EQ(Rights(p + i * kPg), kRw);
	EXPECT_EQ(uk_sys_munmap((long)p, 8 * kPg), 0);
	EXPECT_EQ(fakeplat_guarded, guarded);
	EXPECT_EQ(Rights(p), kHeap);
}

// A platform that guards only pages with the heap's rights (arm64)
// refuses others with EINVAL: mman resets the page's rights and tries
// again, and reports the second refusal.
TEST(Mman, GuardRefusedTwiceIsReported)
{
	char *p = MapRw(1);
	unsigned long calls = rights_calls;

	fakeplat_guard_result = -EINVAL;
	EXPECT_EQ(uk_sys_mprotect((long)p, kPg, PROT_NONE), -EINVAL);
	fakeplat_guard_result = 0;
	EXPECT_EQ(rights_calls, calls + 1);
	EXPECT_EQ(Rights(p), kHeap);
	EXPECT_EQ(uk_sys_munmap((long)p, kPg), 0);
}

TEST(Mman, MremapShrinksAndGrowsInPlace)
{
	char *p = MapRw(4);

	memset(p, 4, 4 * kPg);
	EXPECT_EQ(uk_sys_mremap((long)p, 4 * kPg, kPg, 0, 0), (long)p);
	EXPECT_EQ(Mincore(p + kPg, 1), -ENOMEM);
	// Into the pages the shrink left: zeroed, with the last page's rights.
	ASSERT_EQ(uk_sys_mprotect((long)p, kPg, PROT_READ), 0);
	EXPECT_EQ(uk_sys_mremap((long)p, kPg, 3 * kPg, 0, 0), (long)p);
	EXPECT_TRUE(AllBytes(p, kPg, 4));
	EXPECT_EQ(Rights(p + 2 * kPg), 0);
	ASSERT_EQ(uk_sys_mprotect((long)p, 3 * kPg, PROT_READ | PROT_WRITE), 0);
	EXPECT_TRUE(AllBytes(p + kPg, 2 * kPg, 0));
	EXPECT_EQ(Mincore(p, 3), 0);
	// Past the mapping's pages, without MREMAP_MAYMOVE: ENOMEM.
	EXPECT_EQ(uk_sys_mremap((long)p, 3 * kPg, 5 * kPg, 0, 0), -ENOMEM);
	EXPECT_EQ(uk_sys_munmap((long)p, 4 * kPg), 0);
}

TEST(Mman, MremapMovesWithContentsAndRights)
{
	char *p = MapRw(2);

	memset(p, 6, 2 * kPg);
	ASSERT_EQ(uk_sys_mprotect((long)(p + kPg), kPg, PROT_READ), 0);
	long q = uk_sys_mremap((long)p, 2 * kPg, 4 * kPg, MREMAP_MAYMOVE, 0);
	ASSERT_GT(q, 0);
	ASSERT_NE(q, (long)p);
	char *n = (char *)q;
	EXPECT_EQ(Rights(n), kRw);
	EXPECT_EQ(Rights(n + kPg), 0);
	EXPECT_TRUE(AllBytes(n, 2 * kPg, 6));
	EXPECT_TRUE(AllBytes(n + 2 * kPg, 2 * kPg, 0));
	EXPECT_EQ(Mincore(p, 2), -ENOMEM);
	EXPECT_EQ(Mincore(n, 4), 0);
	// The old range is gone: mremap of it is EFAULT.
	EXPECT_EQ(uk_sys_mremap((long)p, kPg, kPg, 0, 0), -EFAULT);
	EXPECT_EQ(uk_sys_munmap(q, 4 * kPg), 0);
}

TEST(Mman, MremapFixedReplacesWhatIsThere)
{
	char *r = Hole(3);
	char *s = MapRw(2);

	memset(s, 8, 2 * kPg);
	ASSERT_EQ(Map(r + kPg, 1, PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE),
		  (long)(r + kPg));
	memset(r + kPg, 1, kPg);
	EXPECT_EQ(uk_sys_mremap((long)s, 2 * kPg, 2 * kPg,
				MREMAP_MAYMOVE | MREMAP_FIXED, (long)r),
		  (long)r);
	EXPECT_TRUE(AllBytes(r, 2 * kPg, 8));
	EXPECT_EQ(Mincore(s, 2), -ENOMEM);
	EXPECT_EQ(Mincore(r, 2), 0);
	EXPECT_EQ(uk_sys_mremap((long)r, kPg, kPg, MREMAP_FIXED, (long)s),
		  -EINVAL);
	// Overlapping ranges: EINVAL, checked before the old range (which
	// spans two mappings now: EFAULT otherwise), as Linux's mremap_to.
	EXPECT_EQ(uk_sys_mremap((long)r, 2 * kPg, 2 * kPg,
				MREMAP_MAYMOVE | MREMAP_FIXED, (long)(r + kPg)),
		  -EINVAL);
	EXPECT_EQ(uk_sys_mremap((long)r, 2 * kPg, kPg, 0, 0), -EFAULT);
	EXPECT_EQ(uk_sys_munmap((long)r, 2 * kPg), 0);
}

TEST(Mman, MincoreChecks)
{
	char *p = MapRw(1);
	unsigned char vec[1];

	EXPECT_EQ(uk_sys_mincore(p + 1, kPg, vec), -EINVAL);
	EXPECT_EQ(uk_sys_mincore(p, 0, vec), 0);
	EXPECT_EQ(uk_sys_mincore(p, 1, vec), 0);
	EXPECT_EQ(vec[0] & 1, 1);
	EXPECT_EQ(uk_sys_munmap((long)p, kPg), 0);
	EXPECT_EQ(uk_sys_mincore(p, 1, vec), -ENOMEM);
}

} // namespace
