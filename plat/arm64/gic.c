/* GIC discovery from the device tree: picks the GICv2 or GICv3 driver. */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <arm64/fdt.h>
#include <arm64/gic.h>

const struct arm64_gic_ops *arm64_gic;

struct gic_found {
	int version;
	uint64_t base[2], size[2];
};

/* The first GIC of the tree, by compatible string (arm,gic.yaml). */
static int find_gic(const void *fdt, struct gic_found *g)
{
	static const char *const compat[] = {
		"arm,gic-v3",
		"arm,cortex-a15-gic",
		"arm,gic-400",
	};
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	unsigned int which;
	int node, parent;

	if (!fdt)
		return -ENODEV;
	node = arm64_fdt_next_compatible(fdt, &w, compat, UK_ARRAY_SIZE(compat),
					 &which);
	if (node < 0)
		return -ENODEV;
	parent = arm64_fdt_walk_parent(&w);
	/* reg: distributor, then CPU interface (v2) or redistributors. */
	if (arm64_fdt_reg(fdt, parent, node, 0, &g->base[0], &g->size[0]) ||
	    arm64_fdt_reg(fdt, parent, node, 1, &g->base[1], &g->size[1]))
		return -ENODEV;
	g->version = which == 0 ? 3 : 2;
	return 0;
}

int arm64_gic_init(const void *fdt)
{
	struct gic_found g;

	if (find_gic(fdt, &g)) {
		uk_pr_err("gic: no GIC in the device tree\n");
		return -ENODEV;
	}
	if (g.version == 2)
		arm64_gic = arm64_gicv2_probe(g.base[0], g.base[1]);
	else
		arm64_gic = arm64_gicv3_probe(g.base[0], g.base[1], g.size[1]);
	if (!arm64_gic)
		return -ENODEV;
	uk_pr_info("gic: %s, distributor at 0x%lx\n", arm64_gic->name,
		   (unsigned long)g.base[0]);
	return arm64_gic->cpu_init(arm64_lcpu_self());
}
