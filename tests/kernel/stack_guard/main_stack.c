/*
 * main()'s own stack (core/boot): deep recursion that needs 512 KiB works
 * (main used to run on the 16 KiB x86_64 boot stack, where SQLite's parser
 * overflowed), and with "overflow" on the command line main() recurses
 * until it hits the guard page below its stack, which must end in a crash
 * report. getrlimit(RLIMIT_STACK) reports that stack's size.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* Never reached; keeps the compiler from proving endless recursion. */
static volatile int depth_limit = 1 << 30;

static int __attribute__((noinline)) recurse(int depth, int stop)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth == stop)
		return 0;
	return recurse(depth + 1, stop) + frame[0];
}

int main(int argc, char *argv[])
{
	struct rlimit rl;
	int i;

	/* x86_64's multiboot command line starts with the image's path. */
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "overflow")) {
			printf("main_stack: recursing until the guard page\n");
			recurse(0, depth_limit);
			printf("main_stack: the overflow was not caught\n");
			return 1;
		}
	}
	/* 2048 frames of at least 256 bytes: more than 512 KiB. */
	recurse(0, 2048);
	printf("main_stack: 512 KiB deep recursion ok\n");
	if (getrlimit(RLIMIT_STACK, &rl) == 0)
		printf("main_stack: RLIMIT_STACK %lu KiB, max %lu KiB\n",
		       (unsigned long)(rl.rlim_cur / 1024),
		       (unsigned long)(rl.rlim_max / 1024));
	return 0;
}
