/* Split virtqueues (virtio 1.2, 2.7): ring layout and driver bookkeeping. */
#ifndef UK_VIRTIO_VIRTQUEUE_H
#define UK_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The rings are little-endian in memory (virtio 1.x; legacy devices use
 * the guest's order). Both our CPUs are little-endian, so fields are
 * accessed as native integers.
 */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "virtqueue.h assumes a little-endian CPU"
#endif

/* Descriptor flags (2.7.5). */
#define UK_VIRTQ_DESC_F_NEXT 1 /* chain continues in next */
#define UK_VIRTQ_DESC_F_WRITE 2 /* device writes the buffer */
/* The driver asks for no used-buffer notifications (2.7.7). */
#define UK_VIRTQ_AVAIL_F_NO_INTERRUPT 1
/* The device asks for no available-buffer notifications (2.7.10). */
#define UK_VIRTQ_USED_F_NO_NOTIFY 1

/* Largest queue this library drives: bounds its per-descriptor arrays. */
#define UK_VIRTQ_MAX_SIZE 256

/* Ring alignment of the legacy interfaces (QUEUE_ADDR_SHIFT = 12). */
#define UK_VIRTQ_LEGACY_ALIGN 4096

struct uk_virtq_desc {
	uint64_t addr; /* guest-physical address of the buffer */
	uint32_t len;
	uint16_t flags; /* UK_VIRTQ_DESC_F_* */
	uint16_t next; /* next descriptor when flags has F_NEXT */
};

struct uk_virtq_avail {
	uint16_t flags; /* UK_VIRTQ_AVAIL_F_* */
	uint16_t idx; /* where the driver puts the next entry (mod 2^16) */
	uint16_t ring[]; /* num heads, then used_event */
};

struct uk_virtq_used_elem {
	uint32_t id; /* head of the completed chain */
	uint32_t len; /* bytes the device wrote into the chain */
};

struct uk_virtq_used {
	uint16_t flags; /* UK_VIRTQ_USED_F_* */
	uint16_t idx; /* where the device puts the next entry (mod 2^16) */
	struct uk_virtq_used_elem ring[]; /* num entries, then avail_event */
};

/* What a misbehaving device did; the queue survives all of it. */
struct uk_virtq_stats {
	uint64_t bad_id; /* used entries naming no chain in flight: skipped */
	uint64_t bad_len; /* used lengths beyond the chain's writable bytes */
	uint64_t bad_idx; /* used->idx ahead of last_used by more than num */
};

/* One buffer of a chain: guest-physical address and length. */
struct uk_virtq_buf {
	uint64_t addr;
	uint32_t len;
};

/*
 * A split virtqueue as the driver sees it. The rings live in memory shared
 * with the device; everything else is the driver's own and is never read
 * back from shared memory, so a device scribbling on the rings cannot make
 * the driver follow a bad link. Not thread-safe: callers serialise access
 * to one queue (the adding side and the completing side may be the same
 * lock).
 */
struct uk_virtq {
	uint16_t num; /* queue size, a power of two */
	uint16_t index; /* queue index in the device */
	bool event_idx; /* VIRTIO_F_EVENT_IDX negotiated */
	bool intr_on; /* the driver wants used-buffer notifications */
	struct uk_virtq_desc *desc;
	struct uk_virtq_avail *avail;
	struct uk_virtq_used *used;

	uint16_t free_head; /* first free descriptor */
	uint16_t num_free; /* free descriptors */
	uint16_t avail_idx; /* the driver's copy of avail->idx */
	uint16_t kicked_idx; /* avail_idx at the last notification check */
	uint16_t last_used; /* next used entry to process */
	uint16_t next[UK_VIRTQ_MAX_SIZE]; /* free list and chain links */
	uint16_t chain_len[UK_VIRTQ_MAX_SIZE]; /* per head in flight */
	uint32_t in_bytes[UK_VIRTQ_MAX_SIZE]; /* writable bytes per head */
	void *token[UK_VIRTQ_MAX_SIZE]; /* per head; NULL: not a head */
	struct uk_virtq_stats stats;
};

/*
 * Bytes of ring memory for a queue of num entries in the legacy layout:
 * descriptor table, available ring (with used_event), padding to align,
 * used ring (with avail_event). The modern interfaces accept the same
 * layout (their alignment needs, 16/2/4 bytes, are weaker).
 * Returns 0 when num is not a power of two in 1..UK_VIRTQ_MAX_SIZE or
 * align is not a power of two.
 */
size_t uk_virtq_ring_bytes(unsigned int num, size_t align);

/*
 * Lays a queue of num entries out over mem (uk_virtq_ring_bytes(num,
 * align) bytes, at least 16-byte aligned), zeroes the rings, and sets up
 * the free list and indices. event_idx: whether VIRTIO_F_EVENT_IDX was
 * negotiated (notification suppression by index instead of flags).
 * Used-buffer notifications start enabled.
 * Returns 0, or -EINVAL for a bad num or align or a misaligned or NULL mem.
 */
int uk_virtq_init(struct uk_virtq *vq, uint16_t index, unsigned int num,
		  void *mem, size_t align, bool event_idx);

/*
 * Makes a chain of out device-readable buffers followed by in
 * device-writable ones available to the device, remembering token for
 * uk_virtq_get(). Writes the descriptors, then (write barrier) publishes
 * the new avail->idx. Does not notify: call uk_virtq_notify_needed().
 * Returns 0, -EINVAL when out + in is 0 or token is NULL, or -ENOSPC when
 * fewer than out + in descriptors are free.
 */
int uk_virtq_add(struct uk_virtq *vq, const struct uk_virtq_buf *bufs,
		 unsigned int out, unsigned int in, void *token);

/*
 * After one or more uk_virtq_add(): full barrier, then decides from the
 * device's suppression state (USED_F_NO_NOTIFY, or avail_event with
 * event_idx) whether the device wants an available-buffer notification
 * for the entries published since the last call. The caller then writes
 * the transport's notify register if it returns true.
 */
bool uk_virtq_notify_needed(struct uk_virtq *vq);

/*
 * Takes the next used entry. On 0 sets *token to the token given to
 * uk_virtq_add() and *len to the bytes the device wrote, and returns the
 * chain's descriptors to the free list. Entries naming a descriptor that
 * is not the head of a chain in flight are skipped and counted (bad_id).
 * Returns 0; -EMSGSIZE when the device claimed more bytes than the chain
 * can hold (counted in bad_len; *token is set and the chain is freed, *len
 * is the claimed length: the caller must drop the data); -EAGAIN when no
 * entry is pending; -EIO when used->idx is more than num entries ahead
 * (counted in bad_idx; nothing is consumed).
 */
int uk_virtq_get(struct uk_virtq *vq, void **token, uint32_t *len);

/* Whether the device has published used entries not yet taken. */
bool uk_virtq_has_used(const struct uk_virtq *vq);

/*
 * Asks the device not to send used-buffer notifications (a hint: the
 * device may still send some). Without event_idx sets
 * AVAIL_F_NO_INTERRUPT; with it, parks used_event behind last_used.
 */
void uk_virtq_intr_disable(struct uk_virtq *vq);

/*
 * Asks for a notification on the next used entry. Returns true when
 * entries are already pending (published before the device could see the
 * request): the caller must process them rather than wait.
 */
bool uk_virtq_intr_enable(struct uk_virtq *vq);

/* Free descriptors. */
static inline unsigned int uk_virtq_num_free(const struct uk_virtq *vq)
{
	return vq->num_free;
}

#ifdef __cplusplus
}
#endif

#endif /* UK_VIRTIO_VIRTQUEUE_H */
