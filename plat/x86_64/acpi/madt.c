/* MADT parsing: usable CPUs, I/O APICs and interrupt source overrides. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <x86/acpi.h>
#include <x86/madt.h>

_Static_assert(sizeof(struct x86_acpi_madt) == 44, "MADT layout");
_Static_assert(sizeof(struct x86_madt_lapic) == 8, "LAPIC entry layout");
_Static_assert(sizeof(struct x86_madt_ioapic) == 12, "IOAPIC entry layout");
_Static_assert(sizeof(struct x86_madt_iso) == 10, "ISO entry layout");
_Static_assert(sizeof(struct x86_madt_lapic_override) == 12,
	       "LAPIC override entry layout");
_Static_assert(sizeof(struct x86_madt_x2apic) == 16, "x2APIC entry layout");

void x86_madt_info_add_cpu(struct x86_madt_info *info, uint32_t apic_id,
			   uint32_t acpi_uid, uint32_t flags, bool x2apic)
{
	struct x86_madt_cpu *c;
	unsigned int i;

	if (!(flags & (X86_MADT_CPU_ENABLED | X86_MADT_CPU_ONLINE_CAPABLE))) {
		info->cpus_disabled++;
		return;
	}
	/*
	 * Firmware may list a CPU twice, as local APIC and as local x2APIC
	 * (ACPI 6.5, section 5.2.12.12): keep the first listing.
	 */
	for (i = 0; i < info->cpu_count; i++)
		if (info->cpus[i].apic_id == apic_id)
			return;
	if (info->cpu_count == X86_MADT_MAX_CPUS) {
		info->cpus_dropped++;
		return;
	}
	c = &info->cpus[info->cpu_count++];
	c->apic_id = apic_id;
	c->acpi_uid = acpi_uid;
	c->flags = flags;
	c->x2apic = x2apic;
}

void x86_madt_info_add_ioapic(struct x86_madt_info *info, uint8_t id,
			      uint32_t addr, uint32_t gsi_base)
{
	struct x86_madt_ioapic_info *io;

	if (info->ioapic_count == X86_MADT_MAX_IOAPICS) {
		info->ioapics_dropped++;
		return;
	}
	io = &info->ioapics[info->ioapic_count++];
	io->id = id;
	io->addr = addr;
	io->gsi_base = gsi_base;
}

void x86_madt_info_add_iso(struct x86_madt_info *info, uint8_t bus,
			   uint8_t source, uint32_t gsi, uint16_t flags)
{
	struct x86_madt_iso_info *iso;

	if (info->iso_count == X86_MADT_MAX_ISOS) {
		info->isos_dropped++;
		return;
	}
	iso = &info->isos[info->iso_count++];
	iso->bus = bus;
	iso->source = source;
	iso->gsi = gsi;
	iso->flags = flags;
}

/* Layout size of the known entry types, 0 for types we skip. */
static size_t entry_min_len(uint8_t type)
{
	switch (type) {
	case X86_MADT_LAPIC:
		return sizeof(struct x86_madt_lapic);
	case X86_MADT_IOAPIC:
		return sizeof(struct x86_madt_ioapic);
	case X86_MADT_ISO:
		return sizeof(struct x86_madt_iso);
	case X86_MADT_LAPIC_OVERRIDE:
		return sizeof(struct x86_madt_lapic_override);
	case X86_MADT_X2APIC:
		return sizeof(struct x86_madt_x2apic);
	default:
		return 0;
	}
}

int x86_madt_parse(const struct x86_acpi_sdt_hdr *madt,
		   struct x86_madt_info *info)
{
	const struct x86_acpi_madt *m = (const struct x86_acpi_madt *)madt;
	const uint8_t *base = (const uint8_t *)madt;
	const struct x86_madt_entry_hdr *e;
	uint32_t len = madt->length;
	uint32_t off;

	if (madt->signature[0] != 'A' || madt->signature[1] != 'P' ||
	    madt->signature[2] != 'I' || madt->signature[3] != 'C' ||
	    len < sizeof(*m))
		return -EINVAL;

	info->lapic_addr = m->lapic_addr;
	info->lapic_addr_overridden = false;
	info->flags = m->flags;
	info->cpu_count = 0;
	info->cpus_dropped = 0;
	info->cpus_disabled = 0;
	info->ioapic_count = 0;
	info->ioapics_dropped = 0;
	info->iso_count = 0;
	info->isos_dropped = 0;

	/* Every entry advances off by at least 2: the loop terminates. */
	off = sizeof(*m);
	while (off < len) {
		if (len - off < sizeof(*e))
			return -EINVAL;
		e = (const struct x86_madt_entry_hdr *)(base + off);
		if (e->length < sizeof(*e) || e->length > len - off ||
		    e->length < entry_min_len(e->type))
			return -EINVAL;

		switch (e->type) {
		case X86_MADT_LAPIC: {
			const struct x86_madt_lapic *l = (const void *)e;

			x86_madt_info_add_cpu(info, l->apic_id, l->acpi_uid,
					      l->flags, false);
			break;
		}
		case X86_MADT_X2APIC: {
			const struct x86_madt_x2apic *x = (const void *)e;

			x86_madt_info_add_cpu(info, x->x2apic_id, x->acpi_uid,
					      x->flags, true);
			break;
		}
		case X86_MADT_IOAPIC: {
			const struct x86_madt_ioapic *io = (const void *)e;

			x86_madt_info_add_ioapic(info, io->id, io->addr,
						 io->gsi_base);
			break;
		}
		case X86_MADT_ISO: {
			const struct x86_madt_iso *iso = (const void *)e;

			x86_madt_info_add_iso(info, iso->bus, iso->source,
					      iso->gsi, iso->flags);
			break;
		}
		case X86_MADT_LAPIC_OVERRIDE: {
			const struct x86_madt_lapic_override *o =
				(const void *)e;

			info->lapic_addr = o->addr;
			info->lapic_addr_overridden = true;
			break;
		}
		default:
			break;
		}
		off += e->length;
	}
	return 0;
}

int x86_madt_read(const struct x86_acpi *acpi, struct x86_madt_info *info)
{
	const struct x86_acpi_sdt_hdr *madt;
	int rc;

	rc = x86_acpi_table_find(acpi, "APIC", &madt, NULL);
	if (rc)
		return rc;
	return x86_madt_parse(madt, info);
}
