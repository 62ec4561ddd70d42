/* Small changes to the boot identity map: 4 KiB guard pages and lookups. */
#ifndef X86_PAGING_H
#define X86_PAGING_H

#include <stdbool.h>
#include <stdint.h>

/* Large pages split into 4 KiB pages at most (page tables in .bss). */
#define X86_PAGING_SPLIT_MAX 8

/*
 * Makes the 4 KiB page holding va not present, splitting its 2 MiB
 * mapping into a page table first (same frames and attributes). Only this
 * CPU's TLB is flushed: call before other CPUs use the range. The page
 * tables must be identity-mapped (true for the boot map of 0..4 GiB).
 * Returns 0, -EFAULT if va is not mapped, -ENOMEM if all
 * X86_PAGING_SPLIT_MAX split tables are in use, -ENOTSUP for a 1 GiB page.
 */
int x86_page_unmap_4k(uintptr_t va);

/*
 * Makes a page unmapped by x86_page_unmap_4k() present again, at the
 * same frame with the same attributes. Returns 0, or -EINVAL if va is not
 * in a range that x86_page_unmap_4k() split.
 */
int x86_page_restore_4k(uintptr_t va);

/*
 * True if va is canonical and mapped present by the current page tables.
 * Never faults, so the crash handler uses it before reading memory.
 */
bool x86_vaddr_mapped(uintptr_t va);

#endif /* X86_PAGING_H */
