/* The kernel's copy of the raw command line (see <uk/boot.h>). */
#include <uk/boot.h>

static char boot_cmdline_raw[4096];

void uk_boot_cmdline_init(const char *raw)
{
	unsigned long i;

	for (i = 0; raw && raw[i] && i < sizeof(boot_cmdline_raw) - 1; i++)
		boot_cmdline_raw[i] = raw[i];
	boot_cmdline_raw[i] = '\0';
}

const char *uk_boot_cmdline(void)
{
	return boot_cmdline_raw;
}
