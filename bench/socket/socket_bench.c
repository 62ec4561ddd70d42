/*
 * Socket benchmark: stream throughput (MB/s) with 64 B, 4 KiB and 64 KiB
 * writes, and ping-pong latency (one byte each way), for AF_UNIX socket
 * pairs and for TCP over loopback (lwIP in an image, Linux's on the host),
 * between two threads. Prints one "socket_bench: " line per figure.
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * Bytes per throughput run: 16384 writes, at most 64 MiB (TCP over lwIP
 * moves 64-byte writes at about 2 MB/s under TCG). Round trips per
 * latency run.
 */
#define XFER_WRITES 16384
#define XFER_MAX (64u << 20)
#define PINGS 20000

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* A connected pair of the family: AF_UNIX or AF_INET (TCP, loopback). */
static int make_pair(int family, int sv[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int l, one = 1;

	if (family == AF_UNIX)
		return socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(l, 1) < 0 || getsockname(l, (struct sockaddr *)&a, &len) < 0)
		return -1;
	sv[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(sv[0], (struct sockaddr *)&a, sizeof(a)) < 0)
		return -1;
	sv[1] = accept(l, NULL, NULL);
	close(l);
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return sv[1] < 0 ? -1 : 0;
}

struct job {
	int fd;
	size_t bytes;
};

static void *drain(void *arg)
{
	struct job *j = arg;
	static char buf[1 << 16];
	size_t got = 0;
	ssize_t r;

	while (got < j->bytes && (r = read(j->fd, buf, sizeof(buf))) > 0)
		got += (size_t)r;
	return NULL;
}

static void *echo(void *arg)
{
	struct job *j = arg;
	char c;
	int i;

	for (i = 0; i < PINGS; i++) {
		if (read(j->fd, &c, 1) != 1 || write(j->fd, &c, 1) != 1)
			break;
	}
	return NULL;
}

static void throughput(int family, const char *name, size_t chunk)
{
	static char buf[1 << 16];
	struct job j;
	pthread_t t;
	size_t sent = 0;
	ssize_t r;
	double t0;
	int sv[2];

	if (make_pair(family, sv) < 0) {
		printf("socket_bench: %s: no connection\n", name);
		return;
	}
	j.fd = sv[1];
	j.bytes =
		chunk * XFER_WRITES < XFER_MAX ? chunk * XFER_WRITES : XFER_MAX;
	pthread_create(&t, NULL, drain, &j);
	t0 = now();
	while (sent < j.bytes) {
		r = write(sv[0], buf, chunk);
		if (r <= 0)
			break;
		sent += (size_t)r;
	}
	pthread_join(t, NULL);
	printf("socket_bench: %s stream %zu B writes: %.1f MB/s\n", name, chunk,
	       (double)sent / (now() - t0) / 1e6);
	close(sv[0]);
	close(sv[1]);
}

static void latency(int family, const char *name)
{
	struct job j;
	pthread_t t;
	double t0;
	char c = 'x';
	int sv[2], i;

	if (make_pair(family, sv) < 0)
		return;
	j.fd = sv[1];
	pthread_create(&t, NULL, echo, &j);
	t0 = now();
	for (i = 0; i < PINGS; i++) {
		if (write(sv[0], &c, 1) != 1 || read(sv[0], &c, 1) != 1)
			break;
	}
	printf("socket_bench: %s ping-pong: %.1f us per round trip\n", name,
	       (now() - t0) / i * 1e6);
	pthread_join(t, NULL);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	static const size_t chunks[] = { 64, 4096, 65536 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		throughput(AF_UNIX, "unix", chunks[i]);
		throughput(AF_INET, "tcp", chunks[i]);
	}
	latency(AF_UNIX, "unix");
	latency(AF_INET, "tcp");
	printf("socket_bench: done\n");
	return 0;
}
