/*
 * The identity map through <x86/pt.h>: all RAM at boot, W^X, guard pages,
 * lookups.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/spinlock.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>
#include <x86/paging.h>
#include <x86/pt.h>

#define PTE_ADDR_MASK 0x000ffffffffff000UL
/* The boot map (multiboot.S) covers 0..4 GiB; x86_paging_map_ram() adds
 * the RAM above. */
#define BOOT_MAP_END (4UL << 30)
#define X86_CPUID81_EDX_PAGE1GB (1 << 26)

/* The image's sections (link.ld), 4 KiB aligned. */
extern char _text[], _rodata[], _data[];

static struct uk_spinlock paging_lock = UK_SPINLOCK_INITIALIZER;

/*
 * All RAM is identity-mapped (the boot map, then x86_paging_map_ram()):
 * that is the direct map, a table's address is its own.
 */
static uint64_t *pt_table(void *ctx __unused, uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

static uint64_t pt_phys(void *ctx __unused, const void *page)
{
	return (uintptr_t)page;
}

/* The platform changes the map after the heap exists (plat_init.c). */
static void *pt_alloc_page(void *ctx __unused)
{
	struct uk_alloc *a = uk_alloc_get_default();

	return a ? uk_palloc(a, 1) : NULL;
}

static void pt_flush_page(void *ctx __unused, uintptr_t va)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(va) : "memory");
}

static void pt_flush_all(void *ctx __unused)
{
	uintptr_t cr3;

	__asm__ __volatile__("mov %%cr3, %0\n\tmov %0, %%cr3"
			     : "=r"(cr3)
			     :
			     : "memory");
}

static const struct x86_pt_ops pt_ops = {
	.table = pt_table,
	.phys = pt_phys,
	.alloc_page = pt_alloc_page,
	.flush_page = pt_flush_page,
	.flush_all = pt_flush_all,
};

/*
 * Before the heap, table pages come from the end of the last free RAM
 * region below 4 GiB (mapped by the boot map), which shrinks by the page.
 */
static void *boot_alloc_page(void *ctx)
{
	struct ukplat_bootinfo *bi = ctx;
	struct ukplat_memregion *m;
	uint64_t end;
	unsigned int i;

	for (i = bi->mrd_count; i-- > 0;) {
		m = &bi->mrd[i];
		end = UK_ALIGN_DOWN(m->pbase + m->len, __PAGE_SIZE);
		if (m->flags != UKPLAT_MEMRF_FREE || end > BOOT_MAP_END ||
		    end < m->pbase + __PAGE_SIZE)
			continue;
		m->len = end - __PAGE_SIZE - m->pbase;
		return (void *)(uintptr_t)(end - __PAGE_SIZE);
	}
	return NULL;
}

static const struct x86_pt_ops boot_pt_ops = {
	.table = pt_table,
	.phys = pt_phys,
	.alloc_page = boot_alloc_page,
	.flush_page = pt_flush_page,
	.flush_all = pt_flush_all,
};

int x86_paging_map_ram(struct ukplat_bootinfo *bi)
{
	uintptr_t cr3;
	struct x86_pt pt;
	uint32_t eax, ebx, ecx, edx;
	uint64_t flags = X86_PTE_RW, start, end;
	bool huge;
	unsigned int i;
	int rc;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	pt = (struct x86_pt){ cr3 & PTE_ADDR_MASK, &boot_pt_ops, bi };
	x86_cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	huge = edx & X86_CPUID81_EDX_PAGE1GB;
	/* Never code up there: the same rights W^X gives 0..4 GiB. */
	if (CONFIG_ENFORCE_W_XOR_X && (x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE))
		flags |= X86_PTE_NX;
	for (i = 0; i < bi->mrd_count; i++) {
		if (!(bi->mrd[i].flags &
		      (UKPLAT_MEMRF_FREE | UKPLAT_MEMRF_KERNEL)))
			continue;
		start = UK_ALIGN_DOWN(bi->mrd[i].pbase, X86_PT_LARGE_SIZE);
		end = UK_ALIGN_UP(bi->mrd[i].pbase + bi->mrd[i].len,
				  X86_PT_LARGE_SIZE);
		if (end <= BOOT_MAP_END)
			continue;
		if (start < BOOT_MAP_END)
			start = BOOT_MAP_END;
		rc = x86_pt_map_identity(&pt, start, end, huge, flags);
		if (rc)
			return rc;
	}
	return 0;
}

/* The tables this CPU runs on. */
static struct x86_pt current_pt(void)
{
	uintptr_t cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return (struct x86_pt){ cr3 & PTE_ADDR_MASK, &pt_ops, NULL };
}

bool x86_vaddr_mapped(uintptr_t va)
{
	struct x86_pt pt = current_pt();

	return x86_pt_mapped(&pt, va);
}

int x86_vaddr_rights(uintptr_t va, bool *write, bool *exec, uint64_t *size)
{
	struct x86_pt pt = current_pt();

	return x86_pt_rights(&pt, va, write, exec, size);
}

int x86_page_unmap_4k(uintptr_t va)
{
	struct x86_pt pt = current_pt();
	unsigned long flags;
	int rc;

	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
	rc = x86_pt_unmap_4k(&pt, va);
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	if (rc == 0)
		x86_tlb_shootdown();
	return rc;
}

int x86_page_restore_4k(uintptr_t va)
{
	struct x86_pt pt = current_pt();
	unsigned long flags;
	int rc;

	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
	rc = x86_pt_restore_4k(&pt, va);
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int x86_paging_wxorx(void)
{
	struct x86_pt pt = current_pt();
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
	/*
	 * Everything but the image read-write and never executable, then
	 * the image. Never NX over .text, not even for a moment: this code
	 * runs there, and a page of it that is not in the TLB yet would
	 * fault (a triple fault, with IDT code in .text too).
	 */
	rc = x86_pt_protect(&pt, 0, (uintptr_t)_text, X86_PTE_RW | X86_PTE_NX);
	if (!rc)
		rc = x86_pt_protect(&pt, (uintptr_t)_data, BOOT_MAP_END,
				    X86_PTE_RW | X86_PTE_NX);
	if (!rc)
		rc = x86_pt_protect(&pt, (uintptr_t)_text, (uintptr_t)_rodata,
				    0);
	if (!rc)
		rc = x86_pt_protect(&pt, (uintptr_t)_rodata, (uintptr_t)_data,
				    X86_PTE_NX);
	/* The AP trampoline (smp.c copied it already) runs at its copy. */
	if (!rc)
		rc = x86_pt_protect(&pt, X86_TRAMPOLINE_ADDR,
				    X86_TRAMPOLINE_ADDR + __PAGE_SIZE, 0);
	pt_flush_all(NULL);
	return rc;
}

int ukplat_page_guard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	return x86_page_unmap_4k((uintptr_t)va);
}

int ukplat_page_guard_n(void *va, unsigned long n)
{
	struct x86_pt pt = current_pt();
	uintptr_t a = (uintptr_t)va;
	unsigned long flags, i;
	int rc = 0;

	if (a & (__PAGE_SIZE - 1))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
	for (i = 0; i < n && !rc; i++)
		rc = x86_pt_unmap_4k(&pt, a + i * __PAGE_SIZE);
	/* Put back the ones before the refused page: their entries as before. */
	if (rc)
		for (i--; i-- > 0;)
			x86_pt_restore_4k(&pt, a + i * __PAGE_SIZE);
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	if (!rc && n)
		x86_tlb_shootdown();
	return rc;
}

int ukplat_page_unguard(void *va)
{
	if ((uintptr_t)va & (__PAGE_SIZE - 1))
		return -EINVAL;
	return x86_page_restore_4k((uintptr_t)va);
}

/*
 * The one place where a change of rights reaches this CPU's TLB; the
 * other CPUs flush theirs by shootdown once the lock is dropped
 * (paging_set_rights).
 */
static void paging_flush_range(uintptr_t va, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		pt_flush_page(NULL, va + i * __PAGE_SIZE);
}

/*
 * Whether a page of [va, end) has other rights than rights gives. If none
 * has, no CPU can hold an entry that disagrees with the tables, and
 * nothing is flushed: mprotect() often asks for the rights a page has
 * (the pages of each thread stack that musl makes, unguarded with theirs),
 * and a shootdown per page made pthread_create() take up to a second
 * under TCG (issue 14).
 */
static bool paging_rights_differ(const struct x86_pt *pt, uintptr_t va,
				 uintptr_t end, uint64_t rights)
{
	bool write, exec;
	uint64_t size;

	for (; va < end; va += __PAGE_SIZE) {
		if (x86_pt_rights(pt, va, &write, &exec, &size) ||
		    write != !!(rights & X86_PTE_RW) ||
		    exec != !(rights & X86_PTE_NX))
			return true;
	}
	return false;
}

static int paging_set_rights(uintptr_t va, unsigned long n, uint64_t rights)
{
	struct x86_pt pt = current_pt();
	uintptr_t end = va + n * __PAGE_SIZE, p;
	unsigned long flags;
	bool changed;
	int rc = 0;

	if ((va & (__PAGE_SIZE - 1)) || end < va || n == 0)
		return -EINVAL;
	/* The image's code and read-only data keep W^X's rights. */
	if (va < (uintptr_t)_data && end > (uintptr_t)_text)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&paging_lock);
	for (p = va; p < end && !rc; p += __PAGE_SIZE)
		if (!x86_pt_mapped(&pt, p))
			rc = -EFAULT;
	changed = !rc && paging_rights_differ(&pt, va, end, rights);
	if (changed) {
		rc = x86_pt_protect(&pt, va, end, rights);
		paging_flush_range(va, n);
	}
	uk_spin_unlock(&paging_lock);
	ukplat_lcpu_restore_irqf(flags);
	if (changed && !rc)
		x86_tlb_shootdown();
	return rc;
}

/* NX exists only with EFER.NXE (SDM 4.5: else XD is a reserved bit). */
static uint64_t paging_nx(void)
{
	return (x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE) ? X86_PTE_NX : 0;
}

int ukplat_page_protect(void *va, unsigned long n, int prot)
{
	uint64_t rights = 0;

	if (CONFIG_ENFORCE_W_XOR_X && (prot & UKPLAT_PAGE_WRITE) &&
	    (prot & UKPLAT_PAGE_EXEC))
		return -EACCES;
	if (prot & UKPLAT_PAGE_WRITE)
		rights |= X86_PTE_RW;
	if (!(prot & UKPLAT_PAGE_EXEC))
		rights |= paging_nx();
	return paging_set_rights((uintptr_t)va, n, rights);
}

int ukplat_page_unprotect(void *va, unsigned long n)
{
	/* As x86_paging_map_ram() and x86_paging_wxorx() map RAM. */
	return paging_set_rights(
		(uintptr_t)va, n,
		X86_PTE_RW | (CONFIG_ENFORCE_W_XOR_X ? paging_nx() : 0));
}
