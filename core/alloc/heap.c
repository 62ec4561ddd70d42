/*
 * The heap's struct uk_alloc: malloc and friends on slabs (small sizes) or
 * page runs (large sizes), palloc/pfree on page runs, all under one lock.
 * Faults found under the lock are reported after it is released.
 */
#include <string.h>
#include "buddy_impl.h"

static void heap_lock(struct buddy_alloc *b)
{
	uk_spin_lock(&b->a.lock);
}

static void heap_unlock(struct buddy_alloc *b)
{
	enum uk_alloc_fault fault = b->fault;
	uintptr_t p = b->fault_ptr;

	b->fault = 0;
	uk_spin_unlock(&b->a.lock);
	if (fault)
		uk_alloc_corruption(&b->a, fault, (const void *)p);
}

static unsigned long pages_for(size_t size)
{
	return (unsigned long)(size / __PAGE_SIZE +
			       (size % __PAGE_SIZE ? 1 : 0));
}

/* The canary after a large block's requested size, if its last page has room */
static size_t large_canary_len(size_t size)
{
	size_t slack = pages_for(size) * __PAGE_SIZE - size;

	return slack < 8 ? slack : 8;
}

static uint64_t large_canary(struct buddy_alloc *b, uintptr_t p, size_t size)
{
	return _uk_alloc_mix(b->secret ^ p ^ ~(uint64_t)size);
}

static void large_seal(struct buddy_alloc *b, uintptr_t p, size_t size)
{
	uint64_t v = large_canary(b, p, size);

	_uk_alloc_canary_put((void *)(p + size), v, large_canary_len(size));
}

static bool large_intact(struct buddy_alloc *b, uintptr_t p, size_t size)
{
	uint64_t v = large_canary(b, p, size);

	return _uk_alloc_canary_ok((void *)(p + size), v,
				   large_canary_len(size));
}

static uintptr_t heap_alloc_locked(struct buddy_alloc *b, size_t align,
				   size_t size)
{
	struct buddy_region *r;
	uintptr_t p;
	int c = _uk_slab_class(b, size, align);

	if (c >= 0) {
		p = _uk_slab_alloc(b, c, size);
	} else {
		p = _uk_buddy_run_alloc(b, pages_for(size), align, &r);
		if (p) {
			struct buddy_page *pg = &r->pages[_uk_buddy_idx(r, p)];

			pg->type = PG_LARGE;
			pg->size = size;
			large_seal(b, p, size);
		}
	}
	if (p)
		_uk_alloc_stats_alloc(&b->a, size);
	else
		_uk_alloc_stats_fail(&b->a);
	return p;
}

static void *heap_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct buddy_alloc *b = to_buddy(a);
	uintptr_t p = 0;

	if (!_uk_alloc_is_pow2(align) || size > SIZE_MAX - __PAGE_SIZE) {
		_uk_alloc_fail(a);
		return NULL;
	}
	if (align < UK_ALLOC_MIN_ALIGN)
		align = UK_ALLOC_MIN_ALIGN;
	heap_lock(b);
	p = heap_alloc_locked(b, align, size);
	heap_unlock(b);
	return (void *)p;
}

static void *heap_malloc(struct uk_alloc *a, size_t size)
{
	return heap_memalign(a, UK_ALLOC_MIN_ALIGN, size);
}

/*
 * Validates a malloc'd block p; lock held. Returns its region (and sets
 * *pg, *size and, for slots, *c) or NULL after recording the fault.
 */
static struct buddy_region *heap_check(struct buddy_alloc *b, uintptr_t p,
				       struct buddy_page **pgp, size_t *size,
				       int *c)
{
	struct buddy_region *r = _uk_buddy_region_of(b, p);
	enum uk_alloc_fault fault = UK_ALLOC_FAULT_INVALID;
	struct buddy_page *pg;
	bool head;

	if (!r) {
		_uk_buddy_fault(b, UK_ALLOC_FAULT_FOREIGN, p);
		return NULL;
	}
	pg = &r->pages[_uk_buddy_idx(r, p)];
	head = !(p & ~__PAGE_MASK);
	switch (pg->type) {
	case PG_SLAB:
		fault = _uk_slab_check(b, r, p, size, c);
		break;
	case PG_LARGE:
		if (!head)
			break;
		fault = large_intact(b, p, pg->size) ? 0 :
						       UK_ALLOC_FAULT_OVERFLOW;
		*size = pg->size;
		*c = -1;
		break;
	case PG_FREE:
	case PG_CACHED:
		if (head)
			fault = UK_ALLOC_FAULT_DOUBLE_FREE;
		break;
	}
	if (fault) {
		_uk_buddy_fault(b, fault, p);
		return NULL;
	}
	*pgp = pg;
	return r;
}

static void heap_free_locked(struct buddy_alloc *b, struct buddy_region *r,
			     uintptr_t p, size_t size, int c)
{
	_uk_alloc_stats_free(&b->a, size);
	if (c >= 0)
		_uk_slab_free(b, r, p);
	else
		_uk_buddy_free(b, r, _uk_buddy_idx(r, p), pages_for(size));
}

static void heap_free(struct uk_alloc *a, void *ptr)
{
	struct buddy_alloc *b = to_buddy(a);
	struct buddy_region *r;
	struct buddy_page *pg;
	size_t size;
	int c;

	if (!ptr)
		return;
	heap_lock(b);
	r = heap_check(b, (uintptr_t)ptr, &pg, &size, &c);
	if (r)
		heap_free_locked(b, r, (uintptr_t)ptr, size, c);
	heap_unlock(b);
}

/* Resizes a checked block in place if it can; lock held. */
static bool heap_resize_locked(struct buddy_alloc *b, struct buddy_region *r,
			       struct buddy_page *pg, uintptr_t p, size_t old,
			       int c, size_t size)
{
	unsigned long oldn = pages_for(old), newn = pages_for(size);

	if (c >= 0) {
		if (size > b->cls[c].size - SLAB_TRAILER)
			return false;
		_uk_slab_resize(b, p, c, size);
	} else {
		/* A large block keeps at least one page, even for tiny sizes. */
		if (!newn)
			newn = 1;
		if (newn > oldn)
			return false;
		_uk_buddy_run_free(b, r, _uk_buddy_idx(r, p) + (uint32_t)newn,
				   oldn - newn);
		pg->size = size;
		large_seal(b, p, size);
	}
	_uk_alloc_stats_resize(&b->a, old, size);
	return true;
}

static void *heap_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct buddy_alloc *b = to_buddy(a);
	struct buddy_region *r;
	struct buddy_page *pg;
	size_t old = 0;
	bool done = false;
	void *q;
	int c;

	if (!ptr)
		return heap_malloc(a, size);
	if (!size) {
		heap_free(a, ptr);
		return NULL;
	}
	heap_lock(b);
	r = heap_check(b, (uintptr_t)ptr, &pg, &old, &c);
	if (r)
		done = heap_resize_locked(b, r, pg, (uintptr_t)ptr, old, c,
					  size);
	heap_unlock(b);
	if (!r)
		return NULL;
	if (done)
		return ptr;
	q = heap_malloc(a, size);
	if (!q)
		return NULL;
	memcpy(q, ptr, old < size ? old : size);
	heap_free(a, ptr);
	return q;
}

static void *heap_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	struct buddy_alloc *b = to_buddy(a);
	struct buddy_region *r;
	uintptr_t p;

	heap_lock(b);
	p = _uk_buddy_run_alloc(b, num_pages, __PAGE_SIZE, &r);
	if (p) {
		struct buddy_page *pg = &r->pages[_uk_buddy_idx(r, p)];

		pg->type = PG_PAGES;
		pg->npages = num_pages;
		_uk_alloc_stats_alloc(a, num_pages * __PAGE_SIZE);
	} else {
		_uk_alloc_stats_fail(a);
	}
	heap_unlock(b);
	return (void *)p;
}

static void *heap_palloc_at(struct uk_alloc *a, void *addr,
			    unsigned long num_pages)
{
	struct buddy_alloc *b = to_buddy(a);
	struct buddy_region *r;
	uintptr_t p;

	heap_lock(b);
	p = _uk_buddy_run_alloc_at(b, (uintptr_t)addr, num_pages, &r);
	if (p) {
		struct buddy_page *pg = &r->pages[_uk_buddy_idx(r, p)];

		pg->type = PG_PAGES;
		pg->npages = num_pages;
		_uk_alloc_stats_alloc(a, num_pages * __PAGE_SIZE);
	}
	heap_unlock(b);
	return (void *)p;
}

static void heap_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	struct buddy_alloc *b = to_buddy(a);
	enum uk_alloc_fault fault = UK_ALLOC_FAULT_INVALID;
	uintptr_t p = (uintptr_t)ptr;
	struct buddy_region *r;
	struct buddy_page *pg;

	if (!ptr)
		return;
	heap_lock(b);
	r = _uk_buddy_region_of(b, p);
	if (!r) {
		fault = UK_ALLOC_FAULT_FOREIGN;
	} else if (!(p & ~__PAGE_MASK)) {
		pg = &r->pages[_uk_buddy_idx(r, p)];
		if (pg->type == PG_PAGES && pg->npages == num_pages) {
			fault = 0;
			_uk_alloc_stats_free(a, num_pages * __PAGE_SIZE);
			_uk_buddy_free(b, r, _uk_buddy_idx(r, p), num_pages);
		} else if (pg->type == PG_FREE || pg->type == PG_CACHED) {
			fault = UK_ALLOC_FAULT_DOUBLE_FREE;
		}
	}
	if (fault)
		_uk_buddy_fault(b, fault, p);
	heap_unlock(b);
}

static unsigned long heap_pavailmem(struct uk_alloc *a)
{
	struct buddy_alloc *b = to_buddy(a);
	unsigned long n;

	heap_lock(b);
	n = b->free_pages + _uk_slab_cached_pages(b);
	heap_unlock(b);
	return n;
}

static size_t heap_availmem(struct uk_alloc *a)
{
	return heap_pavailmem(a) * __PAGE_SIZE;
}

int uk_allocbuddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct buddy_alloc *b = to_buddy(a);
	int rc;

	heap_lock(b);
	rc = _uk_buddy_addmem(b, (uintptr_t)base, len);
	heap_unlock(b);
	return rc;
}

struct uk_alloc *uk_allocbuddy_init(void *base, size_t len)
{
	uintptr_t start = UK_ALIGN_UP((uintptr_t)base, 64);
	uintptr_t end = (uintptr_t)base + len;
	struct buddy_alloc *b = (struct buddy_alloc *)start;

	if (!base || end < (uintptr_t)base || start >= end ||
	    end - start < sizeof(*b))
		return NULL;
	memset(b, 0, sizeof(*b));
	b->a.malloc = heap_malloc;
	b->a.calloc = _uk_alloc_calloc;
	b->a.realloc = heap_realloc;
	b->a.memalign = heap_memalign;
	b->a.posix_memalign = _uk_alloc_posix_memalign;
	b->a.free = heap_free;
	b->a.palloc = heap_palloc;
	b->a.pfree = heap_pfree;
	b->a.palloc_at = heap_palloc_at;
	b->a.availmem = heap_availmem;
	b->a.pavailmem = heap_pavailmem;
	b->a.addmem = uk_allocbuddy_addmem;
	uk_spin_init(&b->a.lock);
	b->secret = _uk_alloc_mix((uintptr_t)b);
	_uk_slab_init(b);
	if (_uk_buddy_addmem(b, (uintptr_t)(b + 1), end - (uintptr_t)(b + 1)))
		return NULL;
	return &b->a;
}
