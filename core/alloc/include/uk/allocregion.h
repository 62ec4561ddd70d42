/* The boot-time region allocator: a bump allocator over one memory region. */
#ifndef UK_ALLOCREGION_H
#define UK_ALLOCREGION_H

#include <stddef.h>
#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Creates a region allocator over [base, base + len) and returns it (its
 * state lives at the start of the region), or NULL if len cannot hold the
 * state. For use before the heap exists: allocation is a pointer bump;
 * free and pfree return memory only for the most recent block (else they
 * just mark it free), and realloc grows in place only the most recent
 * block. Each malloc'd block carries a header and a trailing canary, so
 * double frees, foreign pointers and overflows are reported; palloc'd
 * pages have no header (pfree checks only that they are in the region).
 * addmem returns -ENOTSUP.
 */
struct uk_alloc *uk_allocregion_init(void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOCREGION_H */
