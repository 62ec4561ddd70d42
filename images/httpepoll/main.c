/*
 * httpepoll: a single-threaded HTTP/1.1 server on epoll, answering every
 * GET with one fixed page on port 8123. Non-blocking accept and sockets,
 * all edge-triggered, keep-alive by default; a second thread wakes the
 * loop through an eventfd once a second (the loop counts the wake-ups).
 */
/* memmem and accept4 are GNU extensions in musl. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 8123
#define MAX_EVENTS 64
#define IN_SIZE 4096
#define OUT_SIZE 65536

static const char page[] =
	"<!DOCTYPE html>\n<html><head><title>Tessera</title></head>"
	"<body><h1>Hello from Tessera (epoll)</h1></body></html>\n";

struct conn {
	int fd;
	bool close_after;
	size_t in_len, out_len, out_off;
	char in[IN_SIZE];
	char out[OUT_SIZE];
};

/* Tags of the two fds that are not connections. */
static char tag_listener, tag_eventfd;

static void conn_close(struct conn *c)
{
	/* The last close removes the fd from the epoll set. */
	close(c->fd);
	free(c);
}

/* Whether the header block [h, end) has "name: value" (no case). */
static bool has_header(const char *h, const char *end, const char *name,
		       const char *value)
{
	size_t nl = strlen(name), vl = strlen(value);
	const char *p = h;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > nl + 1 && !strncasecmp(p, name, nl) &&
		    p[nl] == ':') {
			const char *v = p + nl + 1;

			while (v < eol && *v == ' ')
				v++;
			if ((size_t)(eol - v) >= vl && !strncasecmp(v, value, vl))
				return true;
		}
		p = eol + 1;
	}
	return false;
}

/* Queues one response per complete request in c->in. */
static void conn_parse(struct conn *c)
{
	char *end;
	size_t used;
	int n;

	while ((end = memmem(c->in, c->in_len, "\r\n\r\n", 4))) {
		used = (size_t)(end - c->in) + 4;
		if (!strncmp(c->in, "GET ", 4) || !strncmp(c->in, "HEAD ", 5)) {
			bool http10 = memmem(c->in, used, "HTTP/1.0", 8);

			c->close_after = has_header(c->in, end, "Connection",
						    "close") ||
					 (http10 &&
					  !has_header(c->in, end, "Connection",
						      "keep-alive"));
		} else {
			c->close_after = true;
		}
		if (c->out_len + 256 + sizeof(page) > OUT_SIZE) {
			/* Pipelined too far ahead: answer what fits. */
			break;
		}
		n = snprintf(c->out + c->out_len, OUT_SIZE - c->out_len,
			     "HTTP/1.1 200 OK\r\nServer: tessera-httpepoll\r\n"
			     "Content-Type: text/html\r\n"
			     "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
			     sizeof(page) - 1,
			     c->close_after ? "close" : "keep-alive");
		c->out_len += (size_t)n;
		if (c->in[0] == 'G') {
			memcpy(c->out + c->out_len, page, sizeof(page) - 1);
			c->out_len += sizeof(page) - 1;
		}
		memmove(c->in, c->in + used, c->in_len - used);
		c->in_len -= used;
		if (c->close_after)
			break;
	}
}

/* Writes what is queued; false when the connection is done with. */
static bool conn_flush(struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = write(c->fd, c->out + c->out_off,
				  c->out_len - c->out_off);

		if (n < 0)
			return errno == EAGAIN;
		c->out_off += (size_t)n;
	}
	c->out_len = c->out_off = 0;
	return !c->close_after;
}

/* Edge-triggered: read until EAGAIN, answer, write until EAGAIN. */
static void conn_event(struct conn *c, uint32_t events)
{
	ssize_t n;

	if (events & EPOLLERR) {
		conn_close(c);
		return;
	}
	if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
		for (;;) {
			if (c->in_len == IN_SIZE) {
				/* A request header larger than we take. */
				conn_close(c);
				return;
			}
			n = read(c->fd, c->in + c->in_len, IN_SIZE - c->in_len);
			if (n > 0) {
				c->in_len += (size_t)n;
				continue;
			}
			if (n == 0 || errno != EAGAIN) {
				conn_close(c);
				return;
			}
			break;
		}
		conn_parse(c);
	}
	if (!conn_flush(c))
		conn_close(c);
	else if (c->in_len && !c->out_len)
		/* Requests held back for room: go on with them. */
		conn_event(c, EPOLLOUT | (c->in_len ? EPOLLIN : 0));
}

static void accept_all(int ep, int lsn)
{
	struct epoll_event ev;
	struct conn *c;
	int fd, one = 1;

	for (;;) {
		fd = accept4(lsn, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
		ev.data.ptr = c;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
			conn_close(c);
			continue;
		}
	}
}

static void *ticker(void *arg)
{
	int efd = (int)(intptr_t)arg;
	uint64_t one = 1;

	for (;;) {
		sleep(1);
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			return NULL;
	}
}

int main(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons(PORT),
				.sin_addr.s_addr = htonl(INADDR_ANY)};
	struct epoll_event ev, evs[MAX_EVENTS];
	unsigned long wakeups = 0;
	int ep, lsn, efd, n, i, one = 1;
	pthread_t t;
	uint64_t v;

	lsn = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ep = epoll_create1(EPOLL_CLOEXEC);
	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (lsn < 0 || ep < 0 || efd < 0) {
		perror("httpepoll: setup");
		return 1;
	}
	setsockopt(lsn, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lsn, (struct sockaddr *)&a, sizeof(a)) || listen(lsn, 512)) {
		perror("httpepoll: bind/listen");
		return 1;
	}
	ev.events = EPOLLIN | EPOLLET;
	ev.data.ptr = &tag_listener;
	epoll_ctl(ep, EPOLL_CTL_ADD, lsn, &ev);
	ev.data.ptr = &tag_eventfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	if (pthread_create(&t, NULL, ticker, (void *)(intptr_t)efd)) {
		fprintf(stderr, "httpepoll: no ticker thread\n");
		return 1;
	}
	printf("httpepoll: listening on port %d\n", PORT);
	for (;;) {
		n = epoll_wait(ep, evs, MAX_EVENTS, -1);
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == &tag_listener) {
				accept_all(ep, lsn);
			} else if (evs[i].data.ptr == &tag_eventfd) {
				if (read(efd, &v, sizeof(v)) == sizeof(v) &&
				    !wakeups++)
					printf("httpepoll: woken by eventfd\n");
			} else {
				conn_event(evs[i].data.ptr, evs[i].events);
			}
		}
	}
}
