// Host tests of split-virtqueue bookkeeping against a fake device.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "tests/host/virtio/fake_device.h"

namespace {

// Ring memory for one queue, page aligned like the transports use it.
class RingMem {
public:
	RingMem(unsigned int num, size_t align = UK_VIRTQ_LEGACY_ALIGN)
	{
		size_ = uk_virtq_ring_bytes(num, align);
		mem_ = std::aligned_alloc(4096,
					  (size_ + 4095) & ~size_t{ 4095 });
	}
	~RingMem()
	{
		std::free(mem_);
	}
	void *get() const
	{
		return mem_;
	}
	size_t size() const
	{
		return size_;
	}

private:
	void *mem_;
	size_t size_;
};

using FakeDevice = FakeQueueDevice;

class VirtqTest : public ::testing::Test {
protected:
	void SetUpQueue(unsigned int num, bool event_idx = false)
	{
		mem_.reset(new RingMem(num));
		ASSERT_EQ(0, uk_virtq_init(&vq_, 3, num, mem_->get(),
					   UK_VIRTQ_LEGACY_ALIGN, event_idx));
		dev_.reset(new FakeDevice(&vq_));
	}

	int AddOne(void *token, unsigned int out = 1, unsigned int in = 0)
	{
		std::vector<uk_virtq_buf> bufs(out + in);
		for (size_t k = 0; k < bufs.size(); k++)
			bufs[k] = { 0x1000u * (k + 1), 100u + (uint32_t)k };
		return uk_virtq_add(&vq_, bufs.data(), out, in, token);
	}

	uk_virtq vq_;
	std::unique_ptr<RingMem> mem_;
	std::unique_ptr<FakeDevice> dev_;
	int tokens_[1024];
};

TEST(VirtqLayout, RingBytesFollowsLegacyLayout)
{
	// 256 entries: desc 4096 + avail 518 -> 8192, used 6 + 2048.
	EXPECT_EQ(8192u + 2054u, uk_virtq_ring_bytes(256, 4096));
	// 8 entries, align 16: desc 128 + avail 22 -> 160, used 6 + 64.
	EXPECT_EQ(160u + 70u, uk_virtq_ring_bytes(8, 16));
	EXPECT_EQ(0u, uk_virtq_ring_bytes(0, 4096));
	EXPECT_EQ(0u, uk_virtq_ring_bytes(3, 4096));
	EXPECT_EQ(0u, uk_virtq_ring_bytes(512, 4096));
	EXPECT_EQ(0u, uk_virtq_ring_bytes(8, 100));
}

TEST(VirtqLayout, InitPlacesRingsAndRejectsBadArguments)
{
	RingMem mem(256);
	uk_virtq vq;
	uintptr_t base = reinterpret_cast<uintptr_t>(mem.get());

	EXPECT_EQ(-EINVAL, uk_virtq_init(&vq, 0, 100, mem.get(), 4096, false));
	EXPECT_EQ(-EINVAL, uk_virtq_init(&vq, 0, 256, nullptr, 4096, false));
	EXPECT_EQ(-EINVAL,
		  uk_virtq_init(&vq, 0, 256, reinterpret_cast<void *>(base + 8),
				4096, false));
	ASSERT_EQ(0, uk_virtq_init(&vq, 1, 256, mem.get(), 4096, false));
	EXPECT_EQ(base, reinterpret_cast<uintptr_t>(vq.desc));
	EXPECT_EQ(base + 4096, reinterpret_cast<uintptr_t>(vq.avail));
	EXPECT_EQ(base + 8192, reinterpret_cast<uintptr_t>(vq.used));
	EXPECT_EQ(256u, uk_virtq_num_free(&vq));
	EXPECT_EQ(1, vq.index);
}

TEST_F(VirtqTest, ChainIsWrittenWithFlagsAndLinks)
{
	SetUpQueue(8);
	uk_virtq_buf bufs[3] = { { 0x1000, 10 },
				 { 0x2000, 20 },
				 { 0x3000, 30 } };
	ASSERT_EQ(0, uk_virtq_add(&vq_, bufs, 1, 2, &tokens_[0]));
	EXPECT_EQ(5u, uk_virtq_num_free(&vq_));
	EXPECT_EQ(1, dev_->avail_idx());

	FakeDevice::Chain c;
	ASSERT_TRUE(dev_->pop(&c));
	ASSERT_EQ(3u, c.descs.size());
	EXPECT_EQ(0x1000u, c.descs[0].addr);
	EXPECT_EQ(10u, c.descs[0].len);
	EXPECT_EQ(UK_VIRTQ_DESC_F_NEXT, c.descs[0].flags);
	EXPECT_EQ(0x2000u, c.descs[1].addr);
	EXPECT_EQ(UK_VIRTQ_DESC_F_NEXT | UK_VIRTQ_DESC_F_WRITE,
		  c.descs[1].flags);
	EXPECT_EQ(0x3000u, c.descs[2].addr);
	EXPECT_EQ(30u, c.descs[2].len);
	EXPECT_EQ(UK_VIRTQ_DESC_F_WRITE, c.descs[2].flags);
	EXPECT_FALSE(dev_->pop(&c));
}

TEST_F(VirtqTest, AddRejectsEmptyChainNullTokenAndOverflow)
{
	SetUpQueue(4);
	uk_virtq_buf bufs[5] = {};
	EXPECT_EQ(-EINVAL, uk_virtq_add(&vq_, bufs, 0, 0, &tokens_[0]));
	EXPECT_EQ(-EINVAL, uk_virtq_add(&vq_, bufs, 1, 0, nullptr));
	EXPECT_EQ(-ENOSPC, uk_virtq_add(&vq_, bufs, 2, 3, &tokens_[0]));
	ASSERT_EQ(0, uk_virtq_add(&vq_, bufs, 2, 1, &tokens_[0]));
	EXPECT_EQ(-ENOSPC, uk_virtq_add(&vq_, bufs, 1, 1, &tokens_[1]));
	EXPECT_EQ(0, uk_virtq_add(&vq_, bufs, 0, 1, &tokens_[1]));
	EXPECT_EQ(0u, uk_virtq_num_free(&vq_));
	EXPECT_EQ(2, dev_->avail_idx());
}

TEST_F(VirtqTest, UsedEntriesReturnTokensInDeviceOrderAndFreeChains)
{
	SetUpQueue(8);
	ASSERT_EQ(0, AddOne(&tokens_[0], 1, 1));
	ASSERT_EQ(0, AddOne(&tokens_[1], 1, 2));
	ASSERT_EQ(0, AddOne(&tokens_[2], 1, 0));
	EXPECT_EQ(2u, uk_virtq_num_free(&vq_));

	FakeDevice::Chain a, b, c;
	ASSERT_TRUE(dev_->pop(&a));
	ASSERT_TRUE(dev_->pop(&b));
	ASSERT_TRUE(dev_->pop(&c));
	// Completes out of order.
	dev_->push(c.head, 0);
	dev_->push(a.head, 50);
	EXPECT_TRUE(uk_virtq_has_used(&vq_));

	void *tok;
	uint32_t len;
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[2], tok);
	EXPECT_EQ(0u, len);
	EXPECT_EQ(3u, uk_virtq_num_free(&vq_));
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[0], tok);
	EXPECT_EQ(50u, len);
	EXPECT_EQ(5u, uk_virtq_num_free(&vq_));
	EXPECT_EQ(-EAGAIN, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_FALSE(uk_virtq_has_used(&vq_));

	// The freed descriptors are reused: a chain of 5 fits again.
	ASSERT_EQ(0, AddOne(&tokens_[3], 2, 3));
	EXPECT_EQ(0u, uk_virtq_num_free(&vq_));
	FakeDevice::Chain d;
	ASSERT_TRUE(dev_->pop(&d));
	EXPECT_EQ(5u, d.descs.size());
	dev_->push(b.head, 201);
	dev_->push(d.head, 1);
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[1], tok);
	EXPECT_EQ(201u, len);
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[3], tok);
	EXPECT_EQ(8u, uk_virtq_num_free(&vq_));
	EXPECT_EQ(0u, vq_.stats.bad_id + vq_.stats.bad_len);
}

TEST_F(VirtqTest, SixteenBitIndicesWrapAround)
{
	SetUpQueue(4);
	void *tok;
	uint32_t len;
	// Enough round trips of two chains for both indices to wrap twice.
	for (unsigned int round = 0; round < 70000; round++) {
		ASSERT_EQ(0, AddOne(&tokens_[0], 1, 1));
		ASSERT_EQ(0, AddOne(&tokens_[1], 1, 0));
		FakeDevice::Chain a, b;
		ASSERT_TRUE(dev_->pop(&a));
		ASSERT_TRUE(dev_->pop(&b));
		dev_->push(b.head, 0);
		dev_->push(a.head, 7);
		ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
		ASSERT_EQ(&tokens_[1], tok);
		ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
		ASSERT_EQ(&tokens_[0], tok);
		ASSERT_EQ(7u, len);
		ASSERT_EQ(-EAGAIN, uk_virtq_get(&vq_, &tok, &len));
		ASSERT_EQ(4u, uk_virtq_num_free(&vq_));
	}
	EXPECT_EQ((uint16_t)(140000 % 65536), dev_->avail_idx());
	EXPECT_EQ((uint16_t)(140000 % 65536), vq_.last_used);
}

TEST_F(VirtqTest, OutOfRangeAndStaleIdsAreSkippedAndCounted)
{
	SetUpQueue(8);
	ASSERT_EQ(0, AddOne(&tokens_[0], 1, 1));
	FakeDevice::Chain a;
	ASSERT_TRUE(dev_->pop(&a));
	dev_->push(8, 0); // beyond the queue
	dev_->push(0xffffffffu, 0); // far beyond
	dev_->push(a.head + 1, 0); // in range, but not a chain head
	dev_->push(a.head, 101); // the real one
	dev_->push(a.head, 101); // completed twice

	void *tok;
	uint32_t len;
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[0], tok);
	EXPECT_EQ(101u, len);
	EXPECT_EQ(-EAGAIN, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(4u, vq_.stats.bad_id);
	EXPECT_EQ(8u, uk_virtq_num_free(&vq_));
}

TEST_F(VirtqTest, LengthBeyondWritableBytesIsReportedAndChainFreed)
{
	SetUpQueue(8);
	// AddOne: out 100, in 101 + 102 = 203 writable bytes.
	ASSERT_EQ(0, AddOne(&tokens_[0], 1, 2));
	FakeDevice::Chain a;
	ASSERT_TRUE(dev_->pop(&a));
	dev_->push(a.head, 204);
	void *tok = nullptr;
	uint32_t len;
	EXPECT_EQ(-EMSGSIZE, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(&tokens_[0], tok);
	EXPECT_EQ(204u, len);
	EXPECT_EQ(1u, vq_.stats.bad_len);
	EXPECT_EQ(8u, uk_virtq_num_free(&vq_));

	// Exactly the writable size is fine.
	ASSERT_EQ(0, AddOne(&tokens_[1], 1, 2));
	ASSERT_TRUE(dev_->pop(&a));
	dev_->push(a.head, 203);
	EXPECT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(1u, vq_.stats.bad_len);
}

TEST_F(VirtqTest, UsedIndexRunningAheadConsumesNothing)
{
	SetUpQueue(8);
	ASSERT_EQ(0, AddOne(&tokens_[0], 1, 0));
	dev_->set_used_idx(9);
	void *tok;
	uint32_t len;
	EXPECT_EQ(-EIO, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(1u, vq_.stats.bad_idx);
	EXPECT_EQ(0, vq_.last_used);
	EXPECT_EQ(7u, uk_virtq_num_free(&vq_));
}

TEST_F(VirtqTest, NotificationFollowsUsedFlags)
{
	SetUpQueue(8);
	EXPECT_FALSE(uk_virtq_notify_needed(&vq_)); // nothing published
	ASSERT_EQ(0, AddOne(&tokens_[0]));
	EXPECT_TRUE(uk_virtq_notify_needed(&vq_));
	EXPECT_FALSE(uk_virtq_notify_needed(&vq_)); // already told
	vq_.used->flags = UK_VIRTQ_USED_F_NO_NOTIFY;
	ASSERT_EQ(0, AddOne(&tokens_[1]));
	EXPECT_FALSE(uk_virtq_notify_needed(&vq_));
	vq_.used->flags = 0;
	ASSERT_EQ(0, AddOne(&tokens_[2]));
	EXPECT_TRUE(uk_virtq_notify_needed(&vq_));
}

TEST_F(VirtqTest, NotificationFollowsAvailEvent)
{
	SetUpQueue(8, true);
	// Even with NO_NOTIFY set, event_idx mode looks at avail_event only.
	vq_.used->flags = UK_VIRTQ_USED_F_NO_NOTIFY;
	dev_->set_avail_event(0); // wants to hear when entry 0 is published
	ASSERT_EQ(0, AddOne(&tokens_[0]));
	EXPECT_TRUE(uk_virtq_notify_needed(&vq_));
	// avail_event still 0: entries 1 and 2 need no notification.
	ASSERT_EQ(0, AddOne(&tokens_[1]));
	ASSERT_EQ(0, AddOne(&tokens_[2]));
	EXPECT_FALSE(uk_virtq_notify_needed(&vq_));
	// The device asks for entry 4; publishing 3 does not cross it...
	dev_->set_avail_event(4);
	ASSERT_EQ(0, AddOne(&tokens_[3]));
	EXPECT_FALSE(uk_virtq_notify_needed(&vq_));
	// ...publishing 4 and 5 in one batch does.
	ASSERT_EQ(0, AddOne(&tokens_[4]));
	ASSERT_EQ(0, AddOne(&tokens_[5]));
	EXPECT_TRUE(uk_virtq_notify_needed(&vq_));
}

TEST_F(VirtqTest, InterruptSuppressionUsesAvailFlags)
{
	SetUpQueue(8);
	EXPECT_EQ(0, vq_.avail->flags);
	uk_virtq_intr_disable(&vq_);
	EXPECT_EQ(UK_VIRTQ_AVAIL_F_NO_INTERRUPT, vq_.avail->flags);
	EXPECT_FALSE(uk_virtq_intr_enable(&vq_));
	EXPECT_EQ(0, vq_.avail->flags);

	// A used entry that arrived while disabled is reported on enable.
	uk_virtq_intr_disable(&vq_);
	ASSERT_EQ(0, AddOne(&tokens_[0]));
	FakeDevice::Chain a;
	ASSERT_TRUE(dev_->pop(&a));
	dev_->push(a.head, 0);
	EXPECT_TRUE(uk_virtq_intr_enable(&vq_));
}

TEST_F(VirtqTest, InterruptSuppressionUsesUsedEvent)
{
	SetUpQueue(8, true);
	void *tok;
	uint32_t len;
	EXPECT_EQ(0, dev_->used_event()); // interrupt on the first entry
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(0, AddOne(&tokens_[i]));
	FakeDevice::Chain c;
	for (int i = 0; i < 3; i++) {
		ASSERT_TRUE(dev_->pop(&c));
		dev_->push(c.head, 0);
	}
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(2, dev_->used_event()); // follows consumption
	EXPECT_EQ(0, vq_.avail->flags); // flags unused with event_idx

	uk_virtq_intr_disable(&vq_);
	EXPECT_EQ(1, dev_->used_event()); // behind last_used: never crossed
	ASSERT_EQ(0, uk_virtq_get(&vq_, &tok, &len));
	EXPECT_EQ(2, dev_->used_event());
	EXPECT_FALSE(uk_virtq_intr_enable(&vq_));
	EXPECT_EQ(3, dev_->used_event());
}

} // namespace
