/*
 * Fuzz target: the arm64 platform's device-tree bindings (plat/arm64
 * fdt.c over libfdt) on any blob the boot CPU could be given. As at boot,
 * a blob counts only if arm64_fdt_usable() accepts it; then the
 * virtio-mmio slots are listed, every node's reg and GIC interrupts
 * read, and the size the memory map reserves for the tree taken. Checked
 * against the contracts: 0, -ENOENT or -EINVAL, a decoded interrupt is an
 * SPI or PPI INTID, the used size lies between the header's and
 * fdt_totalsize(); ASan checks every read.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arm64/fdt.h>
#include <uk/plat/virtio_mmio.h>

static void check_node(const void *fdt, int parent, int node)
{
	uint64_t addr, size;
	unsigned int intid, trigger, i;
	int ret;

	for (i = 0; i < 4; i++) {
		ret = arm64_fdt_reg(fdt, parent, node, i, &addr, &size);
		if (ret != 0 && ret != -ENOENT && ret != -EINVAL)
			abort();
		ret = arm64_fdt_irq(fdt, node, i, &intid, &trigger);
		if (ret != 0 && ret != -ENOENT && ret != -EINVAL)
			abort();
		/* GIC INTIDs: PPIs 16..31, SPIs 32..1019. */
		if (!ret && (intid < 16 || intid > 1019))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const any[] = { "virtio,mmio", "arm,pl011",
					   "arm,cortex-a15-gic", "arm,gic-v3" };
	struct arm64_fdt_walk w = ARM64_FDT_WALK_INIT;
	struct ukplat_virtio_mmio_dev devs[4];
	unsigned int which;
	uint32_t used;
	void *buf;
	int node, budget = 4096;

	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	/* libfdt reads the whole header of a version 17 tree first. */
	if (size < sizeof(struct fdt_header) || !arm64_fdt_usable(buf) ||
	    fdt_totalsize(buf) > size) {
		free(buf);
		return 0;
	}
	used = arm64_fdt_used_size(buf);
	if (used < sizeof(struct fdt_header) || used > fdt_totalsize(buf))
		abort();
	arm64_fdt = buf;
	ukplat_virtio_mmio_list(devs, 4);
	while (budget-- > 0) {
		node = arm64_fdt_next_compatible(buf, &w, any, 4, &which);
		if (node < 0)
			break;
		if (which >= 4)
			abort();
		check_node(buf, arm64_fdt_walk_parent(&w), node);
	}
	arm64_fdt = NULL;
	free(buf);
	return 0;
}
