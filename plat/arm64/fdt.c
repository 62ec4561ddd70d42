/* Flattened device tree walker (devicetree spec v0.4, chapter 5). */
#include <arm64/fdt.h>

/* Header fields, as byte offsets of big-endian 32-bit words. */
#define FDT_H_MAGIC 0
#define FDT_H_TOTALSIZE 4
#define FDT_H_OFF_STRUCT 8
#define FDT_H_OFF_STRINGS 12
#define FDT_H_OFF_MEMRSV 16
#define FDT_H_VERSION 20
#define FDT_H_LAST_COMP 24
#define FDT_H_SIZE_STRINGS 32
#define FDT_H_SIZE_STRUCT 36
#define FDT_H_LEN 40

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t hdr(const void *fdt, unsigned int off)
{
	return arm64_fdt32((const uint8_t *)fdt + off);
}

/* Is [off, off + len) inside [0, size)? Written not to overflow. */
static int in_bounds(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

uint32_t arm64_fdt_size(const void *fdt)
{
	uint32_t size;

	if (!fdt || hdr(fdt, FDT_H_MAGIC) != FDT_MAGIC)
		return 0;
	size = hdr(fdt, FDT_H_TOTALSIZE);
	/* v17 added size_dt_struct; every tree since 2.6.x kernels has it. */
	if (size < FDT_H_LEN || hdr(fdt, FDT_H_VERSION) < 17 ||
	    hdr(fdt, FDT_H_LAST_COMP) > 17)
		return 0;
	if (!in_bounds(hdr(fdt, FDT_H_OFF_STRUCT), hdr(fdt, FDT_H_SIZE_STRUCT),
		       size) ||
	    !in_bounds(hdr(fdt, FDT_H_OFF_STRINGS),
		       hdr(fdt, FDT_H_SIZE_STRINGS), size) ||
	    !in_bounds(hdr(fdt, FDT_H_OFF_MEMRSV), 0, size))
		return 0;
	return size;
}

/* Length of the string at s, or -1 when no NUL comes before s + max. */
static int32_t bounded_strlen(const char *s, uint32_t max)
{
	uint32_t i;

	for (i = 0; i < max && i < INT32_MAX; i++)
		if (s[i] == '\0')
			return (int32_t)i;
	return -1;
}

int arm64_fdt_walk(const void *fdt, arm64_fdt_visit_t visit, void *arg)
{
	const uint8_t *st, *strs;
	const char *names[FDT_MAX_DEPTH];
	uint32_t st_size, strs_size, off = 0, tok, len, nameoff;
	int32_t n;
	int depth = -1;

	if (!arm64_fdt_size(fdt))
		return -1;
	st = (const uint8_t *)fdt + hdr(fdt, FDT_H_OFF_STRUCT);
	st_size = hdr(fdt, FDT_H_SIZE_STRUCT);
	strs = (const uint8_t *)fdt + hdr(fdt, FDT_H_OFF_STRINGS);
	strs_size = hdr(fdt, FDT_H_SIZE_STRINGS);

	for (;;) {
		if (!in_bounds(off, 4, st_size))
			return -1;
		tok = arm64_fdt32(st + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			n = bounded_strlen((const char *)st + off,
					   st_size - off);
			if (n < 0 || depth + 1 >= FDT_MAX_DEPTH)
				return -1;
			names[++depth] = (const char *)st + off;
			if (visit(arg, depth, names[depth], NULL, NULL, 0))
				return 0;
			/* Tokens are 4-byte aligned; n + 1 < st_size here. */
			off += ((uint32_t)n + 4) & ~3U;
			break;
		case FDT_END_NODE:
			if (depth < 0)
				return -1;
			depth--;
			break;
		case FDT_PROP:
			if (depth < 0 || !in_bounds(off, 8, st_size))
				return -1;
			len = arm64_fdt32(st + off);
			nameoff = arm64_fdt32(st + off + 4);
			off += 8;
			if (!in_bounds(off, len, st_size) ||
			    nameoff >= strs_size ||
			    bounded_strlen((const char *)strs + nameoff,
					   strs_size - nameoff) < 0)
				return -1;
			if (visit(arg, depth, names[depth],
				  (const char *)strs + nameoff, st + off, len))
				return 0;
			off += (len + 3) & ~3U;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == -1 ? 0 : -1;
		default:
			return -1;
		}
	}
}

/* Does node name match path component comp (ending at '/' or NUL)? */
static int name_matches(const char *name, const char *comp)
{
	int has_unit = 0;

	for (; *comp && *comp != '/'; comp++, name++) {
		if (*comp == '@')
			has_unit = 1;
		if (*name != *comp)
			return 0;
	}
	return *name == '\0' || (*name == '@' && !has_unit);
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

struct getprop_state {
	const char *comps[FDT_MAX_DEPTH]; /* path components, root first */
	int ncomps;
	int matched; /* depth of the deepest node on the path matched */
	const char *prop;
	const void *val;
	uint32_t len;
};

static int getprop_visit(void *arg, int depth, const char *node,
			 const char *prop, const void *val, uint32_t len)
{
	struct getprop_state *s = arg;

	if (!prop) {
		/* Properties come before subnodes: leaving is implicit. */
		if (s->matched >= depth)
			s->matched = depth - 1;
		if (depth == 0 ||
		    (s->matched == depth - 1 && depth <= s->ncomps &&
		     name_matches(node, s->comps[depth - 1])))
			s->matched = depth;
		return 0;
	}
	if (depth != s->ncomps || s->matched != depth || !streq(prop, s->prop))
		return 0;
	s->val = val;
	s->len = len;
	return 1;
}

const void *arm64_fdt_getprop(const void *fdt, const char *path,
			      const char *prop, uint32_t *lenp)
{
	struct getprop_state s;

	/* Field by field: a designated initialiser would call memset. */
	s.ncomps = 0;
	s.matched = -1;
	s.prop = prop;
	s.val = NULL;
	s.len = 0;

	for (; *path; path++) {
		if (*path == '/')
			continue;
		if (s.ncomps == FDT_MAX_DEPTH)
			return NULL;
		s.comps[s.ncomps++] = path;
		while (path[1] && path[1] != '/')
			path++;
	}
	if (arm64_fdt_walk(fdt, getprop_visit, &s) < 0 || !s.val)
		return NULL;
	if (lenp)
		*lenp = s.len;
	return s.val;
}

int arm64_fdt_memrsv(const void *fdt, unsigned int idx, uint64_t *addr,
		     uint64_t *size)
{
	uint32_t total = arm64_fdt_size(fdt);
	uint64_t off;
	const uint8_t *e;

	if (!total)
		return -1;
	off = (uint64_t)hdr(fdt, FDT_H_OFF_MEMRSV) + (uint64_t)idx * 16;
	if (off + 16 > total)
		return -1;
	e = (const uint8_t *)fdt + off;
	*addr = arm64_fdt64(e);
	*size = arm64_fdt64(e + 8);
	/* The block ends with an all-zero entry. */
	return (*addr || *size) ? 0 : -1;
}
