/* Node-level view of the device tree on top of arm64_fdt_walk(). */
#include <arm64/fdt.h>
#include <arm64/fdt_node.h>

const void *arm64_fdt;

struct node_walk {
	int (*fn)(void *arg, const struct arm64_fdt_node *node);
	void *arg;
	int stopped;
	int have_node;                   /* cur holds a node to report */
	struct arm64_fdt_node cur;
	const char *names[FDT_MAX_DEPTH];
	uint32_t addr_cells[FDT_MAX_DEPTH]; /* #address-cells of each level */
	uint32_t size_cells[FDT_MAX_DEPTH];
};

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* Reports the pending node: its properties are complete. */
static int flush(struct node_walk *w)
{
	if (!w->have_node)
		return 0;
	w->have_node = 0;
	if (w->fn(w->arg, &w->cur)) {
		w->stopped = 1;
		return 1;
	}
	return 0;
}

static void begin_node(struct node_walk *w, int depth, const char *name)
{
	struct arm64_fdt_node *n = &w->cur;

	w->names[depth] = name;
	/* Devicetree spec 2.3.5: defaults when a node omits them. */
	w->addr_cells[depth] = 2;
	w->size_cells[depth] = 1;
	n->name = name;
	n->parent = depth ? w->names[depth - 1] : "";
	n->depth = depth;
	n->compatible = NULL;
	n->compatible_len = 0;
	n->device_type = NULL;
	n->device_type_len = 0;
	n->reg = NULL;
	n->reg_len = 0;
	n->interrupts = NULL;
	n->interrupts_len = 0;
	n->addr_cells = depth ? w->addr_cells[depth - 1] : 2;
	n->size_cells = depth ? w->size_cells[depth - 1] : 1;
	w->have_node = 1;
}

static int visit(void *arg, int depth, const char *node, const char *prop,
		 const void *val, uint32_t len)
{
	struct node_walk *w = arg;
	struct arm64_fdt_node *n = &w->cur;

	/*
	 * Properties come before subnodes, so a node is complete when the
	 * next node begins. Its cells are read by its children, which come
	 * later: they stay in addr_cells[depth].
	 */
	if (!prop) {
		if (flush(w))
			return 1;
		begin_node(w, depth, node);
		return 0;
	}
	if (depth != n->depth)
		return 0;
	if (streq(prop, "#address-cells") && len == 4)
		w->addr_cells[depth] = arm64_fdt32(val);
	else if (streq(prop, "#size-cells") && len == 4)
		w->size_cells[depth] = arm64_fdt32(val);
	else if (streq(prop, "compatible")) {
		n->compatible = val;
		n->compatible_len = len;
	} else if (streq(prop, "device_type")) {
		n->device_type = val;
		n->device_type_len = len;
	} else if (streq(prop, "reg")) {
		n->reg = val;
		n->reg_len = len;
	} else if (streq(prop, "interrupts")) {
		n->interrupts = val;
		n->interrupts_len = len;
	}
	return 0;
}

int arm64_fdt_for_each_node(const void *fdt,
			    int (*fn)(void *arg,
				      const struct arm64_fdt_node *node),
			    void *arg)
{
	static struct node_walk w; /* ~600 bytes: off the stack; boot only */

	w.fn = fn;
	w.arg = arg;
	w.stopped = 0;
	w.have_node = 0;
	if (arm64_fdt_walk(fdt, visit, &w) < 0)
		return -1;
	if (!w.stopped)
		flush(&w);
	return 0;
}

int arm64_fdt_node_compatible(const struct arm64_fdt_node *node,
			      const char *compat)
{
	const char *s = node->compatible;
	uint32_t off = 0, n;

	if (!s || !node->compatible_len || s[node->compatible_len - 1])
		return 0;
	while (off < node->compatible_len) {
		if (streq(s + off, compat))
			return 1;
		for (n = 0; s[off + n]; n++)
			;
		off += n + 1;
	}
	return 0;
}

int arm64_fdt_node_is_type(const struct arm64_fdt_node *node,
			   const char *type)
{
	const char *t = node->device_type;

	return t && node->device_type_len && !t[node->device_type_len - 1] &&
	       streq(t, type);
}

int arm64_fdt_node_reg(const struct arm64_fdt_node *node, unsigned int i,
		       uint64_t *addr, uint64_t *size)
{
	uint32_t ac = node->addr_cells, sc = node->size_cells;
	uint64_t step = (uint64_t)(ac + sc) * 4, off = step * i;
	const uint8_t *p = node->reg;

	if (!p || ac < 1 || ac > 2 || sc > 2 || off + step > node->reg_len)
		return -1;
	*addr = arm64_fdt_cells(p + off, ac);
	*size = sc ? arm64_fdt_cells(p + off + ac * 4, sc) : 0;
	return 0;
}
