/* arm64 kernel page tables: built once at boot, then edited at run time. */
#ifndef ARM64_MMU_H
#define ARM64_MMU_H

#include <arm64/paging.h>
#include <uk/plat/bootstrap.h>

/*
 * Builds the kernel's final translation tables with the paging library and
 * switches TTBR0_EL1 of this CPU from the early 1 GiB-block identity map
 * (entry.S) to them:
 *   - RAM (every bootinfo region) identity-mapped as Normal WB memory with
 *     4 KiB pages (so that ukplat_page_guard() never splits a live block),
 *     everything else in [4 KiB, 512 GiB) as Device-nGnRnE, never
 *     executable; page 0 is left unmapped so that NULL accesses fault;
 *   - PA [0, 512 GiB) at ARM64_PT_DIRECTMAP_BASE, never executable (RAM
 *     normal, the rest device), which the library uses to reach tables;
 *   - with CONFIG_ENFORCE_W_XOR_X: .text read-only+executable, .rodata
 *     (and the registration tables) read-only, .data/.bss and all other
 *     RAM (heap, stacks) read-write, PXN and UXN. Without it RAM, the
 *     image included, stays read-write-executable as with the early map.
 * Table pages are taken from the top of the largest free region of bi,
 * which shrinks; they are added to bi as a UKPLAT_MEMRF_RESERVED region.
 * Call once, on the boot CPU, with the early map on, before anything
 * else uses bi's free memory. Returns 0, or -ENOMEM (no free region
 * large enough: the early map stays in use).
 */
int arm64_mmu_init(struct ukplat_bootinfo *bi);

/*
 * Loads the kernel tables into TTBR0_EL1 of the calling CPU, e.g. on a
 * secondary CPU after its early MMU setup (same MAIR_EL1 and TCR_EL1).
 * Call after arm64_mmu_init() succeeded, with IRQs masked.
 */
void arm64_mmu_load(void);

/*
 * The live kernel tables, for arm64_pt_map() and friends; NULL before
 * arm64_mmu_init(). They allocate no table pages until a page allocator
 * is set with arm64_mmu_set_page_allocator() (until then a change that
 * needs a table page fails with -ENOMEM).
 */
struct arm64_pt *arm64_mmu_kernel_pt(void);

/*
 * Gives the kernel tables a page allocator, typically once the heap is
 * up. alloc_page returns 4 KiB-aligned pages of RAM (identity-mapped or
 * direct-map addresses); free_page may be NULL.
 */
void arm64_mmu_set_page_allocator(arm64_pt_alloc_page_t alloc_page,
				  arm64_pt_free_page_t free_page, void *ctx);

/* Direct-map address of physical address pa (pa below 512 GiB). */
static inline void *arm64_phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(ARM64_PT_DIRECTMAP_BASE + pa);
}

#endif /* ARM64_MMU_H */
