/*
 * Booted as an ELF, the kernel finds the device tree at the base of RAM
 * (x0 is 0) and keeps the pages that hold its blocks out of the heap,
 * while the tree's free space (most of the 1 MiB QEMU gives it) is heap:
 * the test takes every free page of the heap and writes over it, then
 * checks that the tree's blocks are still there, byte for byte, and that
 * the heap had pages below the kernel.
 */
#include <libfdt.h>
#include <stdint.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <arm64/boot.h>
#include <arm64/fdt.h>

/* FNV-1a over len bytes. */
static uint64_t hash(const unsigned char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

TESTCASE(dtb, at_ram_base_not_given_to_the_heap)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p, *head = NULL;
	unsigned long pages = 0;
	uint64_t before, after;
	unsigned long below = 0;
	size_t size;

	EXPECT_EQ((uintptr_t)arm64_fdt, ARM64_RAM_BASE);
	if ((uintptr_t)arm64_fdt != ARM64_RAM_BASE)
		return;
	size = arm64_fdt_used_size(arm64_fdt);
	EXPECT_LT(size, fdt_totalsize(arm64_fdt));
	before = hash(arm64_fdt, size);
	/* Every free page, filled, chained through its first word. */
	while ((p = a->palloc(a, 1))) {
		memset(p, 0xa5, __PAGE_SIZE);
		*(void **)p = head;
		head = p;
		pages++;
		below += (uintptr_t)p < (uintptr_t)_text;
	}
	after = hash(arm64_fdt, size);
	while (head) {
		p = *(void **)head;
		a->pfree(a, head, 1);
		head = p;
	}
	EXPECT_GT(pages, 10);
	/* 254 pages below the kernel; main()'s stack took 128 of them. */
	EXPECT_GT(below, 64);
	EXPECT_EQ(fdt_check_header(arm64_fdt), 0);
	EXPECT_EQ(after, before);
}
