/*
 * Fuzz target: the MP table parser (plat/x86_64/acpi/mptable.c) on any
 * configuration table, as x86_mptable_read hands it over: a buffer of
 * exactly len bytes whose header carries "PCMP" and a length up to len
 * (the checksum is not the parser's to check). Checked against its
 * contract: 0 with counts within the arrays' capacities and only enabled
 * CPUs stored, or -EINVAL.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <x86/mptable.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct x86_madt_info info;
	struct x86_mp_config *cfg;
	uint16_t len;
	unsigned int i;
	uint8_t *buf;
	int ret;

	if (size < sizeof(*cfg) || size > UINT16_MAX)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	cfg = (struct x86_mp_config *)buf;
	memcpy(cfg->signature, "PCMP", 4);
	memcpy(&len, &cfg->length, sizeof(len));
	if (len > size) {
		len = (uint16_t)size;
		memcpy(&cfg->length, &len, sizeof(len));
	}
	ret = x86_mptable_parse(cfg, (uint32_t)size, &info);
	if (ret != 0 && ret != -EINVAL)
		abort();
	if (!ret && (info.cpu_count > X86_MADT_MAX_CPUS ||
		     info.ioapic_count > X86_MADT_MAX_IOAPICS ||
		     info.iso_count > X86_MADT_MAX_ISOS))
		abort();
	for (i = 0; !ret && i < info.cpu_count; i++)
		if (info.cpus[i].flags != X86_MADT_CPU_ENABLED)
			abort();
	free(buf);
	return 0;
}
