// Fake physical memory and recording maintenance ops for page-table tests.
#ifndef TESTS_HOST_PAGING_FAKE_MEM_H
#define TESTS_HOST_PAGING_FAKE_MEM_H

#include <cstdint>
#include <cstdlib>
#include <set>
#include <vector>

extern "C" {
#include <arm64/paging.h>
}

// A pool of table pages that the library sees at physical addresses
// kBase.., plus a log of every barrier and TLB invalidation it issues.
class FakeMem {
public:
	static constexpr uint64_t kBase =
		0x1000000000ULL; // 64 GiB: high OA bits

	enum Op {
		kDsbSt,
		kTlbiLeaf,
		kTlbiAll,
		kDsb,
		kIsb
	};
	struct Event {
		Op op;
		uint64_t va;
		// For TLBIs: the descriptor translating va at that moment, and its level.
		uint64_t pte;
		unsigned int level;
	};

	explicit FakeMem(size_t pages) : pages_(pages)
	{
		buf_ = static_cast<uint8_t *>(std::aligned_alloc(
			ARM64_PT_PAGE_SIZE, pages * ARM64_PT_PAGE_SIZE));
		// Garbage, so that a table the library forgets to clear shows up.
		for (size_t i = 0; i < pages * ARM64_PT_PAGE_SIZE; i++)
			buf_[i] = 0xa5;
		for (size_t i = pages; i > 0; i--)
			free_.push_back(i - 1);
	}
	~FakeMem()
	{
		std::free(buf_);
	}
	FakeMem(const FakeMem &) = delete;
	FakeMem &operator=(const FakeMem &) = delete;

	static const struct arm64_pt_ops kOps;

	int Init(struct arm64_pt *pt)
	{
		pt_ = pt;
		return arm64_pt_init(pt, &kOps, this, Alloc, Free, this);
	}

	void *PhysToVirt(uint64_t pa) const
	{
		if (pa < kBase || pa >= kBase + pages_ * ARM64_PT_PAGE_SIZE)
			std::abort();
		return buf_ + (pa - kBase);
	}
	uint64_t VirtToPhys(const void *va) const
	{
		const uint8_t *p = static_cast<const uint8_t *>(va);
		if (p < buf_ || p >= buf_ + pages_ * ARM64_PT_PAGE_SIZE)
			std::abort();
		return kBase + (p - buf_);
	}
	uint64_t *Table(uint64_t pa) const
	{
		return static_cast<uint64_t *>(PhysToVirt(pa));
	}

	size_t in_use() const
	{
		return in_use_.size();
	}
	size_t allocs() const
	{
		return allocs_;
	}
	// Allocations left before alloc_page returns NULL; -1: unlimited.
	long alloc_budget = -1;
	std::vector<Event> events;

private:
	static void *Alloc(void *ctx)
	{
		FakeMem *m = static_cast<FakeMem *>(ctx);
		if (m->alloc_budget == 0 || m->free_.empty())
			return nullptr;
		if (m->alloc_budget > 0)
			m->alloc_budget--;
		size_t idx = m->free_.back();
		m->free_.pop_back();
		m->in_use_.insert(idx);
		m->allocs_++;
		return m->buf_ + idx * ARM64_PT_PAGE_SIZE;
	}
	static void Free(void *ctx, void *page)
	{
		FakeMem *m = static_cast<FakeMem *>(ctx);
		size_t idx = (m->VirtToPhys(page) - kBase) / ARM64_PT_PAGE_SIZE;
		if (!m->in_use_.erase(idx))
			std::abort(); // double or foreign free
		// Poison: a freed table still reachable from the tree shows up.
		uint8_t *p = static_cast<uint8_t *>(page);
		for (size_t i = 0; i < ARM64_PT_PAGE_SIZE; i++)
			p[i] = 0x5a;
		m->free_.push_back(idx);
	}
	static void *OpsP2V(void *ctx, uint64_t pa)
	{
		return static_cast<FakeMem *>(ctx)->PhysToVirt(pa);
	}
	static uint64_t OpsV2P(void *ctx, const void *va)
	{
		return static_cast<FakeMem *>(ctx)->VirtToPhys(va);
	}
	void Log(Op op, uint64_t va)
	{
		Event e{ op, va, 0, 0 };
		if (op == kTlbiLeaf || op == kTlbiAll)
			(void)arm64_pt_get_pte(pt_, va, &e.pte, &e.level);
		events.push_back(e);
	}
	static void DsbSt(void *ctx)
	{
		static_cast<FakeMem *>(ctx)->Log(kDsbSt, 0);
	}
	static void Tlbi(void *ctx, uint64_t va, int leaf)
	{
		static_cast<FakeMem *>(ctx)->Log(leaf ? kTlbiLeaf : kTlbiAll,
						 va);
	}
	static void Dsb(void *ctx)
	{
		static_cast<FakeMem *>(ctx)->Log(kDsb, 0);
	}
	static void Isb(void *ctx)
	{
		static_cast<FakeMem *>(ctx)->Log(kIsb, 0);
	}

	uint8_t *buf_;
	size_t pages_;
	std::vector<size_t> free_;
	std::set<size_t> in_use_;
	size_t allocs_ = 0;
	struct arm64_pt *pt_ = nullptr;
};

inline const struct arm64_pt_ops FakeMem::kOps = {
	FakeMem::OpsP2V, FakeMem::OpsV2P, FakeMem::DsbSt,
	FakeMem::Tlbi,	 FakeMem::Dsb,	  FakeMem::Isb,
};

#endif // TESTS_HOST_PAGING_FAKE_MEM_H
