/*
 * Prints main()'s arguments and the RAM the heap holds, for the boot
 * protocol test (linux_boot_test.sh).
 */
#include <stdio.h>
#include <sys/sysinfo.h>

int main(int argc, char *argv[])
{
	struct sysinfo si;
	int i;

	for (i = 0; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	if (sysinfo(&si) != 0) {
		perror("sysinfo");
		return 1;
	}
	printf("heap: %lu MiB\n",
	       (unsigned long)((unsigned long long)si.totalram * si.mem_unit >>
			       20));
	return 0;
}
