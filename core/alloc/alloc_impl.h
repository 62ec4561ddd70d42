/* Helpers shared by the allocators of core/alloc (not a public interface). */
#ifndef UK_ALLOC_IMPL_H
#define UK_ALLOC_IMPL_H

#include <stdbool.h>
#include <uk/alloc.h>

/* Every small block is 16-byte aligned, like max_align_t on our targets. */
#define UK_ALLOC_MIN_ALIGN 16

/* Counts a successful allocation of bytes. Call with a->lock held. */
static inline void _uk_alloc_stats_alloc(struct uk_alloc *a, size_t bytes)
{
	a->stats.allocs++;
	a->stats.total_bytes += bytes;
	a->stats.cur_bytes += bytes;
	if (a->stats.cur_bytes > a->stats.max_bytes)
		a->stats.max_bytes = a->stats.cur_bytes;
}

/* Counts a successful free of bytes. Call with a->lock held. */
static inline void _uk_alloc_stats_free(struct uk_alloc *a, size_t bytes)
{
	a->stats.frees++;
	a->stats.cur_bytes -= bytes;
}

/* Counts a block resized in place from old to new bytes; a->lock held. */
static inline void _uk_alloc_stats_resize(struct uk_alloc *a, size_t old,
					  size_t new_size)
{
	_uk_alloc_stats_free(a, old);
	_uk_alloc_stats_alloc(a, new_size);
}

/* Counts an allocation that returned NULL. Call with a->lock held. */
static inline void _uk_alloc_stats_fail(struct uk_alloc *a)
{
	a->stats.failures++;
}

/* Counts a failure when the allocator's lock is not held. */
void _uk_alloc_fail(struct uk_alloc *a);

static inline bool _uk_alloc_is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

/* A 64-bit mixing function (splitmix64's finaliser) for canaries. */
static inline uint64_t _uk_alloc_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * Writes the first n <= 8 bytes of the canary v at dst (unaligned). The
 * common n == 8 is one store; a variable-length memcpy would be a call.
 */
static inline void _uk_alloc_canary_put(void *dst, uint64_t v, size_t n)
{
	unsigned char *d = (unsigned char *)dst;
	size_t i;

	if (n == sizeof(v)) {
		__builtin_memcpy(d, &v, sizeof(v));
		return;
	}
	for (i = 0; i < n; i++, v >>= 8)
		d[i] = (unsigned char)v;
}

/* Whether the n <= 8 bytes at src are the canary v's first bytes. */
static inline bool _uk_alloc_canary_ok(const void *src, uint64_t v, size_t n)
{
	const unsigned char *c = (const unsigned char *)src;
	uint64_t w;
	size_t i;

	if (n == sizeof(v)) {
		__builtin_memcpy(&w, c, sizeof(w));
		return w == v;
	}
	for (i = 0; i < n; i++, v >>= 8) {
		if (c[i] != (unsigned char)v)
			return false;
	}
	return true;
}

/* calloc on top of a->malloc: overflow check, then zeroing. */
void *_uk_alloc_calloc(struct uk_alloc *a, size_t nmemb, size_t size);

/* posix_memalign on top of a->memalign. */
int _uk_alloc_posix_memalign(struct uk_alloc *a, void **memptr, size_t align,
			     size_t size);

/*
 * The default corruption report: uk_pr_err in the kernel, stderr on the
 * host (the file is chosen by the build).
 */
void _uk_alloc_corruption_log(struct uk_alloc *a, enum uk_alloc_fault fault,
			      const void *ptr);

#endif /* UK_ALLOC_IMPL_H */
