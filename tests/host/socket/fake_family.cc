// Fake socket families for posix/socket tests.
#include "tests/host/socket/fake_family.h"

#include <poll.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstring>

FakeState fake;

namespace {

FakeSock *S(void *sock)
{
	return static_cast<FakeSock *>(sock);
}

FakeSock *NewSock(posix_socket_driver *d, int family, int type, int protocol)
{
	fake.socks.emplace_back(new FakeSock);
	FakeSock *s = fake.socks.back().get();
	s->d = d;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	return s;
}

void Record(void *sock, const char *call, int arg = 0)
{
	S(sock)->last_call = call;
	S(sock)->last_arg = arg;
}

void RecordAddr(void *sock, const sockaddr *a, socklen_t len)
{
	S(sock)->got_addr = a != nullptr;
	S(sock)->last_addr_len = len;
	if (a)
		memcpy(&S(sock)->last_addr, a,
		       std::min<size_t>(len, sizeof(sockaddr_storage)));
}

// Stores a fixed address: the family number and 0x5a bytes, 8 in all.
void FillAddr(sockaddr *a, socklen_t *len)
{
	unsigned char full[8];

	memset(full, 0x5a, sizeof(full));
	full[0] = 42;
	if (a)
		memcpy(a, full, std::min<size_t>(*len, sizeof(full)));
	*len = sizeof(full);
}

int Init(posix_socket_driver *d)
{
	fake.inits++;
	fake.init_driver = d;
	return 0;
}

void *Create(posix_socket_driver *d, int family, int type, int protocol)
{
	if (fake.create_err)
		return UK_ERR2PTR(fake.create_err);
	return NewSock(d, family, type, protocol);
}

void *Accept4(posix_socket_driver *d, void *sock, sockaddr *addr,
	      socklen_t *addr_len, int flags)
{
	Record(sock, "accept4", flags);
	if (fake.accept_err)
		return UK_ERR2PTR(fake.accept_err);
	S(sock)->got_addr = addr != nullptr;
	if (addr_len)
		FillAddr(addr, addr_len);
	return NewSock(d, S(sock)->family, S(sock)->type, S(sock)->protocol);
}

int Bind(posix_socket_driver *, void *sock, const sockaddr *addr, socklen_t len)
{
	Record(sock, "bind");
	RecordAddr(sock, addr, len);
	return 0;
}

int Connect(posix_socket_driver *, void *sock, const sockaddr *addr,
	    socklen_t len)
{
	Record(sock, "connect");
	RecordAddr(sock, addr, len);
	return 0;
}

int Shutdown(posix_socket_driver *, void *sock, int how)
{
	Record(sock, "shutdown", how);
	return 0;
}

int Getpeername(posix_socket_driver *, void *sock, sockaddr *addr,
		socklen_t *len)
{
	Record(sock, "getpeername");
	FillAddr(addr, len);
	return 0;
}

int Getsockname(posix_socket_driver *, void *sock, sockaddr *addr,
		socklen_t *len)
{
	Record(sock, "getsockname");
	FillAddr(addr, len);
	return 0;
}

int Getsockopt(posix_socket_driver *, void *sock, int level, int optname,
	       void *optval, socklen_t *optlen)
{
	Record(sock, "getsockopt", level);
	if (*optlen >= sizeof(int)) {
		*static_cast<int *>(optval) = optname * 10;
		*optlen = sizeof(int);
	}
	return 0;
}

int Setsockopt(posix_socket_driver *, void *sock, int level, int optname,
	       const void *optval, socklen_t optlen)
{
	Record(sock, "setsockopt", level);
	S(sock)->last_addr_len = optlen;
	if (optval && optlen >= sizeof(int))
		S(sock)->last_ioctl =
			(unsigned long)(optname +
					*static_cast<const int *>(optval));
	return 0;
}

int Listen(posix_socket_driver *, void *sock, int backlog)
{
	Record(sock, "listen", backlog);
	return 0;
}

ssize_t Recv(void *sock, void *buf, size_t len)
{
	size_t n = std::min(len, S(sock)->input.size());

	memcpy(buf, S(sock)->input.data(), n);
	S(sock)->input.erase(0, n);
	return static_cast<ssize_t>(n);
}

ssize_t Recvfrom(posix_socket_driver *, void *sock, void *buf, size_t len,
		 int flags, sockaddr *from, socklen_t *from_len)
{
	Record(sock, "recvfrom", flags);
	S(sock)->got_addr = from != nullptr;
	if (from_len)
		FillAddr(from, from_len);
	return Recv(sock, buf, len);
}

ssize_t Recvmsg(posix_socket_driver *, void *sock, msghdr *msg, int flags)
{
	ssize_t total = 0;

	Record(sock, "recvmsg", flags);
	for (size_t i = 0; i < (size_t)msg->msg_iovlen; i++)
		total += Recv(sock, msg->msg_iov[i].iov_base,
			      msg->msg_iov[i].iov_len);
	return total;
}

ssize_t Sendmsg(posix_socket_driver *, void *sock, const msghdr *msg, int flags)
{
	ssize_t total = 0;

	Record(sock, "sendmsg", flags);
	for (size_t i = 0; i < (size_t)msg->msg_iovlen; i++) {
		S(sock)->sent.append(
			static_cast<const char *>(msg->msg_iov[i].iov_base),
			msg->msg_iov[i].iov_len);
		total += (ssize_t)msg->msg_iov[i].iov_len;
	}
	return total;
}

ssize_t Sendto(posix_socket_driver *, void *sock, const void *buf, size_t len,
	       int flags, const sockaddr *to, socklen_t to_len)
{
	Record(sock, "sendto", flags);
	RecordAddr(sock, to, to_len);
	S(sock)->sent.append(static_cast<const char *>(buf), len);
	return static_cast<ssize_t>(len);
}

int Socketpair(posix_socket_driver *d, int family, int type, int protocol,
	       void *usockvec[2])
{
	if (fake.pair_err)
		return fake.pair_err;
	usockvec[0] = NewSock(d, family, type, protocol);
	usockvec[1] = NewSock(d, family, type, protocol);
	return 0;
}

ssize_t Read(posix_socket_driver *, void *sock, const iovec *iov, int cnt)
{
	ssize_t total = 0;

	Record(sock, "read", cnt);
	for (int i = 0; i < cnt; i++)
		total += Recv(sock, iov[i].iov_base, iov[i].iov_len);
	return total;
}

ssize_t Write(posix_socket_driver *, void *sock, const iovec *iov, int cnt)
{
	ssize_t total = 0;

	Record(sock, "write", cnt);
	for (int i = 0; i < cnt; i++) {
		S(sock)->sent.append(static_cast<const char *>(iov[i].iov_base),
				     iov[i].iov_len);
		total += (ssize_t)iov[i].iov_len;
	}
	return total;
}

int Close(posix_socket_driver *, void *sock)
{
	S(sock)->closes++;
	return fake.close_ret;
}

int Ioctl(posix_socket_driver *, void *sock, unsigned long request, void *argp)
{
	if (request == FIONBIO) {
		if (fake.fionbio_err)
			return fake.fionbio_err;
		S(sock)->nonblock_sets++;
		S(sock)->nonblock = *static_cast<int *>(argp) != 0;
		return 0;
	}
	S(sock)->last_ioctl = request;
	return 3;
}

int Poll(posix_socket_driver *, void *sock, unsigned int *revents,
	 uk_poll_chain *chain)
{
	if (fake.poll_err)
		return fake.poll_err;
	if (chain) {
		S(sock)->chain = chain;
		S(sock)->chains_given++;
	}
	*revents = S(sock)->events;
	return 0;
}

posix_socket_ops MakeOps()
{
	posix_socket_ops o{};

	o.init = Init;
	o.create = Create;
	o.accept4 = Accept4;
	o.bind = Bind;
	o.shutdown = Shutdown;
	o.getpeername = Getpeername;
	o.getsockname = Getsockname;
	o.getsockopt = Getsockopt;
	o.setsockopt = Setsockopt;
	o.connect = Connect;
	o.listen = Listen;
	o.recvfrom = Recvfrom;
	o.recvmsg = Recvmsg;
	o.sendmsg = Sendmsg;
	o.sendto = Sendto;
	o.socketpair = Socketpair;
	o.read = Read;
	o.write = Write;
	o.close = Close;
	o.ioctl = Ioctl;
	o.poll = Poll;
	return o;
}

posix_socket_ops MakeMinimalOps()
{
	posix_socket_ops o{};

	o.create = Create;
	return o;
}

} // namespace

const posix_socket_ops fake_ops = MakeOps();
const posix_socket_ops fake_minimal_ops = MakeMinimalOps();
