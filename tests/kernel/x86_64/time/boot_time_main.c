/* Prints the kernel's boot-to-main time, measured with the TSC. */
#include <stdio.h>
#include <uk/plat/time.h>
#include <x86/tsc.h>

int main(void)
{
	uint64_t now = x86_tsc_read();
	uint64_t hz = x86_tsc_hz();

	if (!hz) {
		printf("boot-to-main: no TSC frequency\n");
		return 1;
	}
	printf("reset-to-entry: %lu us\n",
	       (unsigned long)(x86_tsc_to_ns(x86_boot_tsc) / 1000));
	printf("boot-to-main: %lu us\n",
	       (unsigned long)(x86_tsc_to_ns(now - x86_boot_tsc) / 1000));
	return 0;
}
