// Host benchmark of the heap (core/alloc): ns per malloc/free pair and per
// palloc/pfree, single thread, with the host's glibc malloc for scale.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <uk/allocbuddy.h>

namespace {

constexpr size_t kArena = 64 << 20;
constexpr int kPairs = 1000000;
constexpr int kBatch = 1000, kRounds = 200;

// The best of five runs: the build machine is shared, so the minimum is the
// figure least disturbed by other work.
template <typename F> double NsPerOp(int ops, F f)
{
	double best = 0;

	for (int run = 0; run < 5; run++) {
		auto t0 = std::chrono::steady_clock::now();
		f();
		auto t1 = std::chrono::steady_clock::now();
		double ns = std::chrono::duration<double, std::nano>(t1 - t0)
				    .count() /
			    ops;
		if (run == 0 || ns < best)
			best = ns;
	}
	return best;
}

// Keeps the compiler from dropping an allocation it can see through.
void Sink(void *p)
{
	asm volatile("" : : "r"(p) : "memory");
}

void BenchSize(struct uk_alloc *a, size_t size)
{
	double pair = NsPerOp(kPairs, [&] {
		for (int i = 0; i < kPairs; i++) {
			void *p = uk_malloc(a, size);
			Sink(p);
			uk_free(a, p);
		}
	});
	std::vector<void *> v(kBatch);
	double batch = NsPerOp(kBatch * kRounds, [&] {
		for (int r = 0; r < kRounds; r++) {
			for (int i = 0; i < kBatch; i++)
				v[i] = uk_malloc(a, size);
			for (int i = 0; i < kBatch; i++)
				uk_free(a, v[i]);
		}
	});
	double libc = NsPerOp(kPairs, [&] {
		for (int i = 0; i < kPairs; i++) {
			void *p = std::malloc(size);
			Sink(p);
			std::free(p);
		}
	});
	std::printf("malloc/free %5zu B: %6.1f ns/pair (batch of %d: %6.1f "
		    "ns/pair; host glibc: %5.1f ns/pair)\n",
		    size, pair, kBatch, batch, libc);
}

void BenchPages(struct uk_alloc *a, unsigned long n)
{
	double pair = NsPerOp(kPairs, [&] {
		for (int i = 0; i < kPairs; i++) {
			void *p = uk_palloc(a, n);
			Sink(p);
			uk_pfree(a, p, n);
		}
	});
	std::vector<void *> v(kBatch);
	double batch = NsPerOp(kBatch * kRounds, [&] {
		for (int r = 0; r < kRounds; r++) {
			for (int i = 0; i < kBatch; i++)
				v[i] = uk_palloc(a, n);
			for (int i = 0; i < kBatch; i++)
				uk_pfree(a, v[i], n);
		}
	});
	std::printf("palloc/pfree %4lu page%s: %6.1f ns/pair (batch of %d: "
		    "%6.1f ns/pair)\n",
		    n, n > 1 ? "s" : " ", pair, kBatch, batch);
}

} // namespace

int main()
{
	void *arena = std::aligned_alloc(4096, kArena);
	struct uk_alloc *a = uk_allocbuddy_init(arena, kArena);

	if (!a) {
		std::fprintf(stderr, "uk_allocbuddy_init failed\n");
		return 1;
	}
	for (size_t size : { 32, 512, 4096 })
		BenchSize(a, size);
	for (unsigned long n : { 1, 8 })
		BenchPages(a, n);
	struct uk_alloc_stats st;
	uk_alloc_stats_get(a, &st);
	if (st.cur_bytes || st.corruptions) {
		std::fprintf(stderr, "leak or corruption\n");
		return 1;
	}
	std::free(arena);
	return 0;
}
