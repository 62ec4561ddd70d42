/*
 * 9p read benchmark: reads /mnt/host/big.bin (16 MiB, the host share
 * that ninep_bench.sh mounts) sequentially in 128 KiB reads, three
 * times, and prints MB/s of each pass.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define PATH "/mnt/host/big.bin"
#define READ_SIZE (128 * 1024)
#define PASSES 3

static char buf[READ_SIZE];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	long long total;
	double t;
	ssize_t n;
	int fd, pass;

	for (pass = 1; pass <= PASSES; pass++) {
		fd = open(PATH, O_RDONLY);
		if (fd < 0) {
			perror("ninep_bench: " PATH);
			return 1;
		}
		total = 0;
		t = now();
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			total += n;
		t = now() - t;
		close(fd);
		if (n < 0) {
			perror("ninep_bench: read");
			return 1;
		}
		printf("ninep_bench: pass %d: %lld bytes, sequential read %.1f "
		       "MB/s\n",
		       pass, total, (double)total / 1e6 / t);
	}
	printf("ninep_bench: done\n");
	return 0;
}
