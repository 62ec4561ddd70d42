/*
 * httpepoll: a single-threaded HTTP/1.1 server on epoll, answering every
 * GET with one fixed page on port 8123. Non-blocking accept and sockets,
 * all edge-triggered, keep-alive by default; a second thread wakes the
 * loop through an eventfd once a second (the loop counts the wake-ups).
 * With "memstat" on the command line that thread also prints the heap in
 * use every MEMSTAT_S seconds (tests/reliability/soak.sh measures leaks).
 *
 * It is written to be copied, so no client can stall it: every piece of
 * work is bounded and the loop always returns to epoll_wait. A connection
 * holds buffers only while a request is partial or a response unsent; a
 * client that does not finish a request within the idle timeout of its
 * previous answer (or of connecting) is closed, which also bounds slow
 * senders; and accept errors are handled as Linux servers do.
 *
 * Arguments: idle_timeout=SECONDS changes the idle timeout (30 s; 0: idle
 * clients are never closed, for connection storms). Other arguments
 * (e.g. the kernel's netdev.ip=) are ignored.
 *
 * With "percpu" on the kernel command line it runs one event loop thread
 * per online CPU (sysconf(_SC_NPROCESSORS_ONLN)), each pinned to its CPU
 * with an epoll set of its own. Every loop watches the one listening
 * socket (EPOLLET | EPOLLEXCLUSIVE) and accepts, racing the others (a
 * loser sees EAGAIN); each accepted connection goes to the next loop in
 * turn (round robin), handed over through that loop's queue and eventfd,
 * and then lives in that loop alone. The hand-over keeps the loops busy
 * alike even when one of them wins every accept (the one on the CPU that
 * runs the network stack's input does). Each loop says when it serves its
 * first request and every LOOP_REPORT requests after.
 */
/* accept4 is a GNU extension in musl. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "images/httpepoll/request.h"

#define PORT 8123
#define MAX_EVENTS 64
/* A request's line and headers must fit: larger ones get 431. */
#define IN_SIZE 4096
/* Pipelined answers queued at once (about 30 of them). */
#define OUT_SIZE 8192
/* Time to send a whole request, after connecting or the last answer. */
#define IDLE_TIMEOUT_MS 30000
/* The largest idle_timeout= in seconds: a day. */
#define IDLE_TIMEOUT_MAX_S 86400
/* Read-parse-write rounds for one connection before others get a turn. */
#define MAX_ROUNDS 8
/* Connections accepted per turn, so a storm cannot starve the others. */
#define MAX_ACCEPTS 64
/* Connections waiting to be handed to a loop; past that, kept. */
#define HANDOFF_MAX 64
/* Event loops at most ("percpu"), and how often each prints its count. */
#define MAX_LOOPS 16
#define LOOP_REPORT 10000
/* Out of descriptors or memory: wait this long before accepting again. */
#define ACCEPT_PAUSE_MS 100
/* Seconds between two heap lines ("memstat" on the command line). */
#define MEMSTAT_S 2

static const char page[] =
	"<!DOCTYPE html>\n<html><head><title>Tessera</title></head>"
	"<body><h1>Hello from Tessera (epoll)</h1></body></html>\n";

static const char too_large[] =
	"HTTP/1.1 431 Request Header Fields Too Large\r\n"
	"Server: tessera-httpepoll\r\nContent-Length: 0\r\n"
	"Connection: close\r\n\r\n";

/* A doubly linked list node; a list is a node whose ends point to it. */
struct link {
	struct link *prev, *next;
};

/* An event loop: its epoll set, connections and accept state. */
struct loop {
	int idx, ep;
	/* Accepted connections handed to this loop, and its doorbell. */
	pthread_mutex_t handoff_lock;
	int handoff[HANDOFF_MAX], handoff_n, handoff_fd;
	struct link idle_list, posted_list;
	/* When to accept again after a pause (0: not paused). */
	int64_t accept_at;
	/* Responses queued. */
	unsigned long requests;
};

struct conn {
	int fd;
	struct loop *loop;
	/* The peer has sent its last byte. */
	bool eof;
	bool close_after;
	/* Idle list (oldest deadline first) and list of unfinished work. */
	struct link idle, posted;
	int64_t deadline;
	size_t in_len, out_len, out_off;
	/* Allocated while a request is partial or a response unsent. */
	char *in, *out;
};

/* Tags of the two fds that are not connections. */
static char tag_listener, tag_eventfd;

static struct loop loops[MAX_LOOPS];
static int nloops = 1, listener, ticker_fd;
/* The loop the next accepted connection goes to (mod nloops). */
static unsigned int next_loop;
/*
 * Connections open, and the most at once: each new most that is a
 * multiple of PEAK_STEP goes on the console, so that tests count the
 * connections this server really holds.
 */
#define PEAK_STEP 100
static unsigned long conns_open, conns_peak;
/* The idle timeout in ms; 0: idle connections stay open. */
static int64_t idle_timeout_ms = IDLE_TIMEOUT_MS;

static void link_init(struct link *l)
{
	l->prev = l->next = l;
}

static bool link_linked(const struct link *l)
{
	return l->next != l;
}

static void link_del(struct link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	link_init(l);
}

static void link_add_tail(struct link *list, struct link *l)
{
	l->prev = list->prev;
	l->next = list;
	list->prev->next = l;
	list->prev = l;
}

#define conn_of(l, member)                                                     \
	((struct conn *)((char *)(l) - offsetof(struct conn, member)))

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A new deadline for the next request; the list stays sorted by it.
 * Without an idle timeout no connection is on the list.
 */
static void conn_touch(struct conn *c)
{
	if (!idle_timeout_ms)
		return;
	c->deadline = now_ms() + idle_timeout_ms;
	link_del(&c->idle);
	link_add_tail(&c->loop->idle_list, &c->idle);
}

/* The heap in use, in bytes, from sysinfo (the default allocator). */
static unsigned long heap_used(const struct sysinfo *si)
{
	return (si->totalram - si->freeram) * si->mem_unit;
}

/* The heap in use, in KiB (0 if sysinfo fails). */
static unsigned long heap_used_kib(void)
{
	struct sysinfo si;

	return sysinfo(&si) ? 0 : heap_used(&si) / 1024;
}

static bool memstat_on;
/* One event loop per CPU ("percpu"), else one. */
static bool percpu;

static void conn_close(struct conn *c)
{
	link_del(&c->idle);
	link_del(&c->posted);
	/* The last close removes the fd from the epoll set. */
	close(c->fd);
	free(c->in);
	free(c->out);
	free(c);
	__atomic_sub_fetch(&conns_open, 1, __ATOMIC_RELAXED);
}

/* Appends [s, s + n) to the output; the caller checked for room. */
static void conn_queue(struct conn *c, const char *s, size_t n)
{
	memcpy(c->out + c->out_len, s, n);
	c->out_len += n;
}

/* Counts a response; the first and every LOOP_REPORT-th are printed. */
static void loop_count(struct loop *l)
{
	if (++l->requests % LOOP_REPORT == 1) {
		printf("httpepoll: loop %d (CPU %d): %lu requests\n", l->idx,
		       sched_getcpu(), l->requests);
		fflush(stdout);
	}
}

/*
 * Queues one response per complete request in c->in. Returns true when
 * a complete request is left for want of room in the output; -ENOMEM
 * leaves everything as it was.
 */
static int conn_parse(struct conn *c)
{
	struct httpepoll_request req;
	char hdr[256];
	int n;

	while (c->in_len && httpepoll_request_parse(c->in, c->in_len, &req)) {
		if (!c->out && !(c->out = malloc(OUT_SIZE)))
			return -ENOMEM;
		if (c->out_len + sizeof(hdr) + sizeof(page) > OUT_SIZE)
			return 1;
		c->close_after = req.close;
		n = snprintf(hdr, sizeof(hdr),
			     "HTTP/1.1 200 OK\r\nServer: tessera-httpepoll\r\n"
			     "Content-Type: text/html\r\n"
			     "Content-Length: %zu\r\nConnection: %s\r\n\r\n",
			     sizeof(page) - 1,
			     c->close_after ? "close" : "keep-alive");
		conn_queue(c, hdr, (size_t)n);
		if (req.get)
			conn_queue(c, page, sizeof(page) - 1);
		loop_count(c->loop);
		memmove(c->in, c->in + req.len, c->in_len - req.len);
		c->in_len -= req.len;
		conn_touch(c);
		if (c->close_after) {
			c->in_len = 0;
			break;
		}
	}
	if (c->in_len == IN_SIZE) {
		/* No end of headers in a full buffer: refuse and close. */
		if (!c->out && !(c->out = malloc(OUT_SIZE)))
			return -ENOMEM;
		if (c->out_len + sizeof(too_large) > OUT_SIZE)
			return 1;
		conn_queue(c, too_large, sizeof(too_large) - 1);
		c->close_after = true;
		c->in_len = 0;
	}
	return 0;
}

/*
 * Reads what has arrived, up to a full buffer. Returns 1 if more may be
 * waiting (the buffer filled), 0 once the socket is drained (EAGAIN or
 * end of file, which sets c->eof), or a negative errno.
 */
static int conn_read(struct conn *c)
{
	ssize_t n;

	if (c->eof || c->close_after)
		return 0;
	if (!c->in && !(c->in = malloc(IN_SIZE)))
		return -ENOMEM;
	while (c->in_len < IN_SIZE) {
		n = read(c->fd, c->in + c->in_len, IN_SIZE - c->in_len);
		if (n > 0) {
			c->in_len += (size_t)n;
		} else if (n == 0) {
			c->eof = true;
			return 0;
		} else if (errno == EAGAIN) {
			return 0;
		} else if (errno != EINTR) {
			return -errno;
		}
	}
	return 1;
}

/* Writes what is queued: 0 when all is sent or the socket is full. */
static int conn_flush(struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = write(c->fd, c->out + c->out_off,
				  c->out_len - c->out_off);

		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			c->out_off += (size_t)n;
	}
	c->out_len = c->out_off = 0;
	return 0;
}

/*
 * Serves a connection that epoll reported or that had work left over:
 * read, answer, write, for at most MAX_ROUNDS rounds. Edge-triggered
 * readiness is only reported again once a read or write has seen EAGAIN,
 * so a connection that stops before that is posted and served again
 * after the next epoll_wait, which then does not block.
 */
static void conn_serve(struct conn *c)
{
	int round, more, held;

	link_del(&c->posted);
	for (round = 0; round < MAX_ROUNDS; round++) {
		more = conn_read(c);
		held = more < 0 ? more : conn_parse(c);
		if (held < 0 || conn_flush(c)) {
			conn_close(c);
			return;
		}
		if (c->out_len)
			/* The socket is full: EPOLLOUT brings us back. */
			return;
		if (!held && c->close_after) {
			conn_close(c);
			return;
		}
		if (!held && c->eof) {
			/* Half-closed: answered all it asked for. */
			conn_close(c);
			return;
		}
		if (!held && !more)
			break;
	}
	if (round == MAX_ROUNDS) {
		link_add_tail(&c->loop->posted_list, &c->posted);
		return;
	}
	/* Waiting for a request: hold no buffers. */
	if (!c->in_len) {
		free(c->in);
		c->in = NULL;
	}
	free(c->out);
	c->out = NULL;
}

static void conn_new(struct loop *l, int fd)
{
	struct epoll_event ev;
	unsigned long open, peak;
	struct conn *c;
	int one = 1;

	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->loop = l;
	/* Loops count together: a new most raises conns_peak once. */
	open = __atomic_add_fetch(&conns_open, 1, __ATOMIC_RELAXED);
	peak = __atomic_load_n(&conns_peak, __ATOMIC_RELAXED);
	while (open > peak &&
	       !__atomic_compare_exchange_n(&conns_peak, &peak, open, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (open > peak && open % PEAK_STEP == 0) {
		printf("httpepoll: %lu connections open, %lu KiB of heap in use\n",
		       open, heap_used_kib());
		fflush(stdout);
	}
	link_init(&c->idle);
	link_init(&c->posted);
	conn_touch(c);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
	ev.data.ptr = c;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev))
		conn_close(c);
}

/*
 * Gives connection fd to the next loop in turn: queued for it and its
 * eventfd rung, or kept by l when that loop's queue is full.
 */
static void handoff(struct loop *l, int fd)
{
	struct loop *to =
		&loops[__atomic_fetch_add(&next_loop, 1, __ATOMIC_RELAXED) %
		       (unsigned int)nloops];
	uint64_t one = 1;
	bool queued = false;

	if (to != l) {
		pthread_mutex_lock(&to->handoff_lock);
		if (to->handoff_n < HANDOFF_MAX) {
			to->handoff[to->handoff_n++] = fd;
			queued = true;
		}
		pthread_mutex_unlock(&to->handoff_lock);
	}
	if (!queued) {
		conn_new(l, fd);
		return;
	}
	/* A counter: it fails only past 2^64 - 2 rings that nobody read. */
	if (write(to->handoff_fd, &one, sizeof(one)) != sizeof(one))
		perror("httpepoll: handoff");
}

/* Takes the connections handed to l. */
static void handoff_take(struct loop *l)
{
	int fds[HANDOFF_MAX], n, i;
	uint64_t v;

	if (read(l->handoff_fd, &v, sizeof(v)) != sizeof(v))
		return;
	pthread_mutex_lock(&l->handoff_lock);
	n = l->handoff_n;
	memcpy(fds, l->handoff, sizeof(int) * (size_t)n);
	l->handoff_n = 0;
	pthread_mutex_unlock(&l->handoff_lock);
	for (i = 0; i < n; i++)
		conn_new(l, fds[i]);
}

/*
 * Accepts what the backlog holds, as Linux servers do: a connection reset
 * before it was accepted (ECONNABORTED, EPROTO) is skipped; out of
 * descriptors or memory, accepting pauses for ACCEPT_PAUSE_MS while the
 * backlog waits. The listener is edge-triggered, so accepting goes on
 * until EAGAIN, after a pause, or on the next turn after MAX_ACCEPTS.
 * With several loops, each connection goes to the next one in turn.
 */
static void accept_some(struct loop *l)
{
	int fd, i;

	l->accept_at = 0;
	for (i = 0; i < MAX_ACCEPTS; i++) {
		fd = accept4(listener, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd >= 0) {
			handoff(l, fd);
			continue;
		}
		switch (errno) {
		case EAGAIN:
			return;
		case ECONNABORTED:
		case EPROTO:
		case EINTR:
			continue;
		default:
			/* EMFILE, ENFILE, ENOBUFS, ENOMEM and the unknown. */
			l->accept_at = now_ms() + ACCEPT_PAUSE_MS;
			return;
		}
	}
	l->accept_at = now_ms();
}

/* Closes the connections past their deadline; returns epoll's timeout. */
static int expire(struct loop *l)
{
	int64_t now = now_ms(), next = -1;
	struct conn *c;

	while (link_linked(&l->idle_list)) {
		c = conn_of(l->idle_list.next, idle);
		if (c->deadline > now) {
			next = c->deadline - now;
			break;
		}
		conn_close(c);
	}
	if (l->accept_at && (next < 0 || l->accept_at - now < next))
		next = l->accept_at > now ? l->accept_at - now : 0;
	if (link_linked(&l->posted_list))
		next = 0;
	return (int)next;
}

/* memstat: the heap in use and the threads. */
static void memstat(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		return;
	printf("httpepoll: heap %lu bytes in use, %u threads\n", heap_used(&si),
	       si.procs);
	fflush(stdout);
}

/*
 * Applies idle_timeout=SECONDS, memstat and percpu from the arguments;
 * returns -EINVAL for a timeout that is not a number of seconds up to
 * IDLE_TIMEOUT_MAX_S.
 */
static int parse_args(int argc, char *argv[])
{
	static const char key[] = "idle_timeout=";
	unsigned long s;
	char *end;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "memstat")) {
			memstat_on = true;
			continue;
		}
		if (!strcmp(argv[i], "percpu")) {
			percpu = true;
			continue;
		}
		if (strncmp(argv[i], key, sizeof(key) - 1))
			continue;
		errno = 0;
		s = strtoul(argv[i] + sizeof(key) - 1, &end, 10);
		if (errno || end == argv[i] + sizeof(key) - 1 || *end ||
		    argv[i][sizeof(key) - 1] == '-' || s > IDLE_TIMEOUT_MAX_S)
			return -EINVAL;
		idle_timeout_ms = (int64_t)s * 1000;
	}
	return 0;
}

static void *ticker(void *arg)
{
	int efd = (int)(intptr_t)arg;
	uint64_t one = 1;
	unsigned long ticks = 0;

	for (;;) {
		sleep(1);
		if (write(efd, &one, sizeof(one)) != sizeof(one))
			return NULL;
		if (memstat_on && ++ticks % MEMSTAT_S == 0)
			memstat();
	}
}

/* One event loop (the first also reads the ticker's eventfd). */
static void *loop_run(void *arg)
{
	struct loop *l = arg;
	struct epoll_event evs[MAX_EVENTS];
	unsigned long wakeups = 0;
	struct link work;
	int n, i;
	uint64_t v;

	for (;;) {
		n = epoll_wait(l->ep, evs, MAX_EVENTS, expire(l));
		/*
		 * Work left over from the last turn is served after this
		 * turn's events; closing a connection takes it off the list.
		 */
		link_init(&work);
		if (link_linked(&l->posted_list)) {
			work = l->posted_list;
			work.next->prev = work.prev->next = &work;
			link_init(&l->posted_list);
		}
		if (l->accept_at && l->accept_at <= now_ms())
			accept_some(l);
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == &tag_listener) {
				accept_some(l);
			} else if (evs[i].data.ptr == &l->handoff_fd) {
				handoff_take(l);
			} else if (evs[i].data.ptr == &tag_eventfd) {
				if (read(ticker_fd, &v, sizeof(v)) ==
					    sizeof(v) &&
				    !wakeups++)
					printf("httpepoll: woken by eventfd\n");
			} else if (evs[i].events & EPOLLERR) {
				conn_close(evs[i].data.ptr);
			} else {
				conn_serve(evs[i].data.ptr);
			}
		}
		while (link_linked(&work))
			conn_serve(conn_of(work.next, posted));
	}
	return NULL;
}

/* Loop idx on an epoll set of its own, watching the listener. */
static int loop_init(struct loop *l, int idx)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET,
				  .data.ptr = &tag_listener };

	l->idx = idx;
	link_init(&l->idle_list);
	link_init(&l->posted_list);
	pthread_mutex_init(&l->handoff_lock, NULL);
	l->ep = epoll_create1(EPOLL_CLOEXEC);
	if (l->ep < 0)
		return -1;
	/* Linux wakes one of the loops; Tessera wakes all, racing to accept. */
	if (percpu)
		ev.events |= EPOLLEXCLUSIVE;
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, listener, &ev))
		return -1;
	if (!percpu)
		return 0;
	l->handoff_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	ev.events = EPOLLIN | EPOLLET;
	ev.data.ptr = &l->handoff_fd;
	if (l->handoff_fd < 0)
		return -1;
	return epoll_ctl(l->ep, EPOLL_CTL_ADD, l->handoff_fd, &ev);
}

/* Pins the calling thread to the CPU of its loop's index, runs the loop. */
static void *loop_on_cpu(void *arg)
{
	struct loop *l = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(l->idx, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		perror("httpepoll: sched_setaffinity");
	return loop_run(l);
}

int main(int argc, char *argv[])
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(PORT),
				 .sin_addr.s_addr = htonl(INADDR_ANY) };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET,
				  .data.ptr = &tag_eventfd };
	int i, one = 1;
	pthread_t t;

	if (parse_args(argc, argv)) {
		fprintf(stderr,
			"httpepoll: idle_timeout= takes seconds, 0 to "
			"%d\n",
			IDLE_TIMEOUT_MAX_S);
		return 2;
	}
	if (percpu) {
		long ncpus = sysconf(_SC_NPROCESSORS_ONLN);

		nloops = ncpus < 1 ? 1 : ncpus > MAX_LOOPS ? MAX_LOOPS : ncpus;
	}
	listener =
		socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ticker_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (listener < 0 || ticker_fd < 0) {
		perror("httpepoll: setup");
		return 1;
	}
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(listener, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(listener, 512)) {
		perror("httpepoll: bind/listen");
		return 1;
	}
	for (i = 0; i < nloops; i++) {
		if (loop_init(&loops[i], i)) {
			perror("httpepoll: epoll");
			return 1;
		}
	}
	epoll_ctl(loops[0].ep, EPOLL_CTL_ADD, ticker_fd, &ev);
	if (pthread_create(&t, NULL, ticker, (void *)(intptr_t)ticker_fd)) {
		fprintf(stderr, "httpepoll: no ticker thread\n");
		return 1;
	}
	for (i = 1; i < nloops; i++) {
		if (pthread_create(&t, NULL, loop_on_cpu, &loops[i])) {
			fprintf(stderr, "httpepoll: no loop thread %d\n", i);
			return 1;
		}
	}
	if (percpu)
		printf("httpepoll: %d event loops, one per CPU\n", nloops);
	if (!idle_timeout_ms)
		printf("httpepoll: no idle timeout\n");
	else if (idle_timeout_ms != IDLE_TIMEOUT_MS)
		printf("httpepoll: idle timeout %lld s\n",
		       (long long)(idle_timeout_ms / 1000));
	printf("httpepoll: listening on port %d\n", PORT);
	fflush(stdout);
	(percpu ? loop_on_cpu : loop_run)(&loops[0]);
	return 0;
}
