/*
 * storm_client: the guest side of the connection storm (issue 18). It
 * opens count= TCP connections to server= and keeps them idle, then times
 * a new client's request, and reports on its console:
 *
 *   storm: N connections established in T ms
 *   storm: new client served in T ms
 *   storm: N connections still open
 *
 * then exits 0, or 1 when a step failed (each failure says why). It runs
 * in a second guest on its own network with the server (run_storm.sh), so
 * that no host network stack or QEMU user network sits between them.
 *
 * Arguments (other words, e.g. the kernel's netdev.ip=, are ignored):
 *   server=A.B.C.D:PORT  the server (10.0.5.1:8123)
 *   count=N              connections to hold (1,000; at most 60,000)
 *   window=N             connects in flight at once (128)
 *   hold=SECONDS         idle time before the new client (1)
 *   limit=SECONDS        the most each step may take (120)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT 60000
#define MAX_EVENTS 256
/* A connect that fails (e.g. a full listen backlog) is tried again. */
#define MAX_RETRIES_PER_CONN 4
/*
 * epoll data: the fd, and this bit while its connect is in flight, so that
 * an established connection that the server closes is not taken for a
 * connect completing.
 */
#define CONNECTING (1ull << 32)

struct opts {
	struct sockaddr_in server;
	unsigned long count, window, hold_s, limit_s;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_server(const char *s, struct sockaddr_in *a)
{
	char host[16];
	const char *colon = strchr(s, ':');
	unsigned long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1 ||
	    !parse_ulong(colon + 1, 65535, &port) || !port)
		return false;
	a->sin_family = AF_INET;
	a->sin_port = htons((uint16_t)port);
	return true;
}

static int parse_args(int argc, char *argv[], struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool ok = true;

		if (!strncmp(a, "server=", 7))
			ok = parse_server(a + 7, &o->server);
		else if (!strncmp(a, "count=", 6))
			ok = parse_ulong(a + 6, MAX_COUNT, &o->count) &&
			     o->count;
		else if (!strncmp(a, "window=", 7))
			ok = parse_ulong(a + 7, MAX_COUNT, &o->window) &&
			     o->window;
		else if (!strncmp(a, "hold=", 5))
			ok = parse_ulong(a + 5, 86400, &o->hold_s);
		else if (!strncmp(a, "limit=", 6))
			ok = parse_ulong(a + 6, 86400, &o->limit_s) &&
			     o->limit_s;
		if (!ok) {
			fprintf(stderr, "storm: bad argument '%s'\n", a);
			return -EINVAL;
		}
	}
	return 0;
}

/* Starts a non-blocking connect of a new socket watched by ep. */
static int start_connect(int ep, const struct sockaddr_in *server)
{
	struct epoll_event ev = { .events = EPOLLOUT };
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)server, sizeof(*server)) &&
	    errno != EINPROGRESS) {
		int err = -errno;

		close(fd);
		return err;
	}
	ev.data.u64 = (uint64_t)fd | CONNECTING;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int fd_of(const struct epoll_event *ev)
{
	return (int)(uint32_t)ev->data.u64;
}

/*
 * Opens o->count connections, o->window connects in flight at a time;
 * established ones are then watched for the server closing them (counted
 * in *lost). Returns the number established.
 */
static unsigned long storm(int ep, const struct opts *o, unsigned long *lost)
{
	unsigned long open = 0, inflight = 0, failed = 0;
	int64_t end = now_ms() + (int64_t)o->limit_s * 1000;
	struct epoll_event evs[MAX_EVENTS];
	int err, fd, n, i;
	socklen_t len;

	while (open < o->count && now_ms() < end) {
		while (open + inflight < o->count && inflight < o->window) {
			fd = start_connect(ep, &o->server);
			if (fd < 0) {
				fprintf(stderr, "storm: connect: %s\n",
					strerror(-fd));
				return open;
			}
			inflight++;
		}
		n = epoll_wait(ep, evs, MAX_EVENTS, 1000);
		for (i = 0; i < n; i++) {
			fd = fd_of(&evs[i]);
			if (!(evs[i].data.u64 & CONNECTING)) {
				/* Established, then closed or sent bytes. */
				epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
				++*lost;
				continue;
			}
			err = 0;
			len = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
				err = errno;
			inflight--;
			if (err) {
				close(fd);
				if (++failed >
				    MAX_RETRIES_PER_CONN * o->count) {
					fprintf(stderr,
						"storm: %lu connects "
						"failed, the last: "
						"%s\n",
						failed, strerror(err));
					return open;
				}
				continue;
			}
			evs[i].events = EPOLLIN | EPOLLRDHUP;
			evs[i].data.u64 = (uint64_t)fd;
			epoll_ctl(ep, EPOLL_CTL_MOD, fd, &evs[i]);
			open++;
		}
	}
	if (failed)
		printf("storm: %lu connects failed and were tried again\n",
		       failed);
	return open;
}

/* Connections the server closed (or that received bytes) within ms. */
static unsigned long closed_within(int ep, int64_t ms)
{
	struct epoll_event evs[MAX_EVENTS];
	int64_t end = now_ms() + ms, left;
	unsigned long closed = 0;
	int n;

	do {
		left = end - now_ms();
		n = epoll_wait(ep, evs, MAX_EVENTS, left > 0 ? (int)left : 0);
		for (int i = 0; i < n; i++) {
			epoll_ctl(ep, EPOLL_CTL_DEL, fd_of(&evs[i]), NULL);
			closed++;
		}
	} while (now_ms() < end);
	return closed;
}

/* Sets a send and receive timeout on fd. */
static void set_timeouts(int fd, unsigned long s)
{
	struct timeval tv = { .tv_sec = (time_t)s };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/*
 * A normal client: connect, one request, the whole answer (the server
 * closes after it). Returns its time in ms, or a negative errno.
 */
static int64_t new_client(const struct opts *o)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: storm\r\n"
				  "Connection: close\r\n\r\n";
	int64_t start = now_ms();
	char buf[1024];
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	set_timeouts(fd, o->limit_s);
	if (connect(fd, (const struct sockaddr *)&o->server,
		    sizeof(o->server)) ||
	    write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1) {
		int err = -errno;

		close(fd);
		return err;
	}
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0 &&
	       got + (size_t)n < sizeof(buf) - 1)
		got += (size_t)n;
	if (n > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
	if (n < 0)
		return -errno;
	if (strncmp(buf, "HTTP/1.1 200 ", 13) || !strstr(buf, "</html>"))
		return -EPROTO;
	return now_ms() - start;
}

int main(int argc, char *argv[])
{
	struct opts o = {
		.count = 1000, .window = 128, .hold_s = 1, .limit_s = 120
	};
	unsigned long open, closed = 0;
	int64_t start, ms;
	int ep;

	parse_server("10.0.5.1:8123", &o.server);
	if (parse_args(argc, argv, &o))
		return 2;
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0) {
		perror("storm: epoll_create1");
		return 1;
	}
	printf("storm: opening %lu connections, %lu at a time\n", o.count,
	       o.window);
	fflush(stdout);
	start = now_ms();
	open = storm(ep, &o, &closed);
	ms = now_ms() - start;
	if (open < o.count) {
		printf("storm: FAIL: %lu of %lu connections established in "
		       "%lld ms\n",
		       open, o.count, (long long)ms);
		return 1;
	}
	printf("storm: %lu connections established in %lld ms\n", open,
	       (long long)ms);
	fflush(stdout);
	closed += closed_within(ep, (int64_t)o.hold_s * 1000);
	ms = new_client(&o);
	if (ms < 0) {
		printf("storm: FAIL: new client: %s\n", strerror((int)-ms));
		return 1;
	}
	printf("storm: new client served in %lld ms\n", (long long)ms);
	closed += closed_within(ep, 0);
	printf("storm: %lu connections still open\n", open - closed);
	fflush(stdout);
	return closed ? 1 : 0;
}
