/*
 * In-kernel tests of posix/event on real sockets: lwIP TCP over the
 * loopback netif, watched with epoll, poll and select through musl, on
 * both architectures. Every wait has a timeout, so a lost wake-up fails
 * the case instead of hanging the image.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uk/test.h>

/* Long enough for QEMU TCG on a loaded machine, short enough to fail. */
#define WAIT_MS 5000

/* A connected pair over 127.0.0.1:port; all three fds non-blocking. */
struct tcp_pair {
	int lsn, cli, srv;
};

static int tcp_pair_open(struct tcp_pair *p, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct pollfd pfd;

	p->lsn = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	p->cli = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (p->lsn < 0 || p->cli < 0)
		return -1;
	if (bind(p->lsn, (struct sockaddr *)&a, sizeof(a)) || listen(p->lsn, 4))
		return -2;
	if (connect(p->cli, (struct sockaddr *)&a, sizeof(a)) &&
	    errno != EINPROGRESS)
		return -3;
	pfd.fd = p->lsn;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, WAIT_MS) != 1)
		return -4;
	p->srv = accept4(p->lsn, NULL, NULL, SOCK_NONBLOCK);
	if (p->srv < 0)
		return -5;
	pfd.fd = p->cli;
	pfd.events = POLLOUT;
	return poll(&pfd, 1, WAIT_MS) == 1 ? 0 : -6;
}

static void tcp_pair_close(struct tcp_pair *p)
{
	close(p->srv);
	close(p->cli);
	close(p->lsn);
}

static int ep_add(int ep, int fd, unsigned int events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

TESTCASE(event_socket, epoll_accept_and_read)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(8201),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct epoll_event ev[4];
	int ep = epoll_create1(0);
	int lsn = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int cli = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int srv;
	char buf[8];

	EXPECT_EQ(bind(lsn, (struct sockaddr *)&a, sizeof(a)), 0);
	EXPECT_EQ(listen(lsn, 4), 0);
	EXPECT_EQ(ep_add(ep, lsn, EPOLLIN | EPOLLET, 1), 0);
	EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 0);
	connect(cli, (struct sockaddr *)&a, sizeof(a));
	/* The listener becomes readable from lwIP's thread. */
	EXPECT_EQ(epoll_wait(ep, ev, 4, WAIT_MS), 1);
	EXPECT_EQ(ev[0].data.u64, 1);
	EXPECT_EQ(ev[0].events, EPOLLIN);
	srv = accept4(lsn, NULL, NULL, SOCK_NONBLOCK);
	EXPECT_GE(srv, 0);
	EXPECT_EQ(ep_add(ep, srv, EPOLLIN | EPOLLRDHUP | EPOLLET, 2), 0);
	EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 0);
	EXPECT_EQ(write(cli, "ping", 4), 4);
	EXPECT_EQ(epoll_wait(ep, ev, 4, WAIT_MS), 1);
	EXPECT_EQ(ev[0].data.u64, 2);
	EXPECT_EQ(ev[0].events, EPOLLIN);
	EXPECT_EQ(read(srv, buf, sizeof(buf)), 4);
	EXPECT_EQ(read(srv, buf, sizeof(buf)), -1);
	EXPECT_EQ(errno, EAGAIN);
	/* Regression: a new edge after the last one was consumed. */
	EXPECT_EQ(write(cli, "pong", 4), 4);
	EXPECT_EQ(epoll_wait(ep, ev, 4, WAIT_MS), 1);
	EXPECT_EQ(ev[0].data.u64, 2);
	/* The peer's shutdown: readable at EOF, and EPOLLRDHUP. */
	EXPECT_EQ(shutdown(cli, SHUT_WR), 0);
	EXPECT_EQ(epoll_wait(ep, ev, 4, WAIT_MS), 1);
	EXPECT_EQ(ev[0].events & (EPOLLIN | EPOLLRDHUP), EPOLLIN | EPOLLRDHUP);
	close(srv);
	close(cli);
	close(lsn);
	close(ep);
}

/* Regression: EPOLL_CTL_MOD keeps data that arrived before it. */
TESTCASE(event_socket, epoll_mod_keeps_pending_data)
{
	struct tcp_pair p;
	struct epoll_event ev[2],
		mod = { .events = EPOLLIN | EPOLLET, .data.u64 = 5 };
	int ep = epoll_create1(0);

	EXPECT_EQ(tcp_pair_open(&p, 8202), 0);
	EXPECT_EQ(ep_add(ep, p.srv, EPOLLOUT | EPOLLET, 4), 0);
	EXPECT_EQ(epoll_wait(ep, ev, 2, WAIT_MS), 1);
	EXPECT_EQ(ev[0].events, EPOLLOUT);
	EXPECT_EQ(write(p.cli, "x", 1), 1);
	/* Let the data arrive while the entry only asks for EPOLLOUT. */
	EXPECT_EQ(epoll_wait(ep, ev, 2, 50), 0);
	EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, p.srv, &mod), 0);
	EXPECT_EQ(epoll_wait(ep, ev, 2, 0), 1);
	EXPECT_EQ(ev[0].data.u64, 5);
	EXPECT_EQ(ev[0].events, EPOLLIN);
	tcp_pair_close(&p);
	close(ep);
}

TESTCASE(event_socket, poll_select_and_close)
{
	struct tcp_pair p;
	struct pollfd pfd;
	struct timeval tv = { WAIT_MS / 1000, 0 };
	int ep = epoll_create1(0);
	fd_set r;
	char c;

	EXPECT_EQ(tcp_pair_open(&p, 8203), 0);
	pfd.fd = p.srv;
	pfd.events = POLLIN | POLLOUT;
	EXPECT_EQ(poll(&pfd, 1, 0), 1);
	EXPECT_EQ(pfd.revents, POLLOUT);
	EXPECT_EQ(write(p.cli, "y", 1), 1);
	FD_ZERO(&r);
	FD_SET(p.srv, &r);
	EXPECT_EQ(select(p.srv + 1, &r, NULL, NULL, &tv), 1);
	EXPECT_TRUE(FD_ISSET(p.srv, &r));
	EXPECT_EQ(read(p.srv, &c, 1), 1);
	/* A closed socket leaves the set; the other end sees the close. */
	EXPECT_EQ(ep_add(ep, p.srv, EPOLLIN, 6), 0);
	EXPECT_EQ(ep_add(ep, p.cli, EPOLLIN | EPOLLRDHUP, 7), 0);
	EXPECT_EQ(close(p.srv), 0);
	struct epoll_event ev[2];
	EXPECT_EQ(epoll_wait(ep, ev, 2, WAIT_MS), 1);
	EXPECT_EQ(ev[0].data.u64, 7);
	EXPECT_TRUE(ev[0].events & EPOLLIN);
	close(p.cli);
	close(p.lsn);
	EXPECT_EQ(epoll_wait(ep, ev, 2, 0), 0);
	close(ep);
}
