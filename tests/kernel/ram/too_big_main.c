/*
 * An image whose .bss (4 MiB) cannot fit in the 4 MiB VM its test boots:
 * the platform must say so and power off with status 1 before main(),
 * instead of running with .bss on top of firmware data or no RAM at all.
 */
#include <stdio.h>

static volatile char big[4 << 20];

int main(void)
{
	big[sizeof(big) - 1] = 1;
	printf("main() ran with %zu bytes of .bss\n", sizeof(big));
	return 0;
}
