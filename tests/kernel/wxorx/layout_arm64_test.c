/* In-kernel checks of the arm64 kernel page tables: sections, maps, API. */
#include <errno.h>
#include <uk/config.h>
#include <uk/plat/paging.h>
#include <uk/test.h>
#include <arm64/boot.h>
#include <arm64/mmu.h>
#include <arm64/paging.h>
#include <arm64/pl011.h>
#include <arm64/sysreg.h>

extern char _etext[], _rodata[], _erodata[], _data[];

#define NORMAL ARM64_PT_MT_NORMAL_WB
/* What an image section maps as, with and without W^X. */
#define KERNEL_ATTR(prot)                                                      \
	(CONFIG_ENFORCE_W_XOR_X ? (prot) | NORMAL : ARM64_PT_PROT_RWX | NORMAL)

static const volatile int ro_value = 7;
static volatile int data_value = 1;
static volatile int bss_value;

static long attr_of(const volatile void *p)
{
	unsigned long attr;
	int rc = arm64_pt_lookup(arm64_mmu_kernel_pt(), (uintptr_t)p, NULL,
				 &attr, NULL);

	return rc ? rc : (long)attr;
}

TESTCASE(arm64_mmu, kernel_sections)
{
	volatile int local = 0;

	EXPECT_EQ(attr_of(_text), KERNEL_ATTR(ARM64_PT_PROT_RX));
	EXPECT_EQ(attr_of(_etext - 1), KERNEL_ATTR(ARM64_PT_PROT_RX));
	EXPECT_EQ(attr_of(_rodata), KERNEL_ATTR(ARM64_PT_PROT_R));
	EXPECT_EQ(attr_of(&ro_value), KERNEL_ATTR(ARM64_PT_PROT_R));
	EXPECT_EQ(attr_of(_erodata - 1), KERNEL_ATTR(ARM64_PT_PROT_R));
	EXPECT_EQ(attr_of(_data), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(attr_of(&data_value), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(attr_of(&bss_value), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(attr_of(&local), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(attr_of(_end - 1), KERNEL_ATTR(ARM64_PT_PROT_RW));
	/* RAM past the image: the heap. */
	EXPECT_EQ(attr_of(_end + (1 << 20)), KERNEL_ATTR(ARM64_PT_PROT_RW));
}

TESTCASE(arm64_mmu, identity_and_direct_map)
{
	uint64_t pa = 0;
	volatile int *alias;

	EXPECT_EQ(arm64_pt_lookup(arm64_mmu_kernel_pt(), (uintptr_t)&data_value,
				  &pa, NULL, NULL),
		  0);
	EXPECT_EQ(pa, (uintptr_t)&data_value);
	alias = arm64_phys_to_virt(pa);
	EXPECT_EQ(attr_of(alias), ARM64_PT_ATTR_RAM);
	data_value = 1234;
	EXPECT_EQ(*alias, 1234);
	*alias = 4321;
	EXPECT_EQ(data_value, 4321);
	/* Never executable, even the image's code. */
	EXPECT_EQ(attr_of(arm64_phys_to_virt((uintptr_t)_text)),
		  ARM64_PT_ATTR_RAM);
	/* MMIO is device memory, in both maps. */
	EXPECT_EQ(attr_of((void *)ARM64_PL011_BASE), ARM64_PT_ATTR_DEVICE);
	EXPECT_EQ(attr_of(arm64_phys_to_virt(ARM64_PL011_BASE)),
		  ARM64_PT_ATTR_DEVICE);
	/* NULL is not mapped. */
	EXPECT_EQ(attr_of(NULL), -ENOENT);
	EXPECT_EQ(attr_of((void *)(ARM64_PT_PAGE_SIZE - 1)), -ENOENT);
}

TESTCASE(arm64_mmu, system_registers)
{
	uint64_t tcr = arm64_sysreg_read(tcr_el1);

	EXPECT_EQ(arm64_sysreg_read(ttbr0_el1) & ARM64_PTE_OA_MASK,
		  arm64_mmu_kernel_pt()->root_pa);
	EXPECT_EQ(tcr & 0x3f, 16); /* T0SZ: 48-bit VA */
	EXPECT_EQ((tcr >> 14) & 3, 0); /* TG0: 4 KiB */
	EXPECT_TRUE(tcr & TCR_EPD1); /* no TTBR1 walks */
	EXPECT_EQ(arm64_sysreg_read(mair_el1), ARM64_PT_MAIR);
	EXPECT_TRUE(arm64_sysreg_read(sctlr_el1) & SCTLR_EL1_M);
}

/* Table pages for the run-time test, from .bss (identity-mapped RAM). */
static uint64_t pool[4][ARM64_PT_ENTRIES] __aligned(4096);
static unsigned int pool_used;
static volatile uint64_t target[ARM64_PT_ENTRIES] __aligned(4096);

static void *pool_alloc(void *ctx __unused)
{
	return pool_used < UK_ARRAY_SIZE(pool) ? pool[pool_used++] : NULL;
}

TESTCASE(arm64_mmu, runtime_map_protect_unmap)
{
	struct arm64_pt *pt = arm64_mmu_kernel_pt();
	const uint64_t va = 0x0000800000000000UL; /* 128 TiB: unused */
	volatile uint64_t *alias = (volatile uint64_t *)va;
	uint64_t pa = (uintptr_t)target;

	/* Without an allocator the kernel tables cannot grow. */
	EXPECT_EQ(
		arm64_pt_map(pt, va, pa, ARM64_PT_PAGE_SIZE, ARM64_PT_ATTR_RAM),
		-ENOMEM);
	EXPECT_EQ(attr_of(alias), -ENOENT);

	arm64_mmu_set_page_allocator(pool_alloc, NULL, NULL);
	EXPECT_EQ(
		arm64_pt_map(pt, va, pa, ARM64_PT_PAGE_SIZE, ARM64_PT_ATTR_RAM),
		0);
	EXPECT_EQ(pool_used, 3); /* level 1, 2 and 3 tables */
	alias[5] = 0x1122334455667788UL;
	EXPECT_EQ(target[5], 0x1122334455667788UL);
	target[6] = 42;
	EXPECT_EQ(alias[6], 42);

	EXPECT_EQ(arm64_pt_protect(pt, va, ARM64_PT_PAGE_SIZE,
				   ARM64_PT_PROT_R | NORMAL),
		  0);
	EXPECT_EQ(attr_of(alias), ARM64_PT_PROT_R | NORMAL);
	EXPECT_EQ(alias[5], 0x1122334455667788UL);

	EXPECT_EQ(
		arm64_pt_map(pt, va, pa, ARM64_PT_PAGE_SIZE, ARM64_PT_ATTR_RAM),
		-EEXIST);
	EXPECT_EQ(arm64_pt_unmap(pt, va, ARM64_PT_PAGE_SIZE), 0);
	EXPECT_EQ(attr_of(alias), -ENOENT);
	EXPECT_EQ(arm64_pt_unmap(pt, va, ARM64_PT_PAGE_SIZE), -ENOENT);
	/* The identity mapping of the page is untouched. */
	EXPECT_EQ(target[5], 0x1122334455667788UL);
}

static long size_of(const volatile void *p)
{
	uint64_t size;
	int rc = arm64_pt_lookup(arm64_mmu_kernel_pt(), (uintptr_t)p, NULL,
				 NULL, &size);

	return rc ? rc : (long)size;
}

static volatile uint8_t guarded[2][ARM64_PT_PAGE_SIZE] __aligned(4096);

/* RAM is mapped with pages: a guard page is one leaf, never a split. */
TESTCASE(arm64_mmu, guard_pages)
{
	void *p = (void *)guarded[0];

	EXPECT_EQ(size_of(&bss_value), ARM64_PT_PAGE_SIZE);
	EXPECT_EQ(size_of(_end + (1 << 20)), ARM64_PT_PAGE_SIZE);

	guarded[0][10] = 10;
	EXPECT_EQ(ukplat_page_guard(p), 0);
	EXPECT_EQ(attr_of(p), -ENOENT);
	EXPECT_EQ(attr_of(guarded[1]), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(ukplat_page_guard(p), -EFAULT);
	EXPECT_EQ(ukplat_page_unguard(p), 0);
	EXPECT_EQ(attr_of(p), KERNEL_ATTR(ARM64_PT_PROT_RW));
	EXPECT_EQ(size_of(p), ARM64_PT_PAGE_SIZE);
	EXPECT_EQ(guarded[0][10], 10);
	EXPECT_EQ(ukplat_page_unguard(p), -EINVAL);

	EXPECT_EQ(ukplat_page_guard((char *)p + 8), -EINVAL);
	EXPECT_EQ(ukplat_page_guard((void *)ARM64_PL011_BASE), -EINVAL);
	EXPECT_EQ(ukplat_page_unguard(NULL), -EINVAL);
	if (CONFIG_ENFORCE_W_XOR_X)
		EXPECT_EQ(ukplat_page_guard(_text), -EINVAL);
}
