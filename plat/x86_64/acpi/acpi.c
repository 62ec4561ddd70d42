/* ACPI table discovery: RSDP search, RSDT/XSDT validation and lookup. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <x86/acpi.h>

_Static_assert(sizeof(struct x86_acpi_rsdp) == X86_ACPI_RSDP_V2_LEN,
	       "RSDP layout");
_Static_assert(offsetof(struct x86_acpi_rsdp, length) == X86_ACPI_RSDP_V1_LEN,
	       "RSDP 1.0 part");
_Static_assert(sizeof(struct x86_acpi_sdt_hdr) == 36, "SDT header layout");

#define RSDP_SIG "RSD PTR "

/* Maps [pa, pa + len), refusing ranges that wrap around 2^64. */
static const void *acpi_map(const struct x86_acpi_mem *mem, uint64_t pa,
			    size_t len)
{
	if (len == 0 || pa > UINT64_MAX - (len - 1))
		return NULL;
	return mem->map(mem->ctx, pa, len);
}

static bool sig_eq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static uint8_t checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += b[i];
	return sum;
}

/* Returns the RSDP at pa if it is valid, else NULL. */
static const struct x86_acpi_rsdp *rsdp_check(const struct x86_acpi_mem *mem,
					      uint64_t pa)
{
	const struct x86_acpi_rsdp *r;
	uint32_t len;

	r = acpi_map(mem, pa, X86_ACPI_RSDP_V1_LEN);
	if (!r || !sig_eq(r->signature, RSDP_SIG, sizeof(r->signature)) ||
	    checksum(r, X86_ACPI_RSDP_V1_LEN) != 0)
		return NULL;
	/* ACPI 1.0 RSDPs have revision 0; there never was a revision 1. */
	if (r->revision < 2)
		return r;

	r = acpi_map(mem, pa, X86_ACPI_RSDP_V2_LEN);
	if (!r)
		return NULL;
	len = r->length;
	if (len < X86_ACPI_RSDP_V2_LEN || len > X86_ACPI_TABLE_MAX_LEN)
		return NULL;
	r = acpi_map(mem, pa, len);
	if (!r || checksum(r, len) != 0)
		return NULL;
	return r;
}

/* Scans [start, start + len) on 16-byte boundaries for a valid RSDP. */
static int rsdp_scan(const struct x86_acpi_mem *mem, uint64_t start,
		     uint64_t len, uint64_t *rsdp_pa)
{
	uint64_t pa;

	for (pa = start; pa - start < len; pa += X86_ACPI_RSDP_ALIGN) {
		if (rsdp_check(mem, pa)) {
			*rsdp_pa = pa;
			return 0;
		}
	}
	return -ENOENT;
}

int x86_acpi_rsdp_find(const struct x86_acpi_mem *mem, uint64_t boot_pa,
		       uint64_t *rsdp_pa)
{
	const uint8_t *bda;
	uint64_t ebda;

	if (boot_pa && rsdp_check(mem, boot_pa)) {
		*rsdp_pa = boot_pa;
		return 0;
	}

	bda = acpi_map(mem, X86_ACPI_BDA_EBDA_SEG, 2);
	if (bda) {
		ebda = (uint64_t)(bda[0] | bda[1] << 8) << 4;
		if (ebda && rsdp_scan(mem, ebda, X86_ACPI_EBDA_SEARCH_LEN,
				      rsdp_pa) == 0)
			return 0;
	}

	return rsdp_scan(mem, X86_ACPI_BIOS_START,
			 X86_ACPI_BIOS_END - X86_ACPI_BIOS_START, rsdp_pa);
}

/*
 * Maps and validates the whole table whose header is at pa (hdr, already
 * mapped): length bounds, readability and checksum.
 */
static int table_check(const struct x86_acpi_mem *mem, uint64_t pa,
		       const struct x86_acpi_sdt_hdr *hdr,
		       const struct x86_acpi_sdt_hdr **table)
{
	const struct x86_acpi_sdt_hdr *t;
	uint32_t len = hdr->length;

	if (len < sizeof(*hdr))
		return -EINVAL;
	if (len > X86_ACPI_TABLE_MAX_LEN)
		return -E2BIG;
	t = acpi_map(mem, pa, len);
	if (!t)
		return -EINVAL;
	/*
	 * Reread the length through the full mapping: it is the one the
	 * checksum covers and the one callers will trust.
	 */
	if (t->length != len || checksum(t, len) != 0)
		return -EINVAL;
	*table = t;
	return 0;
}

int x86_acpi_init(struct x86_acpi *acpi, const struct x86_acpi_mem *mem,
		  uint64_t rsdp_pa)
{
	const struct x86_acpi_rsdp *r;
	const struct x86_acpi_sdt_hdr *hdr;
	const char *sig;
	uint32_t body;
	int rc;

	r = rsdp_check(mem, rsdp_pa);
	if (!r)
		return -EINVAL;

	acpi->mem = *mem;
	acpi->rsdp_pa = rsdp_pa;
	acpi->revision = r->revision;
	if (r->revision >= 2 && r->xsdt_address) {
		acpi->root_pa = r->xsdt_address;
		acpi->entry_size = sizeof(uint64_t);
		sig = "XSDT";
	} else {
		acpi->root_pa = r->rsdt_address;
		acpi->entry_size = sizeof(uint32_t);
		sig = "RSDT";
	}
	if (!acpi->root_pa)
		return -EINVAL;

	hdr = acpi_map(mem, acpi->root_pa, sizeof(*hdr));
	if (!hdr || !sig_eq(hdr->signature, sig, sizeof(hdr->signature)))
		return -EINVAL;
	rc = table_check(mem, acpi->root_pa, hdr, &acpi->root);
	if (rc)
		return rc;

	body = acpi->root->length - sizeof(*hdr);
	if (body % acpi->entry_size)
		return -EINVAL;
	acpi->entry_count = body / acpi->entry_size;
	return 0;
}

/* Physical address in root table entry i (< entry_count). */
static uint64_t root_entry(const struct x86_acpi *acpi, uint32_t i)
{
	const uint8_t *e = (const uint8_t *)(acpi->root + 1) +
			   (size_t)i * acpi->entry_size;
	uint64_t pa = 0;
	unsigned int b;

	/* Little endian, and XSDT entries are only 4-byte aligned. */
	for (b = 0; b < acpi->entry_size; b++)
		pa |= (uint64_t)e[b] << (8 * b);
	return pa;
}

int x86_acpi_table_find(const struct x86_acpi *acpi, const char *sig,
			const struct x86_acpi_sdt_hdr **table, uint64_t *pa)
{
	const struct x86_acpi_sdt_hdr *hdr, *t;
	uint64_t tpa;
	uint32_t i;
	int rc;

	for (i = 0; i < acpi->entry_count; i++) {
		tpa = root_entry(acpi, i);
		if (!tpa)
			continue;
		/* An unreadable entry may be any table: skip, not fail. */
		hdr = acpi_map(&acpi->mem, tpa, sizeof(*hdr));
		if (!hdr || !sig_eq(hdr->signature, sig, 4))
			continue;
		rc = table_check(&acpi->mem, tpa, hdr, &t);
		if (rc)
			return rc;
		if (table)
			*table = t;
		if (pa)
			*pa = tpa;
		return 0;
	}
	return -ENOENT;
}
