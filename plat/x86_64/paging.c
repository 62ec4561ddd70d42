/* Changes to the boot identity map: W^X, 4 KiB guard pages, lookups. */
#include <errno.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/spinlock.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>
#include <x86/paging.h>

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PDE_LARGE_PAT (1UL << 12) /* PAT bit of a 2 MiB entry... */
#define PTE_PAT (1UL << 7)        /* ...and of a 4 KiB entry */
#define PTE_US (1UL << 2)
#define PTE_A (1UL << 5)
#define PTE_NX (1UL << 63) /* XD, honoured with EFER.NXE */
#define LARGE_SIZE (1UL << 21)
#define LARGE_ADDR_MASK 0x000fffffffe00000UL
/* Attribute bits 0..8 (P, RW, US, PWT, PCD, A, D, PS/PAT, G) and NX. */
#define PTE_FLAGS_MASK (0x1ffUL | PTE_NX)
/* The boot map (multiboot.S) covers 0..4 GiB. */
#define BOOT_MAP_END (4UL << 30)

/* The image's sections (link.ld), 4 KiB aligned. */
extern char _text[], _rodata[], _data[];

static struct uk_spinlock paging_lock = UK_SPINLOCK_INITIALIZER;

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

static uint64_t *pt_of(uint64_t pde)
{
	return (uint64_t *)(uintptr_t)(pde & PTE_ADDR_MASK);
}

bool x86_vaddr_mapped(uintptr_t va)
{
	uint64_t *pde;
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
	return pt_of(*pde)[va_index(va, 0)] & X86_PTE_P;
}

int x86_vaddr_rights(uintptr_t va, bool *write, bool *exec, uint64_t *size)
{
	uint64_t *t = read_cr3_table(), e, rw = X86_PTE_RW, nx = 0;
	unsigned int level;

	if (!va_canonical(va))
		return -EFAULT;
	/* SDM Vol. 3A 4.6: R/W must be set at every level, XD at none. */
	for (level = 3;; level--) {
		e = t[va_index(va, level)];
		if (!(e & X86_PTE_P))
			return -EFAULT;
		rw &= e;
		nx |= e & PTE_NX;
		if (level == 0 || ((level == 1 || level == 2) &&
				   (e & X86_PTE_PS)))
			break;
		t = pt_of(e);
	}
	*write = rw != 0;
	*exec = nx == 0;
	*size = 1UL << (12 + 9 * level);
	return 0;
}

/* A page for a page table; the platform changes the map after the heap. */
static uint64_t *table_alloc(void)
{
	struct uk_alloc *a = uk_alloc_get_default();

	return a ? uk_palloc(a, 1) : NULL;
}

/* Replaces the 2 MiB entry *pde by a table of 512 equal 4 KiB entries. */
static int split_large(uint64_t *pde)
{
	uint64_t e = *pde, flags, *pt = table_alloc();
	unsigned int i;

	if (!pt)
		return -ENOMEM;
	flags = (e & PTE_FLAGS_MASK) & ~(uint64_t)(X86_PTE_PS | PTE_PAT);
	if (e & PDE_LARGE_PAT)
		flags |= PTE_PAT;
	for (i = 0; i < PT_ENTRIES; i++)
		pt[i] = (e & LARGE_ADDR_MASK) + i * __PAGE_SIZE + flags;
	/*
	 * Same frames and attributes, only the page size changes: allowed
	 * while in use (Intel SDM Vol. 3A 4.10.2.3, any of the two
	 * translations may be used until the flush). Access rights combine
	 * over all levels (SDM Vol. 3A 4.6: writable only if R/W is set in
	 * every entry, not executable if XD is set in any), so the table
	 * entry allows everything and the 4 KiB entries decide.
	 */
	*pde = (uintptr_t)pt | X86_PTE_P | X86_PTE_RW | (e & (PTE_US | PTE_A));
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
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
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
	pt = pt_of(*pde);
	if (!(pt[va_index(va, 0)] & X86_PTE_P)) {
		rc = -EFAULT;
		goto out;
	}
	pt[va_index(va, 0)] &= ~(uint64_t)X86_PTE_P;
	invlpg(va);
out:
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int x86_page_restore_4k(uintptr_t va)
{
	unsigned long flags;
	uint64_t *pde, *pte;
	int huge, rc = -EINVAL;

	if (!va_canonical(va))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
	pde = pd_entry(va, &huge);
	if (!pde || !(*pde & X86_PTE_P) || (*pde & X86_PTE_PS))
		goto out;
	/*
	 * x86_page_unmap_4k() leaves the frame and the attributes in the
	 * entry; the boot map is an identity map, so the frame is va's.
	 * Entries that are not present are never cached (SDM Vol. 3A
	 * 4.10.2.3): no other CPU needs a flush.
	 */
	pte = &pt_of(*pde)[va_index(va, 0)];
	if (!(*pte & X86_PTE_P) &&
	    (*pte & PTE_ADDR_MASK) == UK_ALIGN_DOWN(va, __PAGE_SIZE)) {
		*pte |= X86_PTE_P;
		invlpg(va);
		rc = 0;
	}
out:
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/* Sets R/W and XD of the entry *e to those of rights. */
static void set_rights(uint64_t *e, uint64_t rights)
{
	*e = (*e & ~(uint64_t)(X86_PTE_RW | PTE_NX)) | rights;
}

/*
 * Gives [start, end) (4 KiB aligned, below BOOT_MAP_END) the access rights
 * rights (X86_PTE_RW and PTE_NX, each set or not), splitting only the
 * 2 MiB pages that the range covers in part. No TLB flush.
 */
static int protect(uintptr_t start, uintptr_t end, uint64_t rights)
{
	uintptr_t va, next;
	uint64_t *pde, *pt;
	int huge, rc;

	for (va = start; va < end; va = next) {
		next = UK_MIN(UK_ALIGN_DOWN(va, LARGE_SIZE) + LARGE_SIZE, end);
		pde = pd_entry(va, &huge);
		if (!pde || !(*pde & X86_PTE_P))
			return -EFAULT;
		if ((*pde & X86_PTE_PS) && next - va < LARGE_SIZE) {
			rc = split_large(pde);
			if (rc)
				return rc;
		}
		if (*pde & X86_PTE_PS) {
			set_rights(pde, rights);
			continue;
		}
		pt = pt_of(*pde);
		for (; va < next; va += __PAGE_SIZE)
			set_rights(&pt[va_index(va, 0)], rights);
	}
	return 0;
}

int x86_paging_wxorx(void)
{
	int rc;

	/* XD is a reserved bit (#PF) unless EFER.NXE is set (SDM 4.5). */
	if (!(x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE))
		return -ENOTSUP;
	/* CR0.WP makes read-only pages read-only for CPL 0 too (SDM 4.6). */
	__asm__ __volatile__("mov %%cr0, %%rax\n\t"
			     "or %0, %%rax\n\t"
			     "mov %%rax, %%cr0"
			     :
			     : "i"(X86_CR0_WP)
			     : "rax");
	/* Everything read-write and never executable, then the code. */
	rc = protect(0, BOOT_MAP_END, X86_PTE_RW | PTE_NX);
	if (!rc)
		rc = protect((uintptr_t)_text, (uintptr_t)_rodata, 0);
	if (!rc)
		rc = protect((uintptr_t)_rodata, (uintptr_t)_data, PTE_NX);
	/* The AP trampoline (smp.c copied it already) runs at its copy. */
	if (!rc)
		rc = protect(X86_TRAMPOLINE_ADDR,
			     X86_TRAMPOLINE_ADDR + __PAGE_SIZE, 0);
	reload_cr3();
	return rc;
}

int ukplat_page_guard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	return x86_page_unmap_4k((uintptr_t)va);
}

int ukplat_page_unguard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	return x86_page_restore_4k((uintptr_t)va);
}
