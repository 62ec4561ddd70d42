/*
 * Differential test program for poll, select, epoll and eventfd: runs the
 * same calls on Linux (built for the host) and on Tessera (built as an
 * image) and prints what it observes, one "event: " line per check, for
 * event_compare.sh to diff. Prints no fd numbers, times or addresses.
 */
/* ppoll is a GNU extension in both C libraries. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e)
{
	switch (e) {
	case EAGAIN:
		return "EAGAIN";
	case EBADF:
		return "EBADF";
	case EEXIST:
		return "EEXIST";
	case EFAULT:
		return "EFAULT";
	case EINVAL:
		return "EINVAL";
	case ELOOP:
		return "ELOOP";
	case ENOENT:
		return "ENOENT";
	case EPERM:
		return "EPERM";
	default:
		return "other";
	}
}

/* Prints "event: what = result" or "event: what = -1 ERRNO". */
static void show(const char *what, long r)
{
	if (r < 0)
		printf("event: %s = -1 %s\n", what, errname(errno));
	else
		printf("event: %s = %ld\n", what, r);
}

static int add(int ep, int fd, unsigned int events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, unsigned int events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* epoll_wait(timeout 0) and the events it returned. */
static void wait_show(const char *what, int ep, int max)
{
	struct epoll_event evs[8];
	int i, n = epoll_wait(ep, evs, max, 0);

	if (n < 0) {
		show(what, n);
		return;
	}
	printf("event: %s = %d", what, n);
	for (i = 0; i < n; i++)
		printf(" [%#x %llu]", evs[i].events,
		       (unsigned long long)evs[i].data.u64);
	printf("\n");
}

static long wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof(v));
}

static long rd(int fd, uint64_t *v)
{
	return read(fd, v, sizeof(*v));
}

static short revents(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	if (poll(&p, 1, 0) < 0)
		return -1;
	return p.revents;
}

static void eventfd_cases(void)
{
	uint64_t v = 0;
	char small[4];
	int fd, sem;

	show("eventfd2 bad flags", eventfd(0, 0x40000000));
	fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
	show("eventfd nonblock", fd >= 0);
	show("eventfd cloexec", fcntl(fd, F_GETFD));
	show("eventfd fl nonblock", !!(fcntl(fd, F_GETFL) & O_NONBLOCK));
	show("eventfd revents 3", revents(fd, POLLIN | POLLOUT));
	show("eventfd read 4 bytes", read(fd, small, sizeof(small)));
	show("eventfd write 4 bytes", write(fd, small, sizeof(small)));
	show("eventfd read", rd(fd, &v));
	printf("event: eventfd value = %llu\n", (unsigned long long)v);
	show("eventfd read empty", rd(fd, &v));
	show("eventfd revents 0", revents(fd, POLLIN | POLLOUT));
	show("eventfd write max", wr(fd, UINT64_MAX));
	show("eventfd write max-1", wr(fd, UINT64_MAX - 1));
	show("eventfd revents full", revents(fd, POLLIN | POLLOUT));
	show("eventfd write overflow", wr(fd, 1));
	show("eventfd write 0 when full", wr(fd, 0));
	show("eventfd read full", rd(fd, &v));
	printf("event: eventfd value = %#llx\n", (unsigned long long)v);
	close(fd);

	sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	show("sem read", rd(sem, &v));
	printf("event: sem value = %llu\n", (unsigned long long)v);
	show("sem read", rd(sem, &v));
	show("sem read empty", rd(sem, &v));
	close(sem);
}

/* Not a constant: the C library's headers warn about a literal -1. */
static volatile int minus_one = -1;

static void epoll_ctl_cases(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, evs[1];
	int ep = epoll_create1(0), efd = eventfd(0, 0), inner;

	show("epoll_create1 bad flags", epoll_create1(O_NONBLOCK));
	show("epoll_create1 cloexec",
	     fcntl(epoll_create1(EPOLL_CLOEXEC), F_GETFD));
	show("ctl bad epfd", epoll_ctl(-1, EPOLL_CTL_ADD, efd, &ev));
	show("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 987, &ev));
	show("ctl self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	show("ctl not epoll", epoll_ctl(efd, EPOLL_CTL_ADD, ep, &ev));
	show("ctl bad op", epoll_ctl(ep, 99, efd, &ev));
	show("ctl mod absent", epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev));
	show("ctl del absent", epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL));
	show("ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	show("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	show("ctl mod exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev));
	show("ctl del", epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL));
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	show("ctl add exclusive oneshot",
	     epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	inner = epoll_create1(0);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	show("ctl add exclusive epoll",
	     epoll_ctl(ep, EPOLL_CTL_ADD, inner, &ev));
	show("ctl add exclusive", epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	ev.events = EPOLLIN;
	show("ctl mod of exclusive", epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev));
	show("wait maxevents 0", epoll_wait(ep, evs, 0, 0));
	show("wait maxevents -1", epoll_wait(ep, evs, minus_one, 0));
	show("wait not epoll", epoll_wait(efd, evs, 1, 0));
	show("wait bad fd", epoll_wait(-1, evs, 1, 0));
	close(inner);
	close(efd);
	close(ep);
}

static void epoll_trigger_cases(void)
{
	int ep = epoll_create1(0);
	int a = eventfd(0, EFD_NONBLOCK), b = eventfd(0, EFD_NONBLOCK);
	uint64_t v;

	/* Level-triggered: reported while readable. */
	add(ep, a, EPOLLIN, 1);
	wait_show("lt empty", ep, 8);
	wr(a, 1);
	wait_show("lt ready", ep, 8);
	wait_show("lt still ready", ep, 8);
	rd(a, &v);
	wait_show("lt drained", ep, 8);
	/* Edge-triggered: once per edge; a new write is a new edge. */
	add(ep, b, EPOLLIN | EPOLLOUT | EPOLLET, 2);
	wait_show("et initial out", ep, 8);
	wait_show("et no new edge", ep, 8);
	wr(b, 1);
	wait_show("et write", ep, 8);
	wait_show("et consumed", ep, 8);
	wr(b, 1);
	wait_show("et second write", ep, 8);
	rd(b, &v);
	wait_show("et after read", ep, 8);
	wr(b, 1);
	wait_show("et after read and write", ep, 8);
	/* MOD keeps a pending event and reports the new mask. */
	wr(b, 1);
	mod(ep, b, EPOLLIN | EPOLLET, 3);
	wait_show("mod pending", ep, 8);
	mod(ep, b, EPOLLOUT | EPOLLET, 4);
	wait_show("mod new mask", ep, 8);
	/* One-shot. */
	mod(ep, b, EPOLLIN | EPOLLONESHOT, 5);
	wait_show("oneshot first", ep, 8);
	wr(b, 1);
	wait_show("oneshot disarmed", ep, 8);
	mod(ep, b, EPOLLIN | EPOLLONESHOT, 6);
	wait_show("oneshot rearmed", ep, 8);
	/* maxevents and round robin of level-triggered entries. */
	wr(a, 1);
	mod(ep, b, EPOLLIN, 7);
	wait_show("max 1 first", ep, 1);
	wait_show("max 1 second", ep, 1);
	wait_show("max 1 third", ep, 1);
	/* The last close takes the fd out of the set; a dup keeps it. */
	int d = dup(a);
	close(a);
	wait_show("closed one of two fds", ep, 8);
	close(d);
	wait_show("closed last fd", ep, 8);
	show("del closed", epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL));
	close(b);
	close(ep);
}

static void epoll_nest_cases(void)
{
	int ep[7], i, efd = eventfd(0, EFD_NONBLOCK);
	struct pollfd p;

	for (i = 0; i < 7; i++)
		ep[i] = epoll_create1(0);
	add(ep[1], efd, EPOLLIN, 10);
	show("nest add", add(ep[0], ep[1], EPOLLIN, 11));
	wait_show("nest idle", ep[0], 8);
	p.fd = ep[1];
	p.events = POLLIN;
	show("poll epoll idle", poll(&p, 1, 0));
	wr(efd, 1);
	wait_show("nest ready", ep[0], 8);
	show("poll epoll ready", poll(&p, 1, 0));
	printf("event: poll epoll revents = %#x\n", p.revents);
	show("nest loop", add(ep[1], ep[0], EPOLLIN, 12));
	show("nest self loop", add(ep[0], ep[0], EPOLLIN, 12));
	/* Depth: a chain ep0 > ep1 > ... > ep4, then one more either end. */
	show("depth 2", add(ep[1], ep[2], EPOLLIN, 0));
	show("depth 3", add(ep[2], ep[3], EPOLLIN, 0));
	show("depth 4", add(ep[3], ep[4], EPOLLIN, 0));
	show("depth 5 below", add(ep[4], ep[5], EPOLLIN, 0));
	show("depth 5 above", add(ep[5], ep[0], EPOLLIN, 0));
	show("branch", add(ep[2], ep[5], EPOLLIN, 0));
	show("branch deeper", add(ep[5], ep[6], EPOLLIN, 0));
	show("branch too deep", add(ep[3], ep[5], EPOLLIN, 0));
	close(ep[1]);
	wait_show("nest inner closed", ep[0], 8);
	for (i = 0; i < 7; i++)
		if (i != 1)
			close(ep[i]);
	close(efd);
}

static void poll_cases(void)
{
	int fd = eventfd(1, 0);
	struct pollfd p[4] = { { .fd = 1, .events = POLLOUT },
			       { .fd = 999, .events = POLLIN },
			       { .fd = -1, .events = POLLIN },
			       { .fd = fd, .events = POLLIN | POLLPRI } };
	struct timespec ts = { 0, 0 };

	show("poll", poll(p, 4, 0));
	printf("event: poll revents = %#x %#x %#x %#x\n", p[0].revents,
	       p[1].revents, p[2].revents, p[3].revents);
	p[0].fd = 0;
	p[0].events = POLLOUT;
	show("poll fd 0 for output", poll(p, 1, 0));
	printf("event: poll fd 0 revents = %#x\n", p[0].revents);
	show("ppoll", ppoll(&p[3], 1, &ts, NULL));
	ts.tv_nsec = 1000000000;
	show("ppoll bad timespec", ppoll(&p[3], 1, &ts, NULL));
	close(fd);
}

static void select_cases(void)
{
	int fd = eventfd(0, 0);
	struct timeval tv = { 0, 0 };
	fd_set r, w, x;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&x);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(fd, &x);
	show("select idle", select(fd + 1, &r, &w, &x, &tv));
	printf("event: select sets = %d %d %d\n", FD_ISSET(fd, &r),
	       FD_ISSET(fd, &w), FD_ISSET(fd, &x));
	wr(fd, 1);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	tv.tv_usec = 0;
	show("select ready", select(fd + 1, &r, &w, NULL, &tv));
	printf("event: select sets = %d %d\n", FD_ISSET(fd, &r),
	       FD_ISSET(fd, &w));
	FD_ZERO(&r);
	FD_SET(fd, &r);
	show("pselect",
	     pselect(fd + 1, &r, NULL, NULL, &(struct timespec){ 0, 0 }, NULL));
	FD_ZERO(&r);
	FD_SET(fd + 200, &r);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	show("select bad fd", select(fd + 201, &r, NULL, NULL, &tv));
	show("select negative nfds", select(-1, NULL, NULL, NULL, &tv));
	tv.tv_sec = -1;
	show("select negative timeout", select(0, NULL, NULL, NULL, &tv));
	close(fd);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *write_later(void *arg)
{
	usleep(20000);
	wr((int)(intptr_t)arg, 1);
	return NULL;
}

static void wait_cases(void)
{
	int ep = epoll_create1(0), fd = eventfd(0, 0);
	struct epoll_event ev;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	pthread_t t;
	long long t0;
	uint64_t v;

	add(ep, fd, EPOLLIN, 42);
	t0 = now_ms();
	show("epoll_wait 50 ms", epoll_wait(ep, &ev, 1, 50));
	show("waited >= 50 ms", now_ms() - t0 >= 50);
	t0 = now_ms();
	show("poll 30 ms", poll(&p, 1, 30));
	show("waited >= 30 ms", now_ms() - t0 >= 30);
	pthread_create(&t, NULL, write_later, (void *)(intptr_t)fd);
	show("epoll_wait woken", epoll_wait(ep, &ev, 1, -1));
	printf("event: woken data = %llu\n", (unsigned long long)ev.data.u64);
	pthread_join(t, NULL);
	rd(fd, &v);
	pthread_create(&t, NULL, write_later, (void *)(intptr_t)fd);
	show("poll woken", poll(&p, 1, 5000));
	pthread_join(t, NULL);
	rd(fd, &v);
	pthread_create(&t, NULL, write_later, (void *)(intptr_t)fd);
	show("blocking read woken", rd(fd, &v));
	pthread_join(t, NULL);
	close(fd);
	close(ep);
}

int main(void)
{
	eventfd_cases();
	epoll_ctl_cases();
	epoll_trigger_cases();
	epoll_nest_cases();
	poll_cases();
	select_cases();
	wait_cases();
	printf("event: done\n");
	return 0;
}
