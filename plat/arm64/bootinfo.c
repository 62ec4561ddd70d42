/* Device tree to struct ukplat_bootinfo: command line, RAM, reservations. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include <arm64/boot.h>
#include <arm64/fdt.h>

/* Without a usable device tree: QEMU virt's smallest useful RAM. */
#define ARM64_RAM_DEFAULT_SIZE (64UL << 20)

#define MAX_RAM 16	/* RAM ranges taken from /memory nodes */
#define MAX_CARVE 16	/* kernel, DTB and /memreserve/ entries */

struct range {
	uint64_t base, end;
};

struct dt_scan {
	uint32_t addr_cells, size_cells; /* of the root node */
	const char *bootargs;
	struct range ram[MAX_RAM];
	unsigned int nram;
};

static int is_memory_node(const char *name)
{
	static const char m[] = "memory";
	unsigned int i;

	for (i = 0; i < sizeof(m) - 1; i++)
		if (name[i] != m[i])
			return 0;
	return name[i] == '\0' || name[i] == '@';
}

static int is_prop(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Appends the (address, size) pairs of a /memory "reg" property. */
static void scan_reg(struct dt_scan *s, const uint8_t *val, uint32_t len)
{
	uint32_t ac = s->addr_cells, sc = s->size_cells;
	uint32_t step = (ac + sc) * 4, off;
	uint64_t base, size;

	if ((ac != 1 && ac != 2) || (sc != 1 && sc != 2))
		return;
	for (off = 0; off + step <= len && s->nram < MAX_RAM; off += step) {
		base = arm64_fdt_cells(val + off, ac);
		size = arm64_fdt_cells(val + off + ac * 4, sc);
		if (size == 0 || base + size < base)
			continue;
		s->ram[s->nram].base = base;
		s->ram[s->nram].end = base + size;
		s->nram++;
	}
}

static int scan_visit(void *arg, int depth, const char *node,
		      const char *prop, const void *val, uint32_t len)
{
	struct dt_scan *s = arg;

	if (!prop)
		return 0;
	if (depth == 0 && len == 4 && is_prop(prop, "#address-cells"))
		s->addr_cells = arm64_fdt32(val);
	else if (depth == 0 && len == 4 && is_prop(prop, "#size-cells"))
		s->size_cells = arm64_fdt32(val);
	else if (depth == 1 && is_prop(node, "chosen") &&
		 is_prop(prop, "bootargs") && len > 0 &&
		 ((const char *)val)[len - 1] == '\0')
		s->bootargs = val;
	else if (depth == 1 && is_memory_node(node) && is_prop(prop, "reg"))
		scan_reg(s, val, len);
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

int arm64_bootinfo_init(struct ukplat_bootinfo *bi, const void *fdt)
{
	static struct dt_scan s; /* ~300 bytes: keep it off the boot stack */
	struct range carve[MAX_CARVE];
	unsigned int ncarve = 0, i;
	uint64_t kbase = (uintptr_t)_text, ksize = (uintptr_t)_end - kbase;
	uint64_t a, sz;
	uint32_t fdt_size = arm64_fdt_size(fdt);
	int ret = 0;

	/* Devicetree spec 2.3.5: defaults when the root omits them. */
	s.addr_cells = 2;
	s.size_cells = 1;
	s.bootargs = NULL;
	s.nram = 0;
	if (!fdt_size || arm64_fdt_walk(fdt, scan_visit, &s) < 0) {
		warn("arm64: no usable device tree, assuming 64 MiB of RAM\n");
		fdt_size = 0;
		s.bootargs = NULL;
		s.nram = 0;
		ret = -EINVAL;
	}
	if (s.nram == 0) {
		s.ram[0].base = ARM64_RAM_BASE;
		s.ram[0].end = ARM64_RAM_BASE + ARM64_RAM_DEFAULT_SIZE;
		s.nram = 1;
	}

	bi->dtb = fdt_size ? (uintptr_t)fdt : 0;
	bi->rsdp = 0;
	/* Points into the device tree, which stays reserved. */
	bi->cmdline = s.bootargs ? s.bootargs : "";
	bi->mrd_count = 0;

	carve_add(carve, &ncarve, kbase, ksize);
	mrd_add(bi, carve[0].base, carve[0].end, UKPLAT_MEMRF_KERNEL);
	if (fdt_size) {
		carve_add(carve, &ncarve, (uintptr_t)fdt, fdt_size);
		for (i = 0; arm64_fdt_memrsv(fdt, i, &a, &sz) == 0; i++)
			carve_add(carve, &ncarve, a, sz);
		for (i = 1; i < ncarve; i++)
			mrd_add(bi, carve[i].base, carve[i].end,
				UKPLAT_MEMRF_RESERVED);
	}

	sort_ranges(carve, ncarve);
	for (i = 0; i < s.nram; i++)
		mrd_add_free(bi, s.ram[i], carve, ncarve);
	return ret;
}
