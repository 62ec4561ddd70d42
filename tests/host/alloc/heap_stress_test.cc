// The heap against a reference model: random operation sequences (fixed
// seeds), every live block tracked, filled and verified; and threads.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <uk/allocbuddy.h>

#include "fault_recorder.h"

namespace {

constexpr size_t kPage = __PAGE_SIZE;

enum class Kind {
	kMalloc,
	kPages
};

struct Block {
	size_t size; // bytes (pages * kPage for palloc'd runs)
	Kind kind;
	unsigned char tag;
};

// The model: live blocks by address, checked for overlap and contents.
class Model {
public:
	void Add(void *p, size_t size, Kind kind, unsigned char tag,
		 size_t align)
	{
		uintptr_t s = reinterpret_cast<uintptr_t>(p);
		ASSERT_EQ(s % align, 0u);
		auto next = live_.lower_bound(s);
		if (next != live_.end()) {
			ASSERT_LE(s + size, next->first) << "overlaps next";
		}
		if (next != live_.begin()) {
			auto prev = std::prev(next);
			ASSERT_LE(prev->first + prev->second.size, s)
				<< "overlaps previous";
		}
		memset(p, tag, size);
		live_[s] = { size, kind, tag };
	}
	void Verify(uintptr_t s, const Block &b) const
	{
		static unsigned char pattern[4096];
		const unsigned char *c = reinterpret_cast<unsigned char *>(s);

		memset(pattern, b.tag, sizeof(pattern));
		for (size_t i = 0; i < b.size; i += sizeof(pattern)) {
			size_t n = std::min(sizeof(pattern), b.size - i);
			ASSERT_EQ(memcmp(c + i, pattern, n), 0)
				<< "block " << s << " bytes " << i << "+" << n;
		}
	}
	void VerifyAll() const
	{
		for (auto &e : live_)
			Verify(e.first, e.second);
	}
	std::map<uintptr_t, Block> &live()
	{
		return live_;
	}

private:
	std::map<uintptr_t, Block> live_;
};

size_t RandomSize(std::mt19937 &rng)
{
	unsigned r = rng() % 100;
	if (r < 60)
		return rng() % 257;
	if (r < 85)
		return rng() % 2041;
	if (r < 97)
		return 2041 + rng() % (5 * kPage);
	return rng() % (40 * kPage);
}

void RunModel(struct uk_alloc *a, unsigned seed, int ops)
{
	std::mt19937 rng(seed);
	Model m;
	unsigned char tag = 0;
	size_t avail0 = uk_alloc_availmem(a);

	for (int i = 0; i < ops; i++) {
		unsigned op = rng() % 100;
		tag = static_cast<unsigned char>(tag + 1);
		if (op < 45 || m.live().empty()) {
			size_t size = RandomSize(rng);
			void *p = uk_malloc(a, size);
			if (p) {
				ASSERT_NO_FATAL_FAILURE(
					m.Add(p, size, Kind::kMalloc, tag, 16));
			}
		} else if (op < 52) {
			size_t align = size_t{ 1 } << (rng() % 16);
			size_t size = RandomSize(rng);
			void *p = uk_memalign(a, align, size);
			if (p) {
				ASSERT_NO_FATAL_FAILURE(
					m.Add(p, size, Kind::kMalloc, tag,
					      align < 16 ? 16 : align));
			}
		} else if (op < 60) {
			unsigned long n = 1 + rng() % 20;
			void *p = uk_palloc(a, n);
			if (p) {
				ASSERT_NO_FATAL_FAILURE(m.Add(p, n * kPage,
							      Kind::kPages, tag,
							      kPage));
			}
		} else {
			auto it = m.live().begin();
			std::advance(it, rng() % m.live().size());
			uintptr_t s = it->first;
			Block b = it->second;
			ASSERT_NO_FATAL_FAILURE(m.Verify(s, b));
			if (b.kind == Kind::kMalloc && op < 70) {
				size_t size = RandomSize(rng);
				void *q = uk_realloc(a, (void *)s, size);
				if (!q && size)
					continue; // failed: block unchanged
				m.live().erase(s);
				if (!size)
					continue;
				const unsigned char *c =
					static_cast<unsigned char *>(q);
				for (size_t j = 0; j < std::min(size, b.size);
				     j++)
					ASSERT_EQ(c[j], b.tag);
				ASSERT_NO_FATAL_FAILURE(
					m.Add(q, size, Kind::kMalloc, tag, 16));
				continue;
			}
			m.live().erase(s);
			if (b.kind == Kind::kMalloc)
				uk_free(a, (void *)s);
			else
				uk_pfree(a, (void *)s, b.size / kPage);
		}
		if (i % 1000 == 0) {
			ASSERT_NO_FATAL_FAILURE(m.VerifyAll());
		}
	}
	ASSERT_NO_FATAL_FAILURE(m.VerifyAll());
	for (auto &e : m.live()) {
		if (e.second.kind == Kind::kMalloc)
			uk_free(a, (void *)e.first);
		else
			uk_pfree(a, (void *)e.first, e.second.size / kPage);
	}
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a, &st);
	EXPECT_EQ(st.cur_bytes, 0u);
	EXPECT_EQ(st.corruptions, 0u);
	EXPECT_EQ(uk_alloc_availmem(a), avail0);
}

TEST(HeapModel, RandomSequencesKeepEveryBlockIntact)
{
	for (unsigned seed : { 1u, 2u, 3u, 42u }) {
		FaultRecorder rec;
		Arena arena(4 << 20);
		struct uk_alloc *a =
			uk_allocbuddy_init(arena.base(), arena.len());
		ASSERT_NE(a, nullptr);
		ASSERT_NO_FATAL_FAILURE(RunModel(a, seed, 20000));
		EXPECT_EQ(rec.Count(), 0u);
		struct uk_alloc_stats st;
		uk_alloc_stats_get(a, &st);
		EXPECT_GT(st.allocs, 10000u);
	}
}

TEST(HeapModel, TightArenaExercisesExhaustion)
{
	FaultRecorder rec;
	Arena arena(512 << 10);
	struct uk_alloc *a = uk_allocbuddy_init(arena.base(), arena.len());

	ASSERT_NE(a, nullptr);
	ASSERT_NO_FATAL_FAILURE(RunModel(a, 99, 20000));
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a, &st);
	EXPECT_GT(st.failures, 100u); // the test did hit the limit
	EXPECT_EQ(rec.Count(), 0u);
}

TEST(HeapModel, MultipleRegions)
{
	FaultRecorder rec;
	Arena a1(1 << 20), a2(1 << 20), a3(2 << 20);
	struct uk_alloc *a = uk_allocbuddy_init(a1.base(), a1.len());

	ASSERT_NE(a, nullptr);
	ASSERT_EQ(uk_allocbuddy_addmem(a, a2.base(), a2.len()), 0);
	ASSERT_EQ(uk_allocbuddy_addmem(a, a3.base() + 12345, a3.len() - 12345),
		  0);
	ASSERT_NO_FATAL_FAILURE(RunModel(a, 5, 20000));
	EXPECT_EQ(rec.Count(), 0u);
}

// Page runs against a map of every data page: palloc and memalign (sizes
// of whole pages, alignments of 1 to 256 pages) must succeed exactly when
// the map holds an aligned run of free pages, whatever the fragmentation.
class PageMap {
public:
	// Learns the data pages by allocating them all, then frees them.
	explicit PageMap(struct uk_alloc *a)
	{
		std::vector<uintptr_t> all;
		void *p;

		while ((p = uk_palloc(a, 1)))
			all.push_back(reinterpret_cast<uintptr_t>(p));
		std::sort(all.begin(), all.end());
		lo_ = all.front();
		state_.assign((all.back() - lo_) / kPage + 1, kAbsent);
		for (uintptr_t q : all) {
			state_[(q - lo_) / kPage] = kFree;
			uk_pfree(a, reinterpret_cast<void *>(q), 1);
		}
	}
	void Take(uintptr_t p, unsigned long n)
	{
		ASSERT_EQ(p % kPage, 0u);
		ASSERT_GE(p, lo_);
		for (unsigned long i = 0; i < n; i++) {
			size_t k = (p - lo_) / kPage + i;
			ASSERT_LT(k, state_.size());
			ASSERT_EQ(state_[k], kFree)
				<< "page " << k << " reused";
			state_[k] = kUsed;
		}
	}
	void Give(uintptr_t p, unsigned long n)
	{
		for (unsigned long i = 0; i < n; i++)
			state_[(p - lo_) / kPage + i] = kFree;
	}
	// The first free run of n pages aligned to align, or 0.
	uintptr_t FindRun(unsigned long n, size_t align) const
	{
		size_t run = 0;

		for (size_t k = 0; k < state_.size(); k++) {
			uintptr_t q = lo_ + k * kPage;

			if (state_[k] != kFree) {
				run = 0;
				continue;
			}
			if (!run && q % align)
				continue;
			if (++run == n)
				return q - (n - 1) * kPage;
		}
		return 0;
	}

private:
	enum State {
		kAbsent,
		kFree,
		kUsed
	};
	uintptr_t lo_;
	std::vector<State> state_;
};

void RunPageModel(struct uk_alloc *a, unsigned seed, int ops)
{
	std::mt19937 rng(seed);
	PageMap map(a);
	struct Run {
		uintptr_t p;
		unsigned long n;
		bool pages; // palloc'd, else memalign'd
	};
	std::vector<Run> live;
	int failures = 0, successes = 0;

	for (int i = 0; i < ops; i++) {
		if (live.empty() || rng() % 100 < 55) {
			unsigned long n =
				rng() % 4 ? 1 + rng() % 8 : 1 + rng() % 64;
			size_t align = kPage << (rng() % 9);
			bool pages = align == kPage && rng() % 2;
			void *p = pages ? uk_palloc(a, n) :
					  uk_memalign(a, align, n * kPage);
			uintptr_t q = reinterpret_cast<uintptr_t>(p);
			if (!p) {
				ASSERT_EQ(map.FindRun(n, align), 0u)
					<< "op " << i << ": " << n
					<< " pages at " << align
					<< " failed, a run was free";
				failures++;
				continue;
			}
			successes++;
			ASSERT_EQ(q % align, 0u);
			ASSERT_NO_FATAL_FAILURE(map.Take(q, n));
			live.push_back({ q, n, pages });
		} else {
			size_t k = rng() % live.size();
			Run r = live[k];
			live[k] = live.back();
			live.pop_back();
			if (r.pages)
				uk_pfree(a, reinterpret_cast<void *>(r.p), r.n);
			else
				uk_free(a, reinterpret_cast<void *>(r.p));
			map.Give(r.p, r.n);
		}
	}
	for (Run &r : live) {
		if (r.pages)
			uk_pfree(a, reinterpret_cast<void *>(r.p), r.n);
		else
			uk_free(a, reinterpret_cast<void *>(r.p));
	}
	// Both outcomes were exercised, or the test proves little.
	EXPECT_GT(failures, ops / 50);
	EXPECT_GT(successes, ops / 4);
}

TEST(HeapModel, PageRunsFailOnlyWithoutAnAlignedFreeRun)
{
	for (unsigned seed : { 1u, 7u, 11u, 2024u }) {
		FaultRecorder rec;
		// 1 MiB: about 250 pages, so that runs of up to 64 pages at
		// up to 1 MiB alignment fragment it quickly.
		Arena arena(1 << 20);
		struct uk_alloc *a =
			uk_allocbuddy_init(arena.base(), arena.len());
		ASSERT_NE(a, nullptr);
		unsigned long pavail0 = uk_alloc_pavailmem(a);
		ASSERT_NO_FATAL_FAILURE(RunPageModel(a, seed, 20000));
		EXPECT_EQ(rec.Count(), 0u);
		EXPECT_EQ(uk_alloc_pavailmem(a), pavail0);
	}
}

TEST(HeapThreads, ManyThreadsHammerOneAllocator)
{
	constexpr int kThreads = 4, kOps = 20000;
	FaultRecorder rec;
	Arena arena(16 << 20);
	struct uk_alloc *a = uk_allocbuddy_init(arena.base(), arena.len());
	ASSERT_NE(a, nullptr);
	size_t avail0 = uk_alloc_availmem(a);
	std::vector<std::thread> ts;
	std::vector<int> errors(kThreads);

	for (int t = 0; t < kThreads; t++) {
		ts.emplace_back([a, t, &errors] {
			struct Live {
				unsigned char *p;
				size_t size;
				bool page; // palloc'd (one page)
			};
			std::mt19937 rng(1000 + t);
			std::vector<Live> mine;
			unsigned char tag = static_cast<unsigned char>(t * 50);

			for (int i = 0; i < kOps; i++) {
				if (mine.empty() || rng() % 2) {
					bool page = rng() % 8 == 0;
					size_t size = rng() % 3 ? rng() % 512 :
								  rng() % 9000;
					auto *p = static_cast<unsigned char *>(
						page ? uk_palloc(a, 1) :
						       uk_malloc(a, size));
					if (!p)
						continue;
					if (reinterpret_cast<uintptr_t>(p) % 16)
						errors[t]++;
					memset(p, tag, page ? kPage : size);
					mine.push_back({ p, page ? kPage : size,
							 page });
				} else {
					size_t k = rng() % mine.size();
					Live b = mine[k];
					for (size_t j = 0; j < b.size; j++)
						if (b.p[j] != tag) {
							errors[t]++;
							break;
						}
					if (b.page)
						uk_pfree(a, b.p, 1);
					else
						uk_free(a, b.p);
					mine[k] = mine.back();
					mine.pop_back();
				}
			}
			for (auto &b : mine) {
				if (b.page)
					uk_pfree(a, b.p, 1);
				else
					uk_free(a, b.p);
			}
		});
	}
	for (auto &t : ts)
		t.join();
	for (int t = 0; t < kThreads; t++)
		EXPECT_EQ(errors[t], 0) << "thread " << t;
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a, &st);
	EXPECT_EQ(st.cur_bytes, 0u);
	EXPECT_EQ(st.allocs, st.frees);
	EXPECT_EQ(uk_alloc_availmem(a), avail0);
	EXPECT_EQ(rec.Count(), 0u);
}

} // namespace
