/*
 * Fuzz target: ACPI table discovery (plat/x86_64/acpi/acpi.c: the RSDP
 * search, the RSDT/XSDT walk, table lookup) and the MADT read over it,
 * on firmware memory made of the input. The input is a flags byte, then
 * the memory at 0xE0000 (the BIOS area the RSDP search scans); nothing
 * else is readable. Flag 1 asks the harness to fix the checksums of
 * every RSDP and table header it finds first, so that mutations get past
 * them. Checked against the functions' contracts: only their documented
 * errors; an RSDP found is a valid one in the BIOS area; a root table
 * and each table found lie whole in memory with the signature asked for
 * and a length that holds the entries; the MADT's counts fit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <x86/acpi.h>
#include <x86/madt.h>

#define BASE X86_ACPI_BIOS_START

struct mem {
	const uint8_t *p;
	size_t len;
};

static const void *map(void *ctx, uint64_t pa, size_t len)
{
	const struct mem *m = ctx;

	if (pa < BASE || pa - BASE > m->len || len > m->len - (pa - BASE))
		return NULL;
	return m->p + (pa - BASE);
}

static uint8_t sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

/*
 * Fixes the checksum of each table header (4-byte aligned, a known
 * signature, a length that fits), then of each RSDP (16-byte aligned).
 */
static void fix_checksums(uint8_t *m, size_t len)
{
	static const char *const sigs[] = { "RSDT", "XSDT", "APIC", "FACP" };
	struct x86_acpi_sdt_hdr *h;
	struct x86_acpi_rsdp *r;
	uint32_t tlen;
	size_t off, i;

	for (off = 0; off + sizeof(*h) <= len; off += 4) {
		h = (struct x86_acpi_sdt_hdr *)(void *)(m + off);
		memcpy(&tlen, &h->length, sizeof(tlen));
		if (tlen < sizeof(*h) || tlen > len - off)
			continue;
		for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
			if (!memcmp(h->signature, sigs[i], 4)) {
				h->checksum = 0;
				h->checksum = (uint8_t)-sum(m + off, tlen);
			}
		}
	}
	for (off = 0; off + X86_ACPI_RSDP_V2_LEN <= len; off += 16) {
		r = (struct x86_acpi_rsdp *)(void *)(m + off);
		if (memcmp(r->signature, "RSD PTR ", 8))
			continue;
		r->checksum = 0;
		r->checksum = (uint8_t)-sum(m + off, X86_ACPI_RSDP_V1_LEN);
		memcpy(&tlen, &r->length, sizeof(tlen));
		if (r->revision >= 2 && tlen >= X86_ACPI_RSDP_V2_LEN &&
		    tlen <= len - off) {
			r->extended_checksum = 0;
			r->extended_checksum = (uint8_t)-sum(m + off, tlen);
		}
	}
}

/* Whether [p, p + len) lies within the fake memory. */
static int inside(const struct mem *m, const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= m->p && (size_t)(b - m->p) <= m->len &&
	       len <= m->len - (size_t)(b - m->p);
}

static void check_table(const struct mem *m, const struct x86_acpi *acpi,
			const char *sig)
{
	const struct x86_acpi_sdt_hdr *t = NULL;
	uint64_t pa = 0;
	int rc;

	rc = x86_acpi_table_find(acpi, sig, &t, &pa);
	if (rc != 0 && rc != -ENOENT && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (rc)
		return;
	if (!inside(m, t, sizeof(*t)) || t != map((void *)m, pa, 1) ||
	    memcmp(t->signature, sig, 4) || t->length < sizeof(*t) ||
	    t->length > X86_ACPI_TABLE_MAX_LEN || !inside(m, t, t->length) ||
	    sum((const uint8_t *)t, t->length))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x86_madt_info info;
	struct x86_acpi_mem mem;
	struct x86_acpi acpi;
	const struct x86_acpi_rsdp *r;
	uint64_t rsdp_pa;
	struct mem m;
	uint8_t *buf;
	int rc;

	if (size < 1)
		return 0;
	m.len = size - 1;
	buf = malloc(m.len ? m.len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, m.len);
	if (data[0] & 1)
		fix_checksums(buf, m.len);
	m.p = buf;
	mem.map = map;
	mem.ctx = &m;

	rc = x86_acpi_rsdp_find(&mem, 0, &rsdp_pa);
	if (rc != 0 && rc != -ENOENT)
		abort();
	if (rc)
		goto out;
	r = map(&m, rsdp_pa, X86_ACPI_RSDP_V1_LEN);
	if (!r || rsdp_pa % X86_ACPI_RSDP_ALIGN ||
	    rsdp_pa >= X86_ACPI_BIOS_END ||
	    memcmp(r->signature, "RSD PTR ", 8) ||
	    sum((const uint8_t *)r, X86_ACPI_RSDP_V1_LEN))
		abort();

	rc = x86_acpi_init(&acpi, &mem, rsdp_pa);
	if (rc != 0 && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (rc)
		goto out;
	if (!inside(&m, acpi.root, sizeof(*acpi.root)) ||
	    (acpi.entry_size != 4 && acpi.entry_size != 8) ||
	    acpi.root->length !=
		    sizeof(*acpi.root) + acpi.entry_count * acpi.entry_size ||
	    !inside(&m, acpi.root, acpi.root->length) ||
	    memcmp(acpi.root->signature, acpi.entry_size == 8 ? "XSDT" : "RSDT",
		   4))
		abort();
	check_table(&m, &acpi, "APIC");
	check_table(&m, &acpi, "FACP");

	rc = x86_madt_read(&acpi, &info);
	if (rc != 0 && rc != -ENOENT && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (!rc && (info.cpu_count > X86_MADT_MAX_CPUS ||
		    info.ioapic_count > X86_MADT_MAX_IOAPICS ||
		    info.iso_count > X86_MADT_MAX_ISOS))
		abort();
out:
	free(buf);
	return 0;
}
