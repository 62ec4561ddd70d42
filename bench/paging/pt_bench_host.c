/* Host benchmark: time to build page tables for 64 MiB and 1 GiB of RAM. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <arm64/paging.h>

#define POOL_PAGES 1024 /* 1 GiB of 4 KiB pages needs 515 tables */
#define RUNS 21
#define RAM_BASE 0x40000000UL

/* Table pages at fake physical addresses POOL_PA..; reset between runs. */
#define POOL_PA 0x100000000UL

struct pool {
	uint8_t *mem;
	unsigned int used;
};

static void *p2v(void *ctx, uint64_t pa)
{
	return ((struct pool *)ctx)->mem + (pa - POOL_PA);
}

static uint64_t v2p(void *ctx, const void *va)
{
	return POOL_PA +
	       (uint64_t)((const uint8_t *)va - ((struct pool *)ctx)->mem);
}

static void nop(void *ctx)
{
	(void)ctx;
}

static void nop_tlbi(void *ctx, uint64_t va, int leaf)
{
	(void)ctx;
	(void)va;
	(void)leaf;
}

static const struct arm64_pt_ops ops = { p2v, v2p, nop, nop_tlbi, nop, nop };

static void *alloc(void *ctx)
{
	struct pool *p = ctx;

	if (p->used == POOL_PAGES)
		return NULL;
	return p->mem + (size_t)p->used++ * ARM64_PT_PAGE_SIZE;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median microseconds to map len bytes of RAM; pa_skew 4096 forbids blocks. */
static double bench(struct pool *p, uint64_t len, uint64_t pa_skew,
		    unsigned int *tables)
{
	double t[RUNS], t0;
	struct arm64_pt pt;
	int i;

	for (i = 0; i < RUNS; i++) {
		p->used = 0;
		t0 = now_us();
		if (arm64_pt_init(&pt, &ops, p, alloc, NULL, p) ||
		    arm64_pt_map(&pt, RAM_BASE, RAM_BASE + pa_skew, len,
				 ARM64_PT_ATTR_RAM)) {
			fprintf(stderr, "pt_bench: map failed\n");
			exit(1);
		}
		t[i] = now_us() - t0;
	}
	*tables = p->used;
	qsort(t, RUNS, sizeof(t[0]), cmp);
	return t[RUNS / 2];
}

int main(void)
{
	static const struct {
		const char *name;
		uint64_t len;
	} sizes[] = { { "64 MiB", 64UL << 20 }, { "1 GiB", 1UL << 30 } };
	size_t bytes = (size_t)POOL_PAGES * ARM64_PT_PAGE_SIZE;
	struct pool p = { aligned_alloc(ARM64_PT_PAGE_SIZE, bytes), 0 };
	unsigned int i, tables;
	double us;

	if (!p.mem)
		return 1;
	printf("arm64 page-table build time, host, median of %d runs\n", RUNS);
	for (i = 0; i < 2; i++) {
		us = bench(&p, sizes[i].len, 0, &tables);
		printf("%-7s blocks where aligned: %9.1f us, %4u table pages\n",
		       sizes[i].name, us, tables);
		us = bench(&p, sizes[i].len, ARM64_PT_PAGE_SIZE, &tables);
		printf("%-7s 4 KiB pages only:     %9.1f us, %4u table pages\n",
		       sizes[i].name, us, tables);
	}
	free(p.mem);
	return 0;
}
