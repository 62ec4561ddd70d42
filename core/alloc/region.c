/*
 * The boot-time region allocator. Layout of a malloc'd block:
 * [struct region_hdr][size bytes][8-byte canary], the header directly
 * below the (aligned) user pointer. Pages from palloc are bare.
 */
#include <errno.h>
#include <string.h>
#include <uk/allocregion.h>
#include "alloc_impl.h"

#define REGION_CANARY_SIZE 8
#define REGION_LIVE 0x5a5a5a5a5a5a5a5aULL
#define REGION_FREED 0xf4eef4eef4eef4eeULL

struct region_alloc {
	struct uk_alloc a;
	uintptr_t start; /* first byte handed out */
	uintptr_t cur; /* bump pointer */
	uintptr_t end;
	uint64_t secret;
};

struct region_hdr {
	size_t size;
	uint64_t check; /* hdr_check(): binds state, address and size */
};

#define to_region(a) ((struct region_alloc *)(a))

static uint64_t hdr_check(struct region_alloc *r, uintptr_t p, size_t size,
			  uint64_t state)
{
	return _uk_alloc_mix(r->secret ^ p ^ size) ^ state;
}

static uint64_t canary_value(struct region_alloc *r, uintptr_t p)
{
	return _uk_alloc_mix(r->secret ^ ~p);
}

static void block_seal(struct region_alloc *r, uintptr_t p, size_t size)
{
	struct region_hdr *h = (struct region_hdr *)p - 1;
	uint64_t c = canary_value(r, p + size);

	h->size = size;
	h->check = hdr_check(r, p, size, REGION_LIVE);
	memcpy((void *)(p + size), &c, sizeof(c));
}

/* Checks a block being freed or resized: 0 or the fault to report. */
static enum uk_alloc_fault block_check(struct region_alloc *r, uintptr_t p)
{
	struct region_hdr *h = (struct region_hdr *)p - 1;
	uint64_t c;

	if (p < r->start || p >= r->end)
		return UK_ALLOC_FAULT_FOREIGN;
	if ((p & (UK_ALLOC_MIN_ALIGN - 1)) || p < r->start + sizeof(*h))
		return UK_ALLOC_FAULT_INVALID;
	/* A freed last block is above cur, its header still marked freed. */
	if (h->check == hdr_check(r, p, h->size, REGION_FREED))
		return UK_ALLOC_FAULT_DOUBLE_FREE;
	if (p >= r->cur || r->cur - p < REGION_CANARY_SIZE ||
	    h->size > r->cur - p - REGION_CANARY_SIZE ||
	    h->check != hdr_check(r, p, h->size, REGION_LIVE))
		return UK_ALLOC_FAULT_INVALID;
	c = canary_value(r, p + h->size);
	if (memcmp((void *)(p + h->size), &c, sizeof(c)))
		return UK_ALLOC_FAULT_OVERFLOW;
	return 0;
}

/* The bump pointer after a block: kept 16-aligned so that rewinding works. */
static uintptr_t block_end(uintptr_t p, size_t size)
{
	return UK_ALIGN_UP(p + size + REGION_CANARY_SIZE, UK_ALLOC_MIN_ALIGN);
}

static bool block_is_last(struct region_alloc *r, uintptr_t p, size_t size)
{
	return block_end(p, size) == r->cur;
}

/* Carves an aligned block; a->lock held. Returns 0 if it does not fit. */
static uintptr_t bump(struct region_alloc *r, size_t align, size_t size)
{
	uintptr_t p = UK_ALIGN_UP(r->cur + sizeof(struct region_hdr), align);

	if (p < r->cur || p > r->end || r->end - p < REGION_CANARY_SIZE ||
	    size > r->end - p - REGION_CANARY_SIZE)
		return 0;
	r->cur = block_end(p, size);
	block_seal(r, p, size);
	return p;
}

static void *region_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p;

	if (!_uk_alloc_is_pow2(align)) {
		_uk_alloc_fail(a);
		return NULL;
	}
	if (align < UK_ALLOC_MIN_ALIGN)
		align = UK_ALLOC_MIN_ALIGN;
	uk_spin_lock(&a->lock);
	p = bump(r, align, size);
	if (p)
		_uk_alloc_stats_alloc(a, size);
	else
		_uk_alloc_stats_fail(a);
	uk_spin_unlock(&a->lock);
	return (void *)p;
}

static void *region_malloc(struct uk_alloc *a, size_t size)
{
	return region_memalign(a, UK_ALLOC_MIN_ALIGN, size);
}

static void region_free(struct uk_alloc *a, void *ptr)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p = (uintptr_t)ptr;
	struct region_hdr *h = (struct region_hdr *)ptr - 1;
	enum uk_alloc_fault fault;

	if (!ptr)
		return;
	uk_spin_lock(&a->lock);
	fault = block_check(r, p);
	if (!fault) {
		_uk_alloc_stats_free(a, h->size);
		if (block_is_last(r, p, h->size))
			r->cur = (uintptr_t)h;
		h->check = hdr_check(r, p, h->size, REGION_FREED);
	}
	uk_spin_unlock(&a->lock);
	if (fault)
		uk_alloc_corruption(a, fault, ptr);
}

static void *region_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p = (uintptr_t)ptr;
	struct region_hdr *h = (struct region_hdr *)ptr - 1;
	enum uk_alloc_fault fault;
	size_t old = 0;
	void *q;

	if (!ptr)
		return region_malloc(a, size);
	if (!size) {
		region_free(a, ptr);
		return NULL;
	}
	uk_spin_lock(&a->lock);
	fault = block_check(r, p);
	if (!fault) {
		old = h->size;
		if (size <= old || (block_is_last(r, p, old) &&
				    size <= r->end - p - REGION_CANARY_SIZE)) {
			if (block_is_last(r, p, old))
				r->cur = block_end(p, size);
			block_seal(r, p, size);
			_uk_alloc_stats_resize(a, old, size);
			uk_spin_unlock(&a->lock);
			return ptr;
		}
	}
	uk_spin_unlock(&a->lock);
	if (fault) {
		uk_alloc_corruption(a, fault, ptr);
		return NULL;
	}
	q = region_malloc(a, size);
	if (!q)
		return NULL;
	memcpy(q, ptr, old);
	region_free(a, ptr);
	return q;
}

static void *region_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p = 0;

	uk_spin_lock(&a->lock);
	if (num_pages && num_pages <= (r->end - r->start) / __PAGE_SIZE) {
		p = UK_ALIGN_UP(r->cur, __PAGE_SIZE);
		if (p >= r->cur && p <= r->end &&
		    num_pages <= (r->end - p) / __PAGE_SIZE)
			r->cur = p + num_pages * __PAGE_SIZE;
		else
			p = 0;
	}
	if (p)
		_uk_alloc_stats_alloc(a, num_pages * __PAGE_SIZE);
	else
		_uk_alloc_stats_fail(a);
	uk_spin_unlock(&a->lock);
	return (void *)p;
}

static void region_pfree(struct uk_alloc *a, void *ptr, unsigned long num_pages)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p = (uintptr_t)ptr;
	enum uk_alloc_fault fault = 0;

	if (!ptr)
		return;
	uk_spin_lock(&a->lock);
	if (p < r->start || p >= r->end)
		fault = UK_ALLOC_FAULT_FOREIGN;
	else if ((p & ~__PAGE_MASK) || p >= r->cur ||
		 num_pages > (r->cur - p) / __PAGE_SIZE)
		fault = UK_ALLOC_FAULT_INVALID;
	if (!fault) {
		_uk_alloc_stats_free(a, num_pages * __PAGE_SIZE);
		if (p + num_pages * __PAGE_SIZE == r->cur)
			r->cur = p;
	}
	uk_spin_unlock(&a->lock);
	if (fault)
		uk_alloc_corruption(a, fault, ptr);
}

static size_t region_availmem(struct uk_alloc *a)
{
	struct region_alloc *r = to_region(a);
	size_t n;

	uk_spin_lock(&a->lock);
	n = r->end - r->cur;
	uk_spin_unlock(&a->lock);
	return n;
}

static unsigned long region_pavailmem(struct uk_alloc *a)
{
	struct region_alloc *r = to_region(a);
	uintptr_t p;
	unsigned long n = 0;

	uk_spin_lock(&a->lock);
	p = UK_ALIGN_UP(r->cur, __PAGE_SIZE);
	if (p >= r->cur && p < r->end)
		n = (r->end - p) / __PAGE_SIZE;
	uk_spin_unlock(&a->lock);
	return n;
}

static int region_addmem(struct uk_alloc *a __unused, void *base __unused,
			 size_t len __unused)
{
	return -ENOTSUP;
}

struct uk_alloc *uk_allocregion_init(void *base, size_t len)
{
	uintptr_t start = UK_ALIGN_UP((uintptr_t)base, UK_ALLOC_MIN_ALIGN);
	uintptr_t end =
		UK_ALIGN_DOWN((uintptr_t)base + len, UK_ALLOC_MIN_ALIGN);
	struct region_alloc *r = (struct region_alloc *)start;

	if (!base || (uintptr_t)base + len < (uintptr_t)base || start > end ||
	    end - start < sizeof(*r))
		return NULL;
	memset(r, 0, sizeof(*r));
	r->a.malloc = region_malloc;
	r->a.calloc = _uk_alloc_calloc;
	r->a.realloc = region_realloc;
	r->a.memalign = region_memalign;
	r->a.posix_memalign = _uk_alloc_posix_memalign;
	r->a.free = region_free;
	r->a.palloc = region_palloc;
	r->a.pfree = region_pfree;
	r->a.availmem = region_availmem;
	r->a.pavailmem = region_pavailmem;
	r->a.addmem = region_addmem;
	uk_spin_init(&r->a.lock);
	r->start = UK_ALIGN_UP(start + sizeof(*r), UK_ALLOC_MIN_ALIGN);
	r->cur = r->start;
	r->end = end;
	r->secret = _uk_alloc_mix((uintptr_t)r);
	return &r->a;
}
