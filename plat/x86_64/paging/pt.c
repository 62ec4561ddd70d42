/* x86_64 page-table changes: large-page splits, guard pages, W^X rights. */
#include <errno.h>
#include <stddef.h>
#include <x86/pt.h>

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PDE_LARGE_PAT (1ULL << 12) /* PAT bit of a 2 MiB entry... */
#define PTE_PAT (1ULL << 7) /* ...and of a 4 KiB entry */
#define PTE_US (1ULL << 2)
#define PTE_A (1ULL << 5)
#define LARGE_ADDR_MASK 0x000fffffffe00000ULL
#define HUGE_ADDR_MASK 0x000fffffc0000000ULL
#define HUGE_SIZE (1ULL << 30)
#define VA_USER_END (1ULL << 47) /* end of the canonical lower half */
/* Attribute bits 0..8 (P, RW, US, PWT, PCD, A, D, PS/PAT, G) and NX. */
#define PTE_FLAGS_MASK (0x1ffULL | X86_PTE_NX)

static unsigned int va_index(uintptr_t va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & (PT_ENTRIES - 1);
}

static bool va_canonical(uintptr_t va)
{
	return (uintptr_t)((intptr_t)(va << 16) >> 16) == va;
}

static uint64_t *table_of(const struct x86_pt *pt, uint64_t e)
{
	return pt->ops->table(pt->ctx, e & PTE_ADDR_MASK);
}

/* The PDPT entry of va, or NULL if its PML4 entry is not present. */
static uint64_t *pdpt_entry(const struct x86_pt *pt, uintptr_t va)
{
	uint64_t e = pt->ops->table(pt->ctx, pt->root)[va_index(va, 3)];

	if (!(e & X86_PTE_P))
		return NULL;
	return &table_of(pt, e)[va_index(va, 2)];
}

/*
 * Returns the PD entry mapping va, or NULL if a higher level is not
 * present or maps a 1 GiB page (*huge is then set).
 */
static uint64_t *pd_entry(const struct x86_pt *pt, uintptr_t va, bool *huge)
{
	uint64_t *e = pdpt_entry(pt, va);

	*huge = false;
	if (!e || !(*e & X86_PTE_P))
		return NULL;
	if (*e & X86_PTE_PS) {
		*huge = true;
		return NULL;
	}
	return &table_of(pt, *e)[va_index(va, 1)];
}

bool x86_pt_mapped(const struct x86_pt *pt, uintptr_t va)
{
	uint64_t *pde;
	bool huge;

	if (!va_canonical(va))
		return false;
	pde = pd_entry(pt, va, &huge);
	if (huge)
		return true;
	if (!pde || !(*pde & X86_PTE_P))
		return false;
	if (*pde & X86_PTE_PS)
		return true;
	return table_of(pt, *pde)[va_index(va, 0)] & X86_PTE_P;
}

int x86_pt_rights(const struct x86_pt *pt, uintptr_t va, bool *write,
		  bool *exec, uint64_t *size)
{
	uint64_t *t = pt->ops->table(pt->ctx, pt->root);
	uint64_t e, rw = X86_PTE_RW, nx = 0;
	unsigned int level;

	if (!va_canonical(va))
		return -EFAULT;
	/* SDM Vol. 3A 4.6: R/W must be set at every level, XD at none. */
	for (level = 3;; level--) {
		e = t[va_index(va, level)];
		if (!(e & X86_PTE_P))
			return -EFAULT;
		rw &= e;
		nx |= e & X86_PTE_NX;
		if (level == 0 ||
		    ((level == 1 || level == 2) && (e & X86_PTE_PS)))
			break;
		t = table_of(pt, e);
	}
	*write = rw != 0;
	*exec = nx == 0;
	*size = 1ULL << (12 + 9 * level);
	return 0;
}

/* Replaces the 2 MiB entry *pde by a table of 512 equal 4 KiB entries. */
static int split_large(struct x86_pt *pt, uint64_t *pde)
{
	uint64_t e = *pde, flags, *t = pt->ops->alloc_page(pt->ctx);
	unsigned int i;

	if (!t)
		return -ENOMEM;
	flags = (e & PTE_FLAGS_MASK) & ~(uint64_t)(X86_PTE_PS | PTE_PAT);
	if (e & PDE_LARGE_PAT)
		flags |= PTE_PAT;
	for (i = 0; i < PT_ENTRIES; i++)
		t[i] = (e & LARGE_ADDR_MASK) + i * X86_PT_PAGE_SIZE + flags;
	/*
	 * Same frames and attributes, only the page size changes: allowed
	 * while in use (Intel SDM Vol. 3A 4.10.2.3, any of the two
	 * translations may be used until the flush). Access rights combine
	 * over all levels (SDM Vol. 3A 4.6: writable only if R/W is set in
	 * every entry, not executable if XD is set in any), so the table
	 * entry allows everything and the 4 KiB entries decide.
	 */
	*pde = pt->ops->phys(pt->ctx, t) | X86_PTE_P | X86_PTE_RW |
	       (e & (PTE_US | PTE_A));
	pt->ops->flush_all(pt->ctx);
	return 0;
}

/*
 * Replaces the 1 GiB entry *pdpte by a PD of 512 equal 2 MiB entries;
 * the rules of split_large() apply.
 */
static int split_huge(struct x86_pt *pt, uint64_t *pdpte)
{
	uint64_t e = *pdpte, flags, *t = pt->ops->alloc_page(pt->ctx);
	unsigned int i;

	if (!t)
		return -ENOMEM;
	/* PS and the PAT bit (12) keep their places in a 2 MiB entry. */
	flags = e & (PTE_FLAGS_MASK | PDE_LARGE_PAT);
	for (i = 0; i < PT_ENTRIES; i++)
		t[i] = (e & HUGE_ADDR_MASK) + i * X86_PT_LARGE_SIZE + flags;
	*pdpte = pt->ops->phys(pt->ctx, t) | X86_PTE_P | X86_PTE_RW |
		 (e & (PTE_US | PTE_A));
	pt->ops->flush_all(pt->ctx);
	return 0;
}

/*
 * The PD entry of va for a change inside a 2 MiB page, splitting a 1 GiB
 * page first. Sets *pde, or returns -EFAULT (not mapped) or -ENOMEM.
 */
static int pd_entry_split(struct x86_pt *pt, uintptr_t va, uint64_t **pde)
{
	uint64_t *pdpte = pdpt_entry(pt, va);
	int rc;

	if (!pdpte || !(*pdpte & X86_PTE_P))
		return -EFAULT;
	if (*pdpte & X86_PTE_PS) {
		rc = split_huge(pt, pdpte);
		if (rc)
			return rc;
	}
	*pde = &table_of(pt, *pdpte)[va_index(va, 1)];
	return 0;
}

int x86_pt_unmap_4k(struct x86_pt *pt, uintptr_t va)
{
	uint64_t *pde, *t;
	int rc;

	if (!va_canonical(va))
		return -EFAULT;
	rc = pd_entry_split(pt, va, &pde);
	if (rc)
		return rc;
	if (!(*pde & X86_PTE_P))
		return -EFAULT;
	if (*pde & X86_PTE_PS) {
		rc = split_large(pt, pde);
		if (rc)
			return rc;
	}
	t = table_of(pt, *pde);
	if (!(t[va_index(va, 0)] & X86_PTE_P))
		return -EFAULT;
	t[va_index(va, 0)] &= ~(uint64_t)X86_PTE_P;
	pt->ops->flush_page(pt->ctx, va);
	return 0;
}

int x86_pt_restore_4k(struct x86_pt *pt, uintptr_t va)
{
	uint64_t *pde, *pte;
	bool huge;

	if (!va_canonical(va))
		return -EINVAL;
	pde = pd_entry(pt, va, &huge);
	if (!pde || !(*pde & X86_PTE_P) || (*pde & X86_PTE_PS))
		return -EINVAL;
	/*
	 * x86_pt_unmap_4k() leaves the frame and the attributes in the
	 * entry. Entries that are not present are never cached (SDM Vol.
	 * 3A 4.10.2.3): no other CPU needs a flush.
	 */
	pte = &table_of(pt, *pde)[va_index(va, 0)];
	if ((*pte & X86_PTE_P) ||
	    (*pte & PTE_ADDR_MASK) != (va & ~(X86_PT_PAGE_SIZE - 1)))
		return -EINVAL;
	*pte |= X86_PTE_P;
	pt->ops->flush_page(pt->ctx, va);
	return 0;
}

/* Sets R/W and XD of the entry *e to those of rights. */
static void set_rights(uint64_t *e, uint64_t rights)
{
	*e = (*e & ~(uint64_t)(X86_PTE_RW | X86_PTE_NX)) | rights;
}

int x86_pt_protect(struct x86_pt *pt, uintptr_t start, uintptr_t end,
		   uint64_t rights)
{
	uintptr_t va, next;
	uint64_t *pdpte, *pde, *t;
	int rc;

	for (va = start; va < end; va = next) {
		pdpte = pdpt_entry(pt, va);
		next = (va & ~(HUGE_SIZE - 1)) + HUGE_SIZE;
		if (pdpte && (*pdpte & X86_PTE_P) && (*pdpte & X86_PTE_PS) &&
		    !(va & (HUGE_SIZE - 1)) && next <= end) {
			set_rights(pdpte, rights);
			continue;
		}
		next = (va & ~(X86_PT_LARGE_SIZE - 1)) + X86_PT_LARGE_SIZE;
		if (next > end)
			next = end;
		rc = pd_entry_split(pt, va, &pde);
		if (rc)
			return rc;
		if (!(*pde & X86_PTE_P))
			return -EFAULT;
		if ((*pde & X86_PTE_PS) && next - va < X86_PT_LARGE_SIZE) {
			rc = split_large(pt, pde);
			if (rc)
				return rc;
		}
		if (*pde & X86_PTE_PS) {
			set_rights(pde, rights);
			continue;
		}
		t = table_of(pt, *pde);
		for (; va < next; va += X86_PT_PAGE_SIZE)
			set_rights(&t[va_index(va, 0)], rights);
	}
	return 0;
}

/* A zeroed table page from alloc_page, or NULL. */
static uint64_t *new_table(struct x86_pt *pt)
{
	uint64_t *t = pt->ops->alloc_page(pt->ctx);
	unsigned int i;

	if (t)
		for (i = 0; i < PT_ENTRIES; i++)
			t[i] = 0;
	return t;
}

/*
 * The table that the entry *e points to, after making *e point to a new
 * zeroed one if it is not present; NULL if there is no page for it.
 */
static uint64_t *table_or_new(struct x86_pt *pt, uint64_t *e)
{
	uint64_t *t;

	if (!(*e & X86_PTE_P)) {
		t = new_table(pt);
		if (!t)
			return NULL;
		*e = pt->ops->phys(pt->ctx, t) | X86_PTE_P | X86_PTE_RW;
	}
	return table_of(pt, *e);
}

int x86_pt_map_identity(struct x86_pt *pt, uint64_t start, uint64_t end,
			bool huge_pages, uint64_t flags)
{
	uint64_t va, next, *pml4, *pdpt, *pd;

	if ((start | end) & (X86_PT_LARGE_SIZE - 1) || start >= end ||
	    end > VA_USER_END)
		return -EINVAL;
	pml4 = pt->ops->table(pt->ctx, pt->root);
	for (va = start; va < end; va = next) {
		next = (va & ~(HUGE_SIZE - 1)) + HUGE_SIZE;
		pdpt = table_or_new(pt, &pml4[va_index(va, 3)]);
		if (!pdpt)
			return -ENOMEM;
		if (huge_pages && !(va & (HUGE_SIZE - 1)) && next <= end &&
		    !(pdpt[va_index(va, 2)] & X86_PTE_P)) {
			pdpt[va_index(va, 2)] =
				va | flags | X86_PTE_P | X86_PTE_PS;
			continue;
		}
		if (next > end)
			next = end;
		/* A 1 GiB page maps this gigabyte already. */
		if (pdpt[va_index(va, 2)] & X86_PTE_PS)
			continue;
		pd = table_or_new(pt, &pdpt[va_index(va, 2)]);
		if (!pd)
			return -ENOMEM;
		for (; va < next; va += X86_PT_LARGE_SIZE)
			if (!(pd[va_index(va, 1)] & X86_PTE_P))
				pd[va_index(va, 1)] =
					va | flags | X86_PTE_P | X86_PTE_PS;
	}
	return 0;
}
