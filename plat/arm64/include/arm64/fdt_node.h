/* Device tree nodes with their common properties, for device discovery. */
#ifndef ARM64_FDT_NODE_H
#define ARM64_FDT_NODE_H

#include <stdint.h>

/* The device tree the boot CPU was given (start.c), or NULL. */
extern const void *arm64_fdt;

/* One node, as arm64_fdt_for_each_node() reports it. */
struct arm64_fdt_node {
	const char *name;       /* "intc@8000000" */
	const char *parent;     /* name of the parent node ("" for the root) */
	int depth;              /* 0 for the root */
	const char *compatible; /* list of NUL-terminated strings, or NULL */
	uint32_t compatible_len;
	const char *device_type;
	uint32_t device_type_len;
	const void *reg;        /* raw "reg", or NULL */
	uint32_t reg_len;
	const void *interrupts; /* raw "interrupts", or NULL */
	uint32_t interrupts_len;
	uint32_t addr_cells;    /* the parent's #address-cells: for reg */
	uint32_t size_cells;    /* the parent's #size-cells */
};

/*
 * Calls fn for every node of the tree at fdt, in tree order, once all of
 * the node's properties are known. fn returns non-zero to stop.
 * Not reentrant (one walk at a time, fn must not start another): meant
 * for boot-time discovery on the boot CPU.
 * Returns 0, or -1 for a missing or malformed tree.
 */
int arm64_fdt_for_each_node(const void *fdt,
			    int (*fn)(void *arg,
				      const struct arm64_fdt_node *node),
			    void *arg);

/* Does node's compatible list contain compat? */
int arm64_fdt_node_compatible(const struct arm64_fdt_node *node,
			      const char *compat);

/* Is node's device_type exactly type ("cpu", "memory")? */
int arm64_fdt_node_is_type(const struct arm64_fdt_node *node,
			   const char *type);

/*
 * Reads entry i of node's reg as (address, size). Returns 0, or -1 when
 * there is no such entry or the cell counts are unsupported (> 2).
 */
int arm64_fdt_node_reg(const struct arm64_fdt_node *node, unsigned int i,
		       uint64_t *addr, uint64_t *size);

#endif /* ARM64_FDT_NODE_H */
