/*
 * Device tree to struct ukplat_bootinfo: command line, RAM, and what is
 * not free (kernel, the tree itself, reservations, initrd).
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include <libfdt.h>
#include <arm64/boot.h>
#include <arm64/crash.h>
#include <arm64/fdt.h>

/* Without a usable device tree: QEMU virt's smallest useful RAM. */
#define ARM64_RAM_DEFAULT_SIZE (64UL << 20)

#define MAX_RAM 16 /* RAM ranges taken from memory nodes */
#define MAX_CARVE 16 /* kernel, DTB, reservations, initrd */

struct range {
	uint64_t base, end;
};

struct dt_scan {
	int chosen, rsvmem; /* /chosen, /reserved-memory: offsets or < 0 */
	struct range ram[MAX_RAM];
	unsigned int nram;
};

/* Is the node named base, with or without a unit address? */
static int node_is(const void *fdt, int node, const char *base)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	size_t n = strlen(base);

	return name && !strncmp(name, base, n) &&
	       (name[n] == '\0' || name[n] == '@');
}

/* Appends the RAM ranges of a memory node (a child of the root). */
static void add_ram(struct dt_scan *s, const void *fdt, int node)
{
	uint64_t base, size;
	unsigned int i;

	for (i = 0; s->nram < MAX_RAM &&
		    arm64_fdt_reg(fdt, 0, node, i, &base, &size) == 0;
	     i++) {
		if (size == 0 || base + size < base)
			continue;
		s->ram[s->nram].base = base;
		s->ram[s->nram].end = base + size;
		s->nram++;
	}
}

/*
 * One pass over the root's children (every libfdt lookup walks the tree):
 * the memory nodes (spec 3.4), /chosen and /reserved-memory.
 */
static void scan_root(struct dt_scan *s, const void *fdt)
{
	int node;

	s->chosen = -FDT_ERR_NOTFOUND;
	s->rsvmem = -FDT_ERR_NOTFOUND;
	fdt_for_each_subnode(node, fdt, 0) {
		if (node_is(fdt, node, "memory"))
			add_ram(s, fdt, node);
		else if (node_is(fdt, node, "chosen"))
			s->chosen = node;
		else if (node_is(fdt, node, "reserved-memory"))
			s->rsvmem = node;
	}
}

/* Backtraces may follow frame pointers anywhere in the tree's RAM. */
static void crash_ram(const struct dt_scan *s)
{
	uint64_t lo = s->ram[0].base, hi = s->ram[0].end;
	unsigned int i;

	for (i = 1; i < s->nram; i++) {
		lo = UK_MIN(lo, s->ram[i].base);
		hi = UK_MAX(hi, s->ram[i].end);
	}
	arm64_crash_set_ram(lo, hi);
}

/* A NUL-terminated string property of node, or NULL. */
static const char *string_prop(const void *fdt, int node, const char *prop)
{
	const char *v;
	int len;

	v = fdt_getprop(fdt, node, prop, &len);
	return v && len > 0 && v[len - 1] == '\0' ? v : NULL;
}

/* A one- or two-cell number property of node (spec 3.6: /chosen). */
static int number_prop(const void *fdt, int node, const char *prop, uint64_t *v)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, node, prop, &len);
	if (!p || (len != 4 && len != 8))
		return -ENOENT;
	*v = arm64_fdt_cells(p, (uint32_t)len / 4);
	return 0;
}

static void mrd_add(struct ukplat_bootinfo *bi, uint64_t base, uint64_t end,
		    uint32_t flags)
{
	struct ukplat_memregion *m;

	if (end <= base || bi->mrd_count >= UKPLAT_MEMREGION_MAX)
		return;
	m = &bi->mrd[bi->mrd_count++];
	m->pbase = base;
	m->len = end - base;
	m->flags = flags;
}

/* Insertion sort by base: a handful of entries. */
static void sort_ranges(struct range *r, unsigned int n)
{
	unsigned int i, j;
	struct range t;

	for (i = 1; i < n; i++) {
		t = r[i];
		for (j = i; j > 0 && r[j - 1].base > t.base; j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/*
 * Adds ram minus the sorted carve-outs as free regions of whole pages.
 * Page 0 of the address space is never RAM on QEMU virt, so no free
 * region can start at NULL.
 */
static void mrd_add_free(struct ukplat_bootinfo *bi, struct range ram,
			 const struct range *carve, unsigned int ncarve)
{
	uint64_t cur = UK_ALIGN_UP(ram.base, __PAGE_SIZE);
	uint64_t end = UK_ALIGN_DOWN(ram.end, __PAGE_SIZE);
	unsigned int i;

	for (i = 0; i < ncarve && cur < end; i++) {
		if (carve[i].end <= cur)
			continue;
		if (carve[i].base >= end)
			break;
		if (carve[i].base > cur)
			mrd_add(bi, cur, carve[i].base, UKPLAT_MEMRF_FREE);
		cur = UK_MAX(cur, carve[i].end);
	}
	if (cur < end)
		mrd_add(bi, cur, end, UKPLAT_MEMRF_FREE);
}

static void carve_add(struct range *c, unsigned int *n, uint64_t base,
		      uint64_t size)
{
	if (*n >= MAX_CARVE || size == 0 || base + size < base)
		return;
	c[*n].base = UK_ALIGN_DOWN(base, __PAGE_SIZE);
	c[*n].end = UK_ALIGN_UP(base + size, __PAGE_SIZE);
	(*n)++;
}

static void warn(const char *msg)
{
	unsigned int len = 0;

	while (msg[len])
		len++;
	ukplat_coutk(msg, len);
}

/*
 * Everything the tree says must not be reused: the /memreserve/ block,
 * the children of /reserved-memory that have a reg, the initrd.
 */
static void carve_reserved(const void *fdt, const struct dt_scan *s,
			   struct range *c, unsigned int *n)
{
	uint64_t a, sz, end;
	int i, node;

	for (i = 0; fdt_get_mem_rsv(fdt, i, &a, &sz) == 0 && (a || sz); i++)
		carve_add(c, n, a, sz);
	if (s->rsvmem >= 0) {
		fdt_for_each_subnode(node, fdt, s->rsvmem) {
			if (!arm64_fdt_reg(fdt, s->rsvmem, node, 0, &a, &sz))
				carve_add(c, n, a, sz);
		}
	}
	if (number_prop(fdt, s->chosen, "linux,initrd-start", &a) == 0 &&
	    number_prop(fdt, s->chosen, "linux,initrd-end", &end) == 0 &&
	    end > a)
		carve_add(c, n, a, end - a);
}

int arm64_bootinfo_init(struct ukplat_bootinfo *bi, const void *fdt)
{
	static struct dt_scan s; /* ~300 bytes: keep it off the boot stack */
	struct range carve[MAX_CARVE];
	unsigned int ncarve = 0, i;
	uint64_t kbase = (uintptr_t)_text, ksize = (uintptr_t)_end - kbase;
	const char *bootargs = NULL;

	s.nram = 0;
	if (fdt) {
		scan_root(&s, fdt);
		bootargs = string_prop(fdt, s.chosen, "bootargs");
	} else {
		warn("arm64: no usable device tree, assuming 64 MiB of RAM\n");
	}
	if (s.nram) {
		crash_ram(&s);
	} else {
		s.ram[0].base = ARM64_RAM_BASE;
		s.ram[0].end = ARM64_RAM_BASE + ARM64_RAM_DEFAULT_SIZE;
		s.nram = 1;
	}

	bi->dtb = (uintptr_t)fdt;
	bi->rsdp = 0;
	/* Points into the device tree, which stays reserved. */
	bi->cmdline = bootargs ? bootargs : "";
	bi->mrd_count = 0;

	carve_add(carve, &ncarve, kbase, ksize);
	mrd_add(bi, carve[0].base, carve[0].end, UKPLAT_MEMRF_KERNEL);
	if (fdt) {
		/* Its free space (most of QEMU's 1 MiB) goes to the heap. */
		carve_add(carve, &ncarve, (uintptr_t)fdt,
			  arm64_fdt_used_size(fdt));
		carve_reserved(fdt, &s, carve, &ncarve);
		for (i = 1; i < ncarve; i++)
			mrd_add(bi, carve[i].base, carve[i].end,
				UKPLAT_MEMRF_RESERVED);
	}

	sort_ranges(carve, ncarve);
	for (i = 0; i < s.nram; i++)
		mrd_add_free(bi, s.ram[i], carve, ncarve);
	return fdt ? 0 : -EINVAL;
}
