/* VMSAv8-64 page-table editing: map, unmap, protect and look up ranges. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <arm64/paging.h>

/* Level l entries map 512 GiB (l = 0), 1 GiB, 2 MiB, 4 KiB (l = 3). */
#define LVL_SHIFT(l) (39U - 9U * (l))
#define LVL_SIZE(l) (1UL << LVL_SHIFT(l))
#define LVL_IDX(va, l) (((va) >> LVL_SHIFT(l)) & (ARM64_PT_ENTRIES - 1))

/* Descriptor bits that carry over unchanged when a block is split. */
#define PTE_ATTR_MASK (~(ARM64_PTE_OA_MASK | ARM64_PTE_TYPE_MASK))

static uint64_t *table_ptr(const struct arm64_pt *pt, uint64_t pa)
{
	return pt->ops->phys_to_virt(pt->ops_ctx, pa);
}

static bool pte_is_table(uint64_t pte, unsigned int lvl)
{
	return lvl < 3 && (pte & ARM64_PTE_TYPE_MASK) == ARM64_PTE_TYPE_TABLE;
}

/*
 * With a 4 KiB granule only levels 1 and 2 have block descriptors; 0b01 at
 * level 0 and at level 3 is a fault like 0b00.
 */
static bool pte_is_leaf(uint64_t pte, unsigned int lvl)
{
	if (lvl == 3)
		return (pte & ARM64_PTE_TYPE_MASK) == ARM64_PTE_TYPE_PAGE;
	return (lvl == 1 || lvl == 2) &&
	       (pte & ARM64_PTE_TYPE_MASK) == ARM64_PTE_TYPE_BLOCK;
}

static uint64_t make_leaf(uint64_t pa, unsigned int lvl, uint64_t bits)
{
	return (pa & ARM64_PTE_OA_MASK) | bits |
	       (lvl == 3 ? ARM64_PTE_TYPE_PAGE : ARM64_PTE_TYPE_BLOCK);
}

static bool mt_is_device(unsigned long mt)
{
	return mt == ARM64_PT_MT_DEVICE_NGNRNE ||
	       mt == ARM64_PT_MT_DEVICE_NGNRE;
}

static int check_attr(unsigned long attr)
{
	unsigned long mt = attr & ARM64_PT_MT_MASK;

	if (attr & ~(ARM64_PT_PROT_MASK | ARM64_PT_MT_MASK))
		return -EINVAL;
	if (!(attr & ARM64_PT_PROT_READ))
		return -EINVAL;
	if (mt > ARM64_PT_MT_DEVICE_NGNRE)
		return -EINVAL; /* MAIR slots 4..7 are not programmed */
	if (mt_is_device(mt) && (attr & ARM64_PT_PROT_EXEC))
		return -EINVAL;
	return 0;
}

/* Leaf descriptor bits other than type and output address. */
static uint64_t attr_bits(unsigned long attr)
{
	unsigned long mt = attr & ARM64_PT_MT_MASK;
	uint64_t bits = ARM64_PTE_AF | ARM64_PTE_UXN;

	bits |= (uint64_t)(mt >> ARM64_PT_MT_SHIFT) << ARM64_PTE_ATTRIDX_SHIFT;
	/* SH is ignored for Device memory, which is always shareable. */
	if (!mt_is_device(mt))
		bits |= ARM64_PTE_SH_INNER;
	if (!(attr & ARM64_PT_PROT_WRITE))
		bits |= ARM64_PTE_AP_RO;
	if (!(attr & ARM64_PT_PROT_EXEC))
		bits |= ARM64_PTE_PXN;
	return bits;
}

static unsigned long pte_attr(uint64_t pte)
{
	unsigned long attr = ARM64_PT_PROT_READ;

	attr |= ARM64_PT_MT((pte & ARM64_PTE_ATTRIDX_MASK) >>
			    ARM64_PTE_ATTRIDX_SHIFT);
	if (!(pte & ARM64_PTE_AP_RO))
		attr |= ARM64_PT_PROT_WRITE;
	if (!(pte & ARM64_PTE_PXN))
		attr |= ARM64_PT_PROT_EXEC;
	return attr;
}

/* End of the level lvl entry holding va, clipped to end. */
static uint64_t entry_end(uint64_t va, unsigned int lvl, uint64_t end)
{
	uint64_t next = (va | (LVL_SIZE(lvl) - 1)) + 1;

	return next < end ? next : end;
}

static int check_range(uint64_t va, uint64_t len)
{
	if (len == 0 || ((va | len) & (ARM64_PT_PAGE_SIZE - 1)))
		return -EINVAL;
	if (va >= ARM64_PT_DIRECTMAP_BASE || len > ARM64_PT_DIRECTMAP_BASE - va)
		return -ERANGE;
	return 0;
}

/*
 * Allocates a table page. With zero set it is cleared and the stores are
 * made visible before the caller publishes the table.
 */
static int table_alloc(struct arm64_pt *pt, bool zero, uint64_t **tp,
		       uint64_t *pa)
{
	uint64_t *t = pt->alloc_page(pt->alloc_ctx);
	unsigned int i;

	if (!t)
		return -ENOMEM;
	if (zero) {
		for (i = 0; i < ARM64_PT_ENTRIES; i++)
			t[i] = 0;
		pt->ops->dsb_st(pt->ops_ctx);
	}
	*tp = t;
	*pa = pt->ops->virt_to_phys(pt->ops_ctx, t);
	return 0;
}

static void table_free(struct arm64_pt *pt, uint64_t pa)
{
	pt->free_page(pt->alloc_ctx, table_ptr(pt, pa));
}

static bool table_empty(const struct arm64_pt *pt, uint64_t pa)
{
	const uint64_t *t = table_ptr(pt, pa);
	unsigned int i;

	for (i = 0; i < ARM64_PT_ENTRIES; i++)
		if (t[i])
			return false;
	return true;
}

/* Clears *any / *all when [va, end) holds a mapped / unmapped page. */
static void scan(const struct arm64_pt *pt, uint64_t tpa, unsigned int lvl,
		 uint64_t va, uint64_t end, bool *any, bool *all)
{
	const uint64_t *t = table_ptr(pt, tpa);
	uint64_t next, pte;

	for (; va < end && !(*any && !*all); va = next) {
		next = entry_end(va, lvl, end);
		pte = t[LVL_IDX(va, lvl)];
		if (pte_is_table(pte, lvl))
			scan(pt, pte & ARM64_PTE_OA_MASK, lvl + 1, va, next,
			     any, all);
		else if (pte_is_leaf(pte, lvl))
			*any = true;
		else
			*all = false;
	}
}

/* Fills unmapped [va, end) of the level lvl table at tpa. */
static int map_range(struct arm64_pt *pt, uint64_t tpa, unsigned int lvl,
		     uint64_t va, uint64_t end, uint64_t pa, uint64_t bits,
		     bool pages)
{
	uint64_t *t = table_ptr(pt, tpa), *child, next, cpa;
	uint64_t *e;
	int rc;

	for (; va < end; pa += next - va, va = next) {
		next = entry_end(va, lvl, end);
		e = &t[LVL_IDX(va, lvl)];
		/* A whole entry with pa as aligned as va: one block. */
		if (lvl == 3 || (lvl > 0 && !pages && !pte_is_table(*e, lvl) &&
				 next - va == LVL_SIZE(lvl) &&
				 !(pa & (LVL_SIZE(lvl) - 1)))) {
			*e = make_leaf(pa, lvl, bits);
			continue;
		}
		if (!pte_is_table(*e, lvl)) {
			rc = table_alloc(pt, true, &child, &cpa);
			if (rc)
				return rc;
			*e = cpa | ARM64_PTE_TYPE_TABLE;
		}
		rc = map_range(pt, *e & ARM64_PTE_OA_MASK, lvl + 1, va, next,
			       pa, bits, pages);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Removes every leaf in [va, end), which must not straddle the range,
 * and frees tables left empty.
 */
static void clear_range(struct arm64_pt *pt, uint64_t tpa, unsigned int lvl,
			uint64_t va, uint64_t end)
{
	const struct arm64_pt_ops *ops = pt->ops;
	uint64_t *t = table_ptr(pt, tpa), next, cpa;
	uint64_t *e;

	for (; va < end; va = next) {
		next = entry_end(va, lvl, end);
		e = &t[LVL_IDX(va, lvl)];
		if (pte_is_leaf(*e, lvl)) {
			*e = 0;
			ops->dsb_st(pt->ops_ctx);
			ops->tlbi_va(pt->ops_ctx, va, 1);
		} else if (pte_is_table(*e, lvl)) {
			cpa = *e & ARM64_PTE_OA_MASK;
			clear_range(pt, cpa, lvl + 1, va, next);
			if (!pt->free_page || !table_empty(pt, cpa))
				continue;
			/* Walks may have cached the table entry: drop it
			 * before the page can be reused. */
			*e = 0;
			ops->dsb_st(pt->ops_ctx);
			ops->tlbi_va(pt->ops_ctx, va, 0);
			ops->dsb(pt->ops_ctx);
			table_free(pt, cpa);
		}
	}
}

/*
 * Replaces the block *e (at level lvl, mapping block_va) with a table of
 * entries one level down that map the same addresses with the same
 * attributes.
 */
static int split_block(struct arm64_pt *pt, uint64_t *e, unsigned int lvl,
		       uint64_t block_va)
{
	const struct arm64_pt_ops *ops = pt->ops;
	uint64_t old = *e, *child, cpa, csize = LVL_SIZE(lvl + 1);
	unsigned int i;
	int rc;

	rc = table_alloc(pt, false, &child, &cpa);
	if (rc)
		return rc;
	for (i = 0; i < ARM64_PT_ENTRIES; i++)
		child[i] = make_leaf((old & ARM64_PTE_OA_MASK) + i * csize,
				     lvl + 1, old & PTE_ATTR_MASK);
	ops->dsb_st(pt->ops_ctx);

	/*
	 * Break-before-make (Arm ARM D8.16.1): a block and the table that
	 * replaces it must never be visible at once, or the TLB may hold
	 * both (TLB conflict abort). Invalidate, wait, then install.
	 */
	*e = 0;
	ops->dsb_st(pt->ops_ctx);
	ops->tlbi_va(pt->ops_ctx, block_va, 0);
	ops->dsb(pt->ops_ctx);
	*e = cpa | ARM64_PTE_TYPE_TABLE;
	ops->dsb_st(pt->ops_ctx);
	ops->isb(pt->ops_ctx);
	return 0;
}

/* Splits the blocks that map addr so that a leaf starts at addr. */
static int split_at(struct arm64_pt *pt, uint64_t addr)
{
	uint64_t *t, *e;
	unsigned int lvl;
	int rc;

	if (addr >= ARM64_PT_VA_END)
		return 0;
	t = table_ptr(pt, pt->root_pa);
	for (lvl = 0; lvl < 3; lvl++) {
		e = &t[LVL_IDX(addr, lvl)];
		if (pte_is_leaf(*e, lvl)) {
			if (!(addr & (LVL_SIZE(lvl) - 1)))
				return 0;
			rc = split_block(pt, e, lvl,
					 addr & ~(LVL_SIZE(lvl) - 1));
			if (rc)
				return rc;
		} else if (!pte_is_table(*e, lvl)) {
			return 0;
		}
		t = table_ptr(pt, *e & ARM64_PTE_OA_MASK);
	}
	return 0;
}

/* Sets the attribute bits of every leaf in [va, end) (already split). */
static void protect_range(struct arm64_pt *pt, uint64_t tpa, unsigned int lvl,
			  uint64_t va, uint64_t end, uint64_t bits)
{
	const struct arm64_pt_ops *ops = pt->ops;
	uint64_t *t = table_ptr(pt, tpa), next, old, new;
	uint64_t *e;

	for (; va < end; va = next) {
		next = entry_end(va, lvl, end);
		e = &t[LVL_IDX(va, lvl)];
		if (pte_is_table(*e, lvl)) {
			protect_range(pt, *e & ARM64_PTE_OA_MASK, lvl + 1, va,
				      next, bits);
			continue;
		}
		old = *e;
		new = (old & ~PTE_ATTR_MASK) | bits;
		if (new == old)
			continue;
		/* A new memory type needs break-before-make; permissions
		 * may change in place. */
		if ((old ^ new) &
		    (ARM64_PTE_ATTRIDX_MASK | ARM64_PTE_SH_MASK)) {
			*e = 0;
			ops->dsb_st(pt->ops_ctx);
			ops->tlbi_va(pt->ops_ctx, va, 1);
			ops->dsb(pt->ops_ctx);
		}
		*e = new;
		ops->dsb_st(pt->ops_ctx);
		ops->tlbi_va(pt->ops_ctx, va, 1);
	}
}

/* Frees the tables under the level lvl table at tpa, then tpa itself. */
static void free_tree(struct arm64_pt *pt, uint64_t tpa, unsigned int lvl)
{
	const uint64_t *t = table_ptr(pt, tpa);
	unsigned int i;

	for (i = 0; i < ARM64_PT_ENTRIES && lvl < 3; i++)
		if (pte_is_table(t[i], lvl))
			free_tree(pt, t[i] & ARM64_PTE_OA_MASK, lvl + 1);
	table_free(pt, tpa);
}

static int walk(const struct arm64_pt *pt, uint64_t va, uint64_t *pte,
		unsigned int *level)
{
	const uint64_t *t;
	unsigned int lvl;
	uint64_t e;

	if (va >= ARM64_PT_VA_END)
		return -ERANGE;
	t = table_ptr(pt, pt->root_pa);
	for (lvl = 0;; lvl++) {
		e = t[LVL_IDX(va, lvl)];
		if (!pte_is_table(e, lvl))
			break;
		t = table_ptr(pt, e & ARM64_PTE_OA_MASK);
	}
	*pte = e;
	*level = lvl;
	return pte_is_leaf(e, lvl) ? 0 : -ENOENT;
}

static void sync_walks(struct arm64_pt *pt)
{
	pt->ops->dsb(pt->ops_ctx);
	pt->ops->isb(pt->ops_ctx);
}

int arm64_pt_init(struct arm64_pt *pt, const struct arm64_pt_ops *ops,
		  void *ops_ctx, arm64_pt_alloc_page_t alloc_page,
		  arm64_pt_free_page_t free_page, void *alloc_ctx)
{
	uint64_t *root;

	pt->ops = ops;
	pt->ops_ctx = ops_ctx;
	pt->alloc_page = alloc_page;
	pt->free_page = free_page;
	pt->alloc_ctx = alloc_ctx;
	pt->root_pa = 0;
	return table_alloc(pt, true, &root, &pt->root_pa);
}

void arm64_pt_destroy(struct arm64_pt *pt)
{
	if (pt->free_page)
		free_tree(pt, pt->root_pa, 0);
	pt->root_pa = 0;
}

static int map_checked(struct arm64_pt *pt, uint64_t va, uint64_t pa,
		       uint64_t len, unsigned long attr)
{
	bool any = false, all = true;
	bool pages = attr & ARM64_PT_MAP_PAGES;
	int rc;

	attr &= ~ARM64_PT_MAP_PAGES;
	if (pa & (ARM64_PT_PAGE_SIZE - 1))
		return -EINVAL;
	rc = check_attr(attr);
	if (rc)
		return rc;
	if (pa >= ARM64_PT_PA_END || len > ARM64_PT_PA_END - pa)
		return -ERANGE;
	scan(pt, pt->root_pa, 0, va, va + len, &any, &all);
	if (any)
		return -EEXIST;
	rc = map_range(pt, pt->root_pa, 0, va, va + len, pa, attr_bits(attr),
		       pages);
	if (rc)
		/* Everything mapped in the range is ours: take it back. */
		clear_range(pt, pt->root_pa, 0, va, va + len);
	pt->ops->dsb_st(pt->ops_ctx);
	sync_walks(pt);
	return rc;
}

int arm64_pt_map(struct arm64_pt *pt, uint64_t va, uint64_t pa, uint64_t len,
		 unsigned long attr)
{
	int rc = check_range(va, len);

	if (rc)
		return rc;
	return map_checked(pt, va, pa, len, attr);
}

int arm64_pt_map_direct(struct arm64_pt *pt, uint64_t pa, uint64_t len,
			unsigned long attr)
{
	if (len == 0 || ((pa | len) & (ARM64_PT_PAGE_SIZE - 1)))
		return -EINVAL;
	if (pa >= ARM64_PT_DIRECTMAP_SIZE || len > ARM64_PT_DIRECTMAP_SIZE - pa)
		return -ERANGE;
	return map_checked(pt, ARM64_PT_DIRECTMAP_BASE + pa, pa, len, attr);
}

/* Checks that [va, va + len) is fully mapped and splits its ends. */
static int prepare_change(struct arm64_pt *pt, uint64_t va, uint64_t len)
{
	bool any = false, all = true;
	int rc = check_range(va, len);

	if (rc)
		return rc;
	scan(pt, pt->root_pa, 0, va, va + len, &any, &all);
	if (!all)
		return -ENOENT;
	rc = split_at(pt, va);
	if (!rc)
		rc = split_at(pt, va + len);
	return rc;
}

int arm64_pt_unmap(struct arm64_pt *pt, uint64_t va, uint64_t len)
{
	int rc = prepare_change(pt, va, len);

	if (rc)
		return rc;
	clear_range(pt, pt->root_pa, 0, va, va + len);
	sync_walks(pt);
	return 0;
}

int arm64_pt_protect(struct arm64_pt *pt, uint64_t va, uint64_t len,
		     unsigned long attr)
{
	int rc = check_attr(attr);

	if (!rc)
		rc = prepare_change(pt, va, len);
	if (rc)
		return rc;
	protect_range(pt, pt->root_pa, 0, va, va + len, attr_bits(attr));
	sync_walks(pt);
	return 0;
}

int arm64_pt_lookup(const struct arm64_pt *pt, uint64_t va, uint64_t *pa,
		    unsigned long *attr, uint64_t *size)
{
	unsigned int lvl;
	uint64_t pte, sz;
	int rc = walk(pt, va, &pte, &lvl);

	if (rc)
		return rc;
	sz = LVL_SIZE(lvl);
	if (pa)
		*pa = (pte & ARM64_PTE_OA_MASK & ~(sz - 1)) | (va & (sz - 1));
	if (attr)
		*attr = pte_attr(pte);
	if (size)
		*size = sz;
	return 0;
}

int arm64_pt_get_pte(const struct arm64_pt *pt, uint64_t va, uint64_t *pte,
		     unsigned int *level)
{
	return walk(pt, va, pte, level);
}
