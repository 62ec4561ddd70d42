/* The loopback TCP transfer of loopback_xfer.h. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/semaphore.h>
#include <uk/socket.h>
#include <uk/thread.h>

#include "tests/kernel/lwip/loopback_xfer.h"

#define CHUNK 16384

struct xfer {
	int family;
	uint16_t port;
	size_t bytes;
	struct uk_semaphore listening; /* up once the server listens */
	struct lwip_xfer_result *res;
	unsigned char sbuf[CHUNK];
	unsigned char cbuf[CHUNK];
};

/* The stream's byte at offset i: catches loss, duplication and reordering. */
static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 131 + (i >> 12));
}

static socklen_t loopback_addr(int family, uint16_t port,
			       struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*in);
	}
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons(port);
	in6->sin6_addr = in6addr_loopback;
	return sizeof(*in6);
}

#define CHECK(res, side, call)                                                 \
	({                                                                     \
		long __r = (long)(call);                                       \
		if (__r < 0 && !(res)->side##_err) {                           \
			(res)->side##_err = (int)__r;                          \
			(res)->side##_step = #call;                            \
		}                                                              \
		__r;                                                           \
	})

static void server(void *arg)
{
	struct xfer *x = arg;
	struct lwip_xfer_result *res = x->res;
	struct sockaddr_storage ss;
	socklen_t len = loopback_addr(x->family, x->port, &ss);
	uint64_t count = 0;
	int one = 1, s, c = -1;
	long n;

	s = (int)CHECK(res, server, uk_sys_socket(x->family, SOCK_STREAM, 0));
	if (s >= 0 &&
	    CHECK(res, server,
		  uk_sys_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one,
				    sizeof(one))) == 0 &&
	    CHECK(res, server, uk_sys_bind(s, (struct sockaddr *)&ss, len)) ==
		    0 &&
	    CHECK(res, server, uk_sys_listen(s, 1)) == 0) {
		uk_semaphore_up(&x->listening);
		c = (int)CHECK(res, server, uk_sys_accept(s, NULL, NULL));
	} else {
		/* Let the client run into the refused connection. */
		uk_semaphore_up(&x->listening);
	}
	while (c >= 0) {
		n = CHECK(res, server,
			  uk_sys_read(c, x->sbuf, sizeof(x->sbuf)));
		if (n <= 0)
			break;
		for (long i = 0; i < n; i++)
			if (x->sbuf[i] != pattern(count + (size_t)i))
				res->server_bad++;
		count += (uint64_t)n;
	}
	res->server_bytes = count;
	if (c >= 0) {
		CHECK(res, server, uk_sys_write(c, &count, sizeof(count)));
		CHECK(res, server, uk_sys_close(c));
	}
	if (s >= 0)
		CHECK(res, server, uk_sys_close(s));
}

static void client(void *arg)
{
	struct xfer *x = arg;
	struct lwip_xfer_result *res = x->res;
	struct sockaddr_storage ss;
	socklen_t len = loopback_addr(x->family, x->port, &ss);
	size_t sent = 0, got = 0;
	__nsec start;
	long n;
	int s;

	uk_semaphore_down(&x->listening);
	s = (int)CHECK(res, client, uk_sys_socket(x->family, SOCK_STREAM, 0));
	if (s < 0)
		return;
	start = uk_sched_now();
	if (CHECK(res, client, uk_sys_connect(s, (struct sockaddr *)&ss, len)) <
	    0) {
		uk_sys_close(s);
		return;
	}
	while (sent < x->bytes) {
		size_t k = x->bytes - sent < CHUNK ? x->bytes - sent : CHUNK;

		for (size_t i = 0; i < k; i++)
			x->cbuf[i] = pattern(sent + i);
		/* A short write: the next round continues from sent. */
		n = CHECK(res, client, uk_sys_write(s, x->cbuf, k));
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	CHECK(res, client, uk_sys_shutdown(s, SHUT_WR));
	while (got < sizeof(res->client_count)) {
		n = CHECK(res, client,
			  uk_sys_read(s, (char *)&res->client_count + got,
				      sizeof(res->client_count) - got));
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	n = CHECK(res, client, uk_sys_read(s, x->cbuf, 1));
	res->client_eof = n == 0;
	res->ns = uk_sched_now() - start;
	CHECK(res, client, uk_sys_close(s));
}

int lwip_xfer_run(int family, uint16_t port, size_t bytes,
		  struct lwip_xfer_result *res)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_thread *ts, *tc;
	struct xfer *x;

	memset(res, 0, sizeof(*res));
	x = uk_calloc(a, 1, sizeof(*x));
	if (!x)
		return -1;
	x->family = family;
	x->port = port;
	x->bytes = bytes;
	x->res = res;
	uk_semaphore_init(&x->listening, 0);
	ts = uk_thread_create("xfer-server", server, x, 0);
	tc = uk_thread_create("xfer-client", client, x, 0);
	if (UK_PTRISERR(ts) || UK_PTRISERR(tc)) {
		/* Out of memory: a thread that did start stays blocked. */
		return -1;
	}
	uk_thread_join(ts, NULL);
	uk_thread_join(tc, NULL);
	uk_free(a, x);
	return res->server_err || res->client_err ? -1 : 0;
}
