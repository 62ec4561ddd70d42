/*
 * The heap's page allocator: binary buddy blocks over several regions, with
 * all bookkeeping in per-page descriptors at the start of each region.
 *
 * Invariant: a page descriptor is PG_FREE exactly when the page heads a
 * free block of that order; every page inside a block (free or allocated,
 * slabs aside) is PG_TAIL. Free blocks are aligned to their size relative
 * to the region's first data page, so a block's buddy is idx ^ 2^order.
 */
#include <errno.h>
#include <string.h>
#include "buddy_impl.h"

static void freelist_push(struct buddy_region *r, uint32_t idx, unsigned k)
{
	struct buddy_page *pg = &r->pages[idx];
	uint32_t head = r->free_head[k];

	pg->type = PG_FREE;
	pg->order = (uint8_t)k;
	pg->link.prev = BUDDY_NIL;
	pg->link.next = head;
	if (head != BUDDY_NIL)
		r->pages[head].link.prev = idx;
	r->free_head[k] = idx;
	r->nonempty |= 1U << k;
}

static void freelist_del(struct buddy_region *r, uint32_t idx)
{
	struct buddy_page *pg = &r->pages[idx];
	unsigned k = pg->order;

	if (pg->link.prev != BUDDY_NIL)
		r->pages[pg->link.prev].link.next = pg->link.next;
	else
		r->free_head[k] = pg->link.next;
	if (pg->link.next != BUDDY_NIL)
		r->pages[pg->link.next].link.prev = pg->link.prev;
	if (r->free_head[k] == BUDDY_NIL)
		r->nonempty &= ~(1U << k);
	pg->type = PG_TAIL;
}

/* Frees the aligned block [idx, idx + 2^k), merging it with free buddies. */
static void block_free(struct buddy_alloc *b, struct buddy_region *r,
		       uint32_t idx, unsigned k)
{
	r->pages[idx].type = PG_TAIL;
	b->free_pages += 1UL << k;
	while (k < BUDDY_ORDERS - 1) {
		uint32_t buddy = idx ^ (1U << k);
		struct buddy_page *pg = &r->pages[buddy];

		if ((uint64_t)buddy + (1ULL << k) > r->npages ||
		    pg->type != PG_FREE || pg->order != k)
			break;
		freelist_del(r, buddy);
		idx &= ~(1U << k);
		k++;
	}
	freelist_push(r, idx, k);
}

void _uk_buddy_run_free(struct buddy_alloc *b, struct buddy_region *r,
			uint32_t idx, unsigned long npages)
{
	uint64_t i = idx, end = (uint64_t)idx + npages;

	/* Split the run into the largest aligned blocks it contains. */
	while (i < end) {
		unsigned k =
			i ? (unsigned)__builtin_ctzll(i) : BUDDY_ORDERS - 1;

		if (k > BUDDY_ORDERS - 1)
			k = BUDDY_ORDERS - 1;
		while ((1ULL << k) > end - i)
			k--;
		block_free(b, r, (uint32_t)i, k);
		i += 1ULL << k;
	}
}

static unsigned ceil_log2(uint64_t n)
{
	return n <= 1 ? 0 : 64 - (unsigned)__builtin_clzll(n - 1);
}

/* Takes a free block of order k or more from r and splits it down to k. */
static int block_take(struct buddy_alloc *b, struct buddy_region *r, unsigned k,
		      uint32_t *idxp)
{
	uint32_t mask = r->nonempty & ~((1U << k) - 1);
	unsigned o;
	uint32_t idx;

	if (!mask)
		return -ENOMEM;
	o = (unsigned)__builtin_ctz(mask);
	idx = r->free_head[o];
	freelist_del(r, idx);
	b->free_pages -= 1UL << o;
	while (o > k) {
		o--;
		freelist_push(r, idx + (1U << o), o);
		b->free_pages += 1UL << o;
	}
	*idxp = idx;
	return 0;
}

/*
 * Fast path: the pages from the head of a free block of order >=
 * log2(align pages) to its first page aligned to align are the same for
 * every such block (the block heads are multiples of the alignment in
 * pages, so they share the region base's misalignment): d of them. Takes
 * the smallest free block with room for d + npages pages, keeps the
 * aligned run and gives the head and tail back. Returns the run, or 0.
 */
static uintptr_t run_alloc_block(struct buddy_alloc *b, struct buddy_region *r,
				 unsigned long npages, size_t align)
{
	uint64_t d =
		((align - (r->base & (align - 1))) & (align - 1)) / __PAGE_SIZE;
	unsigned ka = (unsigned)__builtin_ctzll(align / __PAGE_SIZE);
	unsigned k = ceil_log2(d + npages);
	uint32_t idx, start;

	if (k < ka)
		k = ka;
	if (k >= BUDDY_ORDERS || d + npages > r->npages ||
	    block_take(b, r, k, &idx))
		return 0;
	start = idx + (uint32_t)d;
	_uk_buddy_run_free(b, r, idx, d);
	_uk_buddy_run_free(b, r, start + (uint32_t)npages,
			   (1UL << k) - d - npages);
	return _uk_buddy_addr(r, start);
}

/*
 * Whether no free block ends right before the free block at idx, i.e. idx
 * starts a run of adjacent free blocks. A block of order o that ends at
 * idx starts at idx - 2^o, which is aligned to 2^o only if idx is.
 */
static bool run_starts_at(struct buddy_region *r, uint32_t idx)
{
	unsigned o, max;

	if (!idx)
		return true;
	max = (unsigned)__builtin_ctz(idx);
	if (max > BUDDY_ORDERS - 1)
		max = BUDDY_ORDERS - 1;
	for (o = 0; o <= max; o++) {
		struct buddy_page *pg = &r->pages[idx - (1U << o)];

		if (pg->type == PG_FREE && pg->order == o)
			return false;
	}
	return true;
}

/*
 * Takes the pages [start, start + npages) out of the run of adjacent free
 * blocks that begins at the free block head first, and gives back the
 * parts of the blocks it cut that lie outside the pages.
 */
static void run_take(struct buddy_alloc *b, struct buddy_region *r,
		     uint32_t first, uint32_t start, unsigned long npages)
{
	uint64_t i = first, lo, stop = (uint64_t)start + npages;

	while (i + (1ULL << r->pages[i].order) <= start)
		i += 1ULL << r->pages[i].order;
	lo = i;
	while (i < stop) {
		unsigned o = r->pages[i].order;

		freelist_del(r, (uint32_t)i);
		b->free_pages -= 1UL << o;
		i += 1ULL << o;
	}
	_uk_buddy_run_free(b, r, (uint32_t)lo, start - lo);
	_uk_buddy_run_free(b, r, (uint32_t)stop, i - stop);
}

/*
 * Slow path, when no single free block has room: walks every run of
 * adjacent free blocks (buddies or not, of any orders) once, from its
 * first block, and takes npages pages from the first run that holds them
 * at an address aligned to align. Linear in the number of free blocks;
 * memalign and palloc only get here when memory is fragmented, and then
 * fail only if no aligned run of free pages exists in r.
 */
static uintptr_t run_alloc_scan(struct buddy_alloc *b, struct buddy_region *r,
				unsigned long npages, size_t align)
{
	unsigned o;
	uint32_t idx;

	for (o = 0; o < BUDDY_ORDERS; o++) {
		for (idx = r->free_head[o]; idx != BUDDY_NIL;
		     idx = r->pages[idx].link.next) {
			uintptr_t s = _uk_buddy_addr(r, idx);
			uintptr_t p = UK_ALIGN_UP(s, align);
			uint64_t start, want, end = idx;

			if (p < s || !run_starts_at(r, idx))
				continue;
			start = (p - r->base) / __PAGE_SIZE;
			want = start + npages;
			if (want > r->npages)
				continue;
			while (end < want && end < r->npages &&
			       r->pages[end].type == PG_FREE)
				end += 1ULL << r->pages[end].order;
			if (end >= want) {
				run_take(b, r, idx, (uint32_t)start, npages);
				return p;
			}
		}
	}
	return 0;
}

void _uk_buddy_free(struct buddy_alloc *b, struct buddy_region *r, uint32_t idx,
		    unsigned long npages)
{
	if (npages == 1 && b->npcache < BUDDY_PCACHE) {
		r->pages[idx].type = PG_CACHED;
		b->pcache[b->npcache].r = r;
		b->pcache[b->npcache].idx = idx;
		b->npcache++;
		b->free_pages++;
		return;
	}
	_uk_buddy_run_free(b, r, idx, npages);
}

/* Merges every cached page back into the free lists. */
static void pcache_flush(struct buddy_alloc *b)
{
	while (b->npcache) {
		struct buddy_pcache_entry *e = &b->pcache[--b->npcache];

		b->free_pages--;
		block_free(b, e->r, e->idx, 0);
	}
}

unsigned long _uk_buddy_cached_pages(struct buddy_alloc *b)
{
	return b->npcache + _uk_slab_cached_pages(b);
}

uintptr_t _uk_buddy_run_alloc(struct buddy_alloc *b, unsigned long npages,
			      size_t align, struct buddy_region **rp)
{
	struct buddy_region *r;
	bool reclaimed = false;
	uintptr_t p;

	if (!npages || npages > BUDDY_REGION_MAXPAGES)
		return 0;
	if (align < __PAGE_SIZE)
		align = __PAGE_SIZE;
	if (npages == 1 && align == __PAGE_SIZE && b->npcache) {
		struct buddy_pcache_entry *e = &b->pcache[--b->npcache];

		b->free_pages--;
		e->r->pages[e->idx].type = PG_TAIL;
		*rp = e->r;
		return _uk_buddy_addr(e->r, e->idx);
	}
	for (;;) {
		/* One free block with room, in any region; else the scan. */
		for (r = b->regions; r; r = r->next) {
			p = run_alloc_block(b, r, npages, align);
			if (p) {
				*rp = r;
				return p;
			}
		}
		for (r = b->regions; r; r = r->next) {
			p = run_alloc_scan(b, r, npages, align);
			if (p) {
				*rp = r;
				return p;
			}
		}
		if (reclaimed || !_uk_buddy_cached_pages(b))
			return 0;
		_uk_slab_reclaim(b);
		pcache_flush(b);
		reclaimed = true;
	}
}

uintptr_t _uk_buddy_run_alloc_at(struct buddy_alloc *b, uintptr_t p,
				 unsigned long npages, struct buddy_region **rp)
{
	struct buddy_region *r = _uk_buddy_region_of(b, p);
	uint64_t start, stop, end;
	uint32_t head = BUDDY_NIL;
	unsigned o;

	if (!r || (p & (__PAGE_SIZE - 1)) || !npages)
		return 0;
	start = _uk_buddy_idx(r, p);
	stop = start + npages;
	if (stop > r->npages)
		return 0;
	/* Cached pages are free but outside the free lists. */
	pcache_flush(b);
	/* The free block that holds start begins at start rounded down to
	 * its size: try each size. */
	for (o = 0; o < BUDDY_ORDERS && head == BUDDY_NIL; o++) {
		uint32_t h = (uint32_t)(start & ~((1ULL << o) - 1));

		if (r->pages[h].type == PG_FREE &&
		    h + (1ULL << r->pages[h].order) > start)
			head = h;
	}
	if (head == BUDDY_NIL)
		return 0;
	for (end = head; end < stop && r->pages[end].type == PG_FREE;)
		end += 1ULL << r->pages[end].order;
	if (end < stop)
		return 0;
	run_take(b, r, head, (uint32_t)start, npages);
	*rp = r;
	return p;
}

struct buddy_region *_uk_buddy_region_of(struct buddy_alloc *b, uintptr_t p)
{
	struct buddy_region *r;

	for (r = b->regions; r; r = r->next) {
		if (p >= r->base &&
		    (p - r->base) / __PAGE_SIZE < (uintptr_t)r->npages)
			return r;
	}
	return NULL;
}

static bool overlaps(uintptr_t s1, uintptr_t e1, uintptr_t s2, uintptr_t e2)
{
	return s1 < e2 && s2 < e1;
}

static bool region_overlaps(struct buddy_alloc *b, uintptr_t s, uintptr_t e)
{
	struct buddy_region *r;

	if (overlaps(s, e, (uintptr_t)b, (uintptr_t)(b + 1)))
		return true;
	for (r = b->regions; r; r = r->next) {
		if (overlaps(s, e, r->meta,
			     _uk_buddy_addr(r, 0) +
				     (uintptr_t)r->npages * __PAGE_SIZE))
			return true;
	}
	return false;
}

/*
 * Lays out one region at the start of [start, end): header, descriptors,
 * then as many data pages as fit. Returns its end, or 0 if it is too small.
 */
static uintptr_t region_add(struct buddy_alloc *b, uintptr_t start,
			    uintptr_t end)
{
	struct buddy_region *r;
	uintptr_t descs, data;
	uint64_t n;
	unsigned k;

	start = UK_ALIGN_UP(start, 64);
	if (start >= end || end - start < sizeof(*r))
		return 0;
	r = (struct buddy_region *)start;
	descs = start + sizeof(*r);
	n = (end - descs) / (__PAGE_SIZE + sizeof(struct buddy_page));
	if (n > BUDDY_REGION_MAXPAGES)
		n = BUDDY_REGION_MAXPAGES;
	for (; n; n--) {
		data = UK_ALIGN_UP(descs + n * sizeof(struct buddy_page),
				   __PAGE_SIZE);
		if (data < end && n <= (end - data) / __PAGE_SIZE)
			break;
	}
	if (!n)
		return 0;
	memset(r, 0, sizeof(*r));
	r->meta = start;
	r->base = data;
	r->npages = (uint32_t)n;
	r->pages = (struct buddy_page *)descs;
	for (k = 0; k < BUDDY_ORDERS; k++)
		r->free_head[k] = BUDDY_NIL;
	memset(r->pages, 0, n * sizeof(struct buddy_page));
	_uk_buddy_run_free(b, r, 0, r->npages);
	r->next = b->regions;
	b->regions = r;
	return data + n * __PAGE_SIZE;
}

int _uk_buddy_addmem(struct buddy_alloc *b, uintptr_t base, size_t len)
{
	uintptr_t end = base + len, next;

	if (!base || end < base || region_overlaps(b, base, end))
		return -EINVAL;
	/* Regions above 2^32 - 2 pages are split: page indices are 32-bit. */
	next = region_add(b, base, end);
	if (!next)
		return -EINVAL;
	while (next && next < end)
		next = region_add(b, next, end);
	return 0;
}
