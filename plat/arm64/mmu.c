/* arm64 final page tables: identity map with W^X, direct map, guard pages. */
#include <errno.h>
#include <stdbool.h>
#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/paging.h>
#include <uk/print.h>
#include <uk/spinlock.h>
#include <arm64/boot.h>
#include <arm64/mmu.h>
#include <arm64/paging.h>
#include <arm64/sysreg.h>

_Static_assert(ARM64_PT_MAIR == MAIR_EL1_BOOT,
	       "paging library and MAIR_EL1 disagree on memory types");

/* Section bounds from link.ld, each 4 KiB aligned. */
extern char _etext[], _rodata[], _erodata[];

#define RAM_MAX UKPLAT_MEMREGION_MAX

struct range {
	uint64_t base, end;
};

/* Bump allocator handing out pages downwards from the top of a region. */
struct boot_pages {
	uint64_t base, top;
};

static struct arm64_pt kernel_pt;
static bool kernel_pt_live;
/* RAM, identity-mapped with 4 KiB pages: where guard pages may be. */
static struct range ram[RAM_MAX];
static unsigned int nram;
/* Serialises run-time changes to kernel_pt (the library does not). */
static struct uk_spinlock kernel_pt_lock = UK_SPINLOCK_INITIALIZER;

/*
 * Before the switch the early identity map reaches the tables (it has no
 * direct map); afterwards the direct map does.
 */
static void *hw_phys_to_virt(void *ctx __unused, uint64_t pa)
{
	if (kernel_pt_live)
		return arm64_phys_to_virt(pa);
	return (void *)(uintptr_t)pa;
}

/* Table pages come from identity-mapped RAM or from the direct map. */
static uint64_t hw_virt_to_phys(void *ctx __unused, const void *va)
{
	uint64_t a = (uintptr_t)va;

	return a >= ARM64_PT_DIRECTMAP_BASE ? a - ARM64_PT_DIRECTMAP_BASE : a;
}

static void hw_dsb_st(void *ctx __unused)
{
	__asm__ __volatile__("dsb ishst" ::: "memory");
}

/* The TLBI operand holds VA[55:12]; ASID bits are ignored by VAA*. */
static void hw_tlbi_va(void *ctx __unused, uint64_t va, int leaf)
{
	if (leaf)
		__asm__ __volatile__("tlbi vaale1is, %0" ::"r"(va >> 12)
				     : "memory");
	else
		__asm__ __volatile__("tlbi vaae1is, %0" ::"r"(va >> 12)
				     : "memory");
}

static void hw_dsb(void *ctx __unused)
{
	__asm__ __volatile__("dsb ish" ::: "memory");
}

static void hw_isb(void *ctx __unused)
{
	__asm__ __volatile__("isb" ::: "memory");
}

static const struct arm64_pt_ops hw_ops = {
	.phys_to_virt = hw_phys_to_virt,
	.virt_to_phys = hw_virt_to_phys,
	.dsb_st = hw_dsb_st,
	.tlbi_va = hw_tlbi_va,
	.dsb = hw_dsb,
	.isb = hw_isb,
};

static void *boot_alloc_page(void *ctx)
{
	struct boot_pages *bp = ctx;

	if (bp->top - bp->base < ARM64_PT_PAGE_SIZE)
		return NULL;
	bp->top -= ARM64_PT_PAGE_SIZE;
	return (void *)(uintptr_t)bp->top;
}

static void *no_page(void *ctx __unused)
{
	return NULL;
}

static void say(const char *msg)
{
	unsigned int n = 0;

	while (msg[n])
		n++;
	ukplat_coutk(msg, n);
}

/* Sorted, merged RAM ranges below 512 GiB from all bootinfo regions. */
static unsigned int ram_ranges(const struct ukplat_bootinfo *bi,
			       struct range *r)
{
	unsigned int n = 0, i, j;
	struct range t;

	for (i = 0; i < bi->mrd_count; i++) {
		t.base = UK_ALIGN_DOWN(bi->mrd[i].pbase, __PAGE_SIZE);
		t.end = UK_ALIGN_UP(bi->mrd[i].pbase + bi->mrd[i].len,
				    __PAGE_SIZE);
		if (t.end > ARM64_PT_DIRECTMAP_SIZE) {
			say("arm64: RAM above 512 GiB is not mapped\n");
			t.end = ARM64_PT_DIRECTMAP_SIZE;
		}
		if (t.base >= t.end)
			continue;
		for (j = n; j > 0 && r[j - 1].base > t.base; j--)
			r[j] = r[j - 1];
		r[j] = t;
		n++;
	}
	for (i = 1, j = 0; i < n; i++) {
		if (r[i].base <= r[j].end)
			r[j].end = UK_MAX(r[j].end, r[i].end);
		else
			r[++j] = r[i];
	}
	return n ? j + 1 : 0;
}

static int map_one(bool direct, uint64_t base, uint64_t end, unsigned long attr)
{
	if (base >= end)
		return 0;
	if (direct)
		return arm64_pt_map_direct(&kernel_pt, base, end - base, attr);
	return arm64_pt_map(&kernel_pt, base, base, end - base, attr);
}

/*
 * Maps [lo, 512 GiB), identity or in the direct map: RAM with ram_attr,
 * the holes between as device memory.
 */
static int map_window(bool direct, uint64_t lo, const struct range *ram,
		      unsigned int nram, unsigned long ram_attr)
{
	uint64_t cur = lo;
	unsigned int i;
	int rc;

	for (i = 0; i < nram; i++) {
		if (ram[i].end <= cur)
			continue;
		rc = map_one(direct, cur, ram[i].base, ARM64_PT_ATTR_DEVICE);
		if (!rc)
			rc = map_one(direct, UK_MAX(cur, ram[i].base),
				     ram[i].end, ram_attr);
		if (rc)
			return rc;
		cur = ram[i].end;
	}
	return map_one(direct, cur, ARM64_PT_DIRECTMAP_SIZE,
		       ARM64_PT_ATTR_DEVICE);
}

/* W^X over the kernel image; the rest of it keeps ram_attr (RW, XN). */
static int protect_image(void)
{
	uint64_t text = (uintptr_t)_text, etext = (uintptr_t)_etext;
	uint64_t ro = (uintptr_t)_rodata, ero = (uintptr_t)_erodata;
	int rc;

	rc = arm64_pt_protect(&kernel_pt, text, etext - text,
			      ARM64_PT_PROT_RX | ARM64_PT_MT_NORMAL_WB);
	if (!rc && ero > ro)
		rc = arm64_pt_protect(&kernel_pt, ro, ero - ro,
				      ARM64_PT_PROT_R | ARM64_PT_MT_NORMAL_WB);
	return rc;
}

/*
 * The early tables map with 1 GiB blocks what the new ones may map with
 * pages: swapping TTBR0 with the MMU on could leave both in the TLB (TLB
 * conflict abort). So switch with the MMU off for a few instructions:
 * this code runs identity-mapped and touches no data meanwhile.
 */
static void switch_ttbr0(uint64_t root)
{
	uint64_t sctlr = arm64_sysreg_read(sctlr_el1);

	__asm__ __volatile__("dsb ish\n\t"
			     "msr sctlr_el1, %[off]\n\t"
			     "isb\n\t"
			     "msr ttbr0_el1, %[root]\n\t"
			     "isb\n\t"
			     "tlbi vmalle1\n\t"
			     "dsb nsh\n\t"
			     "isb\n\t"
			     "msr sctlr_el1, %[on]\n\t"
			     "isb"
			     :
			     : [off] "r"(sctlr & ~SCTLR_EL1_M), [on] "r"(sctlr),
			       [root] "r"(root)
			     : "memory");
}

/* The largest free region: it gives up its top pages for the tables. */
static struct ukplat_memregion *largest_free(struct ukplat_bootinfo *bi)
{
	struct ukplat_memregion *best = NULL;
	unsigned int i;

	for (i = 0; i < bi->mrd_count; i++)
		if ((bi->mrd[i].flags & UKPLAT_MEMRF_FREE) &&
		    (!best || bi->mrd[i].len > best->len))
			best = &bi->mrd[i];
	return best;
}

/* RAM outside the image sections: RW, executable only without W^X. */
static unsigned long ram_attr(void)
{
	if (!CONFIG_ENFORCE_W_XOR_X)
		return ARM64_PT_ATTR_RAM | ARM64_PT_PROT_EXEC; /* early map's */
	return ARM64_PT_ATTR_RAM;
}

static int build(struct boot_pages *bp)
{
	int rc;

	rc = arm64_pt_init(&kernel_pt, &hw_ops, NULL, boot_alloc_page, NULL,
			   bp);
	if (rc)
		return rc;
	/*
	 * RAM with pages, not blocks: ukplat_page_guard() then changes one
	 * leaf, never splits a block that other CPUs are using (1 table
	 * page per 2 MiB; the direct map keeps its blocks).
	 */
	rc = map_window(false, ARM64_PT_PAGE_SIZE, ram, nram,
			ram_attr() | ARM64_PT_MAP_PAGES);
	if (!rc)
		rc = map_window(true, 0, ram, nram, ARM64_PT_ATTR_RAM);
	if (!rc && CONFIG_ENFORCE_W_XOR_X)
		rc = protect_image();
	return rc;
}

int arm64_mmu_init(struct ukplat_bootinfo *bi)
{
	struct ukplat_memregion *donor = largest_free(bi);
	struct boot_pages bp;
	uint64_t used, t0, ram_size = 0;
	unsigned int i;
	int rc;

	if (!donor)
		return -ENOMEM;
	nram = ram_ranges(bi, ram);
	for (i = 0; i < nram; i++)
		ram_size += ram[i].end - ram[i].base;
	bp.base = donor->pbase;
	bp.top = donor->pbase + donor->len;
	t0 = arm64_sysreg_read(cntvct_el0);
	rc = build(&bp);
	if (rc) {
		/* donor keeps its size: the pages taken return to it. */
		kernel_pt.root_pa = 0;
		return rc;
	}

	switch_ttbr0(kernel_pt.root_pa);
	kernel_pt_live = true;
	kernel_pt.alloc_page = no_page;
	kernel_pt.alloc_ctx = NULL;

	used = donor->pbase + donor->len - bp.top;
	/* Boot-time cost of the page-granular RAM map (see build()). */
	uk_pr_info("arm64: page tables for %lu MiB of RAM: %lu pages, %lu us\n",
		   (unsigned long)(ram_size >> 20),
		   (unsigned long)(used / ARM64_PT_PAGE_SIZE),
		   (unsigned long)((arm64_sysreg_read(cntvct_el0) - t0) *
				   1000000 / arm64_sysreg_read(cntfrq_el0)));
	donor->len -= used;
	if (bi->mrd_count < UKPLAT_MEMREGION_MAX) {
		bi->mrd[bi->mrd_count].pbase = bp.top;
		bi->mrd[bi->mrd_count].len = used;
		bi->mrd[bi->mrd_count].flags = UKPLAT_MEMRF_RESERVED;
		bi->mrd_count++;
	}
	return 0;
}

void arm64_mmu_load(void)
{
	switch_ttbr0(kernel_pt.root_pa);
}

struct arm64_pt *arm64_mmu_kernel_pt(void)
{
	return kernel_pt.root_pa ? &kernel_pt : NULL;
}

void arm64_mmu_set_page_allocator(arm64_pt_alloc_page_t alloc_page,
				  arm64_pt_free_page_t free_page, void *ctx)
{
	kernel_pt.alloc_page = alloc_page;
	kernel_pt.free_page = free_page;
	kernel_pt.alloc_ctx = ctx;
}

static bool in_ram(uint64_t va)
{
	unsigned int i;

	for (i = 0; i < nram; i++)
		if (va >= ram[i].base && va < ram[i].end)
			return true;
	return false;
}

/*
 * The identity map of RAM has 4 KiB pages (build()), so a guard page is
 * one leaf removed or put back: no split, and the library's TLBI ...IS
 * reaches every CPU. Image pages (.text, .rodata) have other attributes
 * and are refused.
 */
int ukplat_page_guard(void *va)
{
	uint64_t a = (uintptr_t)va, pa, size;
	unsigned long attr, flags;
	int rc;

	if (!kernel_pt.root_pa)
		return -ENOTSUP;
	if ((a & (__PAGE_SIZE - 1)) || !in_ram(a))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&kernel_pt_lock);
	rc = arm64_pt_lookup(&kernel_pt, a, &pa, &attr, &size);
	if (rc)
		rc = -EFAULT;
	else if (pa != a || attr != ram_attr() || size != __PAGE_SIZE)
		rc = -EINVAL;
	else
		rc = arm64_pt_unmap(&kernel_pt, a, __PAGE_SIZE);
	uk_spin_unlock(&kernel_pt_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/* Page by page: each TLBI ...IS reaches every CPU, no IPI to save. */
int ukplat_page_guard_n(void *va, unsigned long n)
{
	unsigned long i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		rc = ukplat_page_guard((char *)va + i * __PAGE_SIZE);
	if (rc)
		for (i--; i-- > 0;)
			ukplat_page_unguard((char *)va + i * __PAGE_SIZE);
	return rc;
}

int ukplat_page_unguard(void *va)
{
	uint64_t a = (uintptr_t)va;
	unsigned long flags;
	int rc;

	if (!kernel_pt.root_pa)
		return -ENOTSUP;
	if ((a & (__PAGE_SIZE - 1)) || !in_ram(a))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&kernel_pt_lock);
	/* The level 3 table is still there: mapping needs no new page. */
	rc = arm64_pt_map(&kernel_pt, a, a, __PAGE_SIZE, ram_attr());
	uk_spin_unlock(&kernel_pt_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc == -EEXIST ? -EINVAL : rc;
}

/*
 * Rights of heap pages: each page of RAM is one leaf (build()), so a
 * change never splits a block, and the library's TLBI ...IS reaches every
 * CPU. The image's code and read-only data keep W^X's rights.
 */
static int set_rights(uint64_t va, unsigned long n, unsigned long attr)
{
	uint64_t end = va + n * __PAGE_SIZE, a, pa, size;
	unsigned long flags, cur;
	int rc = 0;

	if (!kernel_pt.root_pa)
		return -ENOTSUP;
	if ((va & (__PAGE_SIZE - 1)) || end < va || n == 0)
		return -EINVAL;
	if (va < (uintptr_t)_erodata && end > (uintptr_t)_text)
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	uk_spin_lock(&kernel_pt_lock);
	for (a = va; a < end && !rc; a += __PAGE_SIZE) {
		if (!in_ram(a))
			rc = -EINVAL;
		else if (arm64_pt_lookup(&kernel_pt, a, &pa, &cur, &size))
			rc = -EFAULT;
		else if (pa != a || size != __PAGE_SIZE ||
			 (cur & ARM64_PT_MT_MASK) != ARM64_PT_MT_NORMAL_WB)
			rc = -EINVAL;
	}
	if (!rc)
		rc = arm64_pt_protect(&kernel_pt, va, end - va, attr);
	uk_spin_unlock(&kernel_pt_lock);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

int ukplat_page_protect(void *va, unsigned long n, int prot)
{
	unsigned long attr = ARM64_PT_PROT_READ | ARM64_PT_MT_NORMAL_WB;

	if (CONFIG_ENFORCE_W_XOR_X && (prot & UKPLAT_PAGE_WRITE) &&
	    (prot & UKPLAT_PAGE_EXEC))
		return -EACCES;
	if (prot & UKPLAT_PAGE_WRITE)
		attr |= ARM64_PT_PROT_WRITE;
	if (prot & UKPLAT_PAGE_EXEC)
		attr |= ARM64_PT_PROT_EXEC;
	return set_rights((uintptr_t)va, n, attr);
}

int ukplat_page_unprotect(void *va, unsigned long n)
{
	return set_rights((uintptr_t)va, n, ram_attr());
}
