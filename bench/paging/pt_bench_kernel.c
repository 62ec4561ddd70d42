/* In-kernel benchmark: page-table build time on arm64, generic timer. */
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/paging.h>
#include <arm64/sysreg.h>

#define POOL_PAGES 520 /* 1 GiB of 4 KiB pages needs 515 tables */
#define RUNS 5
#define VA_BASE 0x8000000000UL /* 512 GiB: a tree that is never loaded */
#define PA_BASE 0x40000000UL

static uint64_t pool[POOL_PAGES][ARM64_PT_ENTRIES] __aligned(4096);
static unsigned int pool_used;

/* The tree is not live: plain identity access, no TLB maintenance. */
static void *p2v(void *ctx __unused, uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static uint64_t v2p(void *ctx __unused, const void *va)
{
	return (uintptr_t)va;
}

static void nop(void *ctx __unused)
{
}

static void nop_tlbi(void *ctx __unused, uint64_t va __unused,
		     int leaf __unused)
{
}

static const struct arm64_pt_ops ops = { p2v, v2p, nop, nop_tlbi, nop, nop };

static void *alloc(void *ctx __unused)
{
	return pool_used < POOL_PAGES ? pool[pool_used++] : NULL;
}

/* Best of RUNS, in counter ticks; pa_skew 4096 forbids blocks. */
static uint64_t bench(uint64_t len, uint64_t pa_skew)
{
	uint64_t best = ~0UL, t0, t;
	struct arm64_pt pt;
	int i;

	for (i = 0; i < RUNS; i++) {
		pool_used = 0;
		__asm__ __volatile__("isb" ::: "memory");
		t0 = arm64_sysreg_read(cntvct_el0);
		if (arm64_pt_init(&pt, &ops, NULL, alloc, NULL, NULL) ||
		    arm64_pt_map(&pt, VA_BASE, PA_BASE + pa_skew, len,
				 ARM64_PT_ATTR_RAM))
			return 0;
		__asm__ __volatile__("isb" ::: "memory");
		t = arm64_sysreg_read(cntvct_el0) - t0;
		best = UK_MIN(best, t);
	}
	return best;
}

int main(int argc __unused, char *argv[] __unused)
{
	static const struct {
		const char *name;
		uint64_t len;
	} sizes[] = { { "64 MiB", 64UL << 20 }, { "1 GiB", 1UL << 30 } };
	uint64_t freq = arm64_sysreg_read(cntfrq_el0), ticks;
	unsigned int i, skew;

	uk_printk("paging-bench: arm64 page-table build, best of %d, "
		  "CNTFRQ %lu Hz\n",
		  RUNS, (unsigned long)freq);
	for (i = 0; i < UK_ARRAY_SIZE(sizes); i++) {
		for (skew = 0; skew <= 1; skew++) {
			ticks = bench(sizes[i].len, skew * ARM64_PT_PAGE_SIZE);
			if (!ticks)
				return 1;
			uk_printk("paging-bench: %s %s: %lu us, %u table "
				  "pages\n",
				  sizes[i].name,
				  skew ? "4 KiB pages" : "blocks",
				  (unsigned long)(ticks * 1000000 / freq),
				  pool_used);
		}
	}
	uk_printk("paging-bench: done\n");
	return 0;
}
