/* State shared by the heap's page allocator (buddy.c) and slabs (slab.c). */
#ifndef UK_BUDDY_IMPL_H
#define UK_BUDDY_IMPL_H

#include <stdbool.h>
#include <uk/allocbuddy.h>
#include "alloc_impl.h"

#define BUDDY_ORDERS 32
#define BUDDY_NIL UINT32_MAX
/* Page indices are 32-bit: larger regions are split on addmem. */
#define BUDDY_REGION_MAXPAGES (BUDDY_NIL - 1)

/* What a page is; only block heads (and slab pages) are not PG_TAIL. */
enum buddy_page_type {
	PG_TAIL = 0, /* inside a block (or never handed out) */
	PG_FREE, /* head of a free block of 2^order pages */
	PG_PAGES, /* head of a palloc'd run of npages */
	PG_LARGE, /* head of a malloc'd run for size bytes */
	PG_SLAB, /* a page of a slab (head_off pages past its head) */
	PG_CACHED, /* a free page held in the page cache, unmerged */
};

/* The descriptor of one page, kept in the region's bookkeeping area. */
struct buddy_page {
	uint8_t type;
	uint8_t order; /* PG_FREE */
	uint16_t cls; /* PG_SLAB: size class */
	uint32_t head_off; /* PG_SLAB: pages from the slab's first page */
	union {
		struct {
			uint32_t prev, next;
		} link; /* PG_FREE: free list of its order */
		uint64_t npages; /* PG_PAGES */
		uint64_t size; /* PG_LARGE: requested bytes */
	};
};

struct buddy_region {
	struct buddy_region *next;
	uintptr_t base; /* first data page */
	uint32_t npages; /* data pages */
	uint32_t nonempty; /* bit k: free list k is not empty */
	uint32_t free_head[BUDDY_ORDERS];
	struct buddy_page *pages;
	uintptr_t meta; /* first byte of the region (this header) */
};

struct slab;

struct slab_class {
	uint32_t size; /* slot bytes, including the 8-byte trailer */
	uint32_t off; /* first slot's offset in the slab */
	uint32_t recip; /* ceil(2^32 / size): offset -> slot index */
	uint16_t nslots;
	uint16_t pages; /* slab length */
	uint8_t list_gen; /* bumped when partial is dropped (never 0) */
	struct slab *partial; /* slabs with free and used slots */
	struct slab *empty; /* at most one cached all-free slab */
};

/* Free single pages kept unmerged: a page alloc/free pair costs O(1). */
#define BUDDY_PCACHE 64

struct buddy_pcache_entry {
	struct buddy_region *r;
	uint32_t idx;
};

#define SLAB_NCLASSES 24
#define SLAB_MAX_SLOT 2048
#define SLAB_TRAILER 8
#define SLAB_MAX_SIZE (SLAB_MAX_SLOT - SLAB_TRAILER)

struct buddy_alloc {
	struct uk_alloc a;
	struct buddy_region *regions;
	unsigned long free_pages;
	uint64_t secret;
	unsigned int npcache;
	struct buddy_pcache_entry pcache[BUDDY_PCACHE];
	struct slab_class cls[SLAB_NCLASSES];
	uint8_t cls_of[SLAB_MAX_SLOT / 16 + 1]; /* (slot + 15) / 16 -> class */
	/* First fault seen under the lock, reported once it is released. */
	enum uk_alloc_fault fault;
	uintptr_t fault_ptr;
};

#define to_buddy(alloc) ((struct buddy_alloc *)(alloc))

/* Records a fault to report when the lock is released; lock held. */
static inline void _uk_buddy_fault(struct buddy_alloc *b,
				   enum uk_alloc_fault fault, uintptr_t p)
{
	if (!b->fault) {
		b->fault = fault;
		b->fault_ptr = p;
	}
}

/* Page allocator; every function is called with b->a.lock held. */

/* The region whose data pages hold p, or NULL. */
struct buddy_region *_uk_buddy_region_of(struct buddy_alloc *b, uintptr_t p);

static inline uint32_t _uk_buddy_idx(struct buddy_region *r, uintptr_t p)
{
	return (uint32_t)((p - r->base) / __PAGE_SIZE);
}

static inline uintptr_t _uk_buddy_addr(struct buddy_region *r, uint32_t idx)
{
	return r->base + (uintptr_t)idx * __PAGE_SIZE;
}

/*
 * Allocates npages contiguous pages aligned to align bytes (a power of two,
 * at most a page means page alignment). Their descriptors are PG_TAIL; the
 * caller marks the head. Returns the address and sets *rp, or 0.
 */
uintptr_t _uk_buddy_run_alloc(struct buddy_alloc *b, unsigned long npages,
			      size_t align, struct buddy_region **rp);

/*
 * Takes the npages free pages at p out of the free lists as _uk_buddy_run_alloc
 * does (0 unless all of them are free and in one region); the region in
 * *rp.
 */
uintptr_t _uk_buddy_run_alloc_at(struct buddy_alloc *b, uintptr_t p,
				 unsigned long npages,
				 struct buddy_region **rp);

/* Returns the run [idx, idx + npages) of r to the free lists. */
void _uk_buddy_run_free(struct buddy_alloc *b, struct buddy_region *r,
			uint32_t idx, unsigned long npages);

/* Frees a run like _uk_buddy_run_free, single pages via the page cache. */
void _uk_buddy_free(struct buddy_alloc *b, struct buddy_region *r, uint32_t idx,
		    unsigned long npages);

/* Free pages that are cached (slabs, page cache) rather than merged. */
unsigned long _uk_buddy_cached_pages(struct buddy_alloc *b);

/* Adds [base, base + len) as one or more regions. 0 or -EINVAL. */
int _uk_buddy_addmem(struct buddy_alloc *b, uintptr_t base, size_t len);

/* Slabs; every function is called with b->a.lock held. */

/* Fills the class table. */
void _uk_slab_init(struct buddy_alloc *b);

/* The class for a block of size bytes aligned to align, or -1. */
int _uk_slab_class(struct buddy_alloc *b, size_t size, size_t align);

/* A slot of class c holding size bytes (sealed with its trailer), or 0. */
uintptr_t _uk_slab_alloc(struct buddy_alloc *b, int c, size_t size);

/*
 * Validates the slot p on a PG_SLAB page of r. Returns 0 and sets *size to
 * its requested size and *c to its class, or the fault.
 */
enum uk_alloc_fault _uk_slab_check(struct buddy_alloc *b,
				   struct buddy_region *r, uintptr_t p,
				   size_t *size, int *c);

/* Frees the slot p, which _uk_slab_check accepted. */
void _uk_slab_free(struct buddy_alloc *b, struct buddy_region *r, uintptr_t p);

/* Changes the requested size of the accepted slot p of class c in place. */
void _uk_slab_resize(struct buddy_alloc *b, uintptr_t p, int c, size_t size);

/* Gives every cached empty slab back to the page allocator. */
void _uk_slab_reclaim(struct buddy_alloc *b);

/* Pages held by cached empty slabs (free memory in all but name). */
unsigned long _uk_slab_cached_pages(struct buddy_alloc *b);

#endif /* UK_BUDDY_IMPL_H */
