/*
 * x86_64 4-level page tables (4 KiB pages, 2 MiB and 1 GiB large pages):
 * identity maps, look-ups, 4 KiB guard pages and access rights over a
 * range, splitting only the large pages that a change covers in part. Pure
 * C behind struct x86_pt_ops, so it builds for the host (GoogleTest in
 * //tests/host/paging) as well as for x86_64 kernels (plat/x86_64/paging.c).
 */
#ifndef X86_PT_H
#define X86_PT_H

/* Entry bits (Intel SDM Vol. 3A 4.5); plain numbers for assembly too. */
#define X86_PTE_P (1 << 0)
#define X86_PTE_RW (1 << 1)
#define X86_PTE_PS (1 << 7) /* large page in a PD/PDPT entry */

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stdint.h>

#define X86_PTE_NX (1ULL << 63) /* XD, honoured with EFER.NXE */
#define X86_PT_PAGE_SIZE 4096UL
#define X86_PT_LARGE_SIZE (1UL << 21)

/* What the library needs from its environment; ctx is passed back. */
struct x86_pt_ops {
	/* A pointer to the table page at physical address pa. */
	uint64_t *(*table)(void *ctx, uint64_t pa);
	/* The physical address of a page from alloc_page. */
	uint64_t (*phys)(void *ctx, const void *page);
	/* A page for a new table (any contents), or NULL. */
	void *(*alloc_page)(void *ctx);
	/* Flushes the TLB entry of va on this CPU (INVLPG). */
	void (*flush_page)(void *ctx, uintptr_t va);
	/* Flushes this CPU's whole TLB (CR3 reload). */
	void (*flush_all)(void *ctx);
};

/* Page tables rooted at the PML4 at physical address root. */
struct x86_pt {
	uint64_t root;
	const struct x86_pt_ops *ops;
	void *ctx;
};

/* True if va is canonical and mapped present. Never faults. */
bool x86_pt_mapped(const struct x86_pt *pt, uintptr_t va);

/*
 * The effective access rights of va (all levels combined, SDM Vol. 3A
 * 4.6) and the size of the page that maps it (4 KiB, 2 MiB, 1 GiB).
 * Returns 0, or -EFAULT if va is not mapped.
 */
int x86_pt_rights(const struct x86_pt *pt, uintptr_t va, bool *write,
		  bool *exec, uint64_t *size);

/*
 * Maps [start, end) (2 MiB aligned, below 128 TiB) to the same physical
 * addresses: 1 GiB pages where huge_pages is set (the CPU has them: CPUID
 * 0x80000001 EDX bit 26) and a whole aligned gigabyte is in the range,
 * 2 MiB pages elsewhere. Leaf entries carry flags (X86_PTE_RW,
 * X86_PTE_NX, ...) besides P and PS; new tables come zeroed from
 * alloc_page. Addresses mapped already keep their mapping, so no TLB
 * flush is needed. Returns 0, -EINVAL for a bad range, -ENOMEM if
 * alloc_page gave no page (the range is then partly mapped).
 */
int x86_pt_map_identity(struct x86_pt *pt, uint64_t start, uint64_t end,
			bool huge_pages, uint64_t flags);

/*
 * Makes the 4 KiB page holding va not present, splitting its 1 GiB and
 * 2 MiB pages into tables first (same frames and attributes); flushes
 * va. Returns 0, -EFAULT if va is not mapped, -ENOMEM if alloc_page gave
 * no page (a 1 GiB page may then be split into 2 MiB pages, nothing else
 * changed).
 */
int x86_pt_unmap_4k(struct x86_pt *pt, uintptr_t va);

/*
 * Makes a page unmapped by x86_pt_unmap_4k() present again, for an
 * identity map (the entry's frame must be va's page); flushes va.
 * Returns 0, or -EINVAL if va is not such a page.
 */
int x86_pt_restore_4k(struct x86_pt *pt, uintptr_t va);

/*
 * Gives [start, end) (4 KiB aligned) the access rights rights (X86_PTE_RW
 * and X86_PTE_NX, each set or not), splitting only the 1 GiB and 2 MiB
 * pages that the range covers in part. No TLB flush besides the splits':
 * the caller flushes. Returns 0, -EFAULT if a page of the range is not
 * mapped, -ENOMEM if a split found no page (the range is then partly
 * changed).
 */
int x86_pt_protect(struct x86_pt *pt, uintptr_t start, uintptr_t end,
		   uint64_t rights);

#endif /* __ASSEMBLER__ */

#endif /* X86_PT_H */
