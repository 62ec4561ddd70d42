/*
 * Prints CLOCK_REALTIME for the host to compare with its own clock
 * (realtime_test.sh): once at start-up, when the clock holds the RTC's
 * whole second, then four times from 1.5 s on, after the kernel has placed
 * the RTC's next change on the host's clock (posix/process/time.c). Each
 * line goes out as soon as the clock is read.
 */
#include <stdio.h>
#include <time.h>

static void print_realtime(const char *what)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	printf("clock: %s %lld.%09ld\n", what, (long long)ts.tv_sec,
	       ts.tv_nsec);
	fflush(stdout);
}

int main(void)
{
	struct timespec settle = { 1, 500000000 }, step = { 0, 200000000 };
	int i;

	print_realtime("boot");
	nanosleep(&settle, NULL);
	for (i = 0; i < 4; i++) {
		print_realtime("now");
		nanosleep(&step, NULL);
	}
	printf("clock: done\n");
	return 0;
}
