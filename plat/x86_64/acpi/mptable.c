/* MP table (Intel MultiProcessor Specification 1.4) discovery and parsing. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <x86/mptable.h>

_Static_assert(sizeof(struct x86_mp_fps) == 16, "MP floating pointer");
_Static_assert(sizeof(struct x86_mp_config) == 44, "MP config header");
_Static_assert(sizeof(struct x86_mp_processor) == 20, "MP processor entry");
_Static_assert(sizeof(struct x86_mp_bus) == 8, "MP bus entry");
_Static_assert(sizeof(struct x86_mp_ioapic) == 8, "MP I/O APIC entry");
_Static_assert(sizeof(struct x86_mp_ioint) == 8, "MP interrupt entry");

#define MP_ALIGN 16
#define MP_IOAPIC_PINS 24 /* per I/O APIC, for the GSI bases */
#define MP_LEGACY_BASEMEM_KB 639

static const void *mp_map(const struct x86_acpi_mem *mem, uint64_t pa,
			  size_t len)
{
	if (len == 0 || pa > UINT64_MAX - (len - 1))
		return NULL;
	return mem->map(mem->ctx, pa, len);
}

static uint8_t sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;
	size_t i;

	for (i = 0; i < len; i++)
		s += b[i];
	return s;
}

static bool sig_eq(const char *a, const char *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

/* Scans [start, start + len) for a floating pointer with a table. */
static int mp_scan(const struct x86_acpi_mem *mem, uint64_t start, uint64_t len,
		   uint64_t *config_pa)
{
	const struct x86_mp_fps *f;
	uint64_t pa;

	for (pa = start; pa - start < len; pa += MP_ALIGN) {
		f = mp_map(mem, pa, sizeof(*f));
		if (!f || !sig_eq(f->signature, "_MP_") || f->length == 0)
			continue;
		f = mp_map(mem, pa, (size_t)f->length * MP_ALIGN);
		if (!f || sum(f, (size_t)f->length * MP_ALIGN) != 0)
			continue;
		/* A default configuration (features[0]) has no table. */
		if (f->features[0] != 0 || f->config_pa == 0)
			continue;
		*config_pa = f->config_pa;
		return 0;
	}
	return -ENOENT;
}

static uint16_t bda_word(const struct x86_acpi_mem *mem, uint64_t pa)
{
	const uint8_t *b = mp_map(mem, pa, 2);

	return b ? (uint16_t)(b[0] | b[1] << 8) : 0;
}

int x86_mptable_find(const struct x86_acpi_mem *mem, uint64_t *config_pa)
{
	uint64_t ebda = (uint64_t)bda_word(mem, X86_ACPI_BDA_EBDA_SEG) << 4;
	uint64_t kb = bda_word(mem, X86_MP_BDA_BASEMEM_KB);

	if (ebda && mp_scan(mem, ebda, X86_MP_SEARCH_LEN, config_pa) == 0)
		return 0;
	if (kb == 0 || kb > 640)
		kb = MP_LEGACY_BASEMEM_KB + 1;
	if (mp_scan(mem, (kb - 1) * 1024, X86_MP_SEARCH_LEN, config_pa) == 0)
		return 0;
	return mp_scan(mem, X86_MP_BIOS_START,
		       X86_MP_BIOS_END - X86_MP_BIOS_START, config_pa);
}

/* The GSI of pin on the I/O APIC with id, or -1 if none is listed. */
static int64_t ioapic_gsi(const struct x86_madt_info *info, uint8_t id,
			  uint8_t pin)
{
	unsigned int i;

	for (i = 0; i < info->ioapic_count; i++)
		if (info->ioapics[i].id == id || id == 0xff)
			return (int64_t)info->ioapics[i].gsi_base + pin;
	return -1;
}

static void add_iso(struct x86_madt_info *info, const struct x86_mp_ioint *e)
{
	int64_t gsi = ioapic_gsi(info, e->dst_ioapic, e->dst_pin);

	if (gsi < 0 || (gsi == e->src_irq && e->flags == 0))
		return; /* no I/O APIC, or no override */
	x86_madt_info_add_iso(info, 0, e->src_irq, (uint32_t)gsi, e->flags);
}

static size_t entry_len(uint8_t type)
{
	return type == X86_MP_PROCESSOR ? sizeof(struct x86_mp_processor) :
	       type <= X86_MP_LINT	? 8 :
					  0;
}

int x86_mptable_parse(const struct x86_mp_config *cfg, uint32_t len,
		      struct x86_madt_info *info)
{
	const uint8_t *base = (const uint8_t *)cfg;
	uint8_t isa[256 / 8] = { 0 };
	uint32_t off, gsi_base = 0;
	size_t n;

	if (len < sizeof(*cfg) || !sig_eq(cfg->signature, "PCMP") ||
	    cfg->length < sizeof(*cfg) || cfg->length > len)
		return -EINVAL;
	len = cfg->length;

	info->lapic_addr = cfg->lapic_addr;
	info->lapic_addr_overridden = false;
	/* The MP table does not say; the i8259s get masked if present. */
	info->flags = X86_MADT_PCAT_COMPAT;
	info->cpu_count = 0;
	info->cpus_dropped = 0;
	info->cpus_disabled = 0;
	info->ioapic_count = 0;
	info->ioapics_dropped = 0;
	info->iso_count = 0;
	info->isos_dropped = 0;

	/*
	 * By the length, as Linux reads it: qboot (QEMU's microvm firmware)
	 * leaves entry_count 0.
	 */
	for (off = sizeof(*cfg); off < len;) {
		n = entry_len(base[off]);
		if (n == 0 || n > len - off)
			return -EINVAL;
		switch (base[off]) {
		case X86_MP_PROCESSOR: {
			const struct x86_mp_processor *p =
				(const void *)(base + off);

			if (p->flags & X86_MP_CPU_ENABLED)
				x86_madt_info_add_cpu(
					info, p->apic_id, info->cpu_count,
					X86_MADT_CPU_ENABLED, false);
			else
				info->cpus_disabled++;
			break;
		}
		case X86_MP_BUS: {
			const struct x86_mp_bus *b = (const void *)(base + off);

			if (b->bus_type[0] == 'I' && b->bus_type[1] == 'S' &&
			    b->bus_type[2] == 'A' && b->bus_type[3] == ' ')
				isa[b->id / 8] |= 1U << (b->id % 8);
			break;
		}
		case X86_MP_IOAPIC: {
			const struct x86_mp_ioapic *io =
				(const void *)(base + off);

			if (io->flags & X86_MP_IOAPIC_ENABLED) {
				x86_madt_info_add_ioapic(info, io->id, io->addr,
							 gsi_base);
				gsi_base += MP_IOAPIC_PINS;
			}
			break;
		}
		case X86_MP_IOINT: {
			const struct x86_mp_ioint *e =
				(const void *)(base + off);

			if (e->int_type == X86_MP_INT_INT &&
			    (isa[e->src_bus / 8] & 1U << (e->src_bus % 8)))
				add_iso(info, e);
			break;
		}
		default:
			break;
		}
		off += (uint32_t)n;
	}
	return 0;
}

int x86_mptable_read(const struct x86_acpi_mem *mem, struct x86_madt_info *info)
{
	const struct x86_mp_config *cfg;
	uint64_t pa;
	uint16_t len;
	int rc;

	rc = x86_mptable_find(mem, &pa);
	if (rc)
		return rc;
	cfg = mp_map(mem, pa, sizeof(*cfg));
	if (!cfg)
		return -EFAULT;
	if (!sig_eq(cfg->signature, "PCMP") || cfg->length < sizeof(*cfg))
		return -EINVAL;
	len = cfg->length;
	cfg = mp_map(mem, pa, len);
	if (!cfg)
		return -EFAULT;
	if (sum(cfg, len) != 0)
		return -EINVAL;
	return x86_mptable_parse(cfg, len, info);
}
