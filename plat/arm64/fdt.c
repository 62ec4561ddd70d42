/*
 * The bindings the arm64 platform reads from the device tree, on libfdt:
 * "reg" sized by the parent's cells, GIC "interrupts", and the virtio-mmio
 * nodes as <uk/plat/virtio_mmio.h> describes them.
 * Pure logic: host tests run it on trees built with libfdt.
 */
#include <errno.h>
#include <libfdt.h>
#include <uk/plat/trap.h>
#include <uk/plat/virtio_mmio.h>
#include <arm64/fdt.h>

/* GIC binding (arm,gic.yaml): interrupt type cell and INTID ranges. */
#define DT_GIC_SPI 0
#define DT_GIC_PPI 1
#define DT_GIC_SPI_BASE 32
#define DT_GIC_SPI_MAX 988 /* SPIs are INTIDs 32..1019 */
#define DT_GIC_PPI_BASE 16
#define DT_GIC_PPI_MAX 16
#define DT_IRQ_TYPE_MASK 0xf

const void *arm64_fdt;

int arm64_fdt_usable(const void *fdt)
{
	return !((uintptr_t)fdt & 7) && !fdt_check_header(fdt) &&
	       !(fdt_off_mem_rsvmap(fdt) & 7) && !(fdt_off_dt_struct(fdt) & 3);
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

uint32_t arm64_fdt_used_size(const void *fdt)
{
	uint32_t total = fdt_totalsize(fdt), end;
	int nrsv = fdt_num_mem_rsv(fdt);

	if (fdt_version(fdt) < 17 || nrsv < 0)
		return total;
	end = fdt_off_mem_rsvmap(fdt) +
	      ((uint32_t)nrsv + 1) * sizeof(struct fdt_reserve_entry);
	end = max_u32(end, fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt));
	end = max_u32(end, fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt));
	return end < total ? end : total;
}

int arm64_fdt_reg(const void *fdt, int parent, int node, unsigned int i,
		  uint64_t *addr, uint64_t *size)
{
	int ac, sc, len;
	const uint8_t *p;
	uint64_t step;

	if (parent < 0)
		return -EINVAL;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -EINVAL;
	p = fdt_getprop(fdt, node, "reg", &len);
	step = (uint64_t)(ac + sc) * 4;
	if (!p || (i + 1) * step > (uint64_t)len)
		return -ENOENT;
	p += i * step;
	*addr = arm64_fdt_cells(p, (uint32_t)ac);
	*size = sc ? arm64_fdt_cells(p + ac * 4, (uint32_t)sc) : 0;
	return 0;
}

int arm64_fdt_next_compatible(const void *fdt, struct arm64_fdt_walk *w,
			      const char *const compat[], unsigned int n,
			      unsigned int *which)
{
	const char *list;
	unsigned int i;
	int len;

	/*
	 * Each node's "compatible" is read once: every libfdt lookup is a
	 * walk with full bounds checks, the main cost of boot-time discovery.
	 */
	for (;;) {
		w->node = fdt_next_node(fdt, w->node, &w->depth);
		if (w->node < 0)
			return w->node;
		if (w->depth < 0)
			return -FDT_ERR_NOTFOUND; /* past the root's end */
		if (w->depth >= ARM64_FDT_MAX_DEPTH)
			continue;
		w->parents[w->depth] = w->node;
		if (w->depth == 0)
			continue;
		list = fdt_getprop(fdt, w->node, "compatible", &len);
		for (i = 0; list && i < n; i++) {
			if (fdt_stringlist_contains(list, len, compat[i])) {
				*which = i;
				return w->node;
			}
		}
	}
}

int arm64_fdt_irq(const void *fdt, int node, unsigned int i,
		  unsigned int *intid, unsigned int *trigger)
{
	const uint8_t *p;
	uint32_t type, num, flags;
	int len;

	p = fdt_getprop(fdt, node, "interrupts", &len);
	if (!p || (i + 1) * 12ULL > (uint64_t)len)
		return -ENOENT;
	p += i * 12;
	type = arm64_fdt32(p);
	num = arm64_fdt32(p + 4);
	flags = arm64_fdt32(p + 8) & DT_IRQ_TYPE_MASK;
	if (flags != UKPLAT_IRQ_EDGE_RISING &&
	    flags != UKPLAT_IRQ_EDGE_FALLING &&
	    flags != UKPLAT_IRQ_LEVEL_HIGH && flags != UKPLAT_IRQ_LEVEL_LOW)
		return -EINVAL;
	if (type == DT_GIC_SPI && num < DT_GIC_SPI_MAX)
		*intid = DT_GIC_SPI_BASE + num;
	else if (type == DT_GIC_PPI && num < DT_GIC_PPI_MAX)
		*intid = DT_GIC_PPI_BASE + num;
	else
		return -EINVAL;
	*trigger = flags;
	return 0;
}

/* The slots are the "virtio,mmio" nodes, in tree order. */
unsigned int ukplat_virtio_mmio_list(struct ukplat_virtio_mmio_dev *devs,
				     unsigned int max)
{
	static const char *const compat[] = { "virtio,mmio" };
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	const void *fdt = arm64_fdt;
	struct ukplat_virtio_mmio_dev d;
	unsigned int n = 0, which;
	int node;

	if (!fdt)
		return 0;
	for (;;) {
		node = arm64_fdt_next_compatible(fdt, &w, compat, 1, &which);
		if (node < 0)
			return n;
		if (arm64_fdt_reg(fdt, arm64_fdt_walk_parent(&w), node, 0,
				  &d.base, &d.size) ||
		    arm64_fdt_irq(fdt, node, 0, &d.irq, &d.trigger))
			continue;
		if (n < max)
			devs[n] = d;
		n++;
	}
}
