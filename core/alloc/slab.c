/*
 * Small objects: slots of 24 size classes carved from slabs of 1..8 pages.
 * A slab starts with struct slab (magic, list links, allocation bitmap);
 * every page of a slab is PG_SLAB in its descriptor, pointing back to the
 * slab's first page, so a free finds its slab in O(1).
 *
 * A slot is [size requested bytes][canary][...][trailer]: the 8-byte
 * trailer at the slot's end holds the requested size and a check word,
 * and up to 8 canary bytes follow the requested size.
 */
#include <string.h>
#include "buddy_impl.h"

#define SLAB_MAGIC 0x736c61626d616763ULL
#define SLAB_HDR 64
#define SLAB_MAXSLOTS 256
#define SLAB_MINSLOTS 8
#define SLAB_MAXPAGES 8

struct slab {
	uint64_t magic; /* slab_magic(): detects an overwritten header */
	struct slab *next, *prev; /* the class's partial list */
	uint16_t cls, nfree, nslots;
	uint8_t hint; /* lowest bitmap word that may have a free slot */
	uint8_t list_gen; /* partial list generation it is on; 0: none */
	uint64_t used[SLAB_MAXSLOTS / 64];
};

_Static_assert(sizeof(struct slab) <= SLAB_HDR, "slab header too large");

struct slab_trailer {
	uint32_t size;
	uint32_t check;
};

static const uint16_t slab_sizes[SLAB_NCLASSES] = {
	16,  32,  48,  64,  80,	 96,  112, 128,	 160,  192,  224,  256,
	320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048,
};

static uint64_t slab_magic(struct buddy_alloc *b, struct slab *s)
{
	return SLAB_MAGIC ^ b->secret ^ (uintptr_t)s;
}

void _uk_slab_init(struct buddy_alloc *b)
{
	unsigned c, i;

	for (c = 0; c < SLAB_NCLASSES; c++) {
		struct slab_class *cl = &b->cls[c];
		uint32_t size = slab_sizes[c], low = size & -size;

		cl->size = size;
		cl->list_gen = 1;
		/* Slot addresses keep the size's alignment (for memalign). */
		cl->off = low > SLAB_HDR ? low : SLAB_HDR;
		cl->recip = (uint32_t)(((1ULL << 32) + size - 1) / size);
		cl->pages = 1;
		while (cl->pages < SLAB_MAXPAGES &&
		       (cl->pages * __PAGE_SIZE - cl->off) / size <
			       SLAB_MINSLOTS)
			cl->pages *= 2;
		cl->nslots =
			(uint16_t)((cl->pages * __PAGE_SIZE - cl->off) / size);
	}
	for (i = 0, c = 0; i < UK_ARRAY_SIZE(b->cls_of); i++) {
		while (slab_sizes[c] < i * 16)
			c++;
		b->cls_of[i] = (uint8_t)c;
	}
}

int _uk_slab_class(struct buddy_alloc *b, size_t size, size_t align)
{
	int c;

	if (size > SLAB_MAX_SIZE || align > SLAB_MAX_SLOT)
		return -1;
	c = b->cls_of[(size + SLAB_TRAILER + 15) / 16];
	while (c < SLAB_NCLASSES && (slab_sizes[c] & -slab_sizes[c]) < align)
		c++;
	return c < SLAB_NCLASSES ? c : -1;
}

/* The check word and canary bytes of a slot p holding size bytes. */
static uint64_t slot_seal_value(struct buddy_alloc *b, uintptr_t p, size_t size)
{
	return _uk_alloc_mix(b->secret ^ p ^ ((uint64_t)size << 48));
}

static size_t slot_canary_len(struct slab_class *cl, size_t size)
{
	size_t slack = cl->size - SLAB_TRAILER - size;

	return slack < 8 ? slack : 8;
}

static void slot_seal(struct buddy_alloc *b, struct slab_class *cl, uintptr_t p,
		      size_t size)
{
	struct slab_trailer t;
	uint64_t v = slot_seal_value(b, p, size);

	t.size = (uint32_t)size;
	t.check = (uint32_t)(v >> 32);
	memcpy((void *)(p + cl->size - SLAB_TRAILER), &t, sizeof(t));
	_uk_alloc_canary_put((void *)(p + size), v, slot_canary_len(cl, size));
}

static void partial_push(struct slab_class *cl, struct slab *s)
{
	s->list_gen = cl->list_gen;
	s->prev = NULL;
	s->next = cl->partial;
	if (s->next)
		s->next->prev = s;
	cl->partial = s;
}

static void partial_del(struct slab_class *cl, struct slab *s)
{
	/* On a list dropped after corruption: its links are not followed. */
	if (s->list_gen != cl->list_gen) {
		s->list_gen = 0;
		return;
	}
	s->list_gen = 0;
	if (s->prev)
		s->prev->next = s->next;
	else
		cl->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static struct slab *slab_new(struct buddy_alloc *b, int c)
{
	struct slab_class *cl = &b->cls[c];
	struct buddy_region *r;
	struct slab *s;
	uint32_t idx, i;
	uintptr_t p;

	p = _uk_buddy_run_alloc(b, cl->pages, __PAGE_SIZE, &r);
	if (!p)
		return NULL;
	idx = _uk_buddy_idx(r, p);
	for (i = 0; i < cl->pages; i++) {
		r->pages[idx + i].type = PG_SLAB;
		r->pages[idx + i].cls = (uint16_t)c;
		r->pages[idx + i].head_off = i;
	}
	s = (struct slab *)p;
	memset(s, 0, sizeof(*s));
	s->magic = slab_magic(b, s);
	s->cls = (uint16_t)c;
	s->nfree = s->nslots = cl->nslots;
	/* Bits past the last slot are "used" so that no search finds them. */
	for (i = cl->nslots; i < SLAB_MAXSLOTS; i++)
		s->used[i / 64] |= 1ULL << (i % 64);
	return s;
}

static void slab_release(struct buddy_alloc *b, struct slab *s)
{
	struct buddy_region *r = _uk_buddy_region_of(b, (uintptr_t)s);
	struct slab_class *cl = &b->cls[s->cls];
	uint32_t idx = _uk_buddy_idx(r, (uintptr_t)s), i;

	for (i = 0; i < cl->pages; i++)
		r->pages[idx + i].type = PG_TAIL;
	s->magic = 0;
	_uk_buddy_free(b, r, idx, cl->pages);
}

/* A usable slab of class c: the first partial one, the cached empty one. */
static struct slab *slab_get(struct buddy_alloc *b, int c)
{
	struct slab_class *cl = &b->cls[c];
	struct slab *s = cl->partial;

	if (s && s->magic != slab_magic(b, s)) {
		/*
		 * Its links cannot be trusted: drop the list (its slabs are
		 * only reachable again through frees, which never follow a
		 * dropped list's links).
		 */
		_uk_buddy_fault(b, UK_ALLOC_FAULT_OVERFLOW, (uintptr_t)s);
		cl->partial = s = NULL;
		cl->list_gen = cl->list_gen == UINT8_MAX ? 1 : cl->list_gen + 1;
	}
	if (s)
		return s;
	s = cl->empty;
	cl->empty = NULL;
	if (s && s->magic != slab_magic(b, s)) {
		_uk_buddy_fault(b, UK_ALLOC_FAULT_OVERFLOW, (uintptr_t)s);
		s = NULL;
	}
	if (!s)
		s = slab_new(b, c);
	if (s)
		partial_push(cl, s);
	return s;
}

uintptr_t _uk_slab_alloc(struct buddy_alloc *b, int c, size_t size)
{
	struct slab_class *cl = &b->cls[c];
	struct slab *s = slab_get(b, c);
	unsigned w, bit, j;
	uintptr_t p;

	if (!s)
		return 0;
	for (w = s->hint; s->used[w] == ~0ULL; w++)
		;
	bit = (unsigned)__builtin_ctzll(~s->used[w]);
	s->used[w] |= 1ULL << bit;
	s->hint = (uint8_t)w;
	if (--s->nfree == 0)
		partial_del(cl, s);
	j = w * 64 + bit;
	p = (uintptr_t)s + cl->off + (uintptr_t)j * cl->size;
	slot_seal(b, cl, p, size);
	return p;
}

/* The slab whose PG_SLAB page of r holds p. */
static struct slab *slab_of(struct buddy_region *r, uintptr_t p)
{
	struct buddy_page *pg = &r->pages[_uk_buddy_idx(r, p)];

	return (struct slab *)((p & __PAGE_MASK) -
			       (uintptr_t)pg->head_off * __PAGE_SIZE);
}

enum uk_alloc_fault _uk_slab_check(struct buddy_alloc *b,
				   struct buddy_region *r, uintptr_t p,
				   size_t *size, int *c)
{
	struct slab *s = slab_of(r, p);
	struct slab_class *cl;
	struct slab_trailer t;
	uintptr_t off;
	uint64_t v;
	uint32_t j;

	if (s->magic != slab_magic(b, s))
		return UK_ALLOC_FAULT_OVERFLOW;
	cl = &b->cls[s->cls];
	if (p < (uintptr_t)s + cl->off)
		return UK_ALLOC_FAULT_INVALID;
	/* off < 32 KiB and size >= 16: the reciprocal gives the exact index. */
	off = p - (uintptr_t)s - cl->off;
	j = (uint32_t)(((uint64_t)off * cl->recip) >> 32);
	if (j >= cl->nslots || (uintptr_t)j * cl->size != off)
		return UK_ALLOC_FAULT_INVALID;
	if (!(s->used[j / 64] & (1ULL << (j % 64))))
		return UK_ALLOC_FAULT_DOUBLE_FREE;
	memcpy(&t, (void *)(p + cl->size - SLAB_TRAILER), sizeof(t));
	if (t.size > cl->size - SLAB_TRAILER)
		return UK_ALLOC_FAULT_OVERFLOW;
	v = slot_seal_value(b, p, t.size);
	if (t.check != (uint32_t)(v >> 32) ||
	    !_uk_alloc_canary_ok((void *)(p + t.size), v,
				 slot_canary_len(cl, t.size)))
		return UK_ALLOC_FAULT_OVERFLOW;
	*size = t.size;
	*c = s->cls;
	return 0;
}

void _uk_slab_free(struct buddy_alloc *b, struct buddy_region *r, uintptr_t p)
{
	struct slab *s = slab_of(r, p);
	struct slab_class *cl = &b->cls[s->cls];
	uint32_t j = (uint32_t)(((uint64_t)(p - (uintptr_t)s - cl->off) *
				 cl->recip) >>
				32);

	s->used[j / 64] &= ~(1ULL << (j % 64));
	if (j / 64 < s->hint)
		s->hint = (uint8_t)(j / 64);
	if (!s->nfree)
		partial_push(cl, s);
	if (++s->nfree < s->nslots)
		return;
	/* Empty: keep one per class so that alloc/free pairs stay cheap. */
	partial_del(cl, s);
	if (!cl->empty)
		cl->empty = s;
	else
		slab_release(b, s);
}

void _uk_slab_resize(struct buddy_alloc *b, uintptr_t p, int c, size_t size)
{
	slot_seal(b, &b->cls[c], p, size);
}

void _uk_slab_reclaim(struct buddy_alloc *b)
{
	unsigned c;

	for (c = 0; c < SLAB_NCLASSES; c++) {
		if (b->cls[c].empty) {
			slab_release(b, b->cls[c].empty);
			b->cls[c].empty = NULL;
		}
	}
}

unsigned long _uk_slab_cached_pages(struct buddy_alloc *b)
{
	unsigned long n = 0;
	unsigned c;

	for (c = 0; c < SLAB_NCLASSES; c++) {
		if (b->cls[c].empty)
			n += b->cls[c].pages;
	}
	return n;
}
