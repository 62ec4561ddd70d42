/* x86_64 W^X layout: access rights of the image, heap and trampoline. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/plat/lcpu.h>
#include <uk/test.h>
#include <x86/cpu.h>
#include <x86/lcpu.h>
#include <x86/paging.h>

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];

#define W 1 /* writable */
#define X 2 /* executable */
/* What a range maps as: with W^X as given, else read-write-executable. */
#define KERNEL(rights) (CONFIG_ENFORCE_W_XOR_X ? (rights) : W | X)

static const volatile int ro_value = 7;
static volatile int data_value = 1;
static volatile int bss_value;

static int rights_of(const volatile void *p)
{
	bool write, exec;
	uint64_t size;
	int rc = x86_vaddr_rights((uintptr_t)p, &write, &exec, &size);

	return rc ? rc : (write ? W : 0) | (exec ? X : 0);
}

static long size_of(uintptr_t va)
{
	bool write, exec;
	uint64_t size;
	int rc = x86_vaddr_rights(va, &write, &exec, &size);

	return rc ? rc : (long)size;
}

TESTCASE(x86_wxorx, kernel_sections)
{
	volatile int local = 0;

	EXPECT_EQ(rights_of(_text), KERNEL(X));
	EXPECT_EQ(rights_of(_etext - 1), KERNEL(X));
	EXPECT_EQ(rights_of(_rodata), KERNEL(0));
	EXPECT_EQ(rights_of(&ro_value), KERNEL(0));
	EXPECT_EQ(rights_of(_erodata - 1), KERNEL(0));
	EXPECT_EQ(rights_of(_data), KERNEL(W));
	EXPECT_EQ(rights_of(&data_value), KERNEL(W));
	EXPECT_EQ(rights_of(&bss_value), KERNEL(W));
	EXPECT_EQ(rights_of(&local), KERNEL(W));
	EXPECT_EQ(rights_of(_end - 1), KERNEL(W));
}

TESTCASE(x86_wxorx, outside_the_image)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *heap = uk_palloc(a, 1);

	EXPECT_EQ(rights_of(heap), KERNEL(W));
	uk_pfree(a, heap, 1);
	/* Below the image (BIOS area), device memory below 4 GiB. */
	EXPECT_EQ(rights_of((void *)(_text - 4096)), KERNEL(W));
	EXPECT_EQ(rights_of((void *)0xfee00000UL), KERNEL(W));
	/* The AP trampoline runs at its copy: code, read-only. */
	EXPECT_EQ(rights_of((void *)X86_TRAMPOLINE_ADDR), KERNEL(X));
	/* Nothing above the boot map's 4 GiB. */
	EXPECT_EQ(rights_of((void *)(4UL << 30)), -EFAULT);
}

/*
 * Only the 2 MiB pages that hold a section boundary are split (here the
 * first, which also holds the boot stack guard); the rest stay large.
 */
TESTCASE(x86_wxorx, splits_only_boundaries)
{
	EXPECT_EQ(size_of((uintptr_t)_text), 4096);
	EXPECT_EQ(size_of((uintptr_t)_rodata), 4096);
	EXPECT_EQ(size_of((uintptr_t)_data), 4096);
	EXPECT_EQ(size_of(UK_ALIGN_UP((uintptr_t)_end, 2UL << 20) + 4096),
		  2UL << 20);
	EXPECT_EQ(size_of(0xc0000000UL), 2UL << 20);
}

TESTCASE(x86_wxorx, control_registers)
{
	uint64_t cr0;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	EXPECT_TRUE(cr0 & X86_CR0_WP);
	EXPECT_TRUE(x86_rdmsr(X86_MSR_EFER) & X86_EFER_NXE);
}

static char ap_stack[16 * 1024] __aligned(16);
static volatile int ap_text_rights = -1;
static volatile uint64_t ap_cr0, ap_efer;

/* Runs on the secondary CPU, which came up through the trampoline page. */
static void ap_entry(void)
{
	uint64_t cr0;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	ap_cr0 = cr0;
	ap_efer = x86_rdmsr(X86_MSR_EFER);
	ap_text_rights = rights_of(_text);
}

/* A CPU started after W^X (run with -smp 2) gets the same protection. */
TESTCASE(x86_wxorx, secondary_cpu)
{
	void *sp[1] = { ap_stack + sizeof(ap_stack) };
	ukplat_lcpu_entry_t entry[1] = { ap_entry };
	unsigned int num = 0;

	EXPECT_EQ(ukplat_lcpu_count(), 2);
	EXPECT_EQ(ukplat_lcpu_start(NULL, &num, sp, entry, 0), 0);
	EXPECT_EQ(num, 1);
	EXPECT_EQ(ukplat_lcpu_wait(NULL, NULL, 0), 0);
	EXPECT_EQ(ap_text_rights, KERNEL(X));
	EXPECT_TRUE(ap_cr0 & X86_CR0_WP);
	EXPECT_TRUE(ap_efer & X86_EFER_NXE);
}
