/* 4 KiB guard pages in the boot identity map, and present-page lookups. */
#include <errno.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <x86/cpu.h>
#include <x86/irqlock.h>
#include <x86/paging.h>

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PDE_LARGE_PAT (1UL << 12) /* PAT bit of a 2 MiB entry... */
#define PTE_PAT (1UL << 7)        /* ...and of a 4 KiB entry */
#define LARGE_ADDR_MASK 0x000fffffffe00000UL
/* Attribute bits 0..8 (P, RW, US, PWT, PCD, A, D, PS/PAT, G) and NX. */
#define PTE_FLAGS_MASK (0x1ffUL | (1UL << 63))

static uint64_t split_tables[X86_PAGING_SPLIT_MAX][PT_ENTRIES]
	__aligned(__PAGE_SIZE);
static unsigned int split_used;
static volatile int paging_lock;

static unsigned int va_index(uintptr_t va, unsigned int level)
{
	return (va >> (12 + 9 * level)) & (PT_ENTRIES - 1);
}

static int va_canonical(uintptr_t va)
{
	return (uintptr_t)((intptr_t)(va << 16) >> 16) == va;
}

static uint64_t *read_cr3_table(void)
{
	uintptr_t cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return (uint64_t *)(cr3 & PTE_ADDR_MASK);
}

static void reload_cr3(void)
{
	uintptr_t cr3;

	__asm__ __volatile__("mov %%cr3, %0\n\tmov %0, %%cr3"
			     : "=r"(cr3)
			     :
			     : "memory");
}

static void invlpg(uintptr_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

/*
 * Returns the PD entry mapping va (page tables are identity-mapped), or
 * NULL if a higher level is not present or maps a 1 GiB page.
 */
static uint64_t *pd_entry(uintptr_t va, int *huge)
{
	uint64_t *t = read_cr3_table();
	uint64_t e;

	*huge = 0;
	e = t[va_index(va, 3)];
	if (!(e & X86_PTE_P))
		return NULL;
	t = (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
	e = t[va_index(va, 2)];
	if (!(e & X86_PTE_P))
		return NULL;
	if (e & X86_PTE_PS) {
		*huge = 1;
		return NULL;
	}
	t = (uint64_t *)(uintptr_t)(e & PTE_ADDR_MASK);
	return &t[va_index(va, 1)];
}

bool x86_vaddr_mapped(uintptr_t va)
{
	uint64_t *pde, *pt;
	int huge;

	if (!va_canonical(va))
		return false;
	pde = pd_entry(va, &huge);
	if (huge)
		return true;
	if (!pde || !(*pde & X86_PTE_P))
		return false;
	if (*pde & X86_PTE_PS)
		return true;
	pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR_MASK);
	return pt[va_index(va, 0)] & X86_PTE_P;
}

/* Replaces the 2 MiB entry *pde by a table of 512 equal 4 KiB entries. */
static int split_large(uint64_t *pde)
{
	uint64_t e = *pde, flags, *pt;
	unsigned int i;

	if (split_used == X86_PAGING_SPLIT_MAX)
		return -ENOMEM;
	pt = split_tables[split_used++];
	flags = (e & PTE_FLAGS_MASK) & ~(uint64_t)(X86_PTE_PS | PTE_PAT);
	if (e & PDE_LARGE_PAT)
		flags |= PTE_PAT;
	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = (e & LARGE_ADDR_MASK) + i * __PAGE_SIZE + flags;
	/*
	 * Same frames and attributes, only the page size changes (allowed
	 * while in use, Intel SDM Vol. 3A, 4.10.2.2); the table entry keeps
	 * the permissions, which combine with the leaf's.
	 */
	*pde = (uintptr_t)pt | (e & (PTE_FLAGS_MASK & ~(uint64_t)(X86_PTE_PS)));
	reload_cr3();
	return 0;
}

int x86_page_unmap_4k(uintptr_t va)
{
	unsigned long flags;
	uint64_t *pde, *pt;
	int huge, rc = 0;

	if (!va_canonical(va))
		return -EFAULT;
	flags = x86_irqlock_acquire(&paging_lock);
	pde = pd_entry(va, &huge);
	if (huge) {
		rc = -ENOTSUP;
		goto out;
	}
	if (!pde || !(*pde & X86_PTE_P)) {
		rc = -EFAULT;
		goto out;
	}
	if (*pde & X86_PTE_PS) {
		rc = split_large(pde);
		if (rc)
			goto out;
	}
	pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR_MASK);
	if (!(pt[va_index(va, 0)] & X86_PTE_P)) {
		rc = -EFAULT;
		goto out;
	}
	pt[va_index(va, 0)] &= ~(uint64_t)X86_PTE_P;
	invlpg(va);
out:
	x86_irqlock_release(&paging_lock, flags);
	return rc;
}

int x86_page_restore_4k(uintptr_t va)
{
	unsigned long flags;
	uint64_t *pde, *pt;
	int huge, rc = -EINVAL;
	unsigned int i;

	if (!va_canonical(va))
		return -EINVAL;
	flags = x86_irqlock_acquire(&paging_lock);
	pde = pd_entry(va, &huge);
	if (!pde || !(*pde & X86_PTE_P) || (*pde & X86_PTE_PS))
		goto out;
	pt = (uint64_t *)(uintptr_t)(*pde & PTE_ADDR_MASK);
	/* Only tables from split_large() hold pages that it unmapped. */
	for (i = 0; i < split_used; i++) {
		if (pt == split_tables[i]) {
			pt[va_index(va, 0)] |= X86_PTE_P;
			invlpg(va);
			rc = 0;
			break;
		}
	}
out:
	x86_irqlock_release(&paging_lock, flags);
	return rc;
}
