/* The heap allocator: a binary buddy page allocator plus slab size classes. */
#ifndef UK_ALLOCBUDDY_H
#define UK_ALLOCBUDDY_H

#include <stddef.h>
#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Design (measured with //bench/alloc:alloc_bench):
 *
 * Pages: a binary buddy allocator (orders 0..31) over any number of memory
 * regions. Each region starts with its bookkeeping: a region header and a
 * 16-byte descriptor per page (type, order, free-list links, block size),
 * i.e. 0.4% of the region. Nothing is kept inside free or allocated
 * blocks, so a stray write into heap memory cannot break the free lists,
 * and every free is checked against the descriptors: double frees, foreign
 * and interior pointers and wrong page counts are reported, not obeyed.
 * palloc(n) takes a 2^k block and returns the unused tail at once, so a
 * run costs exactly n pages; pfree merges buddies back up. memalign above
 * a page takes a block big enough for the aligned run the same way. When
 * no single free block has room (fragmented memory), a scan over the runs
 * of adjacent free blocks finds the pages: palloc and memalign fail only
 * if no (aligned) run of free pages exists. Up to 64 freed single pages
 * are cached unmerged, so a one-page alloc/free pair does not split and
 * merge through every order.
 *
 * Small objects (up to 2040 bytes): 24 size classes of 16..2048-byte slots
 * carved from 1..8-page slabs, with an allocation bitmap in a 64-byte slab
 * header (checked by a magic word) and one cached empty slab per class so
 * a malloc/free pair never touches the page allocator. Each slot ends in
 * an 8-byte trailer (requested size + check word), with up to 8 canary
 * bytes right after the requested size: an overflow is caught when the
 * block is freed or resized. Larger requests are page runs (an exact page
 * count, no header: malloc(4096) is one page).
 *
 * Caches (empty slabs, single pages) count as available memory and are
 * merged back before an allocation would fail. One uk_spinlock per
 * allocator serialises everything: critical sections are tens of
 * nanoseconds.
 */

/*
 * Creates a heap over [base, base + len): the allocator's state and the
 * region's bookkeeping are placed at the start of the memory. Returns the
 * allocator, or NULL if len is too small for the state and one page.
 */
struct uk_alloc *uk_allocbuddy_init(void *base, size_t len);

/*
 * Adds the memory [base, base + len) to a (an allocator made by
 * uk_allocbuddy_init). Returns 0, or -EINVAL if the region is too small
 * (it needs room for its bookkeeping and one page) or overlaps memory a
 * already manages.
 */
int uk_allocbuddy_addmem(struct uk_alloc *a, void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOCBUDDY_H */
