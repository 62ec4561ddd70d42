/*
 * In-kernel tests of x86_64 RAM above 4 GiB (run with -m 6G: the pc
 * machine puts 3 GiB below 4 GiB and 3 GiB at 4..7 GiB): the heap hands
 * it out, it holds data, it is mapped with the page size the CPU offers
 * (1 GiB pages with pdpe1gb, 2 MiB without), read-write and never
 * executable, and a guard page there splits the large page it lies in.
 */
#include <stdint.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/plat/paging.h>
#include <uk/test.h>
#include <x86/cpu.h>
#include <x86/paging.h>

#define GIB (1UL << 30)
#define BLOCK_PAGES 16384UL /* 64 MiB */
#define MAX_BLOCKS 128 /* 8 GiB: more than the VM has */

static bool cpu_has_1g_pages(void)
{
	uint32_t eax, ebx, ecx, edx;

	x86_cpuid(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	return edx & (1 << 26);
}

/* Takes 64 MiB blocks from the heap until one lies above 4 GiB. */
static uint64_t *high_block(void *blocks[MAX_BLOCKS], unsigned int *n)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	for (*n = 0; *n < MAX_BLOCKS; (*n)++) {
		p = uk_palloc(a, BLOCK_PAGES);
		if (!p)
			return NULL;
		blocks[*n] = p;
		if ((uintptr_t)p >= 4 * GIB) {
			(*n)++;
			return p;
		}
	}
	return NULL;
}

static void free_blocks(void *blocks[MAX_BLOCKS], unsigned int n)
{
	while (n--)
		uk_pfree(uk_alloc_get_default(), blocks[n], BLOCK_PAGES);
}

TESTCASE(x86_high_ram, heap_gives_it_and_it_holds_data)
{
	static void *blocks[MAX_BLOCKS];
	unsigned int n, i;
	uint64_t *p = high_block(blocks, &n);
	uint64_t words = BLOCK_PAGES * 4096 / 8;

	EXPECT_TRUE(p != NULL);
	if (!p)
		return;
	for (i = 0; i < 512; i++) {
		p[i * (words / 512)] = (uintptr_t)&p[i * (words / 512)] ^ 0x5a;
		p[words - 1 - i] = i;
	}
	for (i = 0; i < 512; i++) {
		EXPECT_EQ(p[i * (words / 512)],
			  (uintptr_t)&p[i * (words / 512)] ^ 0x5a);
		EXPECT_EQ(p[words - 1 - i], i);
	}
	free_blocks(blocks, n);
}

TESTCASE(x86_high_ram, mapped_to_the_end_with_large_pages)
{
	bool write, exec;
	uint64_t size;

	/*
	 * The first gigabyte above 4 GiB; the last one holds main()'s stack
	 * with its guard page (split).
	 */
	EXPECT_EQ(x86_vaddr_rights(4 * GIB + GIB / 2, &write, &exec, &size), 0);
	EXPECT_TRUE(write);
	EXPECT_EQ(exec, !CONFIG_ENFORCE_W_XOR_X);
	EXPECT_EQ(size, cpu_has_1g_pages() ? GIB : 2UL << 20);
	EXPECT_EQ(x86_vaddr_rights(7 * GIB - 4096, &write, &exec, &size), 0);
	EXPECT_TRUE(write);
	EXPECT_EQ(exec, !CONFIG_ENFORCE_W_XOR_X);
	/* Not RAM: not mapped. */
	EXPECT_FALSE(x86_vaddr_mapped(7 * GIB));
}

TESTCASE(x86_high_ram, guard_page_splits_a_large_page)
{
	static void *blocks[MAX_BLOCKS];
	unsigned int n;
	uint64_t *p = high_block(blocks, &n);
	uint64_t *guard, *below, *above;
	bool write, exec;
	uint64_t size;

	EXPECT_TRUE(p != NULL);
	if (!p)
		return;
	guard = p + 5 * 512;
	below = guard - 512;
	above = guard + 512;
	*below = 0x1234;
	*above = 0x5678;
	EXPECT_EQ(ukplat_page_guard(guard), 0);
	EXPECT_FALSE(x86_vaddr_mapped((uintptr_t)guard));
	EXPECT_EQ(x86_vaddr_rights((uintptr_t)above, &write, &exec, &size), 0);
	EXPECT_EQ(size, 4096);
	EXPECT_TRUE(write);
	EXPECT_EQ(exec, !CONFIG_ENFORCE_W_XOR_X);
	EXPECT_EQ(*below, 0x1234);
	EXPECT_EQ(*above, 0x5678);
	EXPECT_EQ(ukplat_page_unguard(guard), 0);
	*guard = 0x9abc;
	EXPECT_EQ(*guard, 0x9abc);
	free_blocks(blocks, n);
}
