/* VMSAv8-64 stage 1 page tables (4 KiB granule, 48-bit VA): the API. */
#ifndef ARM64_PAGING_H
#define ARM64_PAGING_H

/*
 * The library edits a tree of translation tables rooted at a level 0 table
 * (the TTBR0_EL1 value). It is pure C: it reaches table memory and the TLB
 * only through struct arm64_pt_ops, so the same code runs in the kernel
 * (real barriers and TLBI, tables read through the direct map) and in host
 * unit tests (a fake physical memory, no-op maintenance).
 *
 * Address space (see the release notes, "Paging support on arm64"):
 *   [0, ARM64_PT_DIRECTMAP_BASE)          mappings made with arm64_pt_map()
 *   [ARM64_PT_DIRECTMAP_BASE, 2^48)       PA 0..512 GiB, arm64_pt_map_direct()
 *   VA[55] == 1                           TTBR1: walks disabled, faults
 *
 * Not thread-safe: callers serialise changes to one table tree. A change
 * to a live tree must not break the translation of the code, stack or
 * table pages in use: splitting a block does break-before-make, so the
 * block being split is briefly unmapped.
 */

#include <stdint.h>

#define ARM64_PT_PAGE_SHIFT 12
#define ARM64_PT_PAGE_SIZE (1UL << ARM64_PT_PAGE_SHIFT)
#define ARM64_PT_L2_BLOCK_SIZE (1UL << 21) /* 2 MiB */
#define ARM64_PT_L1_BLOCK_SIZE (1UL << 30) /* 1 GiB */
#define ARM64_PT_LEVELS 4 /* 0 (root) .. 3 (pages) */
#define ARM64_PT_ENTRIES 512
#define ARM64_PT_VA_BITS 48
#define ARM64_PT_VA_END (1UL << ARM64_PT_VA_BITS)
#define ARM64_PT_PA_END (1UL << 48)

/* The last level 0 slot: PA [0, 512 GiB) at VA 0x0000_ff80_0000_0000. */
#define ARM64_PT_DIRECTMAP_BASE 0x0000ff8000000000UL
#define ARM64_PT_DIRECTMAP_SIZE (1UL << 39)

/*
 * Mapping attributes: an access set ORed with one memory type.
 * Stage 1 EL1 permissions cannot express "no access" or "write-only" for a
 * valid entry, so READ is required and WRITE implies READ. EXEC clears PXN;
 * UXN is always set (nothing runs at EL0) and EL0 has no access (AP[1]=0).
 */
#define ARM64_PT_PROT_READ 0x1UL
#define ARM64_PT_PROT_WRITE 0x2UL
#define ARM64_PT_PROT_EXEC 0x4UL
#define ARM64_PT_PROT_MASK 0x7UL
#define ARM64_PT_PROT_R ARM64_PT_PROT_READ
#define ARM64_PT_PROT_RW (ARM64_PT_PROT_READ | ARM64_PT_PROT_WRITE)
#define ARM64_PT_PROT_RX (ARM64_PT_PROT_READ | ARM64_PT_PROT_EXEC)
#define ARM64_PT_PROT_RWX ARM64_PT_PROT_MASK

/*
 * Memory type: the MAIR_EL1 attribute index written to AttrIndx[2:0]. The
 * indexes and ARM64_PT_MAIR agree with the boot MAIR_EL1 (arm64/sysreg.h).
 * Device types are never executable; normal types are inner shareable.
 */
#define ARM64_PT_MT_SHIFT 4
#define ARM64_PT_MT_MASK (0x7UL << ARM64_PT_MT_SHIFT)
#define ARM64_PT_MT(idx) ((unsigned long)(idx) << ARM64_PT_MT_SHIFT)
#define ARM64_PT_MT_DEVICE_NGNRNE ARM64_PT_MT(0)
#define ARM64_PT_MT_NORMAL_WB ARM64_PT_MT(1) /* inner/outer WB RA WA */
#define ARM64_PT_MT_NORMAL_NC ARM64_PT_MT(2) /* non-cacheable */
#define ARM64_PT_MT_DEVICE_NGNRE ARM64_PT_MT(3)
#define ARM64_PT_MAIR 0x000000000444ff00UL

/*
 * Only for arm64_pt_map() and arm64_pt_map_direct(), ORed into attr: map
 * with 4 KiB pages even where a block would fit, so that single pages can
 * later be unmapped or changed without splitting a live block (which
 * needs break-before-make: the whole block would be briefly unmapped for
 * every CPU, Arm ARM D8.16.1). Costs one table page per 2 MiB.
 */
#define ARM64_PT_MAP_PAGES 0x100UL

/* Shorthands for the common cases. */
#define ARM64_PT_ATTR_DEVICE (ARM64_PT_PROT_RW | ARM64_PT_MT_DEVICE_NGNRNE)
#define ARM64_PT_ATTR_RAM (ARM64_PT_PROT_RW | ARM64_PT_MT_NORMAL_WB)

/* Descriptor fields (Arm ARM D8.3, VMSAv8-64 translation table format). */
#define ARM64_PTE_VALID (1UL << 0)
#define ARM64_PTE_TABLE (1UL << 1) /* levels 0-2: table; level 3: page */
#define ARM64_PTE_TYPE_MASK 0x3UL
#define ARM64_PTE_TYPE_BLOCK 0x1UL
#define ARM64_PTE_TYPE_TABLE 0x3UL
#define ARM64_PTE_TYPE_PAGE 0x3UL
#define ARM64_PTE_ATTRIDX_SHIFT 2
#define ARM64_PTE_ATTRIDX_MASK (0x7UL << ARM64_PTE_ATTRIDX_SHIFT)
#define ARM64_PTE_AP_EL0 (1UL << 6) /* AP[1]: EL0 access */
#define ARM64_PTE_AP_RO (1UL << 7) /* AP[2]: read-only */
#define ARM64_PTE_SH_SHIFT 8
#define ARM64_PTE_SH_MASK (0x3UL << ARM64_PTE_SH_SHIFT)
#define ARM64_PTE_SH_INNER (0x3UL << ARM64_PTE_SH_SHIFT)
#define ARM64_PTE_AF (1UL << 10)
#define ARM64_PTE_NG (1UL << 11)
#define ARM64_PTE_OA_MASK 0x0000fffffffff000UL /* bits [47:12] */
#define ARM64_PTE_PXN (1UL << 53)
#define ARM64_PTE_UXN (1UL << 54)

/*
 * Memory and maintenance operations the library calls; ctx is the ops_ctx
 * given to arm64_pt_init(). In the kernel the maintenance callbacks are
 * DSB ISHST, TLBI VAAE1IS/VAALE1IS, DSB ISH and ISB; host tests use
 * no-ops (or recorders).
 */
struct arm64_pt_ops {
	/* Pointer through which the table page at physical address pa is
	 * read and written. */
	void *(*phys_to_virt)(void *ctx, uint64_t pa);
	/* Physical address of a table page returned by alloc_page. */
	uint64_t (*virt_to_phys)(void *ctx, const void *va);
	/* Makes descriptor stores visible to table walks (DSB ISHST). */
	void (*dsb_st)(void *ctx);
	/*
	 * Invalidates TLB entries for va on all CPUs of the inner shareable
	 * domain, all ASIDs. leaf != 0: only last-level entries (a page or a
	 * block: VAALE1IS); leaf == 0: also cached table entries (VAAE1IS).
	 */
	void (*tlbi_va)(void *ctx, uint64_t va, int leaf);
	/* Waits for preceding TLB maintenance to complete (DSB ISH). */
	void (*dsb)(void *ctx);
	/* Synchronises the context of this CPU (ISB). */
	void (*isb)(void *ctx);
};

/*
 * Table page allocator, supplied by the caller. alloc_page returns a
 * page-aligned 4 KiB page (contents need not be zero) or NULL. free_page
 * may be NULL: tables are then never freed (unmap leaves empty tables).
 */
typedef void *(*arm64_pt_alloc_page_t)(void *ctx);
typedef void (*arm64_pt_free_page_t)(void *ctx, void *page);

struct arm64_pt {
	uint64_t root_pa; /* level 0 table: the TTBR0_EL1 base address */
	const struct arm64_pt_ops *ops;
	void *ops_ctx;
	arm64_pt_alloc_page_t alloc_page;
	arm64_pt_free_page_t free_page;
	void *alloc_ctx;
};

/*
 * Allocates an empty level 0 table and fills pt. ops and alloc_page must
 * not be NULL. Returns 0 or -ENOMEM (pt then holds no table).
 */
int arm64_pt_init(struct arm64_pt *pt, const struct arm64_pt_ops *ops,
		  void *ops_ctx, arm64_pt_alloc_page_t alloc_page,
		  arm64_pt_free_page_t free_page, void *alloc_ctx)
	__attribute__((warn_unused_result));

/*
 * Frees every table page of pt (needs free_page) without any TLB
 * maintenance: only for trees that are not live on any CPU.
 */
void arm64_pt_destroy(struct arm64_pt *pt);

/*
 * Maps [va, va + len) to [pa, pa + len) with attr (ARM64_PT_PROT_* |
 * ARM64_PT_MT_*, optionally | ARM64_PT_MAP_PAGES). Uses 1 GiB and 2 MiB
 * blocks wherever va and pa are equally aligned and the range covers the
 * whole block (unless ARM64_PT_MAP_PAGES), 4 KiB pages elsewhere. Every
 * descriptor has AF set (no access flag faults), nG clear.
 * The range must be entirely unmapped; no TLB maintenance is needed for
 * new entries, only DSB ISHST + ISB, which the call issues.
 * Returns 0, or:
 *   -EINVAL  va, pa or len not 4 KiB aligned, len == 0, or a bad attr
 *            (no READ, unknown memory type, device memory with EXEC);
 *   -ERANGE  va + len beyond 2^48 or overlapping the direct-map window,
 *            or pa + len beyond 2^48;
 *   -EEXIST  some page of the range is already mapped (nothing changed);
 *   -ENOMEM  alloc_page failed: the part mapped by this call is unmapped
 *            again and the tables it allocated are freed (if free_page is
 *            set), so the translation is as before the call.
 */
int arm64_pt_map(struct arm64_pt *pt, uint64_t va, uint64_t pa, uint64_t len,
		 unsigned long attr) __attribute__((warn_unused_result));

/*
 * Maps PA [pa, pa + len) in the direct-map window, at VA
 * ARM64_PT_DIRECTMAP_BASE + pa; pa + len must not exceed 512 GiB
 * (-ERANGE). Otherwise as arm64_pt_map().
 */
int arm64_pt_map_direct(struct arm64_pt *pt, uint64_t pa, uint64_t len,
			unsigned long attr) __attribute__((warn_unused_result));

/*
 * Unmaps [va, va + len), splitting a block that the range covers only in
 * part (the rest of the block stays mapped as before) and freeing tables
 * left empty (if free_page is set). Each removed entry is invalidated in
 * the TLB. Returns 0, or:
 *   -EINVAL, -ERANGE  as for arm64_pt_map();
 *   -ENOENT  some page of the range is not mapped (nothing changed);
 *   -ENOMEM  a split needed a table page: nothing is unmapped (a block at
 *            an end of the range may have become an equivalent table).
 */
int arm64_pt_unmap(struct arm64_pt *pt, uint64_t va, uint64_t len)
	__attribute__((warn_unused_result));

/*
 * Sets the attributes of the mapped range [va, va + len) to attr,
 * splitting blocks at the ends of the range as arm64_pt_unmap() does.
 * A change of memory type is done break-before-make per entry; a change
 * of permissions only is written in place, then invalidated. Blocks are
 * never merged back. Returns 0, or the errors of arm64_pt_unmap() plus
 * -EINVAL for a bad attr.
 */
int arm64_pt_protect(struct arm64_pt *pt, uint64_t va, uint64_t len,
		     unsigned long attr) __attribute__((warn_unused_result));

/*
 * Translates va (any VA below 2^48, direct map included). On success
 * returns 0 and sets, for each non-NULL pointer, *pa (the physical address
 * of va itself, not of its page), *attr (ARM64_PT_PROT_* | ARM64_PT_MT_*)
 * and *size (4 KiB, 2 MiB or 1 GiB: the page or block holding va).
 * Returns -ENOENT if va is not mapped, -ERANGE if va >= 2^48.
 */
int arm64_pt_lookup(const struct arm64_pt *pt, uint64_t va, uint64_t *pa,
		    unsigned long *attr, uint64_t *size);

/*
 * Reads the descriptor that translates va: the leaf (page or block) if va
 * is mapped, else the invalid entry where the walk stopped. Sets *pte and
 * *level (0..3). Returns 0 if va is mapped, -ENOENT if not, -ERANGE if
 * va >= 2^48. For tests and diagnostics.
 */
int arm64_pt_get_pte(const struct arm64_pt *pt, uint64_t va, uint64_t *pte,
		     unsigned int *level);

#endif /* ARM64_PAGING_H */
