/*
 * Fuzz target: the MADT parser (plat/x86_64/acpi) on any table body, as
 * x86_acpi_table_find hands it over: a buffer of exactly length bytes
 * whose header carries "APIC" and that length (the checksum is not the
 * parser's to check). Checked against its contract: 0 with counts within
 * the arrays' capacities and only usable CPUs stored, or -EINVAL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <x86/madt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x86_madt_info info;
	struct x86_acpi_sdt_hdr *hdr;
	uint32_t len = (uint32_t)size;
	unsigned int i;
	uint8_t *buf;
	int ret;

	if (size < sizeof(*hdr) || size > X86_ACPI_TABLE_MAX_LEN)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	hdr = (struct x86_acpi_sdt_hdr *)buf;
	memcpy(hdr->signature, "APIC", 4);
	memcpy(&hdr->length, &len, sizeof(len));
	ret = x86_madt_parse(hdr, &info);
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (!ret && (info.cpu_count > X86_MADT_MAX_CPUS ||
		     info.ioapic_count > X86_MADT_MAX_IOAPICS ||
		     info.iso_count > X86_MADT_MAX_ISOS))
		abort();
	for (i = 0; !ret && i < info.cpu_count; i++) {
		if (!(info.cpus[i].flags &
		      (X86_MADT_CPU_ENABLED | X86_MADT_CPU_ONLINE_CAPABLE)))
			abort();
	}
	free(buf);
	return 0;
}
