/* In-kernel tests of core/alloc: the heap built by the cross toolchain. */
#include <string.h>
#include <uk/allocbuddy.h>
#include <uk/allocregion.h>
#include <uk/test.h>

/* The heap under test lives in .bss; page alignment is not required. */
static char alloc_test_mem[512 * 1024] __aligned(16);

static int alloc_test_faults;
static enum uk_alloc_fault alloc_test_last;

static void alloc_test_hook(struct uk_alloc *a __unused,
			    enum uk_alloc_fault fault, const void *ptr __unused)
{
	alloc_test_faults++;
	alloc_test_last = fault;
}

TESTCASE(alloc, heap_roundtrip)
{
	struct uk_alloc *a = uk_allocbuddy_init(alloc_test_mem + 8,
						sizeof(alloc_test_mem) - 8);
	unsigned long pavail;
	char *p, *q, *pg;

	EXPECT_NE(a, NULL);
	if (!a)
		return;
	pavail = uk_alloc_pavailmem(a);
	p = uk_malloc(a, 100);
	q = uk_memalign(a, 4096, 5000);
	pg = a->palloc(a, 8);
	EXPECT_NE(p, NULL);
	EXPECT_NE(q, NULL);
	EXPECT_NE(pg, NULL);
	EXPECT_EQ((uintptr_t)p % 16, 0);
	EXPECT_EQ((uintptr_t)q % 4096, 0);
	EXPECT_EQ((uintptr_t)pg % __PAGE_SIZE, 0);
	memset(p, 1, 100);
	memset(q, 2, 5000);
	memset(pg, 3, 8 * __PAGE_SIZE);
	EXPECT_EQ(p[99], 1);
	uk_free(a, p);
	uk_free(a, q);
	uk_pfree(a, pg, 8);
	EXPECT_EQ(uk_alloc_pavailmem(a), pavail);
}

TESTCASE(alloc, faults_reported)
{
	struct uk_alloc *a =
		uk_allocbuddy_init(alloc_test_mem, sizeof(alloc_test_mem));
	uk_alloc_corruption_fn old =
		uk_alloc_set_corruption_hook(alloc_test_hook);
	int local;
	char *p = uk_malloc(a, 20);

	alloc_test_faults = 0;
	uk_free(a, p);
	uk_free(a, p);
	EXPECT_EQ(alloc_test_faults, 1);
	EXPECT_EQ(alloc_test_last, UK_ALLOC_FAULT_DOUBLE_FREE);
	uk_free(a, &local);
	EXPECT_EQ(alloc_test_last, UK_ALLOC_FAULT_FOREIGN);
	p = uk_malloc(a, 20);
	p[20] = 'x';
	uk_free(a, p);
	EXPECT_EQ(alloc_test_last, UK_ALLOC_FAULT_OVERFLOW);
	EXPECT_EQ(alloc_test_faults, 3);
	uk_alloc_set_corruption_hook(old);
}

TESTCASE(alloc, region_bump)
{
	struct uk_alloc *a =
		uk_allocregion_init(alloc_test_mem, sizeof(alloc_test_mem));
	size_t avail = uk_alloc_availmem(a);
	void *p = uk_malloc(a, 64);

	EXPECT_NE(p, NULL);
	EXPECT_LT(uk_alloc_availmem(a), avail);
	uk_free(a, p);
	EXPECT_EQ(uk_alloc_availmem(a), avail);
}
