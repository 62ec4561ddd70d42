/*
 * The initrd stays out of the heap: QEMU loads this image's own file as
 * the initrd (-initrd), the test takes every free page of the heap and
 * writes over it, then compares the initrd with the kernel's loaded text.
 */
#include <errno.h>
#include <libfdt.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <arm64/boot.h>
#include <arm64/fdt.h>

/* Bytes compared: the Image header and the start of .text (read-only). */
#define CHECKED 65536UL

/* [start, end) of the initrd from /chosen; 0 or -ENOENT. */
static int initrd_range(uint64_t *start, uint64_t *end)
{
	int chosen = fdt_path_offset(arm64_fdt, "/chosen"), ls, le;
	const void *s, *e;

	s = fdt_getprop(arm64_fdt, chosen, "linux,initrd-start", &ls);
	e = fdt_getprop(arm64_fdt, chosen, "linux,initrd-end", &le);
	if (!s || !e || (ls != 4 && ls != 8) || (le != 4 && le != 8))
		return -ENOENT;
	*start = arm64_fdt_cells(s, (uint32_t)ls / 4);
	*end = arm64_fdt_cells(e, (uint32_t)le / 4);
	return 0;
}

TESTCASE(initrd, not_given_to_the_heap)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p, *head = NULL;
	unsigned long pages = 0;
	uint64_t start = 0, end = 0;
	int same;

	EXPECT_EQ(initrd_range(&start, &end), 0);
	EXPECT_GT(end - start, CHECKED);
	if (end - start <= CHECKED)
		return;
	/* Every free page, filled, chained through its first word. */
	while ((p = a->palloc(a, 1))) {
		memset(p, 0xa5, __PAGE_SIZE);
		*(void **)p = head;
		head = p;
		pages++;
	}
	same = !memcmp((const void *)(uintptr_t)start, _text, CHECKED);
	while (head) {
		p = *(void **)head;
		a->pfree(a, head, 1);
		head = p;
	}
	EXPECT_GT(pages, 1000);
	EXPECT_EQ(same, 1);
}
