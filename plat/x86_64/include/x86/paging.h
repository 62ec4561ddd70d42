/* Changes to the boot identity map: W^X, 4 KiB guard pages and lookups. */
#ifndef X86_PAGING_H
#define X86_PAGING_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Makes the 4 KiB page holding va not present, splitting its 2 MiB
 * mapping into a page table first (same frames and attributes). The table
 * comes from the heap (uk/alloc.h). Only this CPU's TLB is flushed: call
 * before other CPUs use the range. The page tables must be identity-mapped
 * (true for the boot map of 0..4 GiB).
 * Returns 0, -EFAULT if va is not mapped, -ENOMEM if there is no heap or
 * no page is left in it for a page table, -ENOTSUP for a 1 GiB page.
 */
int x86_page_unmap_4k(uintptr_t va);

/*
 * Makes a page unmapped by x86_page_unmap_4k() present again, at the
 * same frame with the same attributes. Returns 0, or -EINVAL if va is not
 * a page that x86_page_unmap_4k() made not present.
 */
int x86_page_restore_4k(uintptr_t va);

/*
 * True if va is canonical and mapped present by the current page tables.
 * Never faults, so the crash handler uses it before reading memory.
 */
bool x86_vaddr_mapped(uintptr_t va);

/*
 * The effective access rights of va (all paging levels combined, SDM Vol.
 * 3A 4.6) and the size of the page that maps it (4 KiB, 2 MiB, 1 GiB).
 * Returns 0, or -EFAULT if va is not mapped. For tests and diagnostics.
 */
int x86_vaddr_rights(uintptr_t va, bool *write, bool *exec, uint64_t *size);

/*
 * W^X on the boot map (the w_xor_x build setting): sets CR0.WP, then makes
 * 0..4 GiB read-write and never executable except the image's .text and
 * the AP trampoline page (read-only, executable) and .rodata with the
 * registration tables (read-only). Splits only the 2 MiB pages that hold
 * a section boundary. Call once on the boot CPU before other CPUs start
 * and after smp.c copied the AP trampoline. Returns 0, -ENOTSUP if
 * EFER.NXE is clear (the CPU has no NX; nothing is changed), -ENOMEM if
 * the heap has no page for a page table (the map is then partly changed).
 */
int x86_paging_wxorx(void);

#endif /* X86_PAGING_H */
