/* The allocator interface: struct uk_alloc, the default allocator, helpers. */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
/* As in Unikraft, allocator users get the logging macros (uk_pr_err). */
#include <uk/print.h>
#include <uk/spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Counters kept by every allocator, updated under its lock. Byte counts are
 * what callers asked for: the size given to malloc/calloc/realloc/memalign,
 * num_pages * __PAGE_SIZE for palloc.
 */
struct uk_alloc_stats {
	size_t cur_bytes; /* bytes currently allocated */
	size_t max_bytes; /* highest cur_bytes seen */
	uint64_t total_bytes; /* bytes ever allocated */
	uint64_t allocs; /* successful allocations (incl. palloc) */
	uint64_t frees; /* successful frees (incl. pfree) */
	uint64_t failures; /* allocations that returned NULL */
	uint64_t corruptions; /* faults reported to the corruption hook */
};

/*
 * An allocator. Every member is set by the allocator's init function; call
 * them directly (`a->palloc(a, 8)`) or through the uk_* helpers below. All
 * functions are safe to call concurrently from several CPUs, but not from
 * IRQ handlers.
 */
struct uk_alloc {
	/* size bytes aligned to 16; malloc(0) returns a unique pointer. */
	void *(*malloc)(struct uk_alloc *a, size_t size);
	/* nmemb * size zeroed bytes; NULL on overflow of the product. */
	void *(*calloc)(struct uk_alloc *a, size_t nmemb, size_t size);
	/*
	 * Resizes ptr, keeping its contents up to the smaller size: in place
	 * when possible (always when shrinking), else by moving. ptr NULL acts
	 * as malloc; size 0 frees ptr and returns NULL. On failure returns
	 * NULL and ptr stays valid.
	 */
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	/* size bytes aligned to align, a power of two; else NULL. */
	void *(*memalign)(struct uk_alloc *a, size_t align, size_t size);
	/*
	 * Like memalign, storing the block in *memptr. Returns 0, -EINVAL if
	 * align is not a power of two multiple of sizeof(void *), -ENOMEM.
	 */
	int (*posix_memalign)(struct uk_alloc *a, void **memptr, size_t align,
			      size_t size);
	/* Frees a block from malloc/calloc/realloc/memalign; NULL is a no-op. */
	void (*free)(struct uk_alloc *a, void *ptr);
	/* num_pages contiguous pages, page-aligned; NULL if 0 or no memory. */
	void *(*palloc)(struct uk_alloc *a, unsigned long num_pages);
	/* Frees pages from palloc; num_pages must be the allocated count. */
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long num_pages);
	/*
	 * The num_pages pages at addr (page-aligned), as palloc would give
	 * them (pfree takes them back), if every one of them is free; else
	 * NULL. NULL here: the allocator cannot place pages.
	 */
	void *(*palloc_at)(struct uk_alloc *a, void *addr,
			   unsigned long num_pages);
	/* Free bytes (an upper bound for one malloc: memory may be split). */
	size_t (*availmem)(struct uk_alloc *a);
	/* Free pages (an upper bound for one palloc). */
	unsigned long (*pavailmem)(struct uk_alloc *a);
	/*
	 * Gives the allocator another memory region [base, base + len).
	 * Returns 0, -EINVAL if the region is too small or overlaps one it
	 * has, -ENOTSUP if the allocator cannot grow.
	 */
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);

	/* The allocator's lock; also guards stats. Internal to allocators. */
	struct uk_spinlock lock;
	struct uk_alloc_stats stats; /* read with uk_alloc_stats_get() */
};

/* What the corruption hook is told. */
enum uk_alloc_fault {
	/* The block was already free. */
	UK_ALLOC_FAULT_DOUBLE_FREE = 1,
	/* The pointer is outside every region of the allocator. */
	UK_ALLOC_FAULT_FOREIGN,
	/*
	 * The pointer is in the allocator's memory but is not the start of
	 * a live block of this kind and size (an interior pointer, pfree of
	 * a malloc'd block, a wrong page count, or a block freed twice whose
	 * pages have since been merged).
	 */
	UK_ALLOC_FAULT_INVALID,
	/* A canary or allocator header was overwritten (buffer overflow). */
	UK_ALLOC_FAULT_OVERFLOW,
};

/*
 * Receives every detected fault. The allocator has left the block alone
 * (it is neither freed nor reused) and released its lock before the call.
 */
typedef void (*uk_alloc_corruption_fn)(struct uk_alloc *a,
				       enum uk_alloc_fault fault,
				       const void *ptr);

/*
 * Installs hook as the corruption hook; NULL restores the default, which
 * logs with uk_pr_err in the kernel (stderr on the host). Returns the
 * previous hook (NULL for the default).
 */
uk_alloc_corruption_fn
uk_alloc_set_corruption_hook(uk_alloc_corruption_fn hook);

/* Reports fault at ptr in a to the hook and counts it in a's statistics. */
void uk_alloc_corruption(struct uk_alloc *a, enum uk_alloc_fault fault,
			 const void *ptr);

/* A constant name for fault ("double free", ...). */
const char *uk_alloc_fault_str(enum uk_alloc_fault fault);

/* The allocator for code that has none of its own; NULL before boot sets it. */
struct uk_alloc *uk_alloc_get_default(void);

/* Makes a the default allocator (the boot sequence calls it). */
void uk_alloc_set_default(struct uk_alloc *a);

/* Copies a consistent snapshot of a's statistics into out. */
void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out);

static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	return a->malloc(a, size);
}

static inline void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	return a->calloc(a, nmemb, size);
}

static inline void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	return a->realloc(a, ptr, size);
}

static inline void *uk_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	return a->memalign(a, align, size);
}

static inline int uk_posix_memalign(struct uk_alloc *a, void **memptr,
				    size_t align, size_t size)
{
	return a->posix_memalign(a, memptr, align, size);
}

static inline void uk_free(struct uk_alloc *a, void *ptr)
{
	a->free(a, ptr);
}

static inline void *uk_palloc(struct uk_alloc *a, unsigned long num_pages)
{
	return a->palloc(a, num_pages);
}

/* See palloc_at in struct uk_alloc; NULL if the allocator has none. */
static inline void *uk_palloc_at(struct uk_alloc *a, void *addr,
				 unsigned long num_pages)
{
	return a->palloc_at ? a->palloc_at(a, addr, num_pages) : NULL;
}

static inline void uk_pfree(struct uk_alloc *a, void *ptr,
			    unsigned long num_pages)
{
	a->pfree(a, ptr, num_pages);
}

static inline size_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a->availmem(a);
}

static inline unsigned long uk_alloc_pavailmem(struct uk_alloc *a)
{
	return a->pavailmem(a);
}

static inline int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->addmem(a, base, len);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_H */
