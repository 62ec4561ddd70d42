/*
 * The identity map of all RAM (the direct map): built at boot, W^X, 4 KiB
 * guard pages and lookups.
 */
#ifndef X86_PAGING_H
#define X86_PAGING_H

#include <stdbool.h>
#include <stdint.h>

struct ukplat_bootinfo;

/*
 * Identity-maps the RAM of bi's memory map above the boot map's 4 GiB
 * (multiboot.S), with 1 GiB pages where the CPU has them (CPUID pdpe1gb)
 * and a whole aligned gigabyte is RAM, 2 MiB pages elsewhere; read-write,
 * and never executable under W^X (w_xor_x and EFER.NXE). The tables take
 * pages from the end of a free region below 4 GiB, which shrinks in bi.
 * Call on the boot CPU before the heap gets bi's RAM. Returns 0, or
 * -ENOMEM if no free page below 4 GiB is left for a table.
 */
int x86_paging_map_ram(struct ukplat_bootinfo *bi);

/*
 * Makes the 4 KiB page holding va not present, splitting its 2 MiB
 * mapping into a page table first (same frames and attributes). The table
 * comes from the heap (uk/alloc.h). This CPU flushes the page, the other
 * started CPUs their TLB (x86_tlb_shootdown()). The page tables must be identity-mapped
 * (true for all RAM after x86_paging_map_ram()). A 1 GiB page is split
 * into 2 MiB pages first.
 * Returns 0, -EFAULT if va is not mapped, -ENOMEM if there is no heap or
 * no page is left in it for a page table.
 */
int x86_page_unmap_4k(uintptr_t va);

/*
 * Makes a page unmapped by x86_page_unmap_4k() present again, at the
 * same frame with the same attributes. Returns 0, or -EINVAL if va is not
 * a page that x86_page_unmap_4k() made not present.
 */
int x86_page_restore_4k(uintptr_t va);

/* Flushes the calling CPU's whole TLB (reloads CR3). */
void x86_tlb_flush_all(void);

/*
 * After a mapping was taken away and flushed locally: makes every other
 * started CPU flush its TLB by IPI and waits until each did (tlb.c).
 * Callable with IRQs enabled or disabled, not from an lcpu function that
 * other CPUs' shootdowns would wait for.
 */
void x86_tlb_shootdown(void);

/* The number of shootdowns asked for since boot (none with one CPU). */
unsigned long x86_tlb_shootdowns(void);

/* Registers the shootdown IPI's handler. Returns 0 or -errno. */
int x86_tlb_init(void);

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
