/*
 * Fuzz target: the kernel command line parser (core/boot/argparse) on any
 * bytes, checked against its contract: at most maxargs words, argv NULL
 * terminated, every word a string inside the line it was split in place.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/argparse.h>

#define MAXARGS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), *argv[MAXARGS + 1];
	int argc, i;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	argc = uk_argparse(line, argv, MAXARGS);
	if (argc == -E2BIG)
		argc = MAXARGS;
	if (argc < 0 || argc > MAXARGS || argv[argc])
		abort();
	for (i = 0; i < argc; i++) {
		if (argv[i] < line || argv[i] > line + size ||
		    strlen(argv[i]) > (size_t)(line + size - argv[i]))
			abort();
	}
	free(line);
	return 0;
}
