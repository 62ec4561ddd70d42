// Test helpers: page-aligned arenas and a corruption hook that records faults.
#ifndef TESTS_HOST_ALLOC_FAULT_RECORDER_H
#define TESTS_HOST_ALLOC_FAULT_RECORDER_H

#include <cstdlib>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>
#include <uk/alloc.h>

struct Fault {
	struct uk_alloc *a;
	enum uk_alloc_fault fault;
	const void *ptr;
};

// Collects every fault reported while it is alive (one at a time).
class FaultRecorder {
public:
	FaultRecorder()
	{
		current_ = this;
		prev_ = uk_alloc_set_corruption_hook(&FaultRecorder::Hook);
	}
	~FaultRecorder()
	{
		uk_alloc_set_corruption_hook(prev_);
		current_ = nullptr;
	}
	std::vector<Fault> Take()
	{
		std::lock_guard<std::mutex> g(mu_);
		std::vector<Fault> out;
		out.swap(faults_);
		return out;
	}
	size_t Count()
	{
		std::lock_guard<std::mutex> g(mu_);
		return faults_.size();
	}

private:
	static void Hook(struct uk_alloc *a, enum uk_alloc_fault f,
			 const void *p)
	{
		std::lock_guard<std::mutex> g(current_->mu_);
		current_->faults_.push_back({ a, f, p });
	}
	static inline FaultRecorder *current_ = nullptr;
	uk_alloc_corruption_fn prev_;
	std::mutex mu_;
	std::vector<Fault> faults_;
};

// A block of host memory, released at scope exit. Aligned to 2 MiB so
// that runs are laid out the same whatever address the host returns.
class Arena {
public:
	explicit Arena(size_t len)
	    : len_(len),
	      // aligned_alloc wants a multiple of the alignment (C11 7.22.3.1).
	      mem_(static_cast<char *>(std::aligned_alloc(
		      2 << 20, (len + (2 << 20) - 1) & ~size_t((2 << 20) - 1))))
	{
	}
	~Arena()
	{
		std::free(mem_);
	}
	Arena(const Arena &) = delete;
	Arena &operator=(const Arena &) = delete;
	char *base() const
	{
		return mem_;
	}
	size_t len() const
	{
		return len_;
	}
	bool Contains(const void *p) const
	{
		const char *c = static_cast<const char *>(p);
		return c >= mem_ && c < mem_ + len_;
	}

private:
	size_t len_;
	char *mem_;
};

// Expects exactly one recorded fault of kind f at ptr.
inline void ExpectOneFault(FaultRecorder &rec, struct uk_alloc *a,
			   enum uk_alloc_fault f, const void *ptr)
{
	std::vector<Fault> got = rec.Take();
	ASSERT_EQ(got.size(), 1u);
	EXPECT_EQ(got[0].a, a);
	EXPECT_EQ(got[0].fault, f) << uk_alloc_fault_str(got[0].fault);
	EXPECT_EQ(got[0].ptr, ptr);
}

#endif // TESTS_HOST_ALLOC_FAULT_RECORDER_H
