/*
 * The device tree as the arm64 platform reads it: libfdt plus the few
 * bindings it needs (reg with the parent's cells, GIC interrupts).
 */
#ifndef ARM64_FDT_H
#define ARM64_FDT_H

#include <stdint.h>

/*
 * The device tree the boot CPU was given (start.c), or NULL when it had
 * none that fdt_check_header() accepts.
 */
extern const void *arm64_fdt;

/*
 * Whether fdt (not NULL) is a tree the platform reads: a header that
 * fdt_check_header() accepts and the alignment the devicetree
 * specification requires (v0.4, section 5.1: the blob and the memory
 * reservation block on 8 bytes, the structure block on 4), since libfdt
 * reads cells in place.
 */
int arm64_fdt_usable(const void *fdt);

/*
 * Bytes at the start of a usable fdt that hold its header and blocks (the
 * memory reservation block up to its terminating entry, the structure and
 * strings blocks; specification v0.4, section 5.1), at most
 * fdt_totalsize(). The rest is free space for editing the tree, which
 * the platform never does: QEMU virt's tree says 1 MiB and uses 8 KiB.
 * fdt_totalsize() for trees before version 17, which do not give the
 * size of the structure block.
 */
uint32_t arm64_fdt_used_size(const void *fdt);

/*
 * Reads entry i of node's "reg", sized by #address-cells and #size-cells
 * of parent, node's parent (1 or 2 address cells, 0..2 size cells). Pass
 * the parent when known: fdt_parent_offset() walks the tree. Returns 0
 * and sets *addr and *size, -ENOENT without such an entry, -EINVAL for a
 * bad parent or cell counts we cannot read.
 */
int arm64_fdt_reg(const void *fdt, int parent, int node, unsigned int i,
		  uint64_t *addr, uint64_t *size);

/* Nodes deeper than this (the root is at depth 0) are never matched. */
#define ARM64_FDT_MAX_DEPTH 8

/*
 * A walk over the tree in tree order that knows each node's parent, so
 * that reg can be read without fdt_parent_offset() (a walk of its own).
 * Start it with ARM64_FDT_WALK_INIT.
 */
struct arm64_fdt_walk {
	int node, depth;
	int parents[ARM64_FDT_MAX_DEPTH]; /* node at each depth */
};

#define ARM64_FDT_WALK_INIT { .node = -1, .depth = -1 }

/*
 * Advances w to the next node compatible with any of the n strings in
 * compat. Returns its offset and sets *which to the index of the string
 * it matched; its parent is arm64_fdt_walk_parent(w). Returns a negative
 * libfdt error at the end of the tree (-FDT_ERR_NOTFOUND).
 */
int arm64_fdt_next_compatible(const void *fdt, struct arm64_fdt_walk *w,
			      const char *const compat[], unsigned int n,
			      unsigned int *which);

/* The parent of the node w stopped at. */
static inline int arm64_fdt_walk_parent(const struct arm64_fdt_walk *w)
{
	return w->parents[w->depth - 1];
}

/*
 * Decodes entry i of node's "interrupts" in the GIC binding (three cells:
 * type 0 SPI or 1 PPI, number, flags). Returns 0 and sets *intid to the
 * GIC INTID and *trigger to its UKPLAT_IRQ_* trigger (<uk/plat/trap.h>);
 * -ENOENT without such an entry, -EINVAL (outputs untouched) for a type
 * or number that is no SPI or PPI, or flags that name no single trigger.
 */
int arm64_fdt_irq(const void *fdt, int node, unsigned int i,
		  unsigned int *intid, unsigned int *trigger);

/* Big-endian cell readers; p needs no alignment. */
static inline uint32_t arm64_fdt32(const void *p)
{
	const uint8_t *b = (const uint8_t *)p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

/* Reads a number of ncells (1 or 2) cells at p. */
static inline uint64_t arm64_fdt_cells(const void *p, uint32_t ncells)
{
	const uint8_t *b = (const uint8_t *)p;

	return ncells == 2 ?
		       ((uint64_t)arm64_fdt32(b) << 32) | arm64_fdt32(b + 4) :
		       arm64_fdt32(b);
}

#endif /* ARM64_FDT_H */
