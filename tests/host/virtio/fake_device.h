// The device side of a split virtqueue for host tests: reads what the
// driver published in shared memory, writes used entries, and can lie.
#ifndef TESTS_HOST_VIRTIO_FAKE_DEVICE_H
#define TESTS_HOST_VIRTIO_FAKE_DEVICE_H

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

extern "C" {
#include <uk/virtio/virtqueue.h>
}

class FakeQueueDevice {
public:
	explicit FakeQueueDevice(uk_virtq *vq) : vq_(vq)
	{
	}

	struct Chain {
		uint16_t head;
		std::vector<uk_virtq_desc> descs;
	};

	// Pops the next available chain, following the descriptors' links
	// (as a device would: through shared memory only).
	bool pop(Chain *c)
	{
		if (vq_->avail->idx == seen_avail_)
			return false;
		c->head = vq_->avail->ring[seen_avail_ % vq_->num];
		seen_avail_++;
		c->descs.clear();
		uint16_t i = c->head;
		for (unsigned int k = 0; k <= vq_->num; k++) {
			c->descs.push_back(vq_->desc[i]);
			if (!(vq_->desc[i].flags & UK_VIRTQ_DESC_F_NEXT))
				return true;
			i = vq_->desc[i].next;
		}
		ADD_FAILURE() << "descriptor loop";
		return false;
	}

	// Publishes a used entry (any id: malicious devices too).
	void push(uint32_t id, uint32_t len)
	{
		uk_virtq_used_elem &e = vq_->used->ring[used_idx_ % vq_->num];
		e.id = id;
		e.len = len;
		used_idx_++;
		vq_->used->idx = used_idx_;
	}

	void set_used_idx(uint16_t idx)
	{
		used_idx_ = idx;
		vq_->used->idx = idx;
	}

	uint16_t used_event() const
	{
		return vq_->avail->ring[vq_->num];
	}
	void set_avail_event(uint16_t v)
	{
		*reinterpret_cast<uint16_t *>(&vq_->used->ring[vq_->num]) = v;
	}
	uint16_t avail_idx() const
	{
		return vq_->avail->idx;
	}

private:
	uk_virtq *vq_;
	uint16_t seen_avail_ = 0;
	uint16_t used_idx_ = 0;
};

#endif // TESTS_HOST_VIRTIO_FAKE_DEVICE_H
