// Host tests of AF_UNIX sockets through posix/socket's system calls, with
// threads of the fake platform's scheduler: a stream transfer with a
// checksum (through the ring and straight into a waiting reader), names,
// datagrams with their senders, SCM_RIGHTS, shutdown and readiness.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>
#include <cstring>

extern "C" {
#include <uk/allocbuddy.h>
#include <uk/fdtab.h>
#include <uk/socket.h>
#include <uk/thread.h>

#include "posix/socket/unix/unix.h"
}

namespace {

class UnixTest : public ::testing::Test {
protected:
	static void SetUpTestSuite()
	{
		static posix_socket_driver d = { AF_UNIX,
						 &posix_unix_socket_ops,
						 nullptr, nullptr };
		static bool done;

		if (done)
			return;
		done = true;
		constexpr size_t kArena = 64 << 20;
		void *mem = aligned_alloc(__PAGE_SIZE, kArena);
		uk_alloc_set_default(uk_allocbuddy_init(mem, kArena));
		ASSERT_EQ(posix_socket_family_add(&d), 0);
	}

	void TearDown() override
	{
		for (int fd = 0; fd < UK_FDTAB_SIZE; fd++)
			uk_sys_close(fd);
	}
};

// An abstract name "\0name" and its length.
socklen_t Abstract(sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, name, strlen(name));
	return (socklen_t)(offsetof(sockaddr_un, sun_path) + 1 + strlen(name));
}

struct Xfer {
	int fd;
	size_t bytes, chunk;
	uint64_t sum;
	ssize_t err;
};

uint8_t Pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 11));
}

void Sender(void *arg)
{
	auto *x = static_cast<Xfer *>(arg);
	static uint8_t buf[65536];
	size_t done = 0;

	while (done < x->bytes) {
		size_t n = std::min(x->chunk, x->bytes - done);
		for (size_t i = 0; i < n; i++)
			buf[i] = Pattern(done + i);
		ssize_t r = uk_sys_write(x->fd, buf, n);
		if (r <= 0) {
			x->err = r;
			return;
		}
		done += (size_t)r;
	}
	uk_sys_close(x->fd);
}

void Receiver(void *arg)
{
	auto *x = static_cast<Xfer *>(arg);
	static uint8_t buf[100000];
	ssize_t r;

	while ((r = uk_sys_read(x->fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++)
			x->sum += buf[i] == Pattern(x->bytes + i);
		x->bytes += (size_t)r;
	}
	x->err = r;
}

void Transfer(size_t chunk)
{
	constexpr size_t kBytes = 8 << 20;
	int sv[2];

	ASSERT_EQ(uk_sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	Xfer tx = { sv[0], kBytes, chunk, 0, 0 };
	Xfer rx = { sv[1], 0, 0, 0, 0 };
	uk_thread *r = uk_thread_create("rx", Receiver, &rx, 0);
	uk_thread *s = uk_thread_create("tx", Sender, &tx, 0);
	ASSERT_EQ(uk_thread_join(s, nullptr), 0);
	ASSERT_EQ(uk_thread_join(r, nullptr), 0);
	EXPECT_EQ(tx.err, 0);
	EXPECT_EQ(rx.err, 0); // end of file
	EXPECT_EQ(rx.bytes, kBytes);
	EXPECT_EQ(rx.sum, kBytes); // every byte in place
	EXPECT_EQ(uk_sys_close(sv[1]), 0);
}

TEST_F(UnixTest, StreamTransfersIntact64B)
{
	Transfer(64);
}
TEST_F(UnixTest, StreamTransfersIntact4KiB)
{
	Transfer(4096);
}
TEST_F(UnixTest, StreamTransfersIntact64KiB)
{
	Transfer(65536);
}

TEST_F(UnixTest, ListenConnectAcceptByAbstractName)
{
	sockaddr_un a, got;
	socklen_t len = Abstract(&a, "srv"), glen = sizeof(got);
	int l = uk_sys_socket(AF_UNIX, SOCK_STREAM, 0);
	int c = uk_sys_socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	int c2 = uk_sys_socket(AF_UNIX, SOCK_STREAM, 0);

	ASSERT_GE(l, 0);
	EXPECT_EQ(uk_sys_listen(l, 1), -EINVAL); // not bound
	EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&a, len), -ECONNREFUSED);
	ASSERT_EQ(uk_sys_bind(l, (sockaddr *)&a, len), 0);
	EXPECT_EQ(uk_sys_bind(c2, (sockaddr *)&a, len), -EADDRINUSE);
	EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&a, len), -ECONNREFUSED);
	ASSERT_EQ(uk_sys_listen(l, 0), 0);
	EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&a, len), 0);
	EXPECT_EQ(uk_sys_connect(c, (sockaddr *)&a, len), -EISCONN);
	int s = uk_sys_accept(l, (sockaddr *)&got, &glen);
	ASSERT_GE(s, 0);
	EXPECT_EQ(glen, sizeof(sa_family_t)); // the client has no name
	glen = sizeof(got);
	ASSERT_EQ(uk_sys_getpeername(c, (sockaddr *)&got, &glen), 0);
	EXPECT_EQ(glen, len);
	EXPECT_EQ(memcmp(&got, &a, len), 0);
	EXPECT_EQ(uk_sys_write(c, "ping", 4), 4);
	char buf[8];
	EXPECT_EQ(uk_sys_read(s, buf, sizeof(buf)), 4);
	EXPECT_EQ(uk_sys_close(s), 0);
	// The peer is gone: end of file, then EPIPE.
	EXPECT_EQ(uk_sys_read(c, buf, sizeof(buf)), 0);
	EXPECT_EQ(uk_sys_send(c, "x", 1, MSG_NOSIGNAL), -EPIPE);
}

TEST_F(UnixTest, DatagramsCarryTheirSender)
{
	sockaddr_un a, b, from;
	socklen_t la = Abstract(&a, "dg-a"), lb = Abstract(&b, "dg-b");
	socklen_t flen = sizeof(from);
	int x = uk_sys_socket(AF_UNIX, SOCK_DGRAM, 0);
	int y = uk_sys_socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[4];

	ASSERT_EQ(uk_sys_bind(x, (sockaddr *)&a, la), 0);
	ASSERT_EQ(uk_sys_bind(y, (sockaddr *)&b, lb), 0);
	EXPECT_EQ(uk_sys_send(y, "x", 1, 0), -ENOTCONN); // as on Linux
	EXPECT_EQ(uk_sys_sendto(y, "hello", 5, 0, (sockaddr *)&a, la), 5);
	EXPECT_EQ(uk_sys_recvfrom(x, buf, sizeof(buf), MSG_PEEK,
				  (sockaddr *)&from, &flen),
		  4);
	EXPECT_EQ(flen, lb);
	EXPECT_EQ(memcmp(&from, &b, lb), 0);
	// A datagram is read whole once: the rest is gone.
	EXPECT_EQ(uk_sys_recv(x, buf, 1, MSG_TRUNC), 5);
	EXPECT_EQ(uk_sys_recv(x, buf, 1, MSG_DONTWAIT), -EAGAIN);
}

TEST_F(UnixTest, ScmRightsPassesAnOpenFile)
{
	int sv[2], pv[2];
	ASSERT_EQ(uk_sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ASSERT_EQ(uk_sys_socketpair(AF_UNIX, SOCK_DGRAM, 0, pv), 0);

	char cbuf[CMSG_SPACE(sizeof(int))] = {};
	iovec iov = { (void *)"f", 1 };
	msghdr m = {};
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf;
	m.msg_controllen = sizeof(cbuf);
	cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &pv[0], sizeof(int));
	ASSERT_EQ(uk_sys_sendmsg(sv[0], &m, 0), 1);
	EXPECT_EQ(uk_sys_close(pv[0]), 0); // in flight, still open

	char rbuf[CMSG_SPACE(sizeof(int))] = {}, data;
	iovec riov = { &data, 1 };
	msghdr r = {};
	r.msg_iov = &riov;
	r.msg_iovlen = 1;
	r.msg_control = rbuf;
	r.msg_controllen = sizeof(rbuf);
	ASSERT_EQ(uk_sys_recvmsg(sv[1], &r, 0), 1);
	c = CMSG_FIRSTHDR(&r);
	ASSERT_NE(c, nullptr);
	EXPECT_EQ(c->cmsg_type, SCM_RIGHTS);
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	ASSERT_GE(fd, 0);
	// The received fd is the datagram socket: it reaches its pair.
	EXPECT_EQ(uk_sys_send(fd, "ok", 2, 0), 2);
	char got[2];
	EXPECT_EQ(uk_sys_recv(pv[1], got, 2, 0), 2);
}

TEST_F(UnixTest, ShutdownAndReadiness)
{
	int sv[2];
	struct uk_file *f;
	unsigned int ev;

	ASSERT_EQ(uk_sys_socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	f = uk_fdtab_get(sv[1]);
	ASSERT_NE(f, nullptr);
	ASSERT_EQ(uk_file_poll(f, &ev, nullptr), 0);
	EXPECT_EQ(ev, unsigned(POLLOUT | POLLWRNORM));
	EXPECT_EQ(uk_sys_shutdown(sv[0], SHUT_WR), 0);
	ASSERT_EQ(uk_file_poll(f, &ev, nullptr), 0);
	EXPECT_EQ(ev, unsigned(POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT |
			       POLLWRNORM));
	char c;
	EXPECT_EQ(uk_sys_read(sv[1], &c, 1), 0);
	EXPECT_EQ(uk_sys_send(sv[0], "x", 1, MSG_NOSIGNAL), -EPIPE);
	EXPECT_EQ(uk_sys_close(sv[0]), 0);
	ASSERT_EQ(uk_file_poll(f, &ev, nullptr), 0);
	EXPECT_TRUE(ev & POLLHUP);
	uk_file_release(f);
}

} // namespace
