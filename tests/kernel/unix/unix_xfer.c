/*
 * Two threads exchange a stream over an AF_UNIX socket pair and check every
 * byte: the writer sends a known sequence of 64-bit words in 64 KiB writes,
 * the reader compares each word it reads and both keep a checksum, which
 * must agree at the end. The last argument: MiB to send (default 64); the
 * command line is "unix_xfer MIB".
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)

struct side {
	int fd;
	uint64_t words; /* 64-bit words to send or expect */
	uint64_t sum;
	uint64_t bad; /* words read that were not the expected ones */
	int err;
};

static uint64_t word(uint64_t i)
{
	return i * 0x9e3779b97f4a7c15ULL ^ (i >> 7);
}

static uint64_t mix(uint64_t sum, uint64_t w)
{
	return (sum << 5 | sum >> 59) ^ w;
}

static void *writer(void *arg)
{
	struct side *w = arg;
	static uint64_t buf[CHUNK / 8];
	uint64_t i = 0;
	size_t n, k, done;
	ssize_t r;

	while (i < w->words) {
		n = w->words - i < CHUNK / 8 ? w->words - i : CHUNK / 8;
		for (k = 0; k < n; k++) {
			buf[k] = word(i + k);
			w->sum = mix(w->sum, buf[k]);
		}
		for (done = 0; done < n * 8; done += (size_t)r) {
			r = write(w->fd, (char *)buf + done, n * 8 - done);
			if (r <= 0) {
				w->err = 1;
				return NULL;
			}
		}
		i += n;
	}
	close(w->fd);
	return NULL;
}

static void *reader(void *arg)
{
	struct side *rd = arg;
	static uint64_t buf[CHUNK / 8];
	uint64_t i = 0;
	size_t have = 0, k;
	ssize_t r;

	for (;;) {
		r = read(rd->fd, (char *)buf + have, CHUNK - have);
		if (r < 0)
			rd->err = 1;
		if (r <= 0)
			break;
		have += (size_t)r;
		/* Whole words only; a partial one waits for its rest. */
		for (k = 0; k < have / 8; k++, i++) {
			rd->bad += buf[k] != word(i);
			rd->sum = mix(rd->sum, buf[k]);
		}
		memmove(buf, (char *)buf + k * 8, have % 8);
		have %= 8;
	}
	rd->words = i;
	rd->err |= have != 0;
	return NULL;
}

int main(int argc, char *argv[])
{
	/* The last word: x86_64 boot loaders put the image path first. */
	uint64_t mib = argc > 1 ? strtoull(argv[argc - 1], NULL, 10) : 64;
	struct side w = { 0 }, rd = { 0 };
	struct timespec t0, t1;
	pthread_t tw, tr;
	int sv[2];
	double s;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		printf("unix_xfer: socketpair failed\n");
		return 1;
	}
	w.fd = sv[0];
	w.words = mib << 17;
	rd.fd = sv[1];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&tr, NULL, reader, &rd);
	pthread_create(&tw, NULL, writer, &w);
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("unix_xfer: %llu MiB in %.2f s (%.0f MB/s)\n",
	       (unsigned long long)mib, s, (double)(mib << 20) / s / 1e6);
	if (w.err || rd.err || rd.bad || rd.words != w.words ||
	    rd.sum != w.sum) {
		printf("unix_xfer: FAILED: %llu of %llu words, %llu bad, "
		       "errors %d/%d, checksums %llx/%llx\n",
		       (unsigned long long)rd.words,
		       (unsigned long long)w.words, (unsigned long long)rd.bad,
		       w.err, rd.err, (unsigned long long)rd.sum,
		       (unsigned long long)w.sum);
		return 1;
	}
	printf("unix_xfer: %llu MiB intact, checksum %016llx\n",
	       (unsigned long long)mib, (unsigned long long)rd.sum);
	return 0;
}
