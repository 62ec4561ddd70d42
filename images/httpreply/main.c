/*
 * httpreply: listens on port 8123 and answers every connection with a
 * fixed "It works!" page, then closes it. The classic unikernel demo.
 *
 * Each connection gets its own thread, so a client that connects and
 * sends nothing (or sends slowly) holds only its thread, never the
 * accept loop: a receive timeout alone would still serve clients one at
 * a time and let each stalled one hold all others for the whole timeout.
 * The timeout (RECV_TIMEOUT_S) is there too, so such a thread ends.
 *
 * With "busy" on the command line a thread spins for ever beside the
 * server (tests/system/http_busy_test.sh: preemption keeps it serving).
 * With "memstat" a thread prints the heap in use and the number of
 * threads every MEMSTAT_S seconds (tests/reliability/soak.sh).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <unistd.h>

#define LISTEN_PORT 8123
/* How long a client may take to send its request. */
#define RECV_TIMEOUT_S 10
/* A connection's thread needs little: one read buffer and libc calls. */
#define CONN_STACK_SIZE (64 * 1024)
/* Seconds between two heap lines ("memstat" on the command line). */
#define MEMSTAT_S 2

static const char reply[] = "HTTP/1.1 200 OK\r\n"
			    "Content-Type: text/html\r\n"
			    "Content-Length: 45\r\n"
			    "Connection: close\r\n"
			    "\r\n"
			    "<html><body><h1>It works!</h1></body></html>\n";

static void *serve(void *arg)
{
	int c = (int)(intptr_t)arg;
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	char buf[1024];

	setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* Read the request (or whatever the client sent) once. */
	if (read(c, buf, sizeof(buf)) > 0)
		write(c, reply, sizeof(reply) - 1);
	close(c);
	return NULL;
}

/* Spins without a syscall: the server must keep answering (preemption). */
static void *spin(void *arg)
{
	volatile unsigned long *n = arg;

	for (;;)
		(*n)++;
	return NULL;
}

/* Prints the heap in use (sysinfo: the default allocator) and threads. */
static void *memstat(void *arg)
{
	struct sysinfo si;

	(void)arg;
	for (;;) {
		sleep(MEMSTAT_S);
		if (sysinfo(&si))
			continue;
		printf("httpreply: heap %lu bytes in use, %u threads\n",
		       (si.totalram - si.freeram) * si.mem_unit, si.procs);
		fflush(stdout);
	}
	return NULL;
}

int main(int argc, char *argv[])
{
	static unsigned long spins;
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(LISTEN_PORT),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	pthread_attr_t attr;
	pthread_t t;
	int srv, one = 1;

	srv = socket(AF_INET, SOCK_STREAM, 0);
	if (srv < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(srv, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("bind");
		return 1;
	}
	if (listen(srv, 64) < 0) {
		perror("listen");
		return 1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, CONN_STACK_SIZE);
	/* "busy": one thread spins for ever; "memstat": heap lines. */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "busy") &&
		    !pthread_create(&t, &attr, spin, &spins))
			printf("httpreply: a thread spins for ever\n");
		if (!strcmp(argv[i], "memstat"))
			pthread_create(&t, &attr, memstat, NULL);
	}
	printf("Listening on port %d\n", LISTEN_PORT);
	fflush(stdout);
	for (;;) {
		int c = accept(srv, NULL, NULL);

		if (c < 0) {
			/* Linux: skip a connection reset in the backlog. */
			if (errno == ECONNABORTED || errno == EPROTO ||
			    errno == EINTR)
				continue;
			/* Out of fds or memory: let some connections end. */
			perror("accept");
			usleep(100 * 1000);
			continue;
		}
		if (pthread_create(&t, &attr, serve, (void *)(intptr_t)c)) {
			/* No memory for a thread: this client goes unserved. */
			close(c);
		}
	}
}
