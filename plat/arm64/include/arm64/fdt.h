/* Minimal, bounds-checked reader of flattened device trees (DTB). */
#ifndef ARM64_FDT_H
#define ARM64_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedU
#define FDT_MAX_DEPTH 32

/*
 * Called by arm64_fdt_walk() for each node (prop == NULL, val == NULL)
 * and each of its properties, in tree order. depth is 0 for the root
 * (name ""), 1 for its children. val/len are the raw big-endian value.
 * Return non-zero to stop the walk.
 */
typedef int (*arm64_fdt_visit_t)(void *arg, int depth, const char *node,
				 const char *prop, const void *val,
				 uint32_t len);

/*
 * Checks the header of the tree at fdt. Returns its totalsize, or 0 when
 * fdt is NULL or not a usable tree (bad magic, version or offsets).
 */
uint32_t arm64_fdt_size(const void *fdt);

/*
 * Walks the structure block, calling visit. Every name and value passed
 * lies inside the tree and names are NUL-terminated. Returns 0 when the
 * walk ended (or visit stopped it), -1 on a malformed tree (visit may
 * have seen part of it).
 */
int arm64_fdt_walk(const void *fdt, arm64_fdt_visit_t visit, void *arg);

/*
 * Finds property prop of the node at path ("/chosen", "/memory"); a path
 * component without "@" also matches a node name "comp@unit" (the first
 * one in tree order). Returns the value and sets *lenp, or NULL.
 */
const void *arm64_fdt_getprop(const void *fdt, const char *path,
			      const char *prop, uint32_t *lenp);

/*
 * Reads entry idx of the memory reservation block. Returns 0 and sets
 * *addr and *size, or -1 past the last entry.
 */
int arm64_fdt_memrsv(const void *fdt, unsigned int idx, uint64_t *addr,
		     uint64_t *size);

/* Big-endian cell readers; p needs no alignment. */
static inline uint32_t arm64_fdt32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static inline uint64_t arm64_fdt64(const void *p)
{
	return ((uint64_t)arm64_fdt32(p) << 32) |
	       arm64_fdt32((const uint8_t *)p + 4);
}

/* Reads a number of ncells (1 or 2) cells at p. */
static inline uint64_t arm64_fdt_cells(const void *p, uint32_t ncells)
{
	return ncells == 2 ? arm64_fdt64(p) : arm64_fdt32(p);
}

#endif /* ARM64_FDT_H */
