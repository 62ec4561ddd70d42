/*
 * In-kernel tests of posix/event through musl: epoll, poll, select and
 * eventfd as an application calls them, on both architectures.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>

static int ep_add(int ep, int fd, unsigned int events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int ep_wait0(int ep)
{
	struct epoll_event evs[4];

	return epoll_wait(ep, evs, 4, 0);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* -errno of a failed call, the result otherwise. */
#define ERR(call) ((call) < 0 ? -errno : 0)

TESTCASE(event, epoll_errnos)
{
	struct epoll_event ev = { .events = EPOLLIN }, evs[1];
	int ep = epoll_create1(0), efd = eventfd(0, 0);

	EXPECT_GE(ep, 0);
	EXPECT_EQ(ERR(epoll_create(0)), -EINVAL);
	EXPECT_EQ(ERR(epoll_create(-1)), -EINVAL);
#ifdef SYS_epoll_create
	EXPECT_EQ(ERR(syscall(SYS_epoll_create, 0)), -EINVAL);
	EXPECT_EQ(ERR(syscall(SYS_epoll_create, -1)), -EINVAL);
#endif
	EXPECT_EQ(ERR(epoll_create1(1)), -EINVAL);
	EXPECT_EQ(ERR(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev)), -EBADF);
	EXPECT_EQ(ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev)), -EINVAL);
	EXPECT_EQ(ERR(epoll_ctl(efd, EPOLL_CTL_ADD, ep, &ev)), -EINVAL);
	EXPECT_EQ(ERR(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev)), -ENOENT);
	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev), 0);
	EXPECT_EQ(ERR(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev)), -EEXIST);
	ev.events |= EPOLLEXCLUSIVE;
	EXPECT_EQ(ERR(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev)), -EINVAL);
	EXPECT_EQ(ERR(epoll_wait(ep, evs, 0, 0)), -EINVAL);
	EXPECT_EQ(ERR(epoll_wait(efd, evs, 1, 0)), -EINVAL);
	EXPECT_EQ(ERR(epoll_wait(999, evs, 1, 0)), -EBADF);
	/* Standard input is the console, which has a poll op. */
	EXPECT_EQ(ep_add(ep, 1, EPOLLOUT, 1), 0);
	EXPECT_EQ(ep_wait0(ep), 1);
	close(efd);
	close(ep);
}

TESTCASE(event, eventfd_semantics)
{
	uint64_t v = 0;
	char small[4];
	int fd = eventfd(0, EFD_NONBLOCK | EFD_SEMAPHORE);

	EXPECT_GE(fd, 0);
	EXPECT_EQ(ERR(eventfd(0, 0x10)), -EINVAL);
	EXPECT_EQ(ERR(read(fd, &v, 8)), -EAGAIN);
	EXPECT_EQ(ERR(read(fd, small, 4)), -EINVAL);
	v = UINT64_MAX;
	EXPECT_EQ(ERR(write(fd, &v, 8)), -EINVAL);
	v = 2;
	EXPECT_EQ(write(fd, &v, 8), 8);
	EXPECT_EQ(read(fd, &v, 8), 8);
	EXPECT_EQ(v, 1);
	v = UINT64_MAX - 2;
	EXPECT_EQ(write(fd, &v, 8), 8);
	EXPECT_EQ(ERR(write(fd, &v, 8)), -EAGAIN);
	EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	close(fd);
	fd = eventfd(5, EFD_CLOEXEC);
	EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	EXPECT_EQ(read(fd, &v, 8), 8);
	EXPECT_EQ(v, 5);
	close(fd);
}

/* Regression: EPOLLET reports a new edge after the last one was taken. */
TESTCASE(event, epollet_new_edge)
{
	uint64_t one = 1, v;
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int fd = eventfd(0, EFD_NONBLOCK);

	EXPECT_EQ(ep_add(ep, fd, EPOLLIN | EPOLLET, 3), 0);
	EXPECT_EQ(ep_wait0(ep), 0);
	EXPECT_EQ(write(fd, &one, 8), 8);
	EXPECT_EQ(ep_wait0(ep), 1);
	EXPECT_EQ(ep_wait0(ep), 0);
	EXPECT_EQ(read(fd, &v, 8), 8);
	EXPECT_EQ(write(fd, &one, 8), 8);
	EXPECT_EQ(ep_wait0(ep), 1);
	EXPECT_EQ(write(fd, &one, 8), 8);
	EXPECT_EQ(ep_wait0(ep), 1);
	close(fd);
	close(ep);
}

/* Regression: EPOLL_CTL_MOD keeps an event that is pending. */
TESTCASE(event, epoll_mod_keeps_event)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET,
				  .data.u64 = 9 },
			   evs[2];
	uint64_t one = 1;
	int ep = epoll_create1(0);
	int fd = eventfd(0, EFD_NONBLOCK);

	/* Interest in EPOLLOUT only: take the initial edge. */
	EXPECT_EQ(ep_add(ep, fd, EPOLLOUT | EPOLLET, 8), 0);
	EXPECT_EQ(ep_wait0(ep), 1);
	EXPECT_EQ(write(fd, &one, 8), 8);
	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev), 0);
	EXPECT_EQ(epoll_wait(ep, evs, 2, 0), 1);
	EXPECT_EQ(evs[0].events, EPOLLIN | EPOLLOUT);
	EXPECT_EQ(evs[0].data.u64, 9);
	close(fd);
	close(ep);
}

TESTCASE(event, epoll_oneshot_and_close)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };
	int ep = epoll_create1(0);
	int fd = eventfd(1, 0);

	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), 0);
	EXPECT_EQ(ep_wait0(ep), 1);
	EXPECT_EQ(ep_wait0(ep), 0);
	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev), 0);
	EXPECT_EQ(ep_wait0(ep), 1);
	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev), 0);
	/* The last close takes the fd out of the set. */
	close(fd);
	EXPECT_EQ(ep_wait0(ep), 0);
	close(ep);
}

TESTCASE(event, epoll_nested)
{
	uint64_t one = 1;
	int outer = epoll_create1(0), inner = epoll_create1(0);
	int fd = eventfd(0, 0);
	struct pollfd pfd = { .fd = inner, .events = POLLIN };

	EXPECT_EQ(ep_add(inner, fd, EPOLLIN, 1), 0);
	EXPECT_EQ(ep_add(outer, inner, EPOLLIN, 2), 0);
	EXPECT_EQ(ERR(ep_add(inner, outer, EPOLLIN, 3)), -ELOOP);
	EXPECT_EQ(ep_wait0(outer), 0);
	EXPECT_EQ(poll(&pfd, 1, 0), 0);
	EXPECT_EQ(write(fd, &one, 8), 8);
	EXPECT_EQ(ep_wait0(outer), 1);
	EXPECT_EQ(poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLIN);
	close(fd);
	close(inner);
	close(outer);
}

/* Regression: fd 0 is polled like any fd (the console). */
TESTCASE(event, poll_fd0_nval_and_negative)
{
	struct pollfd pfds[3] = { { .fd = 0, .events = POLLOUT },
				  { .fd = 999, .events = POLLIN },
				  { .fd = -1, .events = POLLIN } };

	EXPECT_EQ(poll(pfds, 3, 0), 2);
	EXPECT_EQ(pfds[0].revents, POLLOUT);
	EXPECT_EQ(pfds[1].revents, POLLNVAL);
	EXPECT_EQ(pfds[2].revents, 0);
}

TESTCASE(event, select_and_pselect)
{
	uint64_t one = 1;
	int fd = eventfd(0, 0);
	struct timeval tv = { 0, 0 };
	struct timespec ts = { 0, 0 };
	fd_set r, w;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	EXPECT_EQ(select(fd + 1, &r, &w, NULL, &tv), 1);
	EXPECT_FALSE(FD_ISSET(fd, &r));
	EXPECT_TRUE(FD_ISSET(fd, &w));
	EXPECT_EQ(write(fd, &one, 8), 8);
	FD_SET(fd, &r);
	EXPECT_EQ(pselect(fd + 1, &r, NULL, NULL, &ts, NULL), 1);
	EXPECT_TRUE(FD_ISSET(fd, &r));
	FD_ZERO(&r);
	FD_SET(900, &r);
	EXPECT_EQ(ERR(select(901, &r, NULL, NULL, &tv)), -EBADF);
	EXPECT_EQ(ERR(select(-1, NULL, NULL, NULL, &tv)), -EINVAL);
	close(fd);
}

TESTCASE(event, timeouts)
{
	struct epoll_event evs[1];
	struct pollfd pfd;
	int ep = epoll_create1(0), fd = eventfd(0, 0);
	long long t0;

	pfd.fd = fd;
	pfd.events = POLLIN;
	EXPECT_EQ(ep_add(ep, fd, EPOLLIN, 0), 0);
	t0 = now_ms();
	EXPECT_EQ(epoll_wait(ep, evs, 1, 30), 0);
	EXPECT_GE(now_ms() - t0, 30);
	t0 = now_ms();
	EXPECT_EQ(poll(&pfd, 1, 20), 0);
	EXPECT_GE(now_ms() - t0, 20);
	close(fd);
	close(ep);
}

static void *write_after_10ms(void *arg)
{
	uint64_t one = 1;

	usleep(10000);
	if (write((int)(intptr_t)arg, &one, 8) != 8)
		return (void *)1;
	return NULL;
}

TESTCASE(event, blocking_waits_woken_by_thread)
{
	struct epoll_event evs[1];
	struct pollfd pfd;
	int ep = epoll_create1(0), fd = eventfd(0, 0);
	uint64_t v = 0;
	pthread_t t;
	void *ret;

	EXPECT_EQ(ep_add(ep, fd, EPOLLIN, 77), 0);
	EXPECT_EQ(pthread_create(&t, NULL, write_after_10ms,
				 (void *)(intptr_t)fd),
		  0);
	EXPECT_EQ(epoll_wait(ep, evs, 1, -1), 1);
	EXPECT_EQ(evs[0].data.u64, 77);
	EXPECT_EQ(pthread_join(t, &ret), 0);
	EXPECT_EQ(ret, NULL);
	EXPECT_EQ(read(fd, &v, 8), 8);

	pfd.fd = fd;
	pfd.events = POLLIN;
	EXPECT_EQ(pthread_create(&t, NULL, write_after_10ms,
				 (void *)(intptr_t)fd),
		  0);
	EXPECT_EQ(poll(&pfd, 1, -1), 1);
	EXPECT_EQ(pthread_join(t, &ret), 0);

	/* A blocking read of a zero counter, woken by the write. */
	EXPECT_EQ(read(fd, &v, 8), 8);
	EXPECT_EQ(pthread_create(&t, NULL, write_after_10ms,
				 (void *)(intptr_t)fd),
		  0);
	EXPECT_EQ(read(fd, &v, 8), 8);
	EXPECT_EQ(v, 1);
	EXPECT_EQ(pthread_join(t, &ret), 0);
	close(fd);
	close(ep);
}
