/* GIC discovery from the device tree: picks the GICv2 or GICv3 driver. */
#include <errno.h>
#include <uk/print.h>
#include <arm64/fdt_node.h>
#include <arm64/gic.h>

const struct arm64_gic_ops *arm64_gic;

struct gic_found {
	int version;
	uint64_t base[2], size[2];
};

static int find_gic(void *arg, const struct arm64_fdt_node *n)
{
	struct gic_found *g = arg;

	if (arm64_fdt_node_compatible(n, "arm,gic-v3"))
		g->version = 3;
	else if (arm64_fdt_node_compatible(n, "arm,cortex-a15-gic") ||
		 arm64_fdt_node_compatible(n, "arm,gic-400"))
		g->version = 2;
	else
		return 0;
	/* reg: distributor, then CPU interface (v2) or redistributors. */
	if (arm64_fdt_node_reg(n, 0, &g->base[0], &g->size[0]) ||
	    arm64_fdt_node_reg(n, 1, &g->base[1], &g->size[1]))
		g->version = -1;
	return 1;
}

int arm64_gic_init(const void *fdt)
{
	struct gic_found g = {0};

	if (arm64_fdt_for_each_node(fdt, find_gic, &g) < 0 || g.version <= 0) {
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
