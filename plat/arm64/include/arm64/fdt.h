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
 * Reads entry i of node's "reg", sized by the parent's #address-cells and
 * #size-cells (1 or 2 address cells, 0..2 size cells). Returns 0 and sets
 * *addr and *size, -ENOENT without such an entry, -EINVAL for cell counts
 * we cannot read.
 */
int arm64_fdt_reg(const void *fdt, int node, unsigned int i, uint64_t *addr,
		  uint64_t *size);

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

	return ncells == 2 ? ((uint64_t)arm64_fdt32(b) << 32) |
				     arm64_fdt32(b + 4)
			   : arm64_fdt32(b);
}

#endif /* ARM64_FDT_H */
