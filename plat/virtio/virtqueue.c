/* Split virtqueue bookkeeping: free list, avail publishing, used processing. */
#include <errno.h>
#include <string.h>
#include <uk/virtio/virtqueue.h>

/*
 * Shared fields the device writes concurrently: single, untorn accesses
 * that the compiler may neither merge nor repeat.
 */
#define SHARED_LOAD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define SHARED_STORE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

/*
 * Barriers of 2.7.13 (Linux's virt_wmb/virt_rmb/virt_mb): the device is
 * another CPU (QEMU's thread) sharing normal cacheable memory.
 */
static inline void vq_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void vq_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

static inline void vq_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static bool is_pow2(size_t v)
{
	return v && !(v & (v - 1));
}

static size_t avail_bytes(unsigned int num)
{
	/* flags, idx, ring[num], used_event */
	return sizeof(uint16_t) * (3 + num);
}

static size_t used_bytes(unsigned int num)
{
	/* flags, idx, ring[num], avail_event */
	return sizeof(uint16_t) * 3 + sizeof(struct uk_virtq_used_elem) * num;
}

size_t uk_virtq_ring_bytes(unsigned int num, size_t align)
{
	size_t head;

	if (!is_pow2(num) || num > UK_VIRTQ_MAX_SIZE || !is_pow2(align))
		return 0;
	head = sizeof(struct uk_virtq_desc) * num + avail_bytes(num);
	return ((head + align - 1) & ~(align - 1)) + used_bytes(num);
}

/* used_event lives after the available ring, avail_event after used. */
static uint16_t *used_event(struct uk_virtq *vq)
{
	return &vq->avail->ring[vq->num];
}

static uint16_t *avail_event(struct uk_virtq *vq)
{
	return (uint16_t *)&vq->used->ring[vq->num];
}

int uk_virtq_init(struct uk_virtq *vq, uint16_t index, unsigned int num,
		  void *mem, size_t align, bool event_idx)
{
	size_t bytes = uk_virtq_ring_bytes(num, align);
	uintptr_t base = (uintptr_t)mem;
	unsigned int i;

	if (!bytes || !mem || (base & 15))
		return -EINVAL;
	memset(mem, 0, bytes);
	memset(vq, 0, sizeof(*vq));
	vq->num = (uint16_t)num;
	vq->index = index;
	vq->event_idx = event_idx;
	vq->intr_on = true;
	vq->desc = mem;
	vq->avail =
		(struct uk_virtq_avail *)(base +
					  sizeof(struct uk_virtq_desc) * num);
	vq->used = (struct uk_virtq_used *)(base + bytes - used_bytes(num));
	for (i = 0; i < num; i++)
		vq->next[i] = (uint16_t)(i + 1);
	vq->num_free = (uint16_t)num;
	return 0;
}

int uk_virtq_add(struct uk_virtq *vq, const struct uk_virtq_buf *bufs,
		 unsigned int out, unsigned int in, void *token)
{
	unsigned int n = out + in, k;
	uint16_t head = vq->free_head, i = head;
	uint64_t writable = 0;
	struct uk_virtq_desc *d;

	if (!n || !token)
		return -EINVAL;
	if (n > vq->num_free)
		return -ENOSPC;
	for (k = 0; k < n; k++) {
		d = &vq->desc[i];
		d->addr = bufs[k].addr;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((k >= out ? UK_VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? UK_VIRTQ_DESC_F_NEXT : 0));
		d->next = vq->next[i];
		if (k >= out)
			writable += bufs[k].len;
		i = vq->next[i];
	}
	vq->free_head = i;
	vq->num_free = (uint16_t)(vq->num_free - n);
	vq->token[head] = token;
	vq->chain_len[head] = (uint16_t)n;
	vq->in_bytes[head] =
		writable > UINT32_MAX ? UINT32_MAX : (uint32_t)writable;

	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	/* 2.7.13.2: the entry and its descriptors before the index. */
	vq_wmb();
	vq->avail_idx++;
	SHARED_STORE(&vq->avail->idx, vq->avail_idx);
	return 0;
}

/* 2.7.10: does the device want a notification for (old, new]? */
static bool need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

bool uk_virtq_notify_needed(struct uk_virtq *vq)
{
	uint16_t old = vq->kicked_idx, new_idx = vq->avail_idx;

	/*
	 * 2.7.13.4: the published index must be visible before we read the
	 * device's suppression state, or both sides may skip a notification.
	 */
	vq_mb();
	vq->kicked_idx = new_idx;
	if (old == new_idx)
		return false;
	if (vq->event_idx)
		return need_event(SHARED_LOAD(avail_event(vq)), new_idx, old);
	return !(SHARED_LOAD(&vq->used->flags) & UK_VIRTQ_USED_F_NO_NOTIFY);
}

bool uk_virtq_has_used(const struct uk_virtq *vq)
{
	return SHARED_LOAD(&vq->used->idx) != vq->last_used;
}

/* Keeps used_event where the interrupt state wants it (2.7.10). */
static void update_used_event(struct uk_virtq *vq)
{
	if (vq->event_idx)
		SHARED_STORE(used_event(vq),
			     (uint16_t)(vq->intr_on ? vq->last_used :
						      vq->last_used - 1));
}

static void free_chain(struct uk_virtq *vq, uint16_t head)
{
	uint16_t i = head, k;

	for (k = 1; k < vq->chain_len[head]; k++)
		i = vq->next[i];
	vq->next[i] = vq->free_head;
	vq->free_head = head;
	vq->num_free = (uint16_t)(vq->num_free + vq->chain_len[head]);
	vq->token[head] = NULL;
	vq->chain_len[head] = 0;
}

int uk_virtq_get(struct uk_virtq *vq, void **token, uint32_t *len)
{
	const struct uk_virtq_used_elem *e;
	uint16_t used_idx, pending;
	uint32_t id, n;

	for (;;) {
		used_idx = SHARED_LOAD(&vq->used->idx);
		pending = (uint16_t)(used_idx - vq->last_used);
		if (!pending)
			return -EAGAIN;
		if (pending > vq->num) {
			vq->stats.bad_idx++;
			return -EIO;
		}
		/* 2.7.13.3 (device side): read the entry after the index. */
		vq_rmb();
		e = &vq->used->ring[vq->last_used & (vq->num - 1)];
		id = SHARED_LOAD(&e->id);
		n = SHARED_LOAD(&e->len);
		vq->last_used++;
		update_used_event(vq);
		if (id >= vq->num || !vq->token[id]) {
			vq->stats.bad_id++;
			continue;
		}
		*token = vq->token[id];
		*len = n;
		free_chain(vq, (uint16_t)id);
		if (n > vq->in_bytes[id]) {
			vq->stats.bad_len++;
			return -EMSGSIZE;
		}
		return 0;
	}
}

void uk_virtq_intr_disable(struct uk_virtq *vq)
{
	vq->intr_on = false;
	if (vq->event_idx)
		update_used_event(vq);
	else
		SHARED_STORE(&vq->avail->flags,
			     (uint16_t)UK_VIRTQ_AVAIL_F_NO_INTERRUPT);
}

bool uk_virtq_intr_enable(struct uk_virtq *vq)
{
	vq->intr_on = true;
	if (vq->event_idx)
		update_used_event(vq);
	else
		SHARED_STORE(&vq->avail->flags, (uint16_t)0);
	/* The request must be visible before we look for late entries. */
	vq_mb();
	return uk_virtq_has_used(vq);
}
