// Host tests of the virtio-net driver over a fake transport and device:
// probe, receive (good, malformed, oversized, lying device), transmit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "tests/host/virtio/fake_device.h"

extern "C" {
#include <uk/alloc.h>
#include <uk/allocbuddy.h>
#include <uk/netdev.h>
#include <uk/virtio/dev.h>

// The kernel's logging backend, faked: the driver logs at probe.
void _uk_printk_lvl(int lvl, const char *libname, const char *fmt, ...)
{
	(void)lvl;
	(void)libname;
	(void)fmt;
}
}

namespace {

constexpr uint64_t kVersion1 = 1ULL << UK_VIRTIO_F_VERSION_1;
constexpr uint64_t kEventIdx = 1ULL << UK_VIRTIO_F_EVENT_IDX;
constexpr uint64_t kMac = 1ULL << 5;
constexpr uint64_t kCsum = 1ULL << 0;
constexpr uint64_t kMrgRxbuf = 1ULL << 15;
constexpr unsigned int kHdrLen = 12; // VERSION_1 virtio_net_hdr
constexpr unsigned int kBufSize = 2048;

// A modern virtio-net device behind a fake transport.
struct FakeNic {
	uk_virtio_dev dev = {};
	uint8_t status = 0;
	uint64_t offered = kVersion1 | kEventIdx | kMac | kCsum | kMrgRxbuf;
	uint64_t accepted = 0;
	bool refuse_features = false;
	uint8_t config[16] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	uk_virtq *queues[2] = {};
	unsigned int notifies[2] = {};
	uk_virtio_irq_fn irq_fn = nullptr;
	void *irq_arg = nullptr;
};

FakeNic *nic(uk_virtio_dev *dev)
{
	return static_cast<FakeNic *>(dev->priv);
}

uint64_t features_get(uk_virtio_dev *dev)
{
	return nic(dev)->offered;
}
void features_set(uk_virtio_dev *dev, uint64_t f)
{
	nic(dev)->accepted = f;
}
uint8_t status_get(uk_virtio_dev *dev)
{
	return nic(dev)->status;
}
void status_set(uk_virtio_dev *dev, uint8_t s)
{
	if (nic(dev)->refuse_features)
		s &= (uint8_t)~UK_VIRTIO_STATUS_FEATURES_OK;
	nic(dev)->status = s;
}
void config_read(uk_virtio_dev *dev, unsigned int off, void *buf,
		 unsigned int len)
{
	std::memcpy(buf, nic(dev)->config + off, len);
}
unsigned int queue_max(uk_virtio_dev *, uint16_t index)
{
	return index < 2 ? 1024 : 0;
}
int queue_enable(uk_virtio_dev *dev, uk_virtq *vq)
{
	nic(dev)->queues[vq->index] = vq;
	return 0;
}
void notify(uk_virtio_dev *dev, uint16_t index)
{
	nic(dev)->notifies[index]++;
}
int irq_enable(uk_virtio_dev *dev, uk_virtio_irq_fn fn, void *arg)
{
	nic(dev)->irq_fn = fn;
	nic(dev)->irq_arg = arg;
	return 0;
}

const uk_virtio_transport fake_transport = {
	"fake",	     features_get, features_set, status_get, status_set,
	config_read, queue_max,	   queue_enable, notify,     irq_enable,
};

void rx_handler(uk_netdev *, void *arg)
{
	++*static_cast<int *>(arg);
}

// One device for the whole program: the driver keeps static state.
class VirtioNetTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		// DMA memory comes from the default allocator, as in the
		// kernel: host pointers are the fake device's "physical"
		// addresses.
		constexpr size_t kArena = 4 << 20;
		void *arena = std::aligned_alloc(4096, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(arena, kArena));
		nic_ = new FakeNic;
		nic_->dev.tr = &fake_transport;
		nic_->dev.device_id = UK_VIRTIO_ID_NET;
		nic_->dev.modern = true;
		nic_->dev.priv = nic_;
		probe_rc_ = uk_virtio_net_probe(&nic_->dev);
		if (probe_rc_ == 0) {
			rx_ = new FakeQueueDevice(nic_->queues[0]);
			tx_ = new FakeQueueDevice(nic_->queues[1]);
			nd_ = uk_netdev_get(uk_netdev_count() - 1);
			probe_rx_avail_ = rx_->avail_idx();
		}
	}

	void SetUp() override
	{
		ASSERT_EQ(0, probe_rc_);
		ASSERT_NE(nullptr, nd_);
		uk_netdev_stats_get(nd_, &before_);
	}

	uk_netdev_stats Delta()
	{
		uk_netdev_stats now, d;
		uk_netdev_stats_get(nd_, &now);
		const uint64_t *a = reinterpret_cast<const uint64_t *>(&now);
		const uint64_t *b =
			reinterpret_cast<const uint64_t *>(&before_);
		uint64_t *o = reinterpret_cast<uint64_t *>(&d);
		for (size_t i = 0; i < sizeof(d) / sizeof(uint64_t); i++)
			o[i] = a[i] - b[i];
		return d;
	}

	// The device receives a frame into the next RX buffer and reports
	// claimed_len bytes written (default: header + frame).
	static void Deliver(const std::vector<uint8_t> &frame,
			    const uint8_t hdr[kHdrLen] = nullptr,
			    int64_t claimed_len = -1)
	{
		FakeQueueDevice::Chain c;
		ASSERT_TRUE(rx_->pop(&c));
		ASSERT_EQ(2u, c.descs.size());
		ASSERT_EQ(kHdrLen, c.descs[0].len);
		ASSERT_EQ(kBufSize - kHdrLen, c.descs[1].len);
		ASSERT_EQ(UK_VIRTQ_DESC_F_WRITE, c.descs[1].flags);
		uint8_t zero[kHdrLen] = {};
		std::memcpy(reinterpret_cast<void *>(c.descs[0].addr),
			    hdr ? hdr : zero, kHdrLen);
		size_t n = std::min<size_t>(frame.size(), c.descs[1].len);
		std::memcpy(reinterpret_cast<void *>(c.descs[1].addr),
			    frame.data(), n);
		rx_->push(c.head, claimed_len >= 0 ? (uint32_t)claimed_len :
						     (uint32_t)(kHdrLen + n));
	}

	static std::vector<uint8_t> Frame(size_t len, uint8_t seed)
	{
		std::vector<uint8_t> f(len);
		for (size_t i = 0; i < len; i++)
			f[i] = (uint8_t)(seed + i);
		return f;
	}

	// Completes every frame the driver queued for sending.
	static unsigned int CompleteTx()
	{
		FakeQueueDevice::Chain c;
		unsigned int n = 0;
		while (tx_->pop(&c)) {
			tx_->push(c.head, 0);
			n++;
		}
		return n;
	}

	static FakeNic *nic_;
	static FakeQueueDevice *rx_, *tx_;
	static uk_netdev *nd_;
	static int probe_rc_;
	static uint16_t probe_rx_avail_;
	uk_netdev_stats before_;
	uint8_t buf_[kBufSize];
};

FakeNic *VirtioNetTest::nic_;
FakeQueueDevice *VirtioNetTest::rx_;
FakeQueueDevice *VirtioNetTest::tx_;
uk_netdev *VirtioNetTest::nd_;
int VirtioNetTest::probe_rc_ = -1;
uint16_t VirtioNetTest::probe_rx_avail_;

TEST_F(VirtioNetTest, ProbeNegotiatesRegistersAndFillsRxQueue)
{
	// Only what the driver understands; never CSUM or MRG_RXBUF.
	EXPECT_EQ(kVersion1 | kEventIdx | kMac, nic_->accepted);
	EXPECT_EQ(UK_VIRTIO_STATUS_ACK | UK_VIRTIO_STATUS_DRIVER |
			  UK_VIRTIO_STATUS_FEATURES_OK |
			  UK_VIRTIO_STATUS_DRIVER_OK,
		  nic_->status);
	EXPECT_STREQ("vnet0", nd_->name);
	const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	EXPECT_EQ(0, std::memcmp(mac, nd_->mac, 6));
	EXPECT_EQ(1500, nd_->mtu);
	// Queues capped at 256 entries; 64 two-descriptor RX buffers.
	EXPECT_EQ(256, nic_->queues[0]->num);
	EXPECT_EQ(256, nic_->queues[1]->num);
	EXPECT_EQ(64, probe_rx_avail_);
	EXPECT_GE(nic_->notifies[0], 1u);
	EXPECT_NE(nullptr, nic_->irq_fn);
}

TEST_F(VirtioNetTest, RefusedFeaturesLeaveNoDevice)
{
	FakeNic bad;
	bad.dev.tr = &fake_transport;
	bad.dev.device_id = UK_VIRTIO_ID_NET;
	bad.dev.modern = true;
	bad.dev.priv = &bad;
	bad.refuse_features = true;
	unsigned int count = uk_netdev_count();
	EXPECT_EQ(-ENODEV, uk_virtio_net_probe(&bad.dev));
	EXPECT_TRUE(bad.status & UK_VIRTIO_STATUS_FAILED);
	EXPECT_EQ(count, uk_netdev_count());
}

TEST_F(VirtioNetTest, GoodFrameIsReceivedAfterInterrupt)
{
	int events = 0;
	uk_netdev_set_rx_handler(nd_, rx_handler, &events);
	uint16_t avail = rx_->avail_idx();
	std::vector<uint8_t> f = Frame(60, 7);
	Deliver(f);
	nic_->irq_fn(&nic_->dev, UK_VIRTIO_ISR_QUEUE, nic_->irq_arg);
	EXPECT_EQ(1, events);

	ASSERT_EQ(60, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	EXPECT_EQ(0, std::memcmp(f.data(), buf_, 60));
	EXPECT_EQ(-EAGAIN, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	// The buffer went back to the device.
	EXPECT_EQ((uint16_t)(avail + 1), rx_->avail_idx());
	uk_netdev_stats d = Delta();
	EXPECT_EQ(1u, d.rx_packets);
	EXPECT_EQ(60u, d.rx_bytes);
	EXPECT_EQ(1u, d.irqs);

	// A configuration interrupt is counted but announces no frames.
	nic_->irq_fn(&nic_->dev, UK_VIRTIO_ISR_CONFIG, nic_->irq_arg);
	EXPECT_EQ(1, events);
	uk_netdev_set_rx_handler(nd_, nullptr, nullptr);
}

TEST_F(VirtioNetTest, MalformedFramesAreDroppedAndCounted)
{
	uint16_t avail = rx_->avail_idx();
	// Shorter than an Ethernet header.
	Deliver(Frame(13, 1));
	// Shorter than the virtio header itself.
	Deliver(Frame(60, 1), nullptr, 5);
	// Segmentation and partial checksums were not negotiated.
	uint8_t gso[kHdrLen] = { 0, 1 };
	Deliver(Frame(60, 1), gso);
	uint8_t csum[kHdrLen] = { 1, 0 };
	Deliver(Frame(60, 1), csum);
	// Followed by a good one, which still arrives.
	std::vector<uint8_t> good = Frame(100, 3);
	Deliver(good);

	ASSERT_EQ(100, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	EXPECT_EQ(0, std::memcmp(good.data(), buf_, 100));
	EXPECT_EQ(-EAGAIN, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	uk_netdev_stats d = Delta();
	EXPECT_EQ(4u, d.rx_dropped_malformed);
	EXPECT_EQ(0u, d.rx_dropped_oversize);
	EXPECT_EQ(1u, d.rx_packets);
	EXPECT_EQ((uint16_t)(avail + 5), rx_->avail_idx());
}

TEST_F(VirtioNetTest, OversizedFramesAreDroppedAndCounted)
{
	uint64_t bad_len = nic_->queues[0]->stats.bad_len;
	// Fits the buffer but exceeds MTU + Ethernet header + VLAN tag.
	Deliver(Frame(1500 + 14 + 4 + 1, 1));
	// The largest legal frame passes.
	Deliver(Frame(1500 + 14 + 4, 2));
	// The device claims more than the buffer holds.
	Deliver(Frame(60, 1), nullptr, 100000);

	EXPECT_EQ(1518, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	EXPECT_EQ(-EAGAIN, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	uk_netdev_stats d = Delta();
	EXPECT_EQ(2u, d.rx_dropped_oversize);
	EXPECT_EQ(1u, d.rx_packets);
	EXPECT_EQ(bad_len + 1, nic_->queues[0]->stats.bad_len);
}

TEST_F(VirtioNetTest, BogusUsedIdsAreIgnored)
{
	uint64_t bad_id = nic_->queues[0]->stats.bad_id;
	rx_->push(300, 60); // beyond the queue
	rx_->push(1, 60); // the middle of a posted chain
	EXPECT_EQ(-EAGAIN, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	EXPECT_EQ(bad_id + 2, nic_->queues[0]->stats.bad_id);
	std::vector<uint8_t> f = Frame(42, 9);
	Deliver(f);
	EXPECT_EQ(42, uk_netdev_rx(nd_, buf_, sizeof(buf_)));
	EXPECT_EQ(1u, Delta().rx_packets);
}

TEST_F(VirtioNetTest, SmallReceiveBufferIsRefusedWithoutConsuming)
{
	Deliver(Frame(60, 4));
	EXPECT_EQ(-EINVAL,
		  uk_netdev_rx(nd_, buf_, UK_NETDEV_FRAME_MAX(nd_) - 1));
	EXPECT_EQ(-EINVAL, uk_netdev_rx(nd_, nullptr, sizeof(buf_)));
	EXPECT_EQ(60, uk_netdev_rx(nd_, buf_, UK_NETDEV_FRAME_MAX(nd_)));
}

TEST_F(VirtioNetTest, TransmitGathersIntoOneChainAfterZeroHeader)
{
	CompleteTx();
	std::vector<uint8_t> a = Frame(14, 1), b = Frame(50, 100);
	iovec iov[2] = { { a.data(), a.size() }, { b.data(), b.size() } };
	unsigned int notifies = nic_->notifies[1];
	ASSERT_EQ(0, uk_netdev_tx(nd_, iov, 2));
	EXPECT_GT(nic_->notifies[1], notifies);

	FakeQueueDevice::Chain c;
	ASSERT_TRUE(tx_->pop(&c));
	ASSERT_EQ(2u, c.descs.size());
	EXPECT_EQ(UK_VIRTQ_DESC_F_NEXT, c.descs[0].flags);
	EXPECT_EQ(0, c.descs[1].flags);
	ASSERT_EQ(kHdrLen, c.descs[0].len);
	const uint8_t *h = reinterpret_cast<const uint8_t *>(c.descs[0].addr);
	for (unsigned int i = 0; i < kHdrLen; i++)
		EXPECT_EQ(0, h[i]);
	ASSERT_EQ(64u, c.descs[1].len);
	const uint8_t *p = reinterpret_cast<const uint8_t *>(c.descs[1].addr);
	EXPECT_EQ(0, std::memcmp(a.data(), p, 14));
	EXPECT_EQ(0, std::memcmp(b.data(), p + 14, 50));
	tx_->push(c.head, 0);
	uk_netdev_stats d = Delta();
	EXPECT_EQ(1u, d.tx_packets);
	EXPECT_EQ(64u, d.tx_bytes);
}

TEST_F(VirtioNetTest, TransmitReportsBusyUntilTheDeviceCompletes)
{
	CompleteTx();
	std::vector<uint8_t> f = Frame(60, 1);
	iovec iov = { f.data(), f.size() };
	int sent = 0;
	while (uk_netdev_tx(nd_, &iov, 1) == 0)
		ASSERT_LT(++sent, 1000);
	EXPECT_EQ(32, sent);
	EXPECT_EQ(1u, Delta().tx_busy);
	EXPECT_EQ(32u, CompleteTx());
	EXPECT_EQ(0, uk_netdev_tx(nd_, &iov, 1));
	EXPECT_EQ(33u, Delta().tx_packets);
}

TEST_F(VirtioNetTest, TransmitRefusesBadSizes)
{
	std::vector<uint8_t> f = Frame(2000, 1);
	iovec short_iov = { f.data(), 13 };
	iovec long_iov = { f.data(), 1519 };
	iovec split[2] = { { f.data(), 1000 }, { f.data(), 519 } };
	iovec null_base = { nullptr, 60 };
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, &short_iov, 1));
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, &long_iov, 1));
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, split, 2));
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, &null_base, 1));
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, nullptr, 1));
	EXPECT_EQ(-EINVAL, uk_netdev_tx(nd_, nullptr, 0));
	uk_netdev_stats d = Delta();
	EXPECT_EQ(6u, d.tx_errors);
	EXPECT_EQ(0u, d.tx_packets);
}

} // namespace
