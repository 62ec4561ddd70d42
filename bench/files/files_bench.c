/*
 * File system and pipe throughput, the same program on Linux (the host)
 * and on Tessera (an image, on its ramfs): sequential write and read
 * MB/s, create+unlink and stat per second, pipe MB/s between two
 * threads. Prints "files_bench: <what>: <value> <unit>" lines and
 * "files_bench: done".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 65536
#define FILE_MB 32
#define CREATES 5000
#define STATS 100000
#define PIPE_MB 64

static char block[BLOCK];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, double value, const char *unit)
{
	printf("files_bench: %s: %.0f %s\n", what, value, unit);
}

static void sequential(void)
{
	int i, fd = open("seq", O_CREAT | O_RDWR | O_TRUNC, 0644);
	const int n = FILE_MB * 1024 * 1024 / BLOCK;
	double t;

	t = now();
	for (i = 0; i < n; i++)
		if (write(fd, block, BLOCK) != BLOCK)
			exit(1);
	report("sequential write", FILE_MB / (now() - t), "MB/s");
	lseek(fd, 0, SEEK_SET);
	t = now();
	for (i = 0; i < n; i++)
		if (read(fd, block, BLOCK) != BLOCK)
			exit(1);
	report("sequential read", FILE_MB / (now() - t), "MB/s");
	close(fd);
	unlink("seq");
}

static void metadata(void)
{
	struct stat st;
	char name[32];
	double t;
	int i;

	t = now();
	for (i = 0; i < CREATES; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
		unlink(name);
	}
	report("create+unlink", CREATES / (now() - t), "/s");
	close(open("s", O_CREAT | O_WRONLY, 0644));
	t = now();
	for (i = 0; i < STATS; i++)
		stat("s", &st);
	report("stat", STATS / (now() - t), "/s");
	unlink("s");
}

static void *pipe_reader(void *arg)
{
	static char buf[BLOCK];
	int fd = *(int *)arg;

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	return NULL;
}

static void pipe_throughput(void)
{
	const int n = PIPE_MB * 1024 * 1024 / BLOCK;
	pthread_t t;
	double t0;
	int p[2], i;

	if (pipe(p))
		exit(1);
	pthread_create(&t, NULL, pipe_reader, &p[0]);
	t0 = now();
	for (i = 0; i < n; i++)
		if (write(p[1], block, BLOCK) != BLOCK)
			exit(1);
	close(p[1]);
	pthread_join(t, NULL);
	report("pipe", PIPE_MB / (now() - t0), "MB/s");
	close(p[0]);
}

int main(void)
{
	const char *base = getenv("TMPDIR");
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/files-bench-XXXXXX",
		 base ? base : "/tmp");
	if (!mkdtemp(dir) || chdir(dir))
		return 1;
	memset(block, 'b', sizeof(block));
	sequential();
	metadata();
	pipe_throughput();
	chdir("/");
	rmdir(dir);
	printf("files_bench: done\n");
	return 0;
}
